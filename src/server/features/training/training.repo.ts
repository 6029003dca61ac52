/** SQL for courses, lessons, quizzes, progress, attempts and certificates. */
import { sql } from "kysely";
import type { CourseBody } from "../../../shared/training.ts";
import type { Db } from "../../db/database.ts";
import type { CourseAudience } from "./training.tables.ts";

const courseColumns = [
  "c.id",
  "c.slug",
  "c.audience",
  "c.title",
  "c.description",
  "c.version",
  "c.pass_mark as passMark",
  "c.status",
  "c.estimated_minutes as estimatedMinutes",
  "c.updated_at as updatedAt",
] as const;

export function listCourses(
  db: Db,
  filter: {
    audiences: CourseAudience[] | "all";
    statuses: Array<"draft" | "published" | "archived">;
  },
) {
  let query = db
    .selectFrom("courses as c")
    .select([
      ...courseColumns,
      (eb) =>
        eb
          .selectFrom("course_lessons as l")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("l.course_id", "=", "c.id")
          .as("lessonCount"),
      (eb) =>
        eb
          .selectFrom("quiz_questions as q")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("q.course_id", "=", "c.id")
          .as("questionCount"),
    ])
    .where("c.status", "in", filter.statuses);
  if (filter.audiences !== "all") {
    if (filter.audiences.length === 0) return Promise.resolve([]);
    query = query.where("c.audience", "in", filter.audiences);
  }
  return query.orderBy("c.audience").orderBy("c.title").execute();
}

export function findCourseBySlug(db: Db, slug: string) {
  return db.selectFrom("courses").select("id").where("slug", "=", slug).executeTakeFirst();
}

export function findCourse(db: Db, id: string) {
  return db
    .selectFrom("courses as c")
    .select(courseColumns)
    .where("c.id", "=", id)
    .executeTakeFirst();
}

export function lessonsOf(db: Db, courseId: string) {
  return db
    .selectFrom("course_lessons")
    .select(["id", "position", "title", "body"])
    .where("course_id", "=", courseId)
    .orderBy("position")
    .execute();
}

/** The lesson at `position` (from 1) of the course. */
export function findLessonAt(db: Db, courseId: string, position: number) {
  return db
    .selectFrom("course_lessons")
    .select("id")
    .where("course_id", "=", courseId)
    .where("position", "=", position)
    .executeTakeFirst();
}

export function questionsOf(db: Db, courseId: string) {
  return db
    .selectFrom("quiz_questions")
    .select(["id", "position", "kind", "prompt", "options", "correct", "explanation"])
    .where("course_id", "=", courseId)
    .orderBy("position")
    .execute();
}

