/** The SQL of the reports: aggregation over the incidents of a scope and period, done in the
 * database (one scan per query, GROUPING SETS for school / district / total). */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

const OPEN_STATUSES = sql.raw(`('new', 'acknowledged', 'investigating', 'escalated')`);

/** Incidents of schools under `scopePath` created in [startsAt, endsAt), with per-incident
 * flags. Missed deadlines come from the chain: the deadline job resets the due dates when it
 * escalates, so only its events keep the fact (a partial index holds just those events, and
 * a hash join reads them once instead of once per incident). */
function scopedIncidents(scopePath: string, startsAt: Date, endsAt: Date, now: Date) {
  return sql`
    select i.id, i.number, i.school_id, s.parent_id as district_id, i.category, i.severity,
      i.status, i.level, i.created_at, i.acknowledged_at, i.resolved_at, i.anonymous, i.source,
      i.escalated_at,
      (i.police_referred_on is not null or i.actions @> '["police_referral"]'::jsonb) as police,
      i.status in ${OPEN_STATUSES} as is_open,
      (i.status in ${OPEN_STATUSES} and (
        (i.status in ('new', 'escalated') and i.ack_due_at < ${now})
        or i.resolve_due_at < ${now})) as overdue_open,
      missed.deadline as missed
    from incidents i
    join org_units s on s.id = i.school_id
    left join (
      select e.incident_id,
        case when bool_or(e.type = 'deadline.missed' and e.payload->>'deadline' = 'ack'
                          or e.payload->>'automatic' = 'ack') then 'ack' else 'resolve' end
          as deadline
      from incident_events e
      where e.type = 'deadline.missed'
        or (e.type = 'incident.escalated' and e.payload->>'automatic' in ('ack', 'resolve'))
      group by e.incident_id) missed on missed.incident_id = i.id
    where s.path like ${`${scopePath}%`}
      and i.created_at >= ${startsAt} and i.created_at < ${endsAt}`;
}

export interface FiguresRow {
  unit_kind: "school" | "district" | "total";
  unit_id: string | null;
  incidents: number;
  open: number;
  resolved: number;
  escalated: number;
  overdue: number;
  overdue_open: number;
  police: number;
  anonymous: number;
  automatic: number;
  median_ack_hours: number | null;
  median_resolve_hours: number | null;
}

/** Handling figures per school, per district and in total, in one pass. */
export async function handlingFigures(
  db: Db,
  input: { scopePath: string; startsAt: Date; endsAt: Date; now: Date },
): Promise<FiguresRow[]> {
  const result = await sql<FiguresRow>`
    with scoped as (${scopedIncidents(input.scopePath, input.startsAt, input.endsAt, input.now)})
    select
      case when grouping(school_id) = 0 then 'school'
           when grouping(district_id) = 0 then 'district' else 'total' end as unit_kind,
      case when grouping(school_id) = 0 then school_id
           when grouping(district_id) = 0 then district_id end as unit_id,
      count(*)::int as incidents,
      (count(*) filter (where is_open))::int as open,
      (count(*) filter (where not is_open))::int as resolved,
      (count(*) filter (where escalated_at is not null))::int as escalated,
      (count(*) filter (where overdue_open or missed is not null))::int as overdue,
      (count(*) filter (where overdue_open))::int as overdue_open,
      (count(*) filter (where police))::int as police,
      (count(*) filter (where anonymous))::int as anonymous,
      (count(*) filter (where source = 'automatic'))::int as automatic,
      percentile_cont(0.5) within group (
        order by extract(epoch from (acknowledged_at - created_at)) / 3600.0) as median_ack_hours,
      percentile_cont(0.5) within group (
        order by extract(epoch from (resolved_at - created_at)) / 3600.0) as median_resolve_hours
    from scoped
    group by grouping sets ((school_id), (district_id), ())`.execute(db);
  return result.rows.map((row) => ({
    ...row,
    median_ack_hours: row.median_ack_hours === null ? null : Number(row.median_ack_hours),
    median_resolve_hours:
      row.median_resolve_hours === null ? null : Number(row.median_resolve_hours),
  }));
}

/** Counts by category (per school, per district, in total), severity, status and level. */
export async function breakdowns(
  db: Db,
  input: { scopePath: string; startsAt: Date; endsAt: Date },
): Promise<Array<{ dimension: string; unit_id: string | null; value: string; count: number }>> {
  const result = await sql<{
    dimension: string;
    unit_id: string | null;
    value: string;
    count: number;
  }>`
    with scoped as (
      select i.school_id, s.parent_id as district_id, i.category, i.severity, i.status, i.level,
        to_char((i.created_at at time zone 'UTC') + interval '7 hours', 'YYYY-MM') as month,
        i.status not in ${OPEN_STATUSES} as is_resolved
      from incidents i
      join org_units s on s.id = i.school_id
      where s.path like ${`${input.scopePath}%`}
        and i.created_at >= ${input.startsAt} and i.created_at < ${input.endsAt})
    select
      case when grouping(school_id, category) = 0 then 'school_category'
           when grouping(district_id, category) = 0 then 'district_category'
           when grouping(category) = 0 then 'category'
           when grouping(severity) = 0 then 'severity'
           when grouping(status) = 0 then 'status'
           when grouping(level) = 0 then 'level'
           when grouping(month, is_resolved) = 0 then 'month' end as dimension,
      case when grouping(school_id) = 0 then school_id
           when grouping(district_id) = 0 then district_id end as unit_id,
      case when grouping(category) = 0 then category
           when grouping(severity) = 0 then severity
           when grouping(status) = 0 then status
           when grouping(level) = 0 then level
           else month || case when is_resolved then '+' else '-' end end as value,
      count(*)::int as count
    from scoped
    group by grouping sets ((school_id, category), (district_id, category), (category),
      (severity), (status), (level), (month, is_resolved))`.execute(db);
  return result.rows;
}

