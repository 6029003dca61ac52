/** SQL for classes, enrolments, teacher assignments and the people lists of a school. */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";

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

export function classesQuery(db: Db) {
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

export function classRoster(db: Db, classId: string) {
  return db
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
    .orderBy("s.full_name")
    .execute();
}

export function classTeachers(db: Db, classId: string) {
  return db
    .selectFrom("class_teachers as t")
    .innerJoin("users as u", "u.id", "t.teacher_id")
    .select(["u.id as userId", "u.display_name as displayName", "t.subject"])
    .where("t.class_id", "=", classId)
    .orderBy("u.display_name")
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
