/** SQL of the school–family feature: link codes, parent accounts and links, the children's
 * summaries, family messages, school notices and absence alerts. */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { studentRows } from "../../db/student-rows.repo.ts";

export function studentsForCodes(db: Db, classId: string, studentIds?: string[]) {
  let query = db
    .selectFrom("enrolments as e")
    .innerJoin("students as s", "s.id", "e.student_id")
    .innerJoin("classes as c", "c.id", "e.class_id")
    .innerJoin("org_units as o", "o.id", "s.school_id")
    .select([
      "s.id",
      "s.full_name as fullName",
      "s.student_code as studentCode",
      "s.parent_email as parentEmail",
      "c.name as className",
      "o.name as schoolName",
      "s.school_id as schoolId",
    ])
    .where("e.class_id", "=", classId)
    .where("e.left_at", "is", null)
    .where("s.archived_at", "is", null);
  if (studentIds) query = query.where("s.id", "in", studentIds);
  return query.orderBy("s.name_sort_key").execute();
}

export function revokeUnusedCodes(db: Db, studentIds: string[], now: Date) {
  if (studentIds.length === 0) return Promise.resolve();
  return db
    .updateTable("parent_link_codes")
    .set({ revoked_at: now })
    .where("student_id", "in", studentIds)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .execute()
    .then(() => undefined);
}

export function insertCodes(
  db: Db,
  rows: Array<{
    studentId: string;
    codeHash: string;
    createdBy: string;
    at: Date;
    expiresAt: Date;
  }>,
) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto("parent_link_codes")
    .values(
      rows.map((row) => ({
        student_id: row.studentId,
        code_hash: row.codeHash,
        created_by: row.createdBy,
        created_at: row.at,
        expires_at: row.expiresAt,
      })),
    )
    .execute()
    .then(() => undefined);
}

/** The code row, locked until the transaction ends (two people typing it at once). */
export function lockCode(db: Db, codeHash: string) {
  return db
    .selectFrom("parent_link_codes as k")
    .innerJoin("students as s", "s.id", "k.student_id")
    .select([
      "k.id",
      "k.student_id",
      "k.expires_at",
      "k.used_at",
      "k.revoked_at",
      "s.school_id",
      "s.full_name",
      "s.archived_at",
    ])
    .where("k.code_hash", "=", codeHash)
    .forUpdate("k")
    .executeTakeFirst();
}

export function markCodeUsed(db: Db, id: string, userId: string, now: Date) {
  return db
    .updateTable("parent_link_codes")
    .set({ used_at: now, used_by: userId })
    .where("id", "=", id)
    .execute();
}

/** Students on the class roster now, with how many parent accounts each has linked. */
function rosterWithParentsQuery(db: Db, classId: string) {
  return db
    .selectFrom("enrolments as e")
    .innerJoin("students as s", "s.id", "e.student_id")
    .select([
      "s.id",
      "s.full_name as fullName",
      "s.student_code as studentCode",
      "s.date_of_birth as dateOfBirth",
      "s.parent_email as parentEmail",
      (eb) =>
        eb
          .selectFrom("parent_links as p")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("p.student_id", "=", "s.id")
          .as("linkedParents"),
    ])
    .where("e.class_id", "=", classId)
    .where("e.left_at", "is", null)
    .where("s.archived_at", "is", null)
    .orderBy("s.name_sort_key");
}

/** The class roster with linked parents (consent coverage, link codes). */
export function classRosterWithParents(db: Db, classId: string) {
  return rosterWithParentsQuery(db, classId).execute();
}

/** The roster with each student's newest usable code and last code (the link-code page). */
export function codeStatusOfClass(db: Db, classId: string) {
  return rosterWithParentsQuery(db, classId)
    .select([
      (eb) =>
        eb
          .selectFrom("parent_link_codes as k")
          .select("k.expires_at")
          .whereRef("k.student_id", "=", "s.id")
          .where("k.used_at", "is", null)
          .where("k.revoked_at", "is", null)
          .orderBy("k.created_at", "desc")
          .limit(1)
          .as("codeExpiresAt"),
      (eb) =>
        eb
          .selectFrom("parent_link_codes as k")
          .select("k.created_at")
          .whereRef("k.student_id", "=", "s.id")
          .orderBy("k.created_at", "desc")
          .limit(1)
          .as("lastCodeAt"),
    ])
    .execute();
}

