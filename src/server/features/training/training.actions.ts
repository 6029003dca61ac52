/** Every state change of training: one named action, one transaction each; the realtime
 * notice of a new certificate goes out only after commit. */
import { randomBytes, randomInt } from "node:crypto";
import type { CourseBody, QuizOutcome, SubmitQuizBody } from "../../../shared/training.ts";
import type { AppContext } from "../../context.ts";
import { AppError, conflict, notFound } from "../../http/errors.ts";
import type { IssueKey } from "../../http/errors.ts";
import { userRoom } from "../../realtime/rooms.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import * as repo from "./training.repo.ts";

const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** 10 characters without look-alikes (0/O, 1/I): about 50 bits, verification is rate-limited. */
export function newVerifyCode(): string {
  let code = "";
  for (let index = 0; index < 10; index += 1) code += codeAlphabet[randomInt(codeAlphabet.length)];
  return code;
}

export async function startCourse(ctx: AppContext, input: { actorId: string; courseId: string }) {
  await repo.enrol(ctx.db, input.courseId, input.actorId, ctx.now());
  return repo.findEnrolment(ctx.db, input.courseId, input.actorId);
}

/** Marks a lesson read; reading the first lesson starts the course. */
export async function completeLesson(
  ctx: AppContext,
  input: { actorId: string; courseId: string; lessonId: string },
) {
  return ctx.db.transaction().execute(async (trx) => {
    const lessons = await repo.lessonsOf(trx, input.courseId);
    if (!lessons.some((lesson) => lesson.id === input.lessonId)) {
      throw new AppError("not_found", 404, "training.lessonNotInCourse");
    }
    await repo.enrol(trx, input.courseId, input.actorId, ctx.now());
    await repo.markLessonDone(trx, input.lessonId, input.actorId, ctx.now());
    const done = await repo.lessonsDone(trx, input.courseId, input.actorId);
    return { lessonsDone: done.map((row) => row.id), lessonCount: lessons.length };
  });
}

/** Scores a quiz on the server and, on the first pass, issues the certificate. */
export async function submitQuiz(
  ctx: AppContext,
  input: {
    actorId: string;
    holderName: string;
    course: NonNullable<Awaited<ReturnType<typeof repo.findCourse>>>;
    answers: SubmitQuizBody["answers"];
  },
): Promise<QuizOutcome> {
  const { course } = input;
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const enrolment = await repo.findEnrolment(trx, course.id, input.actorId);
    if (!enrolment) throw conflict("training.notStarted");
    const lessons = await repo.lessonsOf(trx, course.id);
    const done = new Set(
      (await repo.lessonsDone(trx, course.id, input.actorId)).map((row) => row.id),
    );
    const remaining = lessons.filter((lesson) => !done.has(lesson.id)).length;
    if (remaining > 0) {
      throw new AppError("conflict", 409, "training.lessonsIncomplete", { params: { remaining } });
    }

    const questions = await repo.questionsOf(trx, course.id);
    const issues: IssueKey[] = [];
    for (const questionId of Object.keys(input.answers)) {
      if (!questions.some((question) => question.id === questionId)) {
        issues.push({ field: `answers.${questionId}`, messageKey: "training.unknownQuestion" });
      }
    }
    for (const question of questions) {
      const chosen = input.answers[question.id];
      const field = `answers.${question.id}`;
      if (!chosen || chosen.length === 0) {
        issues.push({ field, messageKey: "training.unanswered" });
      } else if (chosen.some((option) => !question.options.some((o) => o.id === option))) {
        issues.push({ field, messageKey: "training.unknownOption" });
      } else if (question.kind === "single" && chosen.length !== 1) {
        issues.push({ field, messageKey: "training.singleAnswer" });
      }
    }
    if (issues.length > 0) {
      throw new AppError("validation_failed", 400, "errors.validationFailed", { issues });
    }

    const graded = questions.map((question) => {
      const chosen = new Set(input.answers[question.id]);
      const correct =
        chosen.size === question.correct.length &&
        question.correct.every((option) => chosen.has(option));
      return { question, correct };
    });
    const correctCount = graded.filter((row) => row.correct).length;
    const score = Math.floor((correctCount * 100) / Math.max(1, questions.length));
    const passed = score >= course.passMark;
    const now = ctx.now();
    const answers = Object.fromEntries(
      questions.map((question) => [question.id, [...new Set(input.answers[question.id])].sort()]),
    );
    const attempt = await repo.insertAttempt(trx, {
      courseId: course.id,
      userId: input.actorId,
      courseVersion: course.version,
      answers,
      correctCount,
      questionCount: questions.length,
      score,
      passed,
      now,
    });
    await repo.recordResult(trx, {
      courseId: course.id,
      userId: input.actorId,
      score,
      passed,
      now,
    });

    let certificate: QuizOutcome["certificate"] = null;
    const existing = await repo.findCertificateOf(trx, course.id, input.actorId);
    if (passed && !existing) {
      const issued = await repo.insertCertificate(trx, {
        serial: `SC-${now.getUTCFullYear()}-${randomBytes(4).toString("hex").toUpperCase()}`,
        verifyCode: newVerifyCode(),
        userId: input.actorId,
        courseId: course.id,
        attemptId: attempt.id,
        holderName: input.holderName,
        courseTitle: course.title,
        score,
        now,
      });
      certificate = { id: issued.id, serial: issued.serial, verifyCode: issued.verify_code };
    } else if (existing && !existing.revoked_at) {
      certificate = { id: existing.id, serial: existing.serial, verifyCode: existing.verify_code };
    }
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "training.quiz_submitted",
      targetType: "course",
      targetId: course.id,
      detail: { attemptNo: attempt.attemptNo, score, passed },
    });
    return {
      attempt: {
        id: attempt.id,
        attemptNo: attempt.attemptNo,
        score,
        correctCount,
        questionCount: questions.length,
        passed,
        passMark: course.passMark,
      },
      results: graded.map(({ question, correct }) => ({
        questionId: question.id,
        correct,
        ...(passed ? { correctOptions: question.correct, explanation: question.explanation } : {}),
      })),
      certificate,
      newCertificate: passed && !existing,
    };
  });
  if (outcome.newCertificate && outcome.certificate) {
    ctx.realtime.toRoom(userRoom(input.actorId), "training.certificate_issued", {
      courseId: course.id,
      courseTitle: course.title,
      certificateId: outcome.certificate.id,
    });
  }
  const { newCertificate: _ignored, ...result } = outcome;
  return result;
}