export function findEnrolment(db: Db, courseId: string, userId: string) {
  return db
    .selectFrom("course_enrolments")
    .selectAll()
    .where("course_id", "=", courseId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export function enrol(db: Db, courseId: string, userId: string, now: Date) {
  return db
    .insertInto("course_enrolments")
    .values({ course_id: courseId, user_id: userId, started_at: now })
    .onConflict((oc) => oc.columns(["course_id", "user_id"]).doNothing())
    .execute();
}

export function markLessonDone(db: Db, lessonId: string, userId: string, now: Date) {
  return db
    .insertInto("lesson_progress")
    .values({ lesson_id: lessonId, user_id: userId, completed_at: now })
    .onConflict((oc) => oc.columns(["lesson_id", "user_id"]).doNothing())
    .execute();
}

export function lessonsDone(db: Db, courseId: string, userId: string) {
  return db
    .selectFrom("lesson_progress as p")
    .innerJoin("course_lessons as l", "l.id", "p.lesson_id")
    .select(["l.id", "p.completed_at as completedAt"])
    .where("l.course_id", "=", courseId)
    .where("p.user_id", "=", userId)
    .execute();
}

/** The caller's progress on many courses at once (catalogue page). */
export function progressOf(db: Db, userId: string) {
  return db
    .selectFrom("course_enrolments as e")
    .leftJoin("certificates as cert", (join) =>
      join
        .onRef("cert.course_id", "=", "e.course_id")
        .onRef("cert.user_id", "=", "e.user_id")
        .on("cert.revoked_at", "is", null),
    )
    .select([
      "e.course_id as courseId",
      "e.started_at as startedAt",
      "e.passed_at as passedAt",
      "e.best_score as bestScore",
      "cert.id as certificateId",
      (eb) =>
        eb
          .selectFrom("lesson_progress as p")
          .innerJoin("course_lessons as l", "l.id", "p.lesson_id")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("l.course_id", "=", "e.course_id")
          .whereRef("p.user_id", "=", "e.user_id")
          .as("lessonsDone"),
      (eb) =>
        eb
          .selectFrom("quiz_attempts as a")
          .select(sql<number>`count(*)::int`.as("n"))
          .whereRef("a.course_id", "=", "e.course_id")
          .whereRef("a.user_id", "=", "e.user_id")
          .as("attempts"),
    ])
    .where("e.user_id", "=", userId)
    .execute();
}

export function attemptsOf(db: Db, courseId: string, userId: string) {
  return db
    .selectFrom("quiz_attempts")
    .select([
      "id",
      "attempt_no as attemptNo",
      "score",
      "correct_count as correctCount",
      "question_count as questionCount",
      "passed",
      "submitted_at as submittedAt",
    ])
    .where("course_id", "=", courseId)
    .where("user_id", "=", userId)
    .orderBy("attempt_no", "desc")
    .execute();
}

export async function insertAttempt(
  db: Db,
  values: {
    courseId: string;
    userId: string;
    courseVersion: number;
    answers: Record<string, string[]>;
    correctCount: number;
    questionCount: number;
    score: number;
    passed: boolean;
    now: Date;
  },
) {
  const last = await db
    .selectFrom("quiz_attempts")
    .select(sql<number>`coalesce(max(attempt_no), 0)::int`.as("n"))
    .where("course_id", "=", values.courseId)
    .where("user_id", "=", values.userId)
    .executeTakeFirstOrThrow();
  return insertNumberedAttempt(db, { ...values, attemptNo: last.n + 1 });
}

/** Inserts an attempt under the number given (`insertAttempt` takes the next free one). */
export function insertNumberedAttempt(
  db: Db,
  values: {
    courseId: string;
    userId: string;
    attemptNo: number;
    courseVersion: number;
    answers: Record<string, string[]>;
    correctCount: number;
    questionCount: number;
    score: number;
    passed: boolean;
    now: Date;
  },
) {
  return db
    .insertInto("quiz_attempts")
    .values({
      course_id: values.courseId,
      user_id: values.userId,
      attempt_no: values.attemptNo,
      course_version: values.courseVersion,
      answers: JSON.stringify(values.answers),
      correct_count: values.correctCount,
      question_count: values.questionCount,
      score: values.score,
      passed: values.passed,
      submitted_at: values.now,
    })
    .returning(["id", "attempt_no as attemptNo"])
    .executeTakeFirstOrThrow();
}

export function recordResult(
  db: Db,
  values: { courseId: string; userId: string; score: number; passed: boolean; now: Date },
) {
  return db
    .updateTable("course_enrolments")
    .set((eb) => ({
      best_score: sql<number>`greatest(coalesce(${eb.ref("best_score")}, 0), ${values.score})`,
      ...(values.passed ? { passed_at: sql<Date>`coalesce(passed_at, ${values.now})` } : {}),
    }))
    .where("course_id", "=", values.courseId)
    .where("user_id", "=", values.userId)
    .execute();
}

export function findCertificateOf(db: Db, courseId: string, userId: string) {
  return db
    .selectFrom("certificates")
    .selectAll()
    .where("course_id", "=", courseId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export function insertCertificate(
  db: Db,
  values: {
    serial: string;
    verifyCode: string;
    userId: string;
    courseId: string;
    attemptId: string;
    holderName: string;
    courseTitle: string;
    score: number;
    now: Date;
  },
) {
  return db
    .insertInto("certificates")
    .values({
      serial: values.serial,
      verify_code: values.verifyCode,
      user_id: values.userId,
      course_id: values.courseId,
      attempt_id: values.attemptId,
      holder_name: values.holderName,
      course_title: values.courseTitle,
      score: values.score,
      issued_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function countCertificatesOfYear(db: Db, year: number) {
  return db
    .selectFrom("certificates")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("serial", "like", `SC-${year}-%`)
    .executeTakeFirstOrThrow();
}

export function certificatesOf(db: Db, userId: string) {
  return db
    .selectFrom("certificates")
    .select([
      "id",
      "serial",
      "verify_code as verifyCode",
      "course_id as courseId",
      "course_title as courseTitle",
      "holder_name as holderName",
      "score",
      "issued_at as issuedAt",
      "revoked_at as revokedAt",
    ])
    .where("user_id", "=", userId)
    .orderBy("issued_at", "desc")
    .execute();
}

export function findCertificate(db: Db, id: string) {
  return db.selectFrom("certificates").selectAll().where("id", "=", id).executeTakeFirst();
}

export function findCertificateByCode(db: Db, code: string) {
  return db
    .selectFrom("certificates")
    .selectAll()
    .where("verify_code", "=", code)
    .executeTakeFirst();
}

export function issuerName(db: Db) {
  return db
    .selectFrom("org_units")
    .select("name")
    .where("kind", "=", "department")
    .orderBy("created_at")
    .executeTakeFirst();
}

// --- The Department's editor -------------------------------------------------------------

const optionId = (index: number) => String.fromCharCode(97 + index);

function questionRow(
  courseId: string,
  position: number,
  question: CourseBody["questions"][number],
) {
  return {
    course_id: courseId,
    position,
    kind: question.kind,
    prompt: question.prompt,
    options: JSON.stringify(question.options.map((text, index) => ({ id: optionId(index), text }))),
    correct: JSON.stringify(question.correct.map(optionId)),
    explanation: question.explanation,
  };
}

export async function insertCourse(
  db: Db,
  body: CourseBody,
  slug: string,
  userId: string,
  now: Date,
) {
  const course = await db
    .insertInto("courses")
    .values({
      slug,
      audience: body.audience,
      title: body.title,
      description: body.description,
      pass_mark: body.passMark,
      estimated_minutes: body.estimatedMinutes,
      status: body.status,
      created_by: userId,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("course_lessons")
    .values(
      body.lessons.map((lesson, index) => ({
        course_id: course.id,
        position: index + 1,
        title: lesson.title,
        body: lesson.body,
      })),
    )
    .execute();
  await db
    .insertInto("quiz_questions")
    .values(body.questions.map((question, index) => questionRow(course.id, index + 1, question)))
    .execute();
  return course.id;
}

/** Replaces the content of a course. Lessons keep their ids by position, so people's progress
 * on unchanged positions survives; the version goes up when the quiz or pass mark changes. */
export async function updateCourse(
  db: Db,
  courseId: string,
  body: CourseBody,
  quizChanged: boolean,
  now: Date,
) {
  await db
    .updateTable("courses")
    .set((eb) => ({
      audience: body.audience,
      title: body.title,
      description: body.description,
      pass_mark: body.passMark,
      estimated_minutes: body.estimatedMinutes,
      status: body.status,
      updated_at: now,
      ...(quizChanged ? { version: eb("version", "+", 1) } : {}),
    }))
    .where("id", "=", courseId)
    .execute();
  for (const [index, lesson] of body.lessons.entries()) {
    await db
      .insertInto("course_lessons")
      .values({ course_id: courseId, position: index + 1, title: lesson.title, body: lesson.body })
      .onConflict((oc) =>
        oc
          .columns(["course_id", "position"])
          .doUpdateSet({ title: lesson.title, body: lesson.body }),
      )
      .execute();
  }
  await db
    .deleteFrom("course_lessons")
    .where("course_id", "=", courseId)
    .where("position", ">", body.lessons.length)
    .execute();
  if (quizChanged) {
    await db.deleteFrom("quiz_questions").where("course_id", "=", courseId).execute();
    await db
      .insertInto("quiz_questions")
      .values(body.questions.map((question, index) => questionRow(courseId, index + 1, question)))
      .execute();
  }
}

export function setCourseStatus(
  db: Db,
  courseId: string,
  status: "draft" | "published" | "archived",
  now: Date,
) {
  return db
    .updateTable("courses")
    .set({ status, updated_at: now })
    .where("id", "=", courseId)
    .execute();
}

// --- Coverage ---------------------------------------------------------------------------

/** Passed courses per school and role (students by class too). */
export async function coverageCounts(db: Db, schoolIds: string[]) {
  if (schoolIds.length === 0) return { people: [], passed: [], classes: [], classPassed: [] };
  const people = await db
    .selectFrom("role_assignments as r")
    .select([
      "r.org_unit_id as schoolId",
      "r.role",
      sql<number>`count(distinct r.user_id)::int`.as("total"),
    ])
    .where("r.org_unit_id", "in", schoolIds)
    .where("r.role", "in", ["student", "teacher", "parent", "principal"])
    .groupBy(["r.org_unit_id", "r.role"])
    .execute();
  const passed = await db
    .selectFrom("role_assignments as r")
    .innerJoin("course_enrolments as e", "e.user_id", "r.user_id")
    .innerJoin("courses as c", "c.id", "e.course_id")
    .select([
      "r.org_unit_id as schoolId",
      "r.role",
      "e.course_id as courseId",
      sql<number>`count(distinct r.user_id)::int`.as("started"),
      sql<number>`(count(distinct r.user_id) filter (where e.passed_at is not null))::int`.as(
        "passed",
      ),
    ])
    .where("r.org_unit_id", "in", schoolIds)
    .where("r.role", "in", ["student", "teacher", "parent", "principal"])
    .groupBy(["r.org_unit_id", "r.role", "e.course_id"])
    .execute();
  const rosterBase = () =>
    db
      .selectFrom("classes as k")
      .innerJoin("enrolments as en", (join) =>
        join.onRef("en.class_id", "=", "k.id").on("en.left_at", "is", null),
      )
      .innerJoin("students as s", (join) =>
        join.onRef("s.id", "=", "en.student_id").on("s.archived_at", "is", null),
      )
      .where("k.school_id", "in", schoolIds)
      .where("k.archived_at", "is", null);
  const classes = await rosterBase()
    .select([
      "k.school_id as schoolId",
      "k.id as classId",
      "k.name as className",
      "k.grade",
      sql<number>`count(distinct s.id)::int`.as("students"),
    ])
    .groupBy(["k.school_id", "k.id", "k.name", "k.grade"])
    .orderBy("k.grade")
    .orderBy("k.name_sort_key")
    .execute();
  const classPassed = await rosterBase()
    .innerJoin("course_enrolments as e", (join) =>
      join.onRef("e.user_id", "=", "s.user_id").on("e.passed_at", "is not", null),
    )
    .select([
      "k.id as classId",
      "e.course_id as courseId",
      sql<number>`count(distinct s.id)::int`.as("passed"),
    ])
    .groupBy(["k.id", "e.course_id"])
    .execute();
  return { people, passed, classes, classPassed };
}

export function schoolsByIds(db: Db, schoolIds: string[]) {
  if (schoolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("org_units")
    .select(["id", "name", "path"])
    .where("id", "in", schoolIds)
    .where("kind", "=", "school")
    .orderBy("name_sort_key")
    .execute();
}

export function schoolsUnder(db: Db, paths: string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("org_units")
    .select(["id", "name", "path"])
    .where("kind", "=", "school")
    .where("archived_at", "is", null)
    .where((eb) => eb.or(paths.map((path) => eb("path", "like", `${path}%`))))
    .orderBy("name_sort_key")
    .execute();
}

// --- Children's data (privacy feature) --------------------------------------------------

export async function recordsOfUser(db: Db, userId: string) {
  const courses = await db
    .selectFrom("course_enrolments as e")
    .innerJoin("courses as c", "c.id", "e.course_id")
    .select([
      "c.title as course",
      "e.started_at as startedAt",
      "e.passed_at as passedAt",
      "e.best_score as bestScore",
    ])
    .where("e.user_id", "=", userId)
    .execute();
  const attempts = await db
    .selectFrom("quiz_attempts as a")
    .innerJoin("courses as c", "c.id", "a.course_id")
    .select([
      "c.title as course",
      "a.attempt_no as attemptNo",
      "a.score",
      "a.passed",
      "a.submitted_at as submittedAt",
    ])
    .where("a.user_id", "=", userId)
    .orderBy("a.submitted_at")
    .execute();
  const certificates = await db
    .selectFrom("certificates")
    .select(["serial", "course_title as course", "score", "issued_at as issuedAt"])
    .where("user_id", "=", userId)
    .execute();
  return { courses, attempts, certificates };
}

export async function eraseRecordsOfUsers(db: Db, userIds: string[], before?: Date) {
  if (userIds.length === 0) return 0;
  let removed = 0;
  const certificates = await db
    .deleteFrom("certificates")
    .where("user_id", "in", userIds)
    .$if(before !== undefined, (query) => query.where("issued_at", "<", before!))
    .executeTakeFirst();
  removed += Number(certificates.numDeletedRows);
  const attempts = await db
    .deleteFrom("quiz_attempts")
    .where("user_id", "in", userIds)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("certificates as cert")
            .select("cert.id")
            .whereRef("cert.attempt_id", "=", "quiz_attempts.id"),
        ),
      ),
    )
    .$if(before !== undefined, (query) => query.where("submitted_at", "<", before!))
    .executeTakeFirst();
  removed += Number(attempts.numDeletedRows);
  const lessons = await db
    .deleteFrom("lesson_progress")
    .where("user_id", "in", userIds)
    .$if(before !== undefined, (query) => query.where("completed_at", "<", before!))
    .executeTakeFirst();
  removed += Number(lessons.numDeletedRows);
  const enrolments = await db
    .deleteFrom("course_enrolments")
    .where("user_id", "in", userIds)
    .$if(before !== undefined, (query) => query.where("started_at", "<", before!))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("quiz_attempts as a")
            .select("a.id")
            .whereRef("a.course_id", "=", "course_enrolments.course_id")
            .whereRef("a.user_id", "=", "course_enrolments.user_id"),
        ),
      ),
    )
    .executeTakeFirst();
  removed += Number(enrolments.numDeletedRows);
  return removed;
}

export function studentUserIdsOfSchool(db: Db, schoolId: string) {
  return db.selectFrom("students").select("user_id").where("school_id", "=", schoolId).execute();
}
