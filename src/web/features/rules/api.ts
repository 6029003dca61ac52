import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { RulesCoverage, RulesDocument } from "../../../shared/rules.ts";

export interface RulesVersion {
  id: string;
  schoolId: string;
  version: number;
  title: string;
  document: RulesDocument;
  publishedAt: string | null;
  updatedAt: string;
}

export interface SchoolRulesResponse {
  school: { id: string; name: string };
  rules: RulesVersion;
  me: {
    roles: Array<{ role: "student" | "parent" | "teacher"; acknowledgedAt: string | null }>;
    children: Array<{ id: string; fullName: string }>;
  };
}

export interface PendingRules {
  schoolId: string;
  schoolName: string;
  role: string;
  rulesId: string;
  version: number;
}

export interface ChecklistState {
  classId: string;
  day: string;
  rulesId: string;
  rulesVersion: number;
  items: Array<{ id: string; text: string; checked: boolean }>;
  complete: boolean;
  submittedAt: string | null;
}

export const rulesKeys = {
  school: (id: string) => ["rules", "school", id] as const,
  pending: ["rules", "pending"] as const,
  versions: (id: string) => ["rules", "versions", id] as const,
  draft: (id: string) => ["rules", "draft", id] as const,
  coverage: (id: string) => ["rules", "coverage", id] as const,
  allCoverage: ["rules", "coverage", "all"] as const,
  checklist: (classId: string) => ["rules", "checklist", classId] as const,
};

export function useSchoolRules(schoolId: string) {
  return useQuery({
    queryKey: rulesKeys.school(schoolId),
    queryFn: () =>
      api.get<SchoolRulesResponse>(`/api/schools/${encodeURIComponent(schoolId)}/rules`),
    enabled: Boolean(schoolId),
  });
}

export function usePendingRules() {
  return useQuery({
    queryKey: rulesKeys.pending,
    queryFn: () => api.get<{ items: PendingRules[] }>("/api/rules/pending"),
  });
}

export function useRulesVersions(schoolId: string, enabled = true) {
  return useQuery({
    queryKey: rulesKeys.versions(schoolId),
    queryFn: () =>
      api.get<{
        items: Array<{
          id: string;
          version: number;
          title: string;
          publishedAt: string | null;
          publishedByName: string | null;
          acknowledgedBy: number;
        }>;
      }>(`/api/schools/${encodeURIComponent(schoolId)}/rules/versions`),
    enabled: enabled && Boolean(schoolId),
  });
}

export function useRulesDraft(schoolId: string) {
  return useQuery({
    queryKey: rulesKeys.draft(schoolId),
    queryFn: () =>
      api.get<{ draft: RulesVersion | null; current: RulesVersion | null }>(
        `/api/schools/${encodeURIComponent(schoolId)}/rules/draft`,
      ),
  });
}

export function useSchoolRulesCoverage(schoolId: string, enabled = true) {
  return useQuery({
    queryKey: rulesKeys.coverage(schoolId),
    queryFn: () =>
      api.get<{ coverage: RulesCoverage }>(
        `/api/schools/${encodeURIComponent(schoolId)}/rules/coverage`,
      ),
    enabled: enabled && Boolean(schoolId),
  });
}

export function useAllRulesCoverage(enabled = true) {
  return useQuery({
    queryKey: rulesKeys.allCoverage,
    queryFn: () => api.get<{ items: RulesCoverage[] }>("/api/rules/coverage"),
    enabled,
  });
}

export function useChecklist(classId: string) {
  return useQuery({
    queryKey: rulesKeys.checklist(classId),
    queryFn: () => api.get<ChecklistState>(`/api/classes/${encodeURIComponent(classId)}/checklist`),
    enabled: Boolean(classId),
  });
}
