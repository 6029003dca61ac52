/** Reports to the Department ("báo cáo kết quả xử lý sự cố"): the query of the API and the
 * shape of the figures, shared by server and web.
 *
 * Periods follow the Vietnamese school calendar, in Vietnam time (UTC+7, no daylight saving):
 * - month: a calendar month;
 * - semester: semester 1 (học kỳ I) = 1 September – 15 January; semester 2 (học kỳ II) =
 *   16 January – 31 August. The school calendar ends semester 2 in late May; the report
 *   stretches it to the end of the school year so that the two semesters tile the year and no
 *   incident (summer classes included) falls outside every semester report;
 * - year: the school year, 1 September – 31 August;
 * - custom: any range of at most two years, `from` and `to` inclusive.
 * `from` is any day inside the wanted month/semester/year (default: today). */
import { z } from "zod";
import {
  incidentCategories,
  incidentLevels,
  incidentSeverities,
  incidentStatuses,
  type IncidentCategory,
  type IncidentLevel,
  type IncidentSeverity,
  type IncidentStatus,
} from "./incidents.ts";

export const reportPeriodKinds = ["month", "semester", "year", "custom"] as const;
export type ReportPeriodKind = (typeof reportPeriodKinds)[number];

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "reports.dateFormat" })
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), {
    message: "reports.dateFormat",
  })
  .refine((value) => new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
    message: "reports.dateFormat",
  });

/** Longest custom range, in days. */
export const MAX_CUSTOM_DAYS = 731;

const periodFields = {
  period: z.enum(reportPeriodKinds).default("month"),
  from: isoDate.optional(),
  to: isoDate.optional(),
  orgId: z.string().uuid().optional(),
};

function checkRange(
  value: { period: ReportPeriodKind; from?: string; to?: string },
  issues: z.RefinementCtx,
): void {
  if (value.period !== "custom") {
    if (value.to !== undefined) {
      issues.addIssue({ code: "custom", path: ["to"], message: "reports.toOnlyCustom" });
    }
    return;
  }
  if (!value.from) {
    issues.addIssue({ code: "custom", path: ["from"], message: "validation.required" });
  }
  if (!value.to) issues.addIssue({ code: "custom", path: ["to"], message: "validation.required" });
  if (!value.from || !value.to) return;
  const days = (Date.parse(value.to) - Date.parse(value.from)) / 86_400_000;
  if (days < 0) {
    issues.addIssue({ code: "custom", path: ["to"], message: "reports.toBeforeFrom" });
  } else if (days > MAX_CUSTOM_DAYS) {
    issues.addIssue({ code: "custom", path: ["to"], message: "reports.rangeTooLong" });
  }
}

/** GET /api/reports/incidents (and .xlsx, .pdf): which period, which unit. */
export const reportQuery = z.object(periodFields).strict().superRefine(checkRange);
export type ReportQuery = z.infer<typeof reportQuery>;

export interface ReportPeriod {
  kind: ReportPeriodKind;
  /** "2026-03", "2025-2026/1", "2025-2026", "2026-03-01..2026-04-15". */
  key: string;
  /** First and last day, inclusive, YYYY-MM-DD (Vietnam time). */
  firstDay: string;
  lastDay: string;
  /** The same range as instants: [startsAt, endsAt). */
  startsAt: string;
  endsAt: string;
  /** "2025-2026" for the school year the period starts in. */
  schoolYear: string;
  /** 1 or 2 for semesters, else null. */
  semester: 1 | 2 | null;
}

/** Handling figures of a set of incidents (a school, a district, the whole scope). */
export interface HandlingFigures {
  incidents: number;
  /** Not yet resolved or closed. */
  open: number;
  /** Resolved or closed. */
  resolved: number;
  /** Went above the school at least once. */
  escalated: number;
  /** Missed a deadline (acknowledge or resolve), now or in the past. */
  overdue: number;
  /** Still open and past a deadline now. */
  overdueOpen: number;
  /** Handed to the police (referral recorded, or "police referral" among the actions). */
  policeReferrals: number;
  anonymous: number;
  /** Opened by the system (intrusions, blocked messages, suspensions). */
  automatic: number;
  /** Median hours from report to acknowledgement / to resolution; null without any. */
  medianAckHours: number | null;
  medianResolveHours: number | null;
}

/** Coverage "as of now" (not per period): training passed, consent complete. */
export interface CoverageFigures {
  /** Average share of the published courses meant for each group that its people passed. */
  training: { teachers: number | null; students: number | null; parents: number | null } | null;
  /** Students whose every required consent is there, out of all students. */
  consent: { students: number; complete: number; parentConsent: number } | null;
}

export interface ReportUnitRow extends HandlingFigures {
  id: string;
  name: string;
  code: string;
  /** Schools: the district they belong to. */
  parentName: string | null;
  /** Districts: how many schools. */
  schools?: number;
  byCategory: Record<IncidentCategory, number>;
  coverage: CoverageFigures;
}

export interface OverdueCase {
  incidentId: string;
  number: number;
  schoolName: string;
  category: IncidentCategory;
  severity: IncidentSeverity;
  status: IncidentStatus;
  level: IncidentLevel;
  createdAt: string;
  /** The deadline missed: acknowledge or resolve. */
  missed: "ack" | "resolve";
  open: boolean;
}

export interface IncidentReport {
  period: ReportPeriod;
  scope: { id: string; kind: "department" | "district" | "school"; name: string; code: string };
  generatedAt: string;
  totals: HandlingFigures;
  byCategory: Array<{ category: IncidentCategory; count: number }>;
  bySeverity: Array<{ severity: IncidentSeverity; count: number }>;
  byStatus: Array<{ status: IncidentStatus; count: number }>;
  byLevel: Array<{ level: IncidentLevel; count: number }>;
  byMonth: Array<{ month: string; incidents: number; resolved: number }>;
  /** Department scope only: one row per district. */
  districts: ReportUnitRow[];
  schools: ReportUnitRow[];
  /** The most overdue cases (at most 500), and how many there are in all. */
  overdueCases: OverdueCase[];
  overdueCasesTotal: number;
  coverage: CoverageFigures;
  /** Parts of the report that could not be computed (feature not installed). */
  gaps: string[];
}

/** POST /api/reports/email: the same choice; the report goes to the Department's address. */
export const reportEmailBody = reportQuery;

export interface ReportEmailResult {
  deliveryId: string;
  to: string;
  status: "sent" | "outbox" | "failed";
}

export {
  incidentCategories,
  incidentSeverities,
  incidentStatuses,
  incidentLevels,
  type IncidentCategory,
};