export function loginTaken(db: Db, username: string, email: string | null) {
  return db
    .selectFrom("users")
    .select([
      "id",
      sql<string>`lower(username)`.as("username"),
      sql<string>`lower(email)`.as("email"),
    ])
    .where((eb) =>
      eb.or([
        eb(sql`lower(username)`, "=", username.toLowerCase()),
        ...(email ? [eb(sql`lower(email)`, "=", email.toLowerCase())] : []),
      ]),
    )
    .execute();
}

export function insertUser(
  db: Db,
  values: { username: string; email: string | null; displayName: string; passwordHash: string },
) {
  return db
    .insertInto("users")
    .values({
      username: values.username,
      email: values.email,
      display_name: values.displayName,
      password_hash: values.passwordHash,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export function grantParentRole(db: Db, userId: string, schoolId: string) {
  return db
    .insertInto("role_assignments")
    .values({ user_id: userId, role: "parent", org_unit_id: schoolId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function linkParent(db: Db, parentId: string, studentId: string) {
  const row = await db
    .insertInto("parent_links")
    .values({ parent_id: parentId, student_id: studentId, relation: "parent" })
    .onConflict((oc) => oc.doNothing())
    .returning("student_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** A parent's children with their current class, school and homeroom teacher. */
export function childrenOf(db: Db, parentId: string) {
  return db
    .selectFrom("parent_links as p")
    .innerJoin("students as s", "s.id", "p.student_id")
    .innerJoin("org_units as o", "o.id", "s.school_id")
    .leftJoin("enrolments as e", (join) =>
      join.onRef("e.student_id", "=", "s.id").on("e.left_at", "is", null),
    )
    .leftJoin("classes as c", (join) =>
      join.onRef("c.id", "=", "e.class_id").on("c.archived_at", "is", null),
    )
    .leftJoin("users as h", "h.id", "c.homeroom_teacher_id")
    .select([
      "s.id",
      "s.full_name as fullName",
      "s.student_code as studentCode",
      "s.date_of_birth as dateOfBirth",
      "s.school_id as schoolId",
      "o.name as schoolName",
      "c.id as classId",
      "c.name as className",
      "h.id as homeroomTeacherId",
      "h.display_name as homeroomTeacherName",
      "p.relation",
    ])
    .where("p.parent_id", "=", parentId)
    .where("s.archived_at", "is", null)
    .orderBy("s.name_sort_key")
    .execute();
}

export function unreadForParent(db: Db, parentId: string) {
  return db
    .selectFrom("family_messages as m")
    .innerJoin("parent_links as p", "p.student_id", "m.student_id")
    .select(["m.student_id", sql<number>`count(*)::int`.as("n")])
    .where("p.parent_id", "=", parentId)
    .where("m.sender_role", "=", "teacher")
    .where("m.read_at", "is", null)
    .groupBy("m.student_id")
    .execute();
}

export function linkedParentIds(db: Db, studentIds: string[]) {
  if (studentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("parent_links as p")
    .innerJoin("users as u", "u.id", "p.parent_id")
    .select(["p.parent_id", "p.student_id"])
    .where("p.student_id", "in", studentIds)
    .where("u.disabled_at", "is", null)
    .execute();
}

/** Teachers of any current class of the student (homeroom or subject). */
export function teachersOfStudent(db: Db, studentId: string) {
  return db
    .selectFrom("enrolments as e")
    .innerJoin("classes as c", "c.id", "e.class_id")
    .leftJoin("class_teachers as t", "t.class_id", "c.id")
    .select(["c.id as classId", "c.homeroom_teacher_id as homeroomId", "t.teacher_id as teacherId"])
    .where("e.student_id", "=", studentId)
    .where("e.left_at", "is", null)
    .where("c.archived_at", "is", null)
    .execute();
}

export function userNames(db: Db, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db.selectFrom("users").select(["id", "display_name"]).where("id", "in", userIds).execute();
}

export function insertFamilyMessage(
  db: Db,
  values: {
    studentId: string;
    teacherId: string;
    senderId: string;
    senderRole: "teacher" | "parent";
    verifiedTeacher: boolean;
    body: string;
    at: Date;
  },
) {
  return db
    .insertInto("family_messages")
    .values({
      student_id: values.studentId,
      teacher_id: values.teacherId,
      sender_id: values.senderId,
      sender_role: values.senderRole,
      verified_teacher: values.verifiedTeacher,
      body: values.body,
      created_at: values.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

const messageColumns = [
  "m.id",
  "m.student_id as studentId",
  "m.teacher_id as teacherId",
  "m.sender_id as senderId",
  "u.display_name as senderName",
  "m.sender_role as senderRole",
  "m.verified_teacher as verifiedTeacher",
  "m.body",
  "m.created_at as createdAt",
  "m.read_at as readAt",
] as const;

export function threadMessages(db: Db, studentId: string, teacherId: string, limit: number) {
  return db
    .selectFrom("family_messages as m")
    .innerJoin("users as u", "u.id", "m.sender_id")
    .select(messageColumns)
    .where("m.student_id", "=", studentId)
    .where("m.teacher_id", "=", teacherId)
    .orderBy("m.created_at", "desc")
    .orderBy("m.id", "desc")
    .limit(limit)
    .execute()
    .then((rows) => rows.reverse());
}

/** Marks as read what the other side sent in the thread. */
export function markThreadRead(
  db: Db,
  studentId: string,
  teacherId: string,
  readerSide: "teacher" | "parent",
  now: Date,
) {
  return db
    .updateTable("family_messages")
    .set({ read_at: now })
    .where("student_id", "=", studentId)
    .where("teacher_id", "=", teacherId)
    .where("sender_role", "!=", readerSide)
    .where("read_at", "is", null)
    .executeTakeFirst();
}

/** A teacher's threads (one per student) with the last message and unread count. */
export function teacherThreads(db: Db, teacherId: string) {
  return db
    .selectFrom("family_messages as m")
    .innerJoin("students as s", "s.id", "m.student_id")
    .select([
      "m.student_id as studentId",
      "s.full_name as studentName",
      sql<Date>`max(m.created_at)`.as("lastAt"),
      sql<number>`count(*) filter (where m.read_at is null and m.sender_role = 'parent')::int`.as(
        "unread",
      ),
    ])
    .where("m.teacher_id", "=", teacherId)
    .groupBy(["m.student_id", "s.full_name"])
    .orderBy(sql`max(m.created_at)`, "desc")
    .limit(200)
    .execute();
}

export function parentThreads(db: Db, parentId: string) {
  return db
    .selectFrom("family_messages as m")
    .innerJoin("parent_links as p", "p.student_id", "m.student_id")
    .innerJoin("students as s", "s.id", "m.student_id")
    .innerJoin("users as t", "t.id", "m.teacher_id")
    .select([
      "m.student_id as studentId",
      "s.full_name as studentName",
      "m.teacher_id as teacherId",
      "t.display_name as teacherName",
      sql<Date>`max(m.created_at)`.as("lastAt"),
      sql<number>`count(*) filter (where m.read_at is null and m.sender_role = 'teacher')::int`.as(
        "unread",
      ),
    ])
    .where("p.parent_id", "=", parentId)
    .groupBy(["m.student_id", "s.full_name", "m.teacher_id", "t.display_name"])
    .orderBy(sql`max(m.created_at)`, "desc")
    .limit(200)
    .execute();
}

export function familyMessagesOfStudent(db: Db, studentId: string) {
  return db
    .selectFrom("family_messages as m")
    .innerJoin("users as u", "u.id", "m.sender_id")
    .innerJoin("users as t", "t.id", "m.teacher_id")
    .select([
      "m.created_at as sentAt",
      "u.display_name as from",
      "m.sender_role as senderRole",
      "t.display_name as teacher",
      "m.body",
      "m.read_at as readAt",
    ])
    .where("m.student_id", "=", studentId)
    .orderBy("m.created_at")
    .execute();
}

/** Family messages about a student: erasure and retention (the export joins names). */
export const familyMessageRows = studentRows("family_messages", {
  columns: { sentAt: "created_at", body: "body" },
  dateColumn: "created_at",
});

export function insertNotice(
  db: Db,
  values: {
    schoolId: string;
    classId: string | null;
    authorId: string;
    title: string;
    body: string;
    at: Date;
  },
) {
  return db
    .insertInto("school_notices")
    .values({
      school_id: values.schoolId,
      class_id: values.classId,
      author_id: values.authorId,
      title: values.title,
      body: values.body,
      created_at: values.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

const noticeColumns = [
  "n.id",
  "n.school_id as schoolId",
  "n.class_id as classId",
  "c.name as className",
  "n.title",
  "n.body",
  "u.display_name as author",
  "n.created_at as createdAt",
] as const;

/** Notices a family of a class sees: school-wide ones and the class's own. */
export function noticesFor(db: Db, schoolId: string, classIds: string[], since: Date) {
  return db
    .selectFrom("school_notices as n")
    .innerJoin("users as u", "u.id", "n.author_id")
    .leftJoin("classes as c", "c.id", "n.class_id")
    .select(noticeColumns)
    .where("n.school_id", "=", schoolId)
    .where((eb) =>
      eb.or([
        eb("n.class_id", "is", null),
        ...(classIds.length ? [eb("n.class_id", "in", classIds)] : []),
      ]),
    )
    .where("n.created_at", ">=", since)
    .orderBy("n.created_at", "desc")
    .limit(50)
    .execute();
}

export function noticesOfSchool(db: Db, schoolId: string) {
  return db
    .selectFrom("school_notices as n")
    .innerJoin("users as u", "u.id", "n.author_id")
    .leftJoin("classes as c", "c.id", "n.class_id")
    .select(noticeColumns)
    .where("n.school_id", "=", schoolId)
    .orderBy("n.created_at", "desc")
    .limit(200)
    .execute();
}

export function findNotice(db: Db, id: string) {
  return db.selectFrom("school_notices").selectAll().where("id", "=", id).executeTakeFirst();
}

export function deleteNotice(db: Db, id: string) {
  return db.deleteFrom("school_notices").where("id", "=", id).execute();
}

export function purgeNotices(db: Db, schoolId: string, before: Date) {
  return db
    .deleteFrom("school_notices")
    .where("school_id", "=", schoolId)
    .where("created_at", "<", before)
    .executeTakeFirst();
}

export function enrolledStudentsOfClass(db: Db, classId: string) {
  return db
    .selectFrom("enrolments as e")
    .innerJoin("students as s", "s.id", "e.student_id")
    .select(["s.id", "s.full_name as fullName", "s.school_id as schoolId"])
    .where("e.class_id", "=", classId)
    .where("e.left_at", "is", null)
    .where("s.archived_at", "is", null)
    .execute();
}

/** Records that the alert for (session, student) went out; false if it already had. */
export async function claimAbsenceAlert(
  db: Db,
  sessionId: string,
  studentId: string,
  status: string,
  at: Date,
) {
  const row = await db
    .insertInto("absence_alerts")
    .values({ session_id: sessionId, student_id: studentId, status, created_at: at })
    .onConflict((oc) => oc.columns(["session_id", "student_id"]).doNothing())
    .returning("student_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Absence alerts sent about a student (export, erasure, retention). */
export const absenceAlertRows = studentRows("absence_alerts", {
  columns: { session: "session_id", status: "status", sentAt: "created_at" },
  dateColumn: "created_at",
});

/** Parent link codes issued for a student; the retention purge goes by expiry. */
export const linkCodeRows = studentRows("parent_link_codes", {
  columns: { createdAt: "created_at", expiresAt: "expires_at", usedAt: "used_at" },
  dateColumn: "expires_at",
});

/** Parents reached by a notice: of the whole school, or of one class. */
export async function parentsOfAudience(db: Db, schoolId: string, classId: string | null) {
  let query = db
    .selectFrom("parent_links as p")
    .innerJoin("students as s", "s.id", "p.student_id")
    .select("p.parent_id")
    .distinct()
    .where("s.school_id", "=", schoolId)
    .where("s.archived_at", "is", null);
  if (classId) {
    query = query.where("s.id", "in", (eb) =>
      eb
        .selectFrom("enrolments")
        .select("student_id")
        .where("class_id", "=", classId)
        .where("left_at", "is", null),
    );
  }
  const rows = await query.execute();
  return rows.map((row) => row.parent_id);
}

export function studentNames(db: Db, studentIds: string[]) {
  if (studentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("students")
    .select(["id", "full_name"])
    .where("id", "in", studentIds)
    .execute();
}
