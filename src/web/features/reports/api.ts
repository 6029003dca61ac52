/** Queries and links of the reports page. */
import { useQuery } from "@tanstack/react-query";
import { api, apiUrl, type Query } from "../../api/client.ts";
import type { IncidentReport, ReportPeriodKind } from "../../../shared/reports.ts";
import { vietnamDate } from "../../../shared/vietnam-time.ts";

export interface ReportChoice {
  period: ReportPeriodKind;
  /** A day inside the period (the first day for a custom range). */
  from: string;
  /** Custom ranges only. */
  to?: string;
  /** Empty: the widest unit the user manages. */
  orgId?: string;
}

export interface Delivery {
  id: string;
  trigger: "scheduled" | "manual";
  periodKind: string;
  periodKey: string;
  to: string;
  status: "sending" | "sent" | "outbox" | "failed";
  createdAt: string;
}

export function reportQuery(choice: ReportChoice): Query {
  return {
    period: choice.period,
    from: choice.from,
    to: choice.period === "custom" ? choice.to : undefined,
    orgId: choice.orgId,
  };
}

export const reportKeys = {
  report: (choice: ReportChoice) => ["reports", "incidents", reportQuery(choice)] as const,
  deliveries: (orgId: string | undefined) => ["reports", "deliveries", orgId ?? ""] as const,
};

export function useIncidentReport(choice: ReportChoice, enabled = true) {
  return useQuery({
    queryKey: reportKeys.report(choice),
    queryFn: ({ signal }) =>
      api.get<IncidentReport>("/api/reports/incidents", reportQuery(choice), signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useDeliveries(orgId: string | undefined) {
  return useQuery({
    queryKey: reportKeys.deliveries(orgId),
    queryFn: () =>
      api.get<{ departmentEmail: string | null; items: Delivery[] }>("/api/reports/deliveries", {
        orgId,
      }),
  });
}

/** Where the browser downloads the file (same query, same cookies). */
export function exportUrl(choice: ReportChoice, format: "xlsx" | "pdf"): string {
  return apiUrl(`/api/reports/incidents/report.${format}`, reportQuery(choice));
}

/** Today in Vietnam, YYYY-MM-DD. */
export function vietnamToday(): string {
  return vietnamDate(new Date());
}
