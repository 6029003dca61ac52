/** /api/training/…: the course catalogue, lessons, quizzes, certificates (with public
 * verification), the Department's editor, and coverage for managers. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  courseBody,
  courseListQuery,
  submitQuizBody,
  trainingCoverageQuery,
  verifyCode,
} from "../../../shared/training.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { notFound, rateLimited } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { managedPaths, requireOrg } from "../orgs/orgs.policy.ts";
import * as actions from "./training.actions.ts";
import { renderCertificate } from "./training.certificate.ts";
import { trainingCoverage } from "./training.coverage.ts";
import {
  audiencesOf,
  isDepartment,
  isManager,
  requireCatalogueEditor,
  requireCourseLearner,
  requireCourseReader,
} from "./training.policy.ts";
import * as repo from "./training.repo.ts";

const idParams = z.object({ id: z.string().uuid() });
const lessonParams = z.object({ id: z.string().uuid(), lessonId: z.string().uuid() });

async function limit(ctx: AppContext, key: string, max: number, windowSeconds: number) {
  const decision = await ctx.rateLimiter.hit(key, max, windowSeconds);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
}

/** "Nguyễn Văn An" → "N. V. An": enough to match a printed certificate, not a full identity. */
export function maskName(name: string): string {
  const words = name.trim().split(/\s+/);
  if (words.length <= 1) return words[0] ?? "";
  const given = words[words.length - 1]!;
  return [...words.slice(0, -1).map((word) => `${word[0]}.`), given].join(" ");
}

