/** A generated data set of incidents with their hash-chained events, for the report's tests
 * and benchmark, and the figures computed from it in plain TypeScript (independently of the
 * SQL) to check the report against. Not used by the running server. */
import { createHash, randomUUID } from "node:crypto";
import {
  defaultDeadlines,
  incidentCategories,
  type IncidentCategory,
  type IncidentSeverity,
  type IncidentStatus,
} from "../../../shared/incidents.ts";
import type { HandlingFigures } from "../../../shared/reports.ts";
import type { Db } from "../../db/database.ts";

const HOUR = 3_600_000;

export interface GeneratedIncident {
  id: string;
  schoolId: string;
  districtId: string;
  category: IncidentCategory;
  severity: IncidentSeverity;
  status: IncidentStatus;
  level: "school" | "district" | "department";
  source: "manual" | "automatic";
  anonymous: boolean;
  createdAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  escalatedAt: Date | null;
  ackDueAt: Date | null;
  resolveDueAt: Date | null;
  police: boolean;
  /** The deadline the escalation job recorded as missed, if any. */
  missed: "ack" | "resolve" | null;
  /** Escalated by hand (not by a deadline). */
  manualEscalation: boolean;
}

/** mulberry32: the same data set on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted<T>(next: () => number, entries: Array<[T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = next() * total;
  for (const [value, weight] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

/** Incidents spread over [from, to), handled the way the workflow would have handled them by
 * `now`: acknowledged and resolved after random delays, escalated when a deadline passed. */