/** Vietnamese titles become ASCII slugs: "An toàn mạng" → "an-toan-mang". */
export function slugify(title: string): string {
  return title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

export async function createCourse(ctx: AppContext, input: { actorId: string; body: CourseBody }) {
  return ctx.db.transaction().execute(async (trx) => {
    const slug = `${slugify(input.body.title) || "khoa-hoc"}-${randomBytes(3).toString("hex")}`;
    const id = await repo.insertCourse(trx, input.body, slug, input.actorId, ctx.now());
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "training.course_created",
      targetType: "course",
      targetId: id,
      detail: { title: input.body.title, audience: input.body.audience },
    });
    return id;
  });
}

export async function updateCourse(
  ctx: AppContext,
  input: { actorId: string; courseId: string; body: CourseBody },
) {
  await ctx.db.transaction().execute(async (trx) => {
    const course = await repo.findCourse(trx, input.courseId);
    if (!course) throw notFound();
    const before = await repo.questionsOf(trx, input.courseId);
    const next = input.body.questions.map((question) => ({
      kind: question.kind,
      prompt: question.prompt,
      options: question.options,
      correct: question.correct.map((index) => String.fromCharCode(97 + index)),
    }));
    const previous = before.map((question) => ({
      kind: question.kind,
      prompt: question.prompt,
      options: question.options.map((option) => option.text),
      correct: question.correct,
    }));
    const quizChanged =
      JSON.stringify(next) !== JSON.stringify(previous) || course.passMark !== input.body.passMark;
    await repo.updateCourse(trx, input.courseId, input.body, quizChanged, ctx.now());
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "training.course_updated",
      targetType: "course",
      targetId: input.courseId,
      detail: { quizChanged, status: input.body.status },
    });
  });
}

export async function archiveCourse(ctx: AppContext, input: { actorId: string; courseId: string }) {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.setCourseStatus(trx, input.courseId, "archived", ctx.now());
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "training.course_archived",
      targetType: "course",
      targetId: input.courseId,
    });
  });
}
