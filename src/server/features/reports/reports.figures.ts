/** Builds the Department's report for a scope and period: handling figures from SQL, training
 * and consent coverage from their features (through their index.ts). */
import {
  incidentCategories,
  incidentLevels,
  incidentSeverities,
  incidentStatuses,
  type CoverageFigures,
  type HandlingFigures,
  type IncidentCategory,
  type IncidentReport,
  type OverdueCase,
  type ReportPeriod,
  type ReportUnitRow,
} from "../../../shared/reports.ts";
import type { AppContext } from "../../context.ts";
import { consentCoverage } from "../privacy/index.ts";
import { trainingCoverage } from "../training/index.ts";
import { monthsOf } from "./reports.period.ts";
import * as repo from "./reports.repo.ts";

export const OVERDUE_LIST_LIMIT = 500;

export interface ReportScope {
  id: string;
  kind: "department" | "district" | "school";
  name: string;
  code: string;
  path: string;
}

const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

function emptyFigures(): HandlingFigures {
  return {
    incidents: 0,
    open: 0,
    resolved: 0,
    escalated: 0,
    overdue: 0,
    overdueOpen: 0,
    policeReferrals: 0,
    anonymous: 0,
    automatic: 0,
    medianAckHours: null,
    medianResolveHours: null,
  };
}

function toFigures(row: repo.FiguresRow | undefined): HandlingFigures {
  if (!row) return emptyFigures();
  return {
    incidents: row.incidents,
    open: row.open,
    resolved: row.resolved,
    escalated: row.escalated,
    overdue: row.overdue,
    overdueOpen: row.overdue_open,
    policeReferrals: row.police,
    anonymous: row.anonymous,
    automatic: row.automatic,
    medianAckHours: round1(row.median_ack_hours),
    medianResolveHours: round1(row.median_resolve_hours),
  };
}

const emptyCategories = () =>
  Object.fromEntries(incidentCategories.map((category) => [category, 0])) as Record<
    IncidentCategory,
    number
  >;

/** Numerator and denominator per group, so that schools add up into districts and totals. */
interface CoverageSums {
  training: Record<"teachers" | "students" | "parents", { passed: number; possible: number }>;
  consent: { students: number; complete: number; parentConsent: number };
}

const emptySums = (): CoverageSums => ({
  training: {
    teachers: { passed: 0, possible: 0 },
    students: { passed: 0, possible: 0 },
    parents: { passed: 0, possible: 0 },
  },
  consent: { students: 0, complete: 0, parentConsent: 0 },
});

function addSums(into: CoverageSums, from: CoverageSums): void {
  for (const group of ["teachers", "students", "parents"] as const) {
    into.training[group].passed += from.training[group].passed;
    into.training[group].possible += from.training[group].possible;
  }
  into.consent.students += from.consent.students;
  into.consent.complete += from.consent.complete;
  into.consent.parentConsent += from.consent.parentConsent;
}

function toCoverage(sums: CoverageSums, gaps: string[]): CoverageFigures {
  const share = (part: { passed: number; possible: number }) =>
    part.possible === 0 ? null : Math.round((part.passed / part.possible) * 1000) / 1000;
  return {
    training: gaps.includes("training")
      ? null
      : {
          teachers: share(sums.training.teachers),
          students: share(sums.training.students),
          parents: share(sums.training.parents),
        },
    consent: gaps.includes("consent") ? null : { ...sums.consent },
  };
}

const audienceGroup = { teacher: "teachers", student: "students", parent: "parents" } as const;

/** Coverage sums per school id; a feature that fails leaves a gap instead of no report. */
async function coverageBySchool(
  ctx: AppContext,
  schoolIds: string[],
  gaps: string[],
): Promise<Map<string, CoverageSums>> {
  const sums = new Map(schoolIds.map((id) => [id, emptySums()]));
  if (schoolIds.length === 0) return sums;
  try {
    for (const school of await trainingCoverage(ctx, { schoolIds })) {
      const target = sums.get(school.schoolId);
      if (!target) continue;
      for (const course of school.courses) {
        const group = audienceGroup[course.audience];
        target.training[group].passed += school[group].passed[course.id] ?? 0;
        target.training[group].possible += school[group].total;
      }
    }
  } catch (error) {
    ctx.log.error({ err: error }, "reports: training coverage failed");
    gaps.push("training");
  }
  try {
    for (const school of await consentCoverage(ctx, { schoolIds })) {
      const target = sums.get(school.schoolId);
      if (!target) continue;
      target.consent = {
        students: school.students,
        complete: school.complete,
        parentConsent: school.parentConsent,
      };
    }
  } catch (error) {
    ctx.log.error({ err: error }, "reports: consent coverage failed");
    gaps.push("consent");
  }
  return sums;
}