export interface OverdueRow {
  id: string;
  number: number;
  school_name: string;
  category: string;
  severity: string;
  status: string;
  level: string;
  created_at: Date;
  missed: "ack" | "resolve";
  open: boolean;
  total: number;
}

/** The overdue cases, the oldest first, with the number of them all. */
export async function overdueCases(
  db: Db,
  input: { scopePath: string; startsAt: Date; endsAt: Date; now: Date; limit: number },
): Promise<OverdueRow[]> {
  const result = await sql<OverdueRow>`
    with scoped as (${scopedIncidents(input.scopePath, input.startsAt, input.endsAt, input.now)})
    select x.id, x.number, s.name as school_name, x.category, x.severity, x.status, x.level,
      x.created_at, coalesce(x.missed, 'resolve') as missed, x.is_open as open,
      (count(*) over ())::int as total
    from scoped x
    join org_units s on s.id = x.school_id
    where x.overdue_open or x.missed is not null
    order by x.is_open desc, x.created_at, x.number
    limit ${input.limit}`.execute(db);
  return result.rows;
}

export interface UnitRow {
  id: string;
  kind: "department" | "district" | "school";
  name: string;
  code: string;
  path: string;
  parent_id: string | null;
  parent_name: string | null;
  archived: boolean;
}

/** Districts and schools under a scope (archived ones only when they had incidents). */
export async function unitsUnder(
  db: Db,
  input: { scopePath: string; startsAt: Date; endsAt: Date },
): Promise<UnitRow[]> {
  const result = await sql<UnitRow>`
    select o.id, o.kind, o.name, o.code, o.path, o.parent_id, p.name as parent_name,
      o.archived_at is not null as archived
    from org_units o
    left join org_units p on p.id = o.parent_id
    where o.path like ${`${input.scopePath}%`}
      and o.kind in ('district', 'school')
      and (o.archived_at is null or exists (
        select 1 from incidents i
        join org_units s on s.id = i.school_id
        where s.path like o.path || '%'
          and i.created_at >= ${input.startsAt} and i.created_at < ${input.endsAt}))
    order by o.name_sort_key`.execute(db);
  return result.rows;
}

export async function findUnit(db: Db, id: string) {
  return db
    .selectFrom("org_units")
    .select(["id", "kind", "name", "code", "path", "email"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The Department a unit belongs to (the root of its path). */
export async function departmentOf(db: Db, path: string) {
  const rootId = path.split("/").filter(Boolean)[0];
  if (!rootId) return undefined;
  return db
    .selectFrom("org_units")
    .select(["id", "name", "email", "path"])
    .where("id", "=", rootId)
    .where("kind", "=", "department")
    .executeTakeFirst();
}

/** Departments that receive the monthly report. */
export async function departmentsWithEmail(db: Db) {
  return db
    .selectFrom("org_units")
    .select(["id", "name", "email", "path"])
    .where("kind", "=", "department")
    .where("archived_at", "is", null)
    .where("email", "is not", null)
    .execute();
}

/** Claims the scheduled delivery of a period: a new row, or a failed one to retry. Returns
 * null when another process (or an earlier run) has it. */
export async function claimScheduledDelivery(
  db: Db,
  input: { orgUnitId: string; periodKey: string; to: string; now: Date; maxAttempts: number },
): Promise<{ id: string } | null> {
  const result = await sql<{ id: string }>`
    insert into report_deliveries
      (org_unit_id, trigger, period_kind, period_key, to_address, status, created_at, updated_at)
    values (${input.orgUnitId}, 'scheduled', 'month', ${input.periodKey}, ${input.to}, 'sending',
      ${input.now}, ${input.now})
    on conflict (org_unit_id, period_key) where trigger = 'scheduled'
    do update set status = 'sending', attempts = report_deliveries.attempts + 1,
      to_address = excluded.to_address, updated_at = excluded.updated_at
      where report_deliveries.status = 'failed'
        and report_deliveries.attempts < ${input.maxAttempts}
    returning id`.execute(db);
  return result.rows[0] ?? null;
}

export async function insertManualDelivery(
  db: Db,
  input: {
    orgUnitId: string;
    periodKind: string;
    periodKey: string;
    to: string;
    requestedBy: string;
    now: Date;
  },
): Promise<{ id: string }> {
  return db
    .insertInto("report_deliveries")
    .values({
      org_unit_id: input.orgUnitId,
      trigger: "manual",
      period_kind: input.periodKind,
      period_key: input.periodKey,
      to_address: input.to,
      status: "sending",
      requested_by: input.requestedBy,
      created_at: input.now,
      updated_at: input.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function finishDelivery(
  db: Db,
  input: {
    id: string;
    status: "sent" | "outbox" | "failed";
    mailId: string | null;
    error: string | null;
    now: Date;
  },
): Promise<void> {
  await db
    .updateTable("report_deliveries")
    .set({ status: input.status, mail_id: input.mailId, error: input.error, updated_at: input.now })
    .where("id", "=", input.id)
    .execute();
}

/** Last e-mailed reports of a unit (shown on the reports page). */
export async function recentDeliveries(db: Db, orgUnitId: string, limit = 10) {
  return db
    .selectFrom("report_deliveries")
    .select([
      "id",
      "trigger",
      "period_kind as periodKind",
      "period_key as periodKey",
      "to_address as to",
      "status",
      "created_at as createdAt",
    ])
    .where("org_unit_id", "=", orgUnitId)
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}