export function generateIncidents(input: {
  schools: Array<{ id: string; districtId: string }>;
  count: number;
  from: Date;
  to: Date;
  now: Date;
  seed: number;
}): GeneratedIncident[] {
  const next = seededRandom(input.seed);
  const span = input.to.getTime() - input.from.getTime();
  const rows: GeneratedIncident[] = [];
  for (let index = 0; index < input.count; index += 1) {
    const school = input.schools[Math.floor(next() * input.schools.length)]!;
    const createdAt = new Date(input.from.getTime() + Math.floor(next() * span));
    const severity = weighted<IncidentSeverity>(next, [
      ["low", 3],
      ["medium", 4],
      ["high", 2],
      ["critical", 1],
    ]);
    const category = weighted<IncidentCategory>(
      next,
      incidentCategories.map((name, position) => [name, 9 - position]),
    );
    const due = defaultDeadlines[severity];
    const at = (from: Date, hours: number) => new Date(from.getTime() + hours * HOUR);
    const now = input.now;
    // Most are acknowledged and resolved in time; delays are exponential with a mean of a
    // third of the deadline, so a few percent miss each deadline.
    const delay = (hours: number) => -Math.log(1 - next()) * hours * 0.33 + 0.05;
    let acknowledgedAt: Date | null = next() < 0.95 ? at(createdAt, delay(due.ackHours)) : null;
    if (acknowledgedAt && acknowledgedAt > now) acknowledgedAt = null;
    let resolvedAt: Date | null =
      acknowledgedAt && next() < 0.93 ? at(acknowledgedAt, delay(due.resolveHours)) : null;
    if (resolvedAt && resolvedAt > now) resolvedAt = null;
    const ackDue = at(createdAt, due.ackHours);
    const resolveDue = at(createdAt, due.resolveHours);
    let missed: GeneratedIncident["missed"] = null;
    let escalatedAt: Date | null = null;
    if ((acknowledgedAt ?? now) > ackDue && ackDue < now) {
      missed = "ack";
      escalatedAt = ackDue;
    } else if ((resolvedAt ?? now) > resolveDue && resolveDue < now) {
      missed = "resolve";
      escalatedAt = resolveDue;
    }
    const manualEscalation = !escalatedAt && next() < 0.06;
    if (manualEscalation) escalatedAt = at(createdAt, 0.5);
    if (escalatedAt && escalatedAt > now) escalatedAt = null;
    const closedAt = resolvedAt && next() < 0.5 ? at(resolvedAt, 24) : null;
    const closed = closedAt !== null && closedAt <= now;
    let status: IncidentStatus;
    if (resolvedAt) status = closed ? "closed" : "resolved";
    else if (acknowledgedAt) status = next() < 0.5 ? "investigating" : "acknowledged";
    else status = escalatedAt ? "escalated" : "new";
    // The deadlines as the workflow leaves them: cleared by acknowledgement and resolution,
    // restarted by an escalation.
    const clockStart = escalatedAt ?? createdAt;
    const ackDueAt = acknowledgedAt || resolvedAt ? null : at(clockStart, due.ackHours);
    const resolveDueAt = resolvedAt ? null : at(clockStart, due.resolveHours);
    rows.push({
      id: randomUUID(),
      schoolId: school.id,
      districtId: school.districtId,
      category,
      severity,
      status,
      level: escalatedAt ? (next() < 0.2 ? "department" : "district") : "school",
      source: category === "intrusion" || next() < 0.15 ? "automatic" : "manual",
      anonymous: next() < 0.12,
      createdAt,
      acknowledgedAt,
      resolvedAt,
      closedAt: closed ? closedAt : null,
      escalatedAt,
      ackDueAt,
      resolveDueAt,
      police: (severity === "critical" || severity === "high") && next() < 0.08,
      missed,
      manualEscalation,
    });
  }
  return rows;
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

interface EventRow {
  id: string;
  incident_id: string;
  seq: number;
  type: string;
  payload: string;
  actor_id: null;
  created_at: Date;
  prev_hash: string;
  hash: string;
}

/** The incident's history, hash-chained the way the incidents feature chains it. */
function eventsOf(incident: GeneratedIncident): EventRow[] {
  const steps: Array<{ type: string; at: Date; payload: Record<string, unknown> }> = [
    { type: "incident.opened", at: incident.createdAt, payload: { category: incident.category } },
  ];
  if (incident.escalatedAt) {
    steps.push({
      type: "incident.escalated",
      at: incident.escalatedAt,
      payload: { from: "school", to: "district", automatic: incident.missed ?? false },
    });
  }
  if (incident.acknowledgedAt) {
    steps.push({ type: "status.acknowledged", at: incident.acknowledgedAt, payload: {} });
  }
  if (incident.police) {
    steps.push({
      type: "police.referred",
      at: incident.acknowledgedAt ?? incident.createdAt,
      payload: { agency: "Công an tỉnh Bình Dương" },
    });
  }
  if (incident.resolvedAt) {
    steps.push({ type: "status.resolved", at: incident.resolvedAt, payload: {} });
  }
  if (incident.closedAt) steps.push({ type: "status.closed", at: incident.closedAt, payload: {} });
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  let prevHash = "0".repeat(64);
  return steps.map((step, index) => {
    const payload = { ...step.payload, state: { status: incident.status, level: incident.level } };
    const text = canonicalJson({
      actorId: null,
      createdAt: step.at.toISOString(),
      incidentId: incident.id,
      payload,
      seq: index + 1,
      type: step.type,
    });
    const hash = createHash("sha256").update(`${prevHash}\n${text}`).digest("hex");
    const row: EventRow = {
      id: randomUUID(),
      incident_id: incident.id,
      seq: index + 1,
      type: step.type,
      payload: JSON.stringify(payload),
      actor_id: null,
      created_at: step.at,
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
}

/** Writes the incidents and their events in batches; returns how many events were written. */
export async function insertGeneratedIncidents(
  db: Db,
  incidents: GeneratedIncident[],
): Promise<number> {
  let events = 0;
  const batch = 1000;
  for (let start = 0; start < incidents.length; start += batch) {
    const slice = incidents.slice(start, start + batch);
    await db
      .insertInto("incidents")
      .values(
        slice.map((incident) => ({
          id: incident.id,
          school_id: incident.schoolId,
          category: incident.category,
          severity: incident.severity,
          status: incident.status,
          level: incident.level,
          title: `Sự cố ${incident.category}`,
          reporter_role: incident.anonymous ? "student" : "teacher",
          anonymous: incident.anonymous,
          source: incident.source,
          ack_due_at: incident.ackDueAt,
          resolve_due_at: incident.resolveDueAt,
          acknowledged_at: incident.acknowledgedAt,
          escalated_at: incident.escalatedAt,
          resolved_at: incident.resolvedAt,
          closed_at: incident.closedAt,
          outcome: incident.resolvedAt ? "Đã xử lý theo quy chế" : null,
          actions: JSON.stringify(
            incident.resolvedAt ? (incident.police ? ["police_referral"] : ["warning"]) : [],
          ),
          police_agency: incident.police ? "Công an tỉnh Bình Dương" : null,
          police_referred_on: incident.police
            ? (incident.acknowledgedAt ?? incident.createdAt).toISOString().slice(0, 10)
            : null,
          created_at: incident.createdAt,
          updated_at: incident.closedAt ?? incident.resolvedAt ?? incident.createdAt,
        })),
      )
      .execute();
    const rows = slice.flatMap(eventsOf);
    for (let offset = 0; offset < rows.length; offset += 5000) {
      await db
        .insertInto("incident_events")
        .values(rows.slice(offset, offset + 5000))
        .execute();
    }
    events += rows.length;
  }
  return events;
}

/** percentile_cont(0.5): the middle value, or the mean of the two middle ones. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const openStatuses = new Set<IncidentStatus>(["new", "acknowledged", "investigating", "escalated"]);

export function isOverdueOpen(incident: GeneratedIncident, now: Date): boolean {
  if (!openStatuses.has(incident.status)) return false;
  const ackLate =
    (incident.status === "new" || incident.status === "escalated") &&
    incident.ackDueAt !== null &&
    incident.ackDueAt < now;
  return ackLate || (incident.resolveDueAt !== null && incident.resolveDueAt < now);
}

/** The handling figures of `incidents`, computed without SQL. */
export function expectedFigures(incidents: GeneratedIncident[], now: Date): HandlingFigures {
  const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
  const hours = (from: Date, to: Date | null) =>
    to ? (to.getTime() - from.getTime()) / HOUR : null;
  return {
    incidents: incidents.length,
    open: incidents.filter((i) => openStatuses.has(i.status)).length,
    resolved: incidents.filter((i) => !openStatuses.has(i.status)).length,
    escalated: incidents.filter((i) => i.escalatedAt !== null).length,
    overdue: incidents.filter((i) => i.missed !== null || isOverdueOpen(i, now)).length,
    overdueOpen: incidents.filter((i) => isOverdueOpen(i, now)).length,
    policeReferrals: incidents.filter((i) => i.police).length,
    anonymous: incidents.filter((i) => i.anonymous).length,
    automatic: incidents.filter((i) => i.source === "automatic").length,
    medianAckHours: round1(
      median(
        incidents.flatMap((i) => {
          const value = hours(i.createdAt, i.acknowledgedAt);
          return value === null ? [] : [value];
        }),
      ),
    ),
    medianResolveHours: round1(
      median(
        incidents.flatMap((i) => {
          const value = hours(i.createdAt, i.resolvedAt);
          return value === null ? [] : [value];
        }),
      ),
    ),
  };
}

/** The sheets of a province report workbook in Vietnamese, in order (tests). */
export const PROVINCE_SHEETS_VI = [
  "Tổng hợp",
  "Theo trường",
  "Theo phòng GDĐT",
  "Theo loại",
  "Quá hạn",
];
