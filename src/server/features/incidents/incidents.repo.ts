/** SQL of incidents: the incidents, their chain, evidence, messages, settings, recipients, the
 * security-event intake, and the reads of the live class that a one-tap report attaches. */
import { sql, type ExpressionBuilder, type UpdateObject } from "kysely";
import type { z } from "zod";
import type { incidentListQuery } from "../../../shared/incidents.ts";
import type { Db } from "../../db/database.ts";
import type { Database } from "../../db/schema.ts";
import { attendsClassC, teachesClassC } from "../orgs/index.ts";
import type { IncidentTables } from "./incidents.tables.ts";

type IncidentListQuery = z.infer<typeof incidentListQuery>;

export interface NewIncident {
  school_id: string;
  class_id: string | null;
  class_session_id: string | null;
  category: string;
  severity: "low" | "medium" | "high" | "critical";
  title: string;
  description: string;
  rule_ref: string | null;
  reporter_id: string | null;
  reporter_role: string;
  anonymous: boolean;
  anonymous_code_hash: string | null;
  source: "manual" | "automatic";
  dedupe_key: string | null;
  ack_due_at: Date;
  resolve_due_at: Date;
  created_at: Date;
  updated_at: Date;
}

/** Inserts an incident; with a dedupe key, returns null when an open one already holds it. */
export async function insertIncident(db: Db, values: NewIncident): Promise<string | null> {
  const row = await db
    .insertInto("incidents")
    .values(values)
    .onConflict((oc) =>
      oc
        .column("dedupe_key")
        .where("dedupe_key", "is not", null)
        .where("closed_at", "is", null)
        .doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

export function findOpenByDedupe(db: Db, key: string) {
  return db
    .selectFrom("incidents")
    .select("id")
    .where("dedupe_key", "=", key)
    .where("closed_at", "is", null)
    .executeTakeFirst();
}

/** The incident with its school (path, name, parent) and class name. */
export function findIncident(db: Db, id: string) {
  return db
    .selectFrom("incidents as i")
    .innerJoin("org_units as s", "s.id", "i.school_id")
    .leftJoin("classes as c", "c.id", "i.class_id")
    .selectAll("i")
    .select([
      "s.path as school_path",
      "s.name as school_name",
      "s.parent_id as district_id",
      "c.name as class_name",
    ])
    .where("i.id", "=", id)
    .executeTakeFirst();
}
export type IncidentWithSchool = NonNullable<Awaited<ReturnType<typeof findIncident>>>;

/** Locks the incident row: chain appends on one incident happen one at a time. */
export function lockIncident(db: Db, id: string) {
  return db
    .selectFrom("incidents")
    .select("id")
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
}

export function updateIncident(db: Db, id: string, values: UpdateObject<Database, "incidents">) {
  return db.updateTable("incidents").set(values).where("id", "=", id).execute();
}

export function lastEvent(db: Db, incidentId: string) {
  return db
    .selectFrom("incident_events")
    .select(["seq", "hash"])
    .where("incident_id", "=", incidentId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The incident's state as a chain entry records it. */
export function chainState(db: Db, incidentId: string) {
  return db
    .selectFrom("incidents")
    .select(["status", "level", "severity", "category", "assigned_to"])
    .where("id", "=", incidentId)
    .executeTakeFirstOrThrow();
}

export function insertEvent(
  db: Db,
  values: {
    incident_id: string;
    seq: number;
    type: string;
    payload: Record<string, unknown>;
    actor_id: string | null;
    created_at: Date;
    prev_hash: string;
    hash: string;
  },
) {
  return db
    .insertInto("incident_events")
    .values({ ...values, payload: JSON.stringify(values.payload) })
    .execute();
}

export function listEvents(db: Db, incidentId: string) {
  return db
    .selectFrom("incident_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select([
      "e.id",
      "e.incident_id",
      "e.seq",
      "e.type",
      "e.payload",
      "e.actor_id",
      "e.created_at",
      "e.prev_hash",
      "e.hash",
      "u.display_name as actor_name",
    ])
    .where("e.incident_id", "=", incidentId)
    .orderBy("e.seq")
    .execute();
}

export async function insertEvidence(
  db: Db,
  values: {
    incident_id: string;
    kind: IncidentTables["evidence"]["kind"];
    content: Record<string, unknown> | null;
    file: Buffer | null;
    mime: string | null;
    size: number;
    sha256: string;
    original_name: string | null;
    stored_name: string | null;
    added_by: string | null;
    created_at: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto("evidence")
    .values({ ...values, content: values.content ? JSON.stringify(values.content) : null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Evidence of an incident, without file bytes. */
export function listEvidence(db: Db, incidentId: string) {
  return db
    .selectFrom("evidence as v")
    .leftJoin("users as u", "u.id", "v.added_by")
    .select([
      "v.id",
      "v.kind",
      "v.content",
      "v.mime",
      "v.size",
      "v.sha256",
      "v.original_name",
      "v.stored_name",
      "v.added_by",
      "v.created_at",
      "u.display_name as added_by_name",
    ])
    .where("v.incident_id", "=", incidentId)
    .orderBy("v.created_at")
    .orderBy("v.id")
    .execute();
}

/** Evidence with bytes (verification, packages, downloads). */
export function listEvidenceFull(db: Db, incidentId: string) {
  return db
    .selectFrom("evidence")
    .selectAll()
    .where("incident_id", "=", incidentId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export function findEvidence(db: Db, incidentId: string, evidenceId: string) {
  return db
    .selectFrom("evidence")
    .selectAll()
    .where("incident_id", "=", incidentId)
    .where("id", "=", evidenceId)
    .executeTakeFirst();
}

export function insertMessage(
  db: Db,
  values: {
    incident_id: string;
    direction: "to_reporter" | "from_reporter";
    author_id: string | null;
    body: string;
    created_at: Date;
  },
) {
  return db
    .insertInto("incident_messages")
    .values(values)
    .returning("id")
    .executeTakeFirstOrThrow();
}

export function listMessages(db: Db, incidentId: string) {
  return db
    .selectFrom("incident_messages as m")
    .leftJoin("users as u", "u.id", "m.author_id")
    .select([
      "m.id",
      "m.direction",
      "m.body",
      "m.created_at",
      "m.author_id",
      "u.display_name as author_name",
    ])
    .where("m.incident_id", "=", incidentId)
    .orderBy("m.created_at")
    .orderBy("m.id")
    .execute();
}

export function insertIncidentStudents(
  db: Db,
  incidentId: string,
  students: Array<{ id: string; role: "involved" | "target" | "reported" }>,
  now: Date,
) {
  if (students.length === 0) return Promise.resolve();
  return db
    .insertInto("incident_students")
    .values(
      students.map((student) => ({
        incident_id: incidentId,
        student_id: student.id,
        role: student.role,
        added_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["incident_id", "student_id"]).doNothing())
    .execute()
    .then(() => undefined);
}

export function listIncidentStudents(db: Db, incidentId: string) {
  return db
    .selectFrom("incident_students as x")
    .innerJoin("students as s", "s.id", "x.student_id")
    .select(["s.id", "s.full_name", "s.student_code", "s.user_id", "x.role"])
    .where("x.incident_id", "=", incidentId)
    .orderBy("s.name_sort_key")
    .execute();
}

export function findByCodeHash(db: Db, codeHash: string) {
  return db
    .selectFrom("incidents")
    .select(["id", "anonymous_code_hash"])
    .where("anonymous_code_hash", "=", codeHash)
    .executeTakeFirst();
}

/** Visibility in SQL (see incidents.policy.ts for the rule it mirrors). */
export function visibleTo(
  actor: { userId: string; roles: Array<{ role: string; orgPath: string }> },
  eb: ExpressionBuilder<
    Database & { i: Database["incidents"]; s: Database["org_units"] },
    "i" | "s"
  >,
) {
  const ors = [eb("i.reporter_id", "=", actor.userId), eb("i.assigned_to", "=", actor.userId)];
  for (const role of actor.roles) {
    const under = eb("s.path", "like", `${role.orgPath}%`);
    if (role.role === "principal") ors.push(under);
    if (role.role === "district_officer") {
      ors.push(eb.and([under, eb("i.level", "in", ["district", "department"])]));
    }
    if (role.role === "department_officer") {
      ors.push(eb.and([under, eb("i.level", "=", "department")]));
    }
  }
  if (actor.roles.some((role) => role.role === "teacher")) {
    ors.push(
      eb.exists(
        eb
          .selectFrom("classes as c")
          .select("c.id")
          .whereRef("c.id", "=", "i.class_id")
          .where(teachesClassC(actor.userId)),
      ),
    );
  }
  return eb.or(ors);
}

function incidentListBase(db: Db) {
  return db
    .selectFrom("incidents as i")
    .innerJoin("org_units as s", "s.id", "i.school_id")
    .leftJoin("classes as c", "c.id", "i.class_id")
    .leftJoin("users as a", "a.id", "i.assigned_to");
}

const listColumns = [
  "i.id",
  "i.number",
  "i.title",
  "i.category",
  "i.severity",
  "i.status",
  "i.level",
  "i.source",
  "i.anonymous",
  "i.school_id as schoolId",
  "s.name as schoolName",
  "i.class_id as classId",
  "c.name as className",
  "i.assigned_to as assignedTo",
  "a.display_name as assignedName",
  "i.ack_due_at as ackDueAt",
  "i.resolve_due_at as resolveDueAt",
  "i.acknowledged_at as acknowledgedAt",
  "i.created_at as createdAt",
  "i.updated_at as updatedAt",
] as const;

function countOf(db: Db, base: ReturnType<typeof incidentListBase>) {
  return db
    .selectFrom(base.select("i.id").as("x"))
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
}

/** One page of the incidents `actor` may see, filtered, newest first, with the total count;
 * `mine` tells which ones the actor reported under their name. */
export async function listIncidentsPage(
  db: Db,
  actor: Parameters<typeof visibleTo>[0],
  query: IncidentListQuery,
) {
  let base = incidentListBase(db).where((eb) => visibleTo(actor, eb as never));
  if (query.status) base = base.where("i.status", "=", query.status);
  if (query.severity) base = base.where("i.severity", "=", query.severity);
  if (query.category) base = base.where("i.category", "=", query.category);
  if (query.level) base = base.where("i.level", "=", query.level);
  if (query.schoolId) base = base.where("i.school_id", "=", query.schoolId);
  if (query.open === true) base = base.where("i.status", "not in", ["resolved", "closed"]);
  if (query.open === false) base = base.where("i.status", "in", ["resolved", "closed"]);
  if (query.q) {
    const q = query.q;
    const asNumber = /^#?\d{1,9}$/.test(q) ? Number(q.replace("#", "")) : null;
    base = base.where((eb) =>
      eb.or([
        eb(eb.fn("lower", ["i.title"]), "like", `%${q.toLowerCase().replace(/[%_\\]/g, "\\$&")}%`),
        ...(asNumber !== null ? [eb("i.number", "=", asNumber)] : []),
      ]),
    );
  }
  const total = await countOf(db, base);
  const items = await base
    .select([...listColumns])
    .select((eb) =>
      eb
        // Asked positively: automatic and anonymous incidents have no reporter_id, and a
        // NULL comparison is never true, so they fall to the ELSE (not the viewer's).
        .case()
        .when(eb.and([eb("i.anonymous", "=", false), eb("i.reporter_id", "=", actor.userId)]))
        .then(true)
        .else(false)
        .end()
        .as("mine"),
    )
    .orderBy("i.created_at", "desc")
    .orderBy("i.id")
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { items, total: total.n };
}

// --- what a reporter may report about ---------------------------------------------------------

/** Schools (not archived) among `schoolIds` or under one of `managedPaths`, by name. */
export function reportableSchools(db: Db, schoolIds: string[], managedPaths: string[]) {
  return db
    .selectFrom("org_units")
    .select(["id", "name", "path"])
    .where("kind", "=", "school")
    .where("archived_at", "is", null)
    .where((eb) =>
      eb.or([
        ...(schoolIds.length ? [eb("id", "in", schoolIds)] : []),
        ...managedPaths.map((path) => eb("path", "like", `${path}%`)),
        eb.val(false),
      ]),
    )
    .orderBy("name_sort_key")
    .limit(500)
    .execute();
}

/** Classes (not archived) that `userId` teaches, attends, or where their child is enrolled. */
export function reportableClasses(db: Db, userId: string) {
  return db
    .selectFrom("classes as c")
    .select(["c.id", "c.name", "c.school_id as schoolId"])
    .where("c.archived_at", "is", null)
    .where((eb) => eb.or([teachesClassC(userId), attendsClassC(userId, { includeParents: true })]))
    .orderBy("c.name_sort_key")
    .limit(500)
    .execute();
}

// --- people to notify ------------------------------------------------------------------------

/** Users holding `role` on the unit `orgUnitId`. */
export async function holdersOf(db: Db, role: string, orgUnitId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("role_assignments as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select("r.user_id")
    .where("r.role", "=", role)
    .where("r.org_unit_id", "=", orgUnitId)
    .where("u.disabled_at", "is", null)
    .execute();
  return rows.map((row) => row.user_id);
}

export async function teachersOfClass(db: Db, classId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("classes")
    .select("homeroom_teacher_id as id")
    .where("id", "=", classId)
    .where("homeroom_teacher_id", "is not", null)
    .union(
      db.selectFrom("class_teachers").select("teacher_id as id").where("class_id", "=", classId),
    )
    .execute();
  return rows.map((row) => row.id!).filter(Boolean);
}

export async function parentsOfStudents(db: Db, studentIds: string[]) {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom("parent_links as p")
    .innerJoin("students as s", "s.id", "p.student_id")
    .select(["p.parent_id", "s.full_name", "s.id as student_id"])
    .where("p.student_id", "in", studentIds)
    .execute();
}

export function findOrg(db: Db, id: string) {
  return db.selectFrom("org_units").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findClass(db: Db, id: string) {
  return db
    .selectFrom("classes")
    .select(["id", "school_id"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The class named `name` in the school `schoolId` (the authorization probes' fixtures). */
export function findClassByName(db: Db, schoolId: string, name: string) {
  return db
    .selectFrom("classes")
    .select("id")
    .where("name", "=", name)
    .where("school_id", "=", schoolId)
    .executeTakeFirstOrThrow();
}

/** The incidents `safeclass verify-evidence` checks: one by number or id, or all, in order. */
export function incidentsToVerify(db: Db, which: { number: number } | { id: string } | null) {
  let query = db.selectFrom("incidents").select(["id", "number"]).orderBy("number");
  if (which && "number" in which) query = query.where("number", "=", which.number);
  else if (which) query = query.where("id", "=", which.id);
  return query.execute();
}

export function findUserName(db: Db, id: string) {
  return db
    .selectFrom("users")
    .select(["id", "display_name"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** Active users holding one of the roles on one of the units, by name (one row per role). */
export function holdersOfAny(db: Db, units: Array<{ id: string; roles: string[] }>) {
  return db
    .selectFrom("role_assignments as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["u.id", "u.display_name as name", "r.role"])
    .where("u.disabled_at", "is", null)
    .where((eb) =>
      eb.or(
        units.map((unit) =>
          eb.and([eb("r.org_unit_id", "=", unit.id), eb("r.role", "in", unit.roles)]),
        ),
      ),
    )
    .orderBy("u.name_sort_key")
    .execute();
}

/** May `userId` handle an incident of the school at `schoolPath` at `level`? (assignees) */
export async function staffRolesFor(db: Db, userId: string) {
  return db
    .selectFrom("role_assignments as r")
    .innerJoin("org_units as o", "o.id", "r.org_unit_id")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.role", "o.path", "o.id", "u.display_name"])
    .where("r.user_id", "=", userId)
    .where("u.disabled_at", "is", null)
    .where("r.role", "in", ["teacher", "principal", "district_officer", "department_officer"])
    .execute();
}

export function studentByUser(db: Db, userId: string) {
  return db
    .selectFrom("students")
    .select(["id", "school_id", "full_name"])
    .where("user_id", "=", userId)
    .where("archived_at", "is", null)
    .executeTakeFirst();
}

export function studentsOfSchool(db: Db, ids: string[], schoolId: string) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("students")
    .select(["id", "user_id"])
    .where("id", "in", ids)
    .where("school_id", "=", schoolId)
    .execute();
}

export function studentIdsOfUsers(db: Db, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("students")
    .select(["id", "user_id"])
    .where("user_id", "in", userIds)
    .execute();
}

// --- settings --------------------------------------------------------------------------------

/** The deadlines configured on the nearest unit on the school's path (school → Department). */
export async function deadlinesFor(db: Db, schoolPath: string) {
  const ids = schoolPath.split("/").filter(Boolean);
  if (ids.length === 0) return null;
  const rows = await db
    .selectFrom("incident_settings")
    .select(["org_unit_id", "deadlines"])
    .where("org_unit_id", "in", ids)
    .execute();
  for (const id of [...ids].reverse()) {
    const row = rows.find((candidate) => candidate.org_unit_id === id);
    if (row) return row.deadlines;
  }
  return null;
}

/** The deadline settings configured on a unit's path (department → district → school), with
 * the units' names: what a unit inherits and from whom. */
export async function settingsOnPath(db: Db, orgPath: string) {
  const ids = orgPath.split("/").filter(Boolean);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("incident_settings as s")
    .innerJoin("org_units as o", "o.id", "s.org_unit_id")
    .select(["s.org_unit_id", "o.name", "o.kind", "s.deadlines", "s.updated_at"])
    .where("s.org_unit_id", "in", ids)
    .execute();
  return ids
    .map((id) => rows.find((row) => row.org_unit_id === id))
    .filter((row): row is (typeof rows)[number] => row !== undefined);
}

export function deleteSettings(db: Db, orgUnitId: string) {
  return db.deleteFrom("incident_settings").where("org_unit_id", "=", orgUnitId).execute();
}

export function upsertSettings(
  db: Db,
  orgUnitId: string,
  deadlines: Record<string, { ackHours: number; resolveHours: number }>,
  userId: string,
  now: Date,
) {
  return db
    .insertInto("incident_settings")
    .values({
      org_unit_id: orgUnitId,
      deadlines: JSON.stringify(deadlines),
      updated_by: userId,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column("org_unit_id").doUpdateSet({
        deadlines: JSON.stringify(deadlines),
        updated_by: userId,
        updated_at: now,
      }),
    )
    .execute();
}

// --- deadlines -------------------------------------------------------------------------------

/** Open incidents whose acknowledge or resolve deadline passed before `now`. */
export function overdue(db: Db, now: Date, limit: number) {
  return db
    .selectFrom("incidents")
    .select(["id"])
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "in", ["new", "escalated"]), eb("ack_due_at", "<", now)]),
        eb.and([
          eb("status", "in", ["new", "acknowledged", "investigating", "escalated"]),
          eb("resolve_due_at", "<", now),
        ]),
      ]),
    )
    .orderBy("created_at")
    .limit(limit)
    .execute();
}

// --- security events -------------------------------------------------------------------------

/** Claims pending security events (other processes skip the locked ones). */
export function claimPendingEvents(db: Db, limit: number) {
  return db
    .selectFrom("security_events")
    .selectAll()
    .where("processed_at", "is", null)
    .orderBy("created_at")
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export function markEventProcessed(db: Db, id: string, incidentId: string, now: Date) {
  return db
    .updateTable("security_events")
    .set({ processed_at: now, incident_id: incidentId })
    .where("id", "=", id)
    .execute();
}
