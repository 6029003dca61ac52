/** SQL for consent notices and consents, deletion requests, retention settings, the access log
 * and the daily job's runs. */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { lowerLike, nameContains } from "../orgs/index.ts";

export function currentNotice(db: Db, audience: "parent" | "student") {
  return db
    .selectFrom("consent_notices")
    .selectAll()
    .where("audience", "=", audience)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
}

export function currentNoticeVersions(db: Db) {
  return db
    .selectFrom("consent_notices")
    .select(["audience", sql<number>`max(version)::int`.as("version")])
    .groupBy("audience")
    .execute();
}

/** The latest consent row per (student, role): the person's current decision. */
export function latestConsents(db: Db, studentIds: string[]) {
  if (studentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("consents as c")
    .innerJoin("users as u", "u.id", "c.given_by")
    .distinctOn(["c.student_id", "c.role"])
    .select([
      "c.id",
      "c.student_id",
      "c.role",
      "c.given_by",
      "u.display_name as given_by_name",
      "c.notice_version",
      "c.purposes",
      "c.given_at",
      "c.withdrawn_at",
    ])
    .where("c.student_id", "in", studentIds)
    .orderBy("c.student_id")
    .orderBy("c.role")
    .orderBy("c.given_at", "desc")
    .orderBy("c.id")
    .execute();
}

export function consentHistory(db: Db, studentId: string) {
  return db
    .selectFrom("consents as c")
    .innerJoin("users as u", "u.id", "c.given_by")
    .leftJoin("users as w", "w.id", "c.withdrawn_by")
    .select([
      "c.id",
      "c.role",
      "u.display_name as givenBy",
      "c.notice_version as noticeVersion",
      "c.purposes",
      "c.given_at as givenAt",
      "c.withdrawn_at as withdrawnAt",
      "w.display_name as withdrawnBy",
    ])
    .where("c.student_id", "=", studentId)
    .orderBy("c.given_at", "desc")
    .execute();
}

export function insertConsent(
  db: Db,
  values: {
    studentId: string;
    givenBy: string;
    role: "parent" | "student";
    noticeVersion: number;
    purposes: string[];
    at: Date;
    ip: string | null;
  },
) {
  return db
    .insertInto("consents")
    .values({
      student_id: values.studentId,
      given_by: values.givenBy,
      role: values.role,
      notice_version: values.noticeVersion,
      purposes: JSON.stringify(values.purposes),
      given_at: values.at,
      ip: values.ip,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export function markConsentWithdrawn(db: Db, consentId: string, by: string, at: Date) {
  return db
    .updateTable("consents")
    .set({ withdrawn_at: at, withdrawn_by: by })
    .where("id", "=", consentId)
    .where("withdrawn_at", "is", null)
    .execute();
}

export function insertDeletionRequest(
  db: Db,
  values: {
    studentId: string;
    requestedBy: string;
    reason: "withdrawal" | "request";
    scope: string[];
    note: string | null;
    at: Date;
  },
) {
  return db
    .insertInto("deletion_requests")
    .values({
      student_id: values.studentId,
      requested_by: values.requestedBy,
      reason: values.reason,
      scope: JSON.stringify(values.scope),
      note: values.note,
      created_at: values.at,
      exceptions: JSON.stringify([]),
      result: JSON.stringify({}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

const deletionColumns = [
  "d.id",
  "d.student_id as studentId",
  "s.full_name as studentName",
  "d.requested_by as requestedById",
  "u.display_name as requestedBy",
  "d.reason",
  "d.scope",
  "d.note",
  "d.status",
  "d.exceptions",
  "d.result",
  "d.created_at as createdAt",
  "d.completed_at as completedAt",
] as const;

function deletionQuery(db: Db) {
  return db
    .selectFrom("deletion_requests as d")
    .innerJoin("students as s", "s.id", "d.student_id")
    .innerJoin("users as u", "u.id", "d.requested_by")
    .select(deletionColumns);
}

export function deletionRequestsOfStudent(db: Db, studentId: string) {
  return deletionQuery(db)
    .where("d.student_id", "=", studentId)
    .orderBy("d.created_at", "desc")
    .execute();
}

export function deletionRequestsOfSchool(db: Db, schoolId: string, limit: number) {
  return deletionQuery(db)
    .where("s.school_id", "=", schoolId)
    .orderBy("d.created_at", "desc")
    .limit(limit)
    .execute();
}

export function pendingDeletionRequests(db: Db, limit: number) {
  return db
    .selectFrom("deletion_requests")
    .selectAll()
    .where("status", "=", "pending")
    .orderBy("created_at")
    .limit(limit)
    .execute();
}

/** Takes one pending request for this run; another process running the job skips it. */
export function lockPendingDeletionRequest(db: Db, id: string) {
  return db
    .selectFrom("deletion_requests")
    .selectAll()
    .where("id", "=", id)
    .where("status", "=", "pending")
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
}

export function completeDeletionRequest(
  db: Db,
  id: string,
  values: {
    status: "completed" | "partial";
    exceptions: Array<Record<string, unknown>>;
    result: Record<string, unknown>;
    at: Date;
  },
) {
  return db
    .updateTable("deletion_requests")
    .set({
      status: values.status,
      exceptions: JSON.stringify(values.exceptions),
      result: JSON.stringify(values.result),
      completed_at: values.at,
    })
    .where("id", "=", id)
    .execute();
}

export function findStudent(db: Db, studentId: string) {
  return db
    .selectFrom("students as s")
    .innerJoin("org_units as o", "o.id", "s.school_id")
    .select([
      "s.id",
      "s.user_id",
      "s.school_id",
      "s.student_code",
      "s.full_name",
      "s.date_of_birth",
      "s.gender",
      "s.archived_at",
      "s.created_at",
      "o.name as school_name",
      "o.path as school_path",
    ])
    .where("s.id", "=", studentId)
    .executeTakeFirst();
}

export function studentOfUser(db: Db, userId: string) {
  return db
    .selectFrom("students")
    .select(["id", "school_id", "date_of_birth"])
    .where("user_id", "=", userId)
    .where("archived_at", "is", null)
    .executeTakeFirst();
}

/** Students of schools with their (current) class, for coverage per class. */
export function studentsOfSchools(db: Db, schoolIds: string[]) {
  if (schoolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("students as s")
    .leftJoin("enrolments as e", (join) =>
      join.onRef("e.student_id", "=", "s.id").on("e.left_at", "is", null),
    )
    .leftJoin("classes as c", (join) =>
      join.onRef("c.id", "=", "e.class_id").on("c.archived_at", "is", null),
    )
    .select([
      "s.id",
      "s.user_id as userId",
      "s.school_id as schoolId",
      "s.date_of_birth as dateOfBirth",
      "c.id as classId",
      "c.name as className",
      (eb) =>
        eb
          .selectFrom("parent_links as p")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("p.student_id", "=", "s.id")
          .as("linkedParents"),
    ])
    .where("s.school_id", "in", schoolIds)
    .where("s.archived_at", "is", null)
    .execute();
}

export function studentEnrolments(db: Db, studentId: string) {
  return db
    .selectFrom("enrolments as e")
    .innerJoin("classes as c", "c.id", "e.class_id")
    .leftJoin("users as h", "h.id", "c.homeroom_teacher_id")
    .select([
      "c.id as classId",
      "c.name as className",
      "c.grade",
      "c.school_year as schoolYear",
      "h.display_name as homeroomTeacher",
      "e.created_at as enrolledAt",
      "e.left_at as leftAt",
    ])
    .where("e.student_id", "=", studentId)
    .orderBy("e.created_at")
    .execute();
}

export function linkedParents(db: Db, studentId: string) {
  return db
    .selectFrom("parent_links as p")
    .innerJoin("users as u", "u.id", "p.parent_id")
    .select(["u.id", "u.display_name as displayName", "p.relation", "p.created_at as linkedAt"])
    .where("p.student_id", "=", studentId)
    .orderBy("p.created_at")
    .execute();
}

export function userContact(db: Db, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("users")
    .select(["id", "email", "locale", "display_name"])
    .where("id", "in", userIds)
    .where("disabled_at", "is", null)
    .execute();
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of the school's students a principal means by `text`: the one whose student code it is
 * (any case), or else those whose code or name holds it (the name in any case, with or without
 * tones: "nguyen van an" finds "Nguyễn Văn An"), or the one with that id. Never a student of
 * another school. */
function studentsMatching(db: Db, schoolId: string, text: string) {
  const lowered = text.toLowerCase();
  const pattern = lowerLike(text);
  const exactCode = db
    .selectFrom("students as x")
    .select("x.id")
    .where("x.school_id", "=", schoolId)
    .where(sql<string>`lower(x.student_code)`, "=", lowered);
  return db
    .selectFrom("students as m")
    .select("m.id")
    .where("m.school_id", "=", schoolId)
    .where((eb) =>
      eb.or([
        eb(sql<string>`lower(m.student_code)`, "=", lowered),
        eb.and([
          eb.not(eb.exists(exactCode)),
          eb.or([
            nameContains("m.name_search_key", text),
            eb(sql<string>`lower(m.student_code)`, "like", pattern),
            // Compared only when it is one: a uuid column refuses other text.
            ...(uuidPattern.test(text) ? [eb("m.id", "=", text)] : []),
          ]),
        ]),
      ]),
    );
}

/** How many of the school's students `text` designates (see studentsMatching). */
export async function countStudentsMatching(db: Db, schoolId: string, text: string) {
  const row = await db
    .selectFrom(studentsMatching(db, schoolId, text).as("m"))
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Who looked at children's records of the school: audit entries about students, for one
 * child (`studentId`) or the children a typed code or name designates (`student`). */
export function accessLog(
  db: Db,
  schoolId: string,
  options: { studentId?: string; student?: string; page: number; pageSize: number },
) {
  let query = db
    .selectFrom("audit_log as a")
    .innerJoin("students as s", (join) => join.on(sql`s.id::text`, "=", sql.ref("a.target_id")))
    .leftJoin("users as u", "u.id", "a.actor_id")
    .where("a.target_type", "=", "student")
    .where("s.school_id", "=", schoolId);
  if (options.studentId) query = query.where("s.id", "=", options.studentId);
  if (options.student) {
    query = query.where("s.id", "in", studentsMatching(db, schoolId, options.student));
  }
  const items = query
    .select([
      "a.id",
      "a.at",
      "a.action",
      "a.ip",
      "a.detail",
      "u.id as actorId",
      "u.display_name as actorName",
      "u.username as actorUsername",
      "s.id as studentId",
      "s.full_name as studentName",
    ])
    .orderBy("a.at", "desc")
    .orderBy("a.id")
    .limit(options.pageSize)
    .offset((options.page - 1) * options.pageSize)
    .execute();
  const total = query.select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
  return Promise.all([items, total]).then(([rows, count]) => ({ items: rows, total: count.n }));
}

/** Role names of a user at a school (for the access log's "as"). */
export function rolesAtSchool(db: Db, userIds: string[], schoolId: string) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("role_assignments")
    .select(["user_id", "role"])
    .where("user_id", "in", userIds)
    .where("org_unit_id", "=", schoolId)
    .execute();
}

export const defaultRetention = {
  chatDays: 30,
  attendanceDays: 365,
  familyMessageDays: 365,
  noticeDays: 365,
  trainingDays: 730,
};
export type RetentionSettings = typeof defaultRetention;

export async function retentionOfSchools(
  db: Db,
  schoolIds?: string[],
): Promise<Array<{ schoolId: string } & RetentionSettings>> {
  let query = db
    .selectFrom("org_units as o")
    .leftJoin("retention_settings as r", "r.school_id", "o.id")
    .select([
      "o.id as schoolId",
      "r.chat_days",
      "r.attendance_days",
      "r.family_message_days",
      "r.notice_days",
      "r.training_days",
    ])
    .where("o.kind", "=", "school");
  if (schoolIds) {
    if (schoolIds.length === 0) return [];
    query = query.where("o.id", "in", schoolIds);
  }
  const rows = await query.execute();
  return rows.map((row) => ({
    schoolId: row.schoolId,
    chatDays: row.chat_days ?? defaultRetention.chatDays,
    attendanceDays: row.attendance_days ?? defaultRetention.attendanceDays,
    familyMessageDays: row.family_message_days ?? defaultRetention.familyMessageDays,
    noticeDays: row.notice_days ?? defaultRetention.noticeDays,
    trainingDays: row.training_days ?? defaultRetention.trainingDays,
  }));
}

export function upsertRetention(
  db: Db,
  schoolId: string,
  settings: RetentionSettings,
  by: string,
  at: Date,
) {
  const values = {
    chat_days: settings.chatDays,
    attendance_days: settings.attendanceDays,
    family_message_days: settings.familyMessageDays,
    notice_days: settings.noticeDays,
    training_days: settings.trainingDays,
    updated_by: by,
    updated_at: at,
  };
  return db
    .insertInto("retention_settings")
    .values({ school_id: schoolId, ...values })
    .onConflict((oc) => oc.column("school_id").doUpdateSet(values))
    .execute();
}

/** Claims today's run of a daily job; false when another process (or an earlier tick) did. */
export async function claimDailyRun(db: Db, job: string, runDate: string, at: Date) {
  const row = await db
    .insertInto("privacy_job_runs")
    .values({ job, run_date: runDate, started_at: at, result: JSON.stringify({}) })
    .onConflict((oc) => oc.columns(["job", "run_date"]).doNothing())
    .returning("job")
    .executeTakeFirst();
  return row !== undefined;
}

export function finishDailyRun(
  db: Db,
  job: string,
  runDate: string,
  at: Date,
  result: Record<string, unknown>,
) {
  return db
    .updateTable("privacy_job_runs")
    .set({ finished_at: at, result: JSON.stringify(result) })
    .where("job", "=", job)
    .where("run_date", "=", runDate)
    .execute();
}

export function lastRuns(db: Db, job: string, limit: number) {
  return db
    .selectFrom("privacy_job_runs")
    .selectAll()
    .where("job", "=", job)
    .orderBy("run_date", "desc")
    .limit(limit)
    .execute();
}
