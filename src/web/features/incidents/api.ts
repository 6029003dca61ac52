/** Incidents: wire types and queries. */
import { useQuery } from "@tanstack/react-query";
import type {
  ChainVerification,
  IncidentAction,
  IncidentCategory,
  IncidentLevel,
  IncidentSeverity,
  IncidentStatus,
} from "../../../shared/incidents.ts";
import { api, type Query } from "../../api/client.ts";

export interface IncidentListItem {
  id: string;
  number: number;
  title: string;
  category: IncidentCategory;
  severity: IncidentSeverity;
  status: IncidentStatus;
  level: IncidentLevel;
  source: "manual" | "automatic";
  anonymous: boolean;
  schoolName: string;
  className: string | null;
  assignedName: string | null;
  ackDueAt: string | null;
  resolveDueAt: string | null;
  acknowledgedAt: string | null;
  createdAt: string;
  mine: boolean;
}

export interface ReporterView {
  id: string;
  number: number;
  title: string;
  category: IncidentCategory;
  severity: IncidentSeverity;
  status: IncidentStatus;
  schoolName: string;
  className: string | null;
  createdAt: string;
  messages: Array<{
    id: string;
    direction: "to_reporter" | "from_reporter";
    body: string;
    createdAt: string;
    author: string;
  }>;
}

export interface StaffView {
  access: "handler" | "staff";
  /** Handlers: a level up; a teacher: to the principal. */
  canEscalate: boolean;
  incident: {
    id: string;
    number: number;
    title: string;
    description: string;
    category: IncidentCategory;
    severity: IncidentSeverity;
    status: IncidentStatus;
    level: IncidentLevel;
    source: "manual" | "automatic";
    ruleRef: string | null;
    schoolName: string;
    className: string | null;
    anonymous: boolean;
    reporter: { name: string; role: string };
    assignedTo: { id: string; name: string } | null;
    ackDueAt: string | null;
    resolveDueAt: string | null;
    acknowledgedAt: string | null;
    outcome: string | null;
    actions: IncidentAction[];
    police: { agency: string; officer: string; caseNumber: string; referredOn: string } | null;
    createdAt: string;
  };
  students: Array<{ id: string; name: string; code: string; role: string }>;
  timeline: Array<{
    seq: number;
    type: string;
    payload: Record<string, unknown>;
    at: string;
    actor: { id: string | null; name: string | null };
    hash: string;
  }>;
  evidence: Array<{
    id: string;
    kind: string;
    content: Record<string, unknown> | null;
    mime: string | null;
    size: number;
    sha256: string;
    originalName: string | null;
    addedBy: string | null;
    createdAt: string;
  }>;
  messages: ReporterView["messages"];
}

export type IncidentDetail = StaffView | { access: "reporter"; incident: ReporterView };

export interface ReportOptions {
  schools: Array<{ id: string; name: string }>;
  classes: Array<{ id: string; name: string; schoolId: string }>;
  canReportAnonymously: boolean;
}

export const incidentKeys = { all: ["incidents"] as const };

export function useIncidents(query: Query) {
  return useQuery({
    queryKey: [...incidentKeys.all, "list", query],
    queryFn: ({ signal }) =>
      api.get<{ items: IncidentListItem[]; total: number; page: number; pageSize: number }>(
        "/api/incidents",
        query,
        signal,
      ),
  });
}

export function useIncident(id: string) {
  return useQuery({
    queryKey: [...incidentKeys.all, "detail", id],
    queryFn: ({ signal }) => api.get<IncidentDetail>(`/api/incidents/${id}`, undefined, signal),
  });
}

export function useReportOptions() {
  return useQuery({
    queryKey: [...incidentKeys.all, "options"],
    queryFn: ({ signal }) =>
      api.get<ReportOptions>("/api/incidents/report-options", undefined, signal),
  });
}

export function useAssignees(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...incidentKeys.all, "assignees", id],
    enabled,
    queryFn: ({ signal }) =>
      api.get<{ items: Array<{ id: string; name: string; role: string }> }>(
        `/api/incidents/${id}/assignees`,
        undefined,
        signal,
      ),
  });
}

export const verifyChain = (id: string) =>
  api.get<ChainVerification>(`/api/incidents/${id}/verify`);