/** The whole report of `scope` for `period`, as of ctx.now(). */
export async function buildIncidentReport(
  ctx: AppContext,
  scope: ReportScope,
  period: ReportPeriod,
  options: { overdueLimit?: number } = {},
): Promise<IncidentReport> {
  const now = ctx.now();
  const range = {
    scopePath: scope.path,
    startsAt: new Date(period.startsAt),
    endsAt: new Date(period.endsAt),
  };
  const [units, figures, counts, overdue] = await Promise.all([
    scope.kind === "school" ? Promise.resolve<repo.UnitRow[]>([]) : repo.unitsUnder(ctx.db, range),
    repo.handlingFigures(ctx.db, { ...range, now }),
    repo.breakdowns(ctx.db, range),
    repo.overdueCases(ctx.db, { ...range, now, limit: options.overdueLimit ?? OVERDUE_LIST_LIMIT }),
  ]);
  const schoolUnits: repo.UnitRow[] =
    scope.kind === "school"
      ? [
          {
            id: scope.id,
            kind: "school",
            name: scope.name,
            code: scope.code,
            path: scope.path,
            parent_id: null,
            parent_name: null,
            archived: false,
          },
        ]
      : units.filter((unit) => unit.kind === "school");
  const districtUnits =
    scope.kind === "department" ? units.filter((u) => u.kind === "district") : [];

  const gaps: string[] = [];
  const coverage = await coverageBySchool(
    ctx,
    schoolUnits.map((unit) => unit.id),
    gaps,
  );

  const figureOf = (kind: repo.FiguresRow["unit_kind"], id: string | null) =>
    toFigures(figures.find((row) => row.unit_kind === kind && row.unit_id === id));
  const categoriesOf = (dimension: string, id: string) => {
    const result = emptyCategories();
    for (const row of counts) {
      if (row.dimension === dimension && row.unit_id === id) {
        result[row.value as IncidentCategory] = row.count;
      }
    }
    return result;
  };

  const schools: ReportUnitRow[] = schoolUnits.map((unit) => ({
    id: unit.id,
    name: unit.name,
    code: unit.code,
    parentName: unit.parent_name,
    ...figureOf("school", unit.id),
    byCategory: categoriesOf("school_category", unit.id),
    coverage: toCoverage(coverage.get(unit.id) ?? emptySums(), gaps),
  }));
  const districts: ReportUnitRow[] = districtUnits.map((unit) => {
    const sums = emptySums();
    const members = schoolUnits.filter((school) => school.path.startsWith(unit.path));
    for (const school of members) addSums(sums, coverage.get(school.id) ?? emptySums());
    return {
      id: unit.id,
      name: unit.name,
      code: unit.code,
      parentName: null,
      schools: members.length,
      ...figureOf("district", unit.id),
      byCategory: categoriesOf("district_category", unit.id),
      coverage: toCoverage(sums, gaps),
    };
  });
  const totalSums = emptySums();
  for (const sums of coverage.values()) addSums(totalSums, sums);

  const countsOf = <T extends string>(dimension: string, values: readonly T[]) =>
    values.map((value) => ({
      value,
      count: counts.find((row) => row.dimension === dimension && row.value === value)?.count ?? 0,
    }));
  const monthCount = (month: string, resolved: boolean) =>
    counts.find(
      (row) => row.dimension === "month" && row.value === `${month}${resolved ? "+" : "-"}`,
    )?.count ?? 0;

  const overdueCases: OverdueCase[] = overdue.map((row) => ({
    incidentId: row.id,
    number: row.number,
    schoolName: row.school_name,
    category: row.category as OverdueCase["category"],
    severity: row.severity as OverdueCase["severity"],
    status: row.status as OverdueCase["status"],
    level: row.level as OverdueCase["level"],
    createdAt: row.created_at.toISOString(),
    missed: row.missed,
    open: row.open,
  }));

  return {
    period,
    scope: { id: scope.id, kind: scope.kind, name: scope.name, code: scope.code },
    generatedAt: now.toISOString(),
    totals: figureOf("total", null),
    byCategory: countsOf("category", incidentCategories).map(({ value, count }) => ({
      category: value,
      count,
    })),
    bySeverity: countsOf("severity", incidentSeverities).map(({ value, count }) => ({
      severity: value,
      count,
    })),
    byStatus: countsOf("status", incidentStatuses).map(({ value, count }) => ({
      status: value,
      count,
    })),
    byLevel: countsOf("level", incidentLevels).map(({ value, count }) => ({ level: value, count })),
    byMonth: monthsOf(period).map((month) => {
      const resolved = monthCount(month, true);
      return { month, incidents: resolved + monthCount(month, false), resolved };
    }),
    districts,
    schools,
    overdueCases,
    overdueCasesTotal: overdue[0]?.total ?? 0,
    coverage: toCoverage(totalSums, gaps),
    gaps,
  };
}
