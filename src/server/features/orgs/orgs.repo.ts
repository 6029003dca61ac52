/** SQL for the organisation tree and the relations that decide access to a class. */
import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../db/database.ts";

/** True when `userId` (a value, or a column such as `sql.ref("u.id")`) teaches the class aliased
 * `c` in the surrounding query: its homeroom teacher, or on its list of subject teachers. The one
 * definition every feature uses. */
export function teachesClassC(userId: string | RawBuilder<unknown>) {
  return sql<boolean>`(c.homeroom_teacher_id = ${userId} or exists (
    select 1 from class_teachers t where t.class_id = c.id and t.teacher_id = ${userId}))`;
}

/** True when `userId` is an enrolled student (not left) of the class aliased `c` in the surrounding
 * query; with `includeParents`, also when `userId` is a linked parent of one. */
export function attendsClassC(userId: string, options: { includeParents?: boolean } = {}) {
  const parent = options.includeParents
    ? sql`or exists (select 1 from parent_links p where p.student_id = s.id and p.parent_id = ${userId})`
    : sql``;
  return sql<boolean>`exists (
    select 1 from enrolments e join students s on s.id = e.student_id
    where e.class_id = c.id and e.left_at is null and (s.user_id = ${userId} ${parent}))`;
}

export function findOrg(db: Db, id: string) {
  return db.selectFrom("org_units").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Units whose path starts with one of `paths` (subtrees), optionally without archived ones. */
export function listOrgsUnder(db: Db, paths: string[], includeArchived: boolean) {
  if (paths.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom("org_units")
    .selectAll()
    .where((eb) => eb.or(paths.map((path) => eb("path", "like", `${path}%`))));
  if (!includeArchived) query = query.where("archived_at", "is", null);
  return query.orderBy("path").execute();
}

export function listChildren(db: Db, parentId: string) {
  return db
    .selectFrom("org_units")
    .selectAll()
    .where("parent_id", "=", parentId)
    .orderBy("name_sort_key")
    .execute();
}

export async function insertOrg(
  db: Db,
  values: {
    kind: "department" | "district" | "school";
    parentId: string | null;
    parentPath: string;
    name: string;
    code: string;
    schoolType?: string | null;
    email?: string | null;
    domain?: string | null;
  },
) {
  const row = await db
    .insertInto("org_units")
    .values({
      kind: values.kind,
      parent_id: values.parentId,
      path: "pending",
      name: values.name,
      code: values.code,
      school_type: values.schoolType ?? null,
      email: values.email ?? null,
      domain: values.domain ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const path = `${values.parentPath}${row.id}/`;
  await db.updateTable("org_units").set({ path }).where("id", "=", row.id).execute();
  return { id: row.id, path };
}

export function updateOrg(
  db: Db,
  id: string,
  values: { name?: string; email?: string | null; domain?: string | null },
) {
  return db.updateTable("org_units").set(values).where("id", "=", id).execute();
}

export function archiveOrg(db: Db, id: string, now: Date) {
  return db
    .updateTable("org_units")
    .set({ archived_at: now })
    .where("id", "=", id)
    .where("archived_at", "is", null)
    .execute();
}

export function findClassWithSchool(db: Db, classId: string) {
  return db
    .selectFrom("classes as c")
    .innerJoin("org_units as s", "s.id", "c.school_id")
    .select([
      "c.id",
      "c.school_id",
      "c.name",
      "c.grade",
      "c.school_year",
      "c.homeroom_teacher_id",
      "c.archived_at",
      "s.path as school_path",
      "s.name as school_name",
    ])
    .where("c.id", "=", classId)
    .executeTakeFirst();
}

export async function teachesClass(db: Db, userId: string, classId: string): Promise<boolean> {
  const row = await db
    .selectFrom("classes as c")
    .select("c.id")
    .where("c.id", "=", classId)
    .where(teachesClassC(userId))
    .executeTakeFirst();
  return row !== undefined;
}

/** The student record of `userId` if enrolled (and not left) in the class. */
export function enrolledStudent(db: Db, userId: string, classId: string) {
  return db
    .selectFrom("students as s")
    .innerJoin("enrolments as e", "e.student_id", "s.id")
    .select(["s.id", "s.full_name", "s.student_code"])
    .where("s.user_id", "=", userId)
    .where("e.class_id", "=", classId)
    .where("e.left_at", "is", null)
    .where("s.archived_at", "is", null)
    .executeTakeFirst();
}

/** Students of the class that `parentId` is linked to. */
export function childrenInClass(db: Db, parentId: string, classId: string) {
  return db
    .selectFrom("parent_links as p")
    .innerJoin("enrolments as e", "e.student_id", "p.student_id")
    .select("p.student_id")
    .where("p.parent_id", "=", parentId)
    .where("e.class_id", "=", classId)
    .where("e.left_at", "is", null)
    .execute();
}

export function parentOfStudent(db: Db, parentId: string, studentId: string) {
  return db
    .selectFrom("parent_links")
    .select("student_id")
    .where("parent_id", "=", parentId)
    .where("student_id", "=", studentId)
    .executeTakeFirst();
}

export function findStudentWithSchool(db: Db, studentId: string) {
  return db
    .selectFrom("students as s")
    .innerJoin("org_units as o", "o.id", "s.school_id")
    .select(["s.id", "s.user_id", "s.school_id", "s.full_name", "o.path as school_path"])
    .where("s.id", "=", studentId)
    .executeTakeFirst();
}

/** True when `userId` teaches a class the student is enrolled in now (not one they left: a
 * student's former teachers no longer see their records). */
export async function teachesStudent(db: Db, userId: string, studentId: string) {
  const row = await db
    .selectFrom("enrolments as e")
    .innerJoin("classes as c", "c.id", "e.class_id")
    .select("e.class_id")
    .where("e.student_id", "=", studentId)
    .where("e.left_at", "is", null)
    .where(teachesClassC(userId))
    .executeTakeFirst();
  return row !== undefined;
}

// --- dashboard -------------------------------------------------------------------------------

/** Open schools under the `paths` subtrees with their numbers of open classes, of students
 * not archived, and of teacher profiles. */
export function schoolsWithCountsUnder(db: Db, paths: string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("org_units as s")
    .select([
      "s.id as schoolId",
      "s.name",
      "s.school_type as schoolType",
      (eb) =>
        eb
          .selectFrom("classes as c")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("c.school_id", "=", "s.id")
          .where("c.archived_at", "is", null)
          .as("classes"),
      (eb) =>
        eb
          .selectFrom("students as st")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("st.school_id", "=", "s.id")
          .where("st.archived_at", "is", null)
          .as("students"),
      (eb) =>
        eb
          .selectFrom("teacher_profiles as tp")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("tp.school_id", "=", "s.id")
          .as("teachers"),
    ])
    .where("s.kind", "=", "school")
    .where("s.archived_at", "is", null)
    .where((eb) => eb.or(paths.map((path) => eb("s.path", "like", `${path}%`))))
    .orderBy("s.name_sort_key")
    .execute();
}

/** Number of open districts under the `paths` subtrees. */
export async function countDistrictsUnder(db: Db, paths: string[]): Promise<number> {
  if (paths.length === 0) return 0;
  const row = await db
    .selectFrom("org_units")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("kind", "=", "district")
    .where("archived_at", "is", null)
    .where((eb) => eb.or(paths.map((path) => eb("path", "like", `${path}%`))))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Number of distinct parents linked to a student of a school under the `paths` subtrees. */
export async function countParentsUnder(db: Db, paths: string[]): Promise<number> {
  if (paths.length === 0) return 0;
  const row = await db
    .selectFrom("parent_links as p")
    .innerJoin("students as s", "s.id", "p.student_id")
    .innerJoin("org_units as o", "o.id", "s.school_id")
    .select(sql<number>`count(distinct p.parent_id)::int`.as("n"))
    .where((eb) => eb.or(paths.map((path) => eb("o.path", "like", `${path}%`))))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** A parent's linked, not archived children, once per current class (or once with no class). */
export function childrenWithCurrentClass(db: Db, parentId: string) {
  return db
    .selectFrom("parent_links as p")
    .innerJoin("students as st", "st.id", "p.student_id")
    .innerJoin("org_units as s", "s.id", "st.school_id")
    .leftJoin("enrolments as e", (join) =>
      join.onRef("e.student_id", "=", "st.id").on("e.left_at", "is", null),
    )
    .leftJoin("classes as c", "c.id", "e.class_id")
    .select([
      "st.id",
      "st.full_name as fullName",
      "c.name as className",
      "c.id as classId",
      "s.name as schoolName",
    ])
    .where("p.parent_id", "=", parentId)
    .where("st.archived_at", "is", null)
    .orderBy("st.name_sort_key")
    .orderBy("c.name_sort_key")
    .execute();
}

/** Open classes where `userId` is the homeroom or a subject teacher. */
export function classesTaughtBy(db: Db, userId: string) {
  return db
    .selectFrom("classes as c")
    .innerJoin("org_units as s", "s.id", "c.school_id")
    .select(["c.id", "c.name", "s.name as schoolName"])
    .where("c.archived_at", "is", null)
    .where(teachesClassC(userId))
    .orderBy("c.name_sort_key")
    .execute();
}

/** Open classes in which the student account `userId` is currently enrolled. */
export function classesAttendedBy(db: Db, userId: string) {
  return db
    .selectFrom("students as st")
    .innerJoin("enrolments as e", "e.student_id", "st.id")
    .innerJoin("classes as c", "c.id", "e.class_id")
    .innerJoin("org_units as s", "s.id", "c.school_id")
    .select(["c.id", "c.name", "s.name as schoolName"])
    .where("st.user_id", "=", userId)
    .where("e.left_at", "is", null)
    .where("c.archived_at", "is", null)
    .execute();
}

/** Classes (archived ones included) in which a child linked to `parentId` is currently
 * enrolled, one row per child and class. */
export function classesOfChildren(db: Db, parentId: string) {
  return db
    .selectFrom("parent_links as p")
    .innerJoin("students as st", "st.id", "p.student_id")
    .innerJoin("enrolments as e", "e.student_id", "st.id")
    .innerJoin("classes as c", "c.id", "e.class_id")
    .innerJoin("org_units as s", "s.id", "c.school_id")
    .select(["c.id", "c.name", "s.name as schoolName", "st.full_name as childName"])
    .where("p.parent_id", "=", parentId)
    .where("e.left_at", "is", null)
    .execute();
}

/** `value` as literal text inside a LIKE pattern (its %, _ and backslashes escaped). */
const likeLiteral = (value: string) => value.replace(/[%_\\]/g, "\\$&");

export const lowerLike = (value: string) => `%${likeLiteral(value.toLowerCase())}%`;

/** The rows whose name search key (`name_search_key` of students or users, migration 0011) holds
 * `text` whatever its case and tones: "nguyen van an" and "NGUYỄN VĂN" both find "Nguyễn Văn An".
 * The typed text goes through the same SQL function as the names. */
export const nameContains = (searchKeyColumn: string, text: string) =>
  sql<boolean>`${sql.ref(searchKeyColumn)} like ('%' || vietnamese_search_key(${likeLiteral(text)}) || '%')`;

export const lower = (column: string) => sql`lower(${sql.ref(column)})`;
