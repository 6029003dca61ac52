/** SQL of roster import and export. */
import { sql } from "kysely";
import { compareVietnamese, compareVietnameseNames } from "../../../shared/names.ts";
import type { Db } from "../../db/database.ts";

export function insertPreview(
  db: Db,
  values: { schoolId: string; kind: string; createdBy: string; rows: unknown; createdAt: Date },
) {
  return db
    .insertInto("roster_previews")
    .values({
      school_id: values.schoolId,
      kind: values.kind,
      created_by: values.createdBy,
      rows: JSON.stringify(values.rows),
      created_at: values.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** A preview of the school that has not expired (created after `notBefore`). */
export function findPreview(db: Db, id: string, schoolId: string, notBefore: Date) {
  return db
    .selectFrom("roster_previews")
    .selectAll()
    .where("id", "=", id)
    .where("school_id", "=", schoolId)
    .where("created_at", ">", notBefore)
    .executeTakeFirst();
}

/** Marks the preview used; undefined when it was already used, expired or is not this school's. */
export function consumePreview(db: Db, id: string, schoolId: string, notBefore: Date, now: Date) {
  return db
    .updateTable("roster_previews")
    .set({ consumed_at: now })
    .where("id", "=", id)
    .where("school_id", "=", schoolId)
    .where("created_at", ">", notBefore)
    .where("consumed_at", "is", null)
    .returning(["id", "kind", "rows"])
    .executeTakeFirst();
}

export function savePreviewRows(db: Db, id: string, rows: unknown) {
  return db
    .updateTable("roster_previews")
    .set({ rows: JSON.stringify(rows) })
    .where("id", "=", id)
    .execute();
}

export function deletePreviewsBefore(db: Db, before: Date) {
  return db.deleteFrom("roster_previews").where("created_at", "<", before).executeTakeFirst();
}

export function studentsByCodes(db: Db, schoolId: string, lowerCodes: string[]) {
  if (lowerCodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("students")
    .select(["id", "user_id", "student_code"])
    .where("school_id", "=", schoolId)
    .where(sql<string>`lower(student_code)`, "in", lowerCodes)
    .execute();
}

export function classesOfYear(db: Db, schoolId: string, schoolYear: string) {
  return db
    .selectFrom("classes")
    .select(["id", "name", "archived_at"])
    .where("school_id", "=", schoolId)
    .where("school_year", "=", schoolYear)
    .execute();
}

export function insertClass(
  db: Db,
  values: { schoolId: string; name: string; grade: number; schoolYear: string },
) {
  return db
    .insertInto("classes")
    .values({
      school_id: values.schoolId,
      name: values.name,
      grade: values.grade,
      school_year: values.schoolYear,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export async function usernamesTaken(db: Db, lowerNames: string[]): Promise<Set<string>> {
  if (lowerNames.length === 0) return new Set();
  const rows = await db
    .selectFrom("users")
    .select(sql<string>`lower(username)`.as("name"))
    .where(sql<string>`lower(username)`, "in", lowerNames)
    .execute();
  return new Set(rows.map((row) => row.name));
}

/** Usernames starting with `prefix` (to pick the next free suffix). */
export async function usernamesLike(db: Db, prefix: string): Promise<Set<string>> {
  const escaped = prefix.replace(/[\\%_]/g, (char) => `\\${char}`);
  const rows = await db
    .selectFrom("users")
    .select(sql<string>`lower(username)`.as("name"))
    .where(sql<string>`lower(username)`, "like", `${escaped}%`)
    .execute();
  return new Set(rows.map((row) => row.name));
}

export function insertUser(
  db: Db,
  values: {
    username: string;
    displayName: string;
    email: string | null;
    passwordHash: string | null;
    mustChangePassword: boolean;
  },
) {
  return db
    .insertInto("users")
    .values({
      username: values.username,
      display_name: values.displayName,
      email: values.email,
      password_hash: values.passwordHash,
      must_change_password: values.mustChangePassword,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

export function updateUser(db: Db, id: string, values: { displayName: string; email?: string }) {
  return db
    .updateTable("users")
    .set({
      display_name: values.displayName,
      ...(values.email !== undefined ? { email: values.email } : {}),
    })
    .where("id", "=", id)
    .execute();
}

export function grantRole(db: Db, userId: string, role: string, orgUnitId: string) {
  return db
    .insertInto("role_assignments")
    .values({ user_id: userId, role, org_unit_id: orgUnitId })
    .onConflict((oc) => oc.columns(["user_id", "role", "org_unit_id"]).doNothing())
    .execute();
}

export interface StudentValues {
  fullName: string;
  dateOfBirth: string | null;
  gender: "male" | "female" | "other" | null;
  parentPhone: string | null;
  parentEmail: string | null;
}

const CHUNK = 500;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += CHUNK) {
    out.push(items.slice(index, index + CHUNK));
  }
  return out;
}

/** Inserts accounts without passwords; returns their ids by username. */
export async function insertUsers(
  db: Db,
  rows: Array<{ username: string; displayName: string }>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const chunk of chunks(rows)) {
    const inserted = await db
      .insertInto("users")
      .values(chunk.map((row) => ({ username: row.username, display_name: row.displayName })))
      .returning(["id", "username"])
      .execute();
    for (const row of inserted) ids.set(row.username, row.id);
  }
  return ids;
}

export async function grantRoles(db: Db, userIds: string[], role: string, orgUnitId: string) {
  for (const chunk of chunks(userIds)) {
    await db
      .insertInto("role_assignments")
      .values(chunk.map((userId) => ({ user_id: userId, role, org_unit_id: orgUnitId })))
      .onConflict((oc) => oc.columns(["user_id", "role", "org_unit_id"]).doNothing())
      .execute();
  }
}

/** Inserts student records; returns their ids by user id. */
export async function insertStudents(
  db: Db,
  schoolId: string,
  rows: Array<StudentValues & { userId: string; studentCode: string }>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const chunk of chunks(rows)) {
    const inserted = await db
      .insertInto("students")
      .values(
        chunk.map((row) => ({
          school_id: schoolId,
          user_id: row.userId,
          student_code: row.studentCode,
          full_name: row.fullName,
          date_of_birth: row.dateOfBirth,
          gender: row.gender,
          parent_phone: row.parentPhone,
          parent_email: row.parentEmail,
        })),
      )
      .returning(["id", "user_id"])
      .execute();
    for (const row of inserted) ids.set(row.user_id, row.id);
  }
  return ids;
}

/** Updates many students and their accounts' display names at once. */
export async function updateStudents(
  db: Db,
  rows: Array<StudentValues & { id: string; userId: string }>,
  now: Date,
) {
  for (const chunk of chunks(rows)) {
    const values = sql.join(
      chunk.map(
        (row) =>
          sql`(${row.id}::uuid, ${row.userId}::uuid, ${row.fullName}::text, ${row.dateOfBirth}::date, ${row.gender}::text, ${row.parentPhone}::text, ${row.parentEmail}::text)`,
      ),
    );
    await sql`update students as s
      set full_name = v.full_name, date_of_birth = v.date_of_birth, gender = v.gender,
          parent_phone = v.parent_phone, parent_email = v.parent_email,
          archived_at = null, updated_at = ${now}
      from (values ${values}) as v(id, user_id, full_name, date_of_birth, gender, parent_phone, parent_email)
      where s.id = v.id`.execute(db);
    await sql`update users as u set display_name = v.full_name
      from (values ${values}) as v(id, user_id, full_name, date_of_birth, gender, parent_phone, parent_email)
      where u.id = v.user_id`.execute(db);
  }
}

/** Puts each student in their class and closes their other open enrolments in the school. */
export async function placeInClasses(
  db: Db,
  placements: Array<{ studentId: string; classId: string }>,
  schoolId: string,
  now: Date,
) {
  const byClass = new Map<string, string[]>();
  for (const { studentId, classId } of placements) {
    byClass.set(classId, [...(byClass.get(classId) ?? []), studentId]);
  }
  for (const [classId, studentIds] of byClass) {
    for (const chunk of chunks(studentIds)) {
      await db
        .updateTable("enrolments")
        .set({ left_at: now })
        .where("student_id", "in", chunk)
        .where("class_id", "!=", classId)
        .where("left_at", "is", null)
        .where("class_id", "in", (eb) =>
          eb.selectFrom("classes").select("id").where("school_id", "=", schoolId),
        )
        .execute();
    }
  }
  for (const chunk of chunks(placements)) {
    await db
      .insertInto("enrolments")
      .values(
        chunk.map((row) => ({ class_id: row.classId, student_id: row.studentId, created_at: now })),
      )
      .onConflict((oc) => oc.columns(["class_id", "student_id"]).doUpdateSet({ left_at: null }))
      .execute();
  }
}

export function teachersByCodes(db: Db, schoolId: string, lowerCodes: string[]) {
  if (lowerCodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("teacher_profiles")
    .select(["user_id", "teacher_code"])
    .where("school_id", "=", schoolId)
    .where(sql<string>`lower(teacher_code)`, "in", lowerCodes)
    .execute();
}

/** Accounts by e-mail, with whether they hold only teacher roles and a profile at the school. */
export async function accountsByEmails(db: Db, schoolId: string, lowerEmails: string[]) {
  if (lowerEmails.length === 0) return [];
  return db
    .selectFrom("users as u")
    .select([
      "u.id",
      sql<string>`lower(u.email)`.as("email"),
      sql<boolean>`not exists (select 1 from role_assignments r where r.user_id = u.id and r.role <> 'teacher')`.as(
        "onlyTeacher",
      ),
      sql<boolean>`exists (select 1 from teacher_profiles p where p.user_id = u.id and p.school_id = ${schoolId})`.as(
        "hasProfileHere",
      ),
    ])
    .where(sql<string>`lower(u.email)`, "in", lowerEmails)
    .execute();
}

export function upsertTeacherProfile(
  db: Db,
  values: {
    userId: string;
    schoolId: string;
    teacherCode: string;
    phone: string | null;
    subjects: string;
    now: Date;
  },
) {
  return db
    .insertInto("teacher_profiles")
    .values({
      user_id: values.userId,
      school_id: values.schoolId,
      teacher_code: values.teacherCode,
      phone: values.phone,
      subjects: values.subjects,
    })
    .onConflict((oc) =>
      oc.columns(["user_id", "school_id"]).doUpdateSet({
        teacher_code: values.teacherCode,
        phone: values.phone,
        subjects: values.subjects,
        updated_at: values.now,
      }),
    )
    .execute();
}

const exportColumns = [
  "s.student_code as studentCode",
  "s.full_name as fullName",
  "c.name as className",
  sql<string | null>`to_char(s.date_of_birth, 'DD/MM/YYYY')`.as("dateOfBirth"),
  "s.gender",
  "s.parent_phone as parentPhone",
  "s.parent_email as parentEmail",
] as const;

/** Export rows in class-list order: by class, then `compareVietnameseNames`, then code. */
function inClassListOrder<
  T extends { className: string | null; fullName: string; studentCode: string },
>(rows: T[]): T[] {
  return rows.sort(
    (a, b) =>
      compareVietnamese(a.className ?? "", b.className ?? "") ||
      compareVietnameseNames(a.fullName, b.fullName) ||
      compareVietnamese(a.studentCode, b.studentCode),
  );
}

export async function classRosterForExport(db: Db, classId: string) {
  const rows = await db
    .selectFrom("enrolments as e")
    .innerJoin("students as s", "s.id", "e.student_id")
    .innerJoin("classes as c", "c.id", "e.class_id")
    .select([...exportColumns])
    .where("e.class_id", "=", classId)
    .where("e.left_at", "is", null)
    .where("s.archived_at", "is", null)
    .execute();
  return inClassListOrder(rows);
}

export async function schoolStudentsForExport(db: Db, schoolId: string) {
  const rows = await db
    .selectFrom("students as s")
    .leftJoin("enrolments as e", (join) =>
      join.onRef("e.student_id", "=", "s.id").on("e.left_at", "is", null),
    )
    .leftJoin("classes as c", "c.id", "e.class_id")
    .select([...exportColumns])
    .where("s.school_id", "=", schoolId)
    .where("s.archived_at", "is", null)
    .execute();
  return inClassListOrder(rows);
}
