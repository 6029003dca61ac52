/** SQL for classes, enrolments, teacher assignments and the people lists of a school. */
import { sql, type SelectQueryBuilder } from "kysely";
import { byVietnameseName } from "../../../shared/names.ts";
import type { Db } from "../../db/database.ts";
import { lowerLike, nameContains, teachesClassC } from "../orgs/index.ts";

/** The total of a filtered list and one page of it, in the order `sorted` gives. */
async function countAndPage<DB, TB extends keyof DB, O>(
  db: Db,
  base: SelectQueryBuilder<DB, TB, O>,
  sorted: (query: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, O>,
  page: { page: number; pageSize: number },
): Promise<{ items: O[]; total: number }> {
  const total = await db
    .selectFrom(base.as("x"))
    .select(sql<number>`count(*)::int`.as("n"))
    .executeTakeFirstOrThrow();
  const items = await sorted(base)
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize)
    .execute();
  return { items, total: total.n };
}

const classColumns = [
  "c.id",
  "c.school_id as schoolId",
  "s.name as schoolName",
  "c.name",
  "c.grade",
  "c.school_year as schoolYear",
  "c.homeroom_teacher_id as homeroomTeacherId",
  "h.display_name as homeroomTeacherName",
  "c.archived_at as archivedAt",
] as const;

function classesQuery(db: Db) {
  return db
    .selectFrom("classes as c")
    .innerJoin("org_units as s", "s.id", "c.school_id")
    .leftJoin("users as h", "h.id", "c.homeroom_teacher_id")
    .select([
      ...classColumns,
      (eb) =>
        eb
          .selectFrom("enrolments as e")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("e.class_id", "=", "c.id")
          .where("e.left_at", "is", null)
          .as("studentCount"),
    ]);
}

/** The class's current students, in class-list order (`byVietnameseName`). */
export async function classRoster(db: Db, classId: string) {
  const rows = await db
    .selectFrom("enrolments as e")
    .innerJoin("students as s", "s.id", "e.student_id")
    .select([
      "s.id",
      "s.user_id as userId",
      "s.student_code as studentCode",
      "s.full_name as fullName",
      "s.date_of_birth as dateOfBirth",
      "s.gender",
    ])
    .where("e.class_id", "=", classId)
    .where("e.left_at", "is", null)
    .where("s.archived_at", "is", null)
    .execute();
  return byVietnameseName(rows, (row) => row.fullName);
}

export function classTeachers(db: Db, classId: string) {
  return db
    .selectFrom("class_teachers as t")
    .innerJoin("users as u", "u.id", "t.teacher_id")
    .select(["u.id as userId", "u.display_name as displayName", "t.subject"])
    .where("t.class_id", "=", classId)
    .orderBy("u.name_sort_key")
    .execute();
}

export function isTeacherOfSchool(db: Db, userId: string, schoolId: string) {
  return db
    .selectFrom("role_assignments")
    .select("id")
    .where("user_id", "=", userId)
    .where("role", "=", "teacher")
    .where("org_unit_id", "=", schoolId)
    .executeTakeFirst();
}

export function studentOfSchool(db: Db, studentId: string, schoolId: string) {
  return db
    .selectFrom("students")
    .select("id")
    .where("id", "=", studentId)
    .where("school_id", "=", schoolId)
    .executeTakeFirst();
}

/** Classes the viewer teaches (homeroom or subject) or that lie in a subtree they manage,
 * filtered and paged; the total counts every match. */