export function trainingRoutes(app: FastifyInstance, ctx: AppContext): void {
  /** The courses of the caller's audiences with their progress; managers see all published
   * courses (preview); the Department may ask for drafts and archived ones too. */
  app.get("/api/training/courses", async (request) => {
    const actor = requireActor(request);
    const query = parse(courseListQuery, request.query);
    const mine = audiencesOf(actor);
    const audiences = isManager(actor) ? "all" : mine;
    const statuses =
      query.all && isDepartment(actor)
        ? (["draft", "published", "archived"] as const)
        : (["published"] as const);
    let courses = await repo.listCourses(ctx.db, { audiences, statuses: [...statuses] });
    if (query.audience) courses = courses.filter((course) => course.audience === query.audience);
    const progress = await repo.progressOf(ctx.db, actor.userId);
    return {
      audiences: mine,
      items: courses.map((course) => ({
        ...course,
        forMe: mine.includes(course.audience),
        progress: progress.find((row) => row.courseId === course.id) ?? null,
      })),
    };
  });

  /** A course with its lessons and quiz questions (never the answers) and the caller's progress. */
  app.get("/api/training/courses/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const course = await requireCourseReader(ctx, actor, id);
    const lessons = await repo.lessonsOf(ctx.db, id);
    const questions = await repo.questionsOf(ctx.db, id);
    const enrolment = await repo.findEnrolment(ctx.db, id, actor.userId);
    const done = await repo.lessonsDone(ctx.db, id, actor.userId);
    const certificate = await repo.findCertificateOf(ctx.db, id, actor.userId);
    return {
      course,
      forMe: audiencesOf(actor).includes(course.audience),
      lessons,
      questions: questions.map((question) => ({
        id: question.id,
        position: question.position,
        kind: question.kind,
        prompt: question.prompt,
        options: question.options,
      })),
      progress: {
        startedAt: enrolment?.started_at ?? null,
        passedAt: enrolment?.passed_at ?? null,
        bestScore: enrolment?.best_score ?? null,
        lessonsDone: done.map((row) => row.id),
      },
      certificate:
        certificate && !certificate.revoked_at
          ? { id: certificate.id, serial: certificate.serial, verifyCode: certificate.verify_code }
          : null,
    };
  });

  app.post("/api/training/courses/:id/start", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    await requireCourseLearner(ctx, actor, id);
    const enrolment = await actions.startCourse(ctx, { actorId: actor.userId, courseId: id });
    return reply.status(201).send({ startedAt: enrolment?.started_at ?? null });
  });

  app.post("/api/training/courses/:id/lessons/:lessonId/done", async (request, reply) => {
    const actor = requireActor(request);
    const { id, lessonId } = parse(lessonParams, request.params);
    await requireCourseLearner(ctx, actor, id);
    await limit(ctx, `training-lesson:${actor.userId}`, 120, 60);
    const result = await actions.completeLesson(ctx, {
      actorId: actor.userId,
      courseId: id,
      lessonId,
    });
    return reply.status(201).send(result);
  });

  /** Submits the quiz: scored on the server; a pass issues the certificate. */
  app.post("/api/training/courses/:id/attempts", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(submitQuizBody, request.body);
    const course = await requireCourseLearner(ctx, actor, id);
    // Per-question feedback would let a script find the answers by trying: a few tries an hour.
    await limit(ctx, `training-quiz:${actor.userId}:${id}`, 6, 3600);
    const outcome = await actions.submitQuiz(ctx, {
      actorId: actor.userId,
      holderName: actor.displayName,
      course,
      answers: body.answers,
    });
    return reply.status(201).send(outcome);
  });

  app.get("/api/training/courses/:id/attempts", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    await requireCourseReader(ctx, actor, id);
    return { items: await repo.attemptsOf(ctx.db, id, actor.userId) };
  });

  app.get("/api/training/certificates", async (request) => {
    const actor = requireActor(request);
    return { items: await repo.certificatesOf(ctx.db, actor.userId) };
  });

  app.get("/api/training/certificates/:id/pdf", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const certificate = await repo.findCertificate(ctx.db, id);
    if (!certificate || certificate.user_id !== actor.userId || certificate.revoked_at) {
      throw notFound();
    }
    const issuer = (await repo.issuerName(ctx.db))?.name ?? "SafeClass";
    const pdf = await renderCertificate(
      {
        serial: certificate.serial,
        verifyCode: certificate.verify_code,
        holderName: certificate.holder_name,
        courseTitle: certificate.course_title,
        score: certificate.score,
        issuedAt: certificate.issued_at,
        issuer,
        verifyUrl: `${ctx.config.publicUrl.replace(/\/$/, "")}/verify/${certificate.verify_code}`,
      },
      request.locale,
    );
    return reply
      .header("content-type", "application/pdf")
      .header("content-disposition", `attachment; filename="chung-nhan-${certificate.serial}.pdf"`)
      .send(pdf);
  });

  /** Public: anyone holding a printed certificate can check it. Rate-limited per address. */
  app.get("/api/training/verify/:code", async (request) => {
    const { code } = parse(z.object({ code: verifyCode }), request.params);
    await limit(ctx, `training-verify:${request.ip}`, 30, 60);
    const certificate = await repo.findCertificateByCode(ctx.db, code);
    if (!certificate) return { valid: false };
    return {
      valid: !certificate.revoked_at,
      revoked: certificate.revoked_at !== null,
      serial: certificate.serial,
      holder: maskName(certificate.holder_name),
      courseTitle: certificate.course_title,
      score: certificate.score,
      issuedAt: certificate.issued_at,
      issuer: (await repo.issuerName(ctx.db))?.name ?? "SafeClass",
    };
  });

  /** Coverage of one school (schoolId) or of every school the manager oversees. */
  app.get("/api/training/coverage", async (request) => {
    const actor = requireActor(request);
    const query = parse(trainingCoverageQuery, request.query);
    let schoolIds: string[];
    if (query.schoolId) {
      const school = await requireOrg(ctx, actor, query.schoolId, "manage");
      if (school.kind !== "school") throw notFound();
      schoolIds = [school.id];
    } else {
      const paths = managedPaths(actor);
      if (paths.length === 0) throw notFound();
      schoolIds = (await repo.schoolsUnder(ctx.db, paths)).map((school) => school.id);
    }
    return { items: await trainingCoverage(ctx, { schoolIds }) };
  });

  // --- The Department's editor ----------------------------------------------------------

  /** The full course with the answers, for editing. */
  app.get("/api/training/courses/:id/edit", async (request) => {
    const actor = requireActor(request);
    requireCatalogueEditor(actor);
    const { id } = parse(idParams, request.params);
    const course = await repo.findCourse(ctx.db, id);
    if (!course) throw notFound();
    const lessons = await repo.lessonsOf(ctx.db, id);
    const questions = await repo.questionsOf(ctx.db, id);
    return {
      course: {
        audience: course.audience,
        title: course.title,
        description: course.description,
        passMark: course.passMark,
        estimatedMinutes: course.estimatedMinutes,
        status: course.status,
        lessons: lessons.map((lesson) => ({ title: lesson.title, body: lesson.body })),
        questions: questions.map((question) => ({
          kind: question.kind,
          prompt: question.prompt,
          options: question.options.map((option) => option.text),
          correct: question.correct.map((option) => option.charCodeAt(0) - 97),
          explanation: question.explanation,
        })),
      },
      version: course.version,
      id: course.id,
    };
  });

  app.post("/api/training/courses", async (request, reply) => {
    const actor = requireActor(request);
    requireCatalogueEditor(actor);
    const body = parse(courseBody, request.body);
    const id = await actions.createCourse(ctx, { actorId: actor.userId, body });
    return reply.status(201).send({ course: await repo.findCourse(ctx.db, id) });
  });

  app.put("/api/training/courses/:id", async (request) => {
    const actor = requireActor(request);
    requireCatalogueEditor(actor);
    const { id } = parse(idParams, request.params);
    const body = parse(courseBody, request.body);
    await actions.updateCourse(ctx, { actorId: actor.userId, courseId: id, body });
    return { course: await repo.findCourse(ctx.db, id) };
  });

  app.delete("/api/training/courses/:id", async (request, reply) => {
    const actor = requireActor(request);
    requireCatalogueEditor(actor);
    const { id } = parse(idParams, request.params);
    if (!(await repo.findCourse(ctx.db, id))) throw notFound();
    await actions.archiveCourse(ctx, { actorId: actor.userId, courseId: id });
    return reply.status(204).send();
  });
}
