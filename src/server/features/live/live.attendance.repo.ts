/** SQL of attendance (see attendance.ts): rosters at a session's time, visits, a student's
 * sessions with their join times. */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { byVietnameseName } from "../../../shared/names.ts";

/** Students enrolled in the class while the session ran, in class-list order. */
export async function rosterAt(db: Db, classId: string, at: Date) {
  const rows = await db
    .selectFrom("enrolments as e")
    .innerJoin("students as s", "s.id", "e.student_id")
    .select(["s.id", "s.user_id", "s.student_code", "s.full_name"])
    .where("e.class_id", "=", classId)
    .where((eb) => eb.or([eb("e.left_at", "is", null), eb("e.left_at", ">", at)]))
    .execute();
  return byVietnameseName(rows, (row) => row.full_name);
}

/** The students' visits of a session, in joining order. */
export function studentVisits(db: Db, sessionId: string) {
  return db
    .selectFrom("live_visits")
    .select(["student_id", "joined_at", "left_at"])
    .where("session_id", "=", sessionId)
    .where("student_id", "is not", null)
    .orderBy("joined_at")
    .execute();
}

/** The guests' visits of a session with their display names, in joining order. */
export function guestVisits(db: Db, sessionId: string) {
  return db
    .selectFrom("live_visits as v")
    .innerJoin("users as u", "u.id", "v.user_id")
    .select(["v.user_id", "u.display_name", "v.joined_at", "v.left_at"])
    .where("v.session_id", "=", sessionId)
    .where("v.role", "=", "guest")
    .orderBy("v.joined_at")
    .execute();
}

/** Sessions starting in `range` of the classes a student has an enrolment in (`e`), in time
 * order, with the session's identity; callers add which enrolments count and more columns. */
export function sessionsOfStudentClasses(
  db: Db,
  studentId: string,
  range: { from: Date; to: Date },
) {
  return db
    .selectFrom("class_sessions as cs")
    .innerJoin("classes as c", "c.id", "cs.class_id")
    .innerJoin("enrolments as e", (join) =>
      join.onRef("e.class_id", "=", "cs.class_id").on("e.student_id", "=", studentId),
    )
    .select([
      "cs.id",
      "cs.class_id",
      "c.name as class_name",
      "cs.title",
      "cs.starts_at",
      "cs.ends_at",
    ])
    .where("cs.starts_at", ">=", range.from)
    .where("cs.starts_at", "<", range.to)
    .orderBy("cs.starts_at");
}

/** The sessions in `range` that took place while the student was enrolled, with their first
 * arrival and the seconds they were present. */
export function studentAttendanceRows(db: Db, studentId: string, range: { from: Date; to: Date }) {
  return (
    sessionsOfStudentClasses(db, studentId, range)
      .select([
        "cs.opened_at",
        "cs.closed_at",
        (eb) =>
          eb
            .selectFrom("live_visits as v")
            .select(sql<Date | null>`min(v.joined_at)`.as("first"))
            .whereRef("v.session_id", "=", "cs.id")
            .where("v.student_id", "=", studentId)
            .as("first_joined_at"),
        (eb) =>
          eb
            .selectFrom("live_visits as v")
            .select(
              sql<number>`coalesce(sum(extract(epoch from (coalesce(v.left_at, (select p.seen_at from live_processes p where p.id = v.process_id), v.seen_at) - v.joined_at))), 0)::float8`.as(
                "seconds",
              ),
            )
            .whereRef("v.session_id", "=", "cs.id")
            .where("v.student_id", "=", studentId)
            .as("seconds_present"),
      ])
      .where("e.created_at", "<=", sql<Date>`cs.ends_at`)
      .where((eb) =>
        eb.or([eb("e.left_at", "is", null), eb("e.left_at", ">", eb.ref("cs.starts_at"))]),
      )
      // Only sessions that took place (opened by a teacher) count for attendance.
      .where("cs.opened_at", "is not", null)
      .execute()
  );
}