export async function listClasses(
  db: Db,
  viewer: { userId: string; managedPaths: string[] },
  filter: {
    schoolId?: string | undefined;
    includeArchived: boolean;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  let base = classesQuery(db).where((eb) => {
    const visible = [
      teachesClassC(viewer.userId),
      ...viewer.managedPaths.map((path) => eb("s.path", "like", `${path}%`)),
    ];
    return eb.or(visible);
  });
  if (filter.schoolId) base = base.where("c.school_id", "=", filter.schoolId);
  if (!filter.includeArchived) base = base.where("c.archived_at", "is", null);
  if (filter.q) base = base.where(sql`lower(c.name)`, "like", lowerLike(filter.q));
  return countAndPage(
    db,
    base,
    (query) =>
      query
        .orderBy("s.name_sort_key")
        .orderBy("c.grade")
        .orderBy("c.name_sort_key")
        .orderBy("c.id"),
    filter,
  );
}

/** One class with its school, homeroom teacher and number of enrolled students. */
export function findClass(db: Db, id: string) {
  return classesQuery(db).where("c.id", "=", id).executeTakeFirst();
}

/** Like `findClass`, but rejects (Kysely's NoResultError) when the class does not exist. */
export function getClass(db: Db, id: string) {
  return classesQuery(db).where("c.id", "=", id).executeTakeFirstOrThrow();
}

export function insertClass(
  db: Db,
  values: {
    schoolId: string;
    name: string;
    grade: number;
    schoolYear: string;
    homeroomTeacherId: string | null;
  },
) {
  return db
    .insertInto("classes")
    .values({
      school_id: values.schoolId,
      name: values.name,
      grade: values.grade,
      school_year: values.schoolYear,
      homeroom_teacher_id: values.homeroomTeacherId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Sets the given fields; fields left undefined keep their value. */
export function updateClass(
  db: Db,
  id: string,
  changes: {
    name?: string | undefined;
    grade?: number | undefined;
    schoolYear?: string | undefined;
    homeroomTeacherId?: string | null | undefined;
  },
) {
  return db
    .updateTable("classes")
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.grade !== undefined ? { grade: changes.grade } : {}),
      ...(changes.schoolYear !== undefined ? { school_year: changes.schoolYear } : {}),
      ...(changes.homeroomTeacherId !== undefined
        ? { homeroom_teacher_id: changes.homeroomTeacherId }
        : {}),
    })
    .where("id", "=", id)
    .execute();
}

export function archiveClass(db: Db, id: string, now: Date) {
  return db
    .updateTable("classes")
    .set({ archived_at: now })
    .where("id", "=", id)
    .where("archived_at", "is", null)
    .execute();
}

/** Assigns a subject teacher; assigning the same teacher again changes nothing. */
export function addClassTeacher(db: Db, classId: string, teacherId: string, subject: string) {
  return db
    .insertInto("class_teachers")
    .values({ class_id: classId, teacher_id: teacherId, subject })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function removeClassTeacher(db: Db, classId: string, teacherId: string) {
  return db
    .deleteFrom("class_teachers")
    .where("class_id", "=", classId)
    .where("teacher_id", "=", teacherId)
    .execute();
}

/** Enrols the student in the class, or re-enrols one who had left it. */
export function enrolStudent(db: Db, classId: string, studentId: string) {
  return db
    .insertInto("enrolments")
    .values({ class_id: classId, student_id: studentId })
    .onConflict((oc) => oc.columns(["class_id", "student_id"]).doUpdateSet({ left_at: null }))
    .execute();
}

/** Marks the student as having left the class; the enrolment row stays as history. */
export function endEnrolment(db: Db, classId: string, studentId: string, now: Date) {
  return db
    .updateTable("enrolments")
    .set({ left_at: now })
    .where("class_id", "=", classId)
    .where("student_id", "=", studentId)
    .execute();
}

/** Students of a school with their current class (one row per current enrolment), filtered
 * (by code, or by name whatever its case and tones) and paged, by class and then in class-list
 * order (`name_sort_key`); the total counts every matching row. */
export async function listSchoolStudents(
  db: Db,
  schoolId: string,
  filter: {
    includeArchived: boolean;
    classId?: string | undefined;
    q?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  let base = db
    .selectFrom("students as s")
    .leftJoin("enrolments as e", (join) =>
      join.onRef("e.student_id", "=", "s.id").on("e.left_at", "is", null),
    )
    .leftJoin("classes as c", "c.id", "e.class_id")
    .select([
      "s.id",
      "s.user_id as userId",
      "s.student_code as studentCode",
      "s.full_name as fullName",
      "s.date_of_birth as dateOfBirth",
      "s.gender",
      "c.name as className",
      "c.id as classId",
    ])
    .where("s.school_id", "=", schoolId);
  if (!filter.includeArchived) base = base.where("s.archived_at", "is", null);
  if (filter.classId) base = base.where("c.id", "=", filter.classId);
  if (filter.q) {
    const q = filter.q;
    base = base.where((eb) =>
      eb.or([
        nameContains("s.name_search_key", q),
        eb(sql`lower(s.student_code)`, "like", lowerLike(q)),
      ]),
    );
  }
  // The id last: one order for every page, even between namesakes of one class.
  return countAndPage(
    db,
    base,
    (query) => query.orderBy("c.name_sort_key").orderBy("s.name_sort_key").orderBy("s.id"),
    filter,
  );
}

/** Teachers holding the teacher role at a school, with their profile there, filtered by name
 * (whatever its case and tones) and paged in class-list order; `subjects` is the profile's raw
 * comma-separated list. */
export async function listSchoolTeachers(
  db: Db,
  schoolId: string,
  filter: { q?: string | undefined; page: number; pageSize: number },
) {
  let base = db
    .selectFrom("role_assignments as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .leftJoin("teacher_profiles as p", (join) =>
      join.onRef("p.user_id", "=", "u.id").on("p.school_id", "=", schoolId),
    )
    .select([
      "u.id as userId",
      "u.username",
      "u.display_name as displayName",
      "u.email",
      "p.teacher_code as teacherCode",
      "p.subjects",
    ])
    .where("r.role", "=", "teacher")
    .where("r.org_unit_id", "=", schoolId);
  if (filter.q) base = base.where(nameContains("u.name_search_key", filter.q));
  return countAndPage(
    db,
    base,
    (query) => query.orderBy("u.name_sort_key").orderBy("u.id"),
    filter,
  );
}

/** Every role of a user with the path of the unit it sits on, archived units included. */
export function rolesWithOrgPath(db: Db, userId: string) {
  return db
    .selectFrom("role_assignments as r")
    .innerJoin("org_units as o", "o.id", "r.org_unit_id")
    .select(["o.path", "o.id", "r.role"])
    .where("r.user_id", "=", userId)
    .execute();
}
