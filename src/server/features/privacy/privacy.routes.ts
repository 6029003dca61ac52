/** Consent, coverage, data export, deletion requests, the access log and retention settings. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  accessLogQuery,
  deletionRequestBody,
  giveConsentBody,
  retentionSettingsBody,
  withdrawConsentBody,
  type ConsentNotice,
} from "../../../shared/family.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { AppError, notFound, rateLimited } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import type { Actor } from "../accounts/actor.ts";
import { requireClass } from "../orgs/orgs.policy.ts";
import * as actions from "./privacy.actions.ts";
import { buildChildExport, childExportPdf } from "./export.ts";
import { requireChild, requirePrincipalOf, requireSchoolManager } from "./privacy.policy.ts";
import * as repo from "./privacy.repo.ts";
import { classCoverage, consentCoverage } from "./coverage.ts";

const idParams = z.object({ id: z.string().uuid() });
const audienceQuery = z.object({ audience: z.enum(["parent", "student"]).default("parent") });

async function auditStudent(
  ctx: AppContext,
  request: FastifyRequest,
  actor: Actor,
  action: string,
  student: { id: string; school_id: string },
  detail: Record<string, unknown> = {},
) {
  await insertAudit(ctx.db, {
    actorId: actor.userId,
    action,
    targetType: "student",
    targetId: student.id,
    orgUnitId: student.school_id,
    ip: request.ip,
    detail,
  });
}

export async function presentNotice(
  ctx: AppContext,
  audience: "parent" | "student",
  locale: "vi" | "en",
): Promise<ConsentNotice> {
  const notice = await repo.currentNotice(ctx.db, audience);
  return {
    audience,
    version: notice.version,
    title: locale === "en" ? notice.title_en : notice.title_vi,
    body: locale === "en" ? notice.body_en : notice.body_vi,
    publishedAt: notice.published_at.toISOString(),
  };
}

/** Exports are heavy and hold a whole record: a few per person per hour. */
async function limitExports(ctx: AppContext, actor: Actor) {
  const decision = await ctx.rateLimiter.hit(`privacy:export:${actor.userId}`, 20, 3600);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
}

export function privacyRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The notice is public: a family may read it before creating an account.
  app.get("/api/consent-notices/current", async (request) => {
    const { audience } = parse(audienceQuery, request.query);
    return { notice: await presentNotice(ctx, audience, request.locale) };
  });

  app.get("/api/students/:id/consent", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { student, relation } = await requireChild(ctx, actor, id, [
      "parent",
      "self",
      "manager",
      "teacher",
    ]);
    const state = await actions.consentStateOf(ctx, student.id);
    const audience = relation === "self" ? "student" : "parent";
    await auditStudent(ctx, request, actor, "consent.viewed", student);
    return {
      student: { id: student.id, fullName: student.full_name, schoolName: student.school_name },
      relation,
      consent: state,
      notice: await presentNotice(ctx, audience, request.locale),
      history: relation === "teacher" ? [] : await repo.consentHistory(ctx.db, student.id),
    };
  });

  /** The signed-in student's own consent prompt (the class door may ask for it too). */
  app.get("/api/me/consent", async (request) => {
    const actor = requireActor(request);
    const own = await repo.studentOfUser(ctx.db, actor.userId);
    if (!own) return { studentId: null, consent: null, notice: null };
    const state = await actions.consentStateOf(ctx, own.id);
    return {
      studentId: own.id,
      consent: state,
      notice: state.studentConsentRequired
        ? await presentNotice(ctx, "student", request.locale)
        : null,
    };
  });

  app.post("/api/students/:id/consent", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(giveConsentBody, request.body);
    const { student, relation } = await requireChild(ctx, actor, id, ["parent", "self"]);
    const role = relation === "self" ? "student" : "parent";
    const result = await actions.giveConsent(ctx, {
      actorId: actor.userId,
      studentId: student.id,
      schoolId: student.school_id,
      role,
      noticeVersion: body.noticeVersion,
      purposes: body.purposes,
      ip: request.ip,
    });
    return reply.status(201).send({
      ...result,
      consent: await actions.consentStateOf(ctx, student.id),
    });
  });

  app.post("/api/students/:id/consent/withdraw", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(withdrawConsentBody, request.body);
    const { student, relation } = await requireChild(ctx, actor, id, ["parent", "self"]);
    const result = await actions.withdrawConsent(ctx, {
      actorId: actor.userId,
      studentId: student.id,
      schoolId: student.school_id,
      studentName: student.full_name,
      role: relation === "self" ? "student" : "parent",
      purposes: body.purposes,
      ip: request.ip,
    });
    return { ...result, consent: await actions.consentStateOf(ctx, student.id) };
  });

  app.get("/api/classes/:id/consent-coverage", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["manager", "teacher"]);
    const coverage = await classCoverage(ctx, classRow.id);
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "consent.coverage_viewed",
      targetType: "class",
      targetId: classRow.id,
      orgUnitId: classRow.school_id,
    });
    return { class: { id: classRow.id, name: classRow.name }, ...coverage };
  });

  app.get("/api/schools/:id/consent-coverage", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requireSchoolManager(ctx, actor, id);
    const [summary] = await consentCoverage(ctx, { schoolIds: [school.id] });
    return { coverage: summary };
  });

  app.get("/api/students/:id/data-export.json", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { student } = await requireChild(ctx, actor, id, ["parent", "principal"]);
    await limitExports(ctx, actor);
    const data = await buildChildExport(ctx, student.id, actor.displayName);
    await auditStudent(ctx, request, actor, "student.data_exported", student, { format: "json" });
    reply.header(
      "content-disposition",
      `attachment; filename="safeclass-${student.student_code}.json"`,
    );
    reply.header("cache-control", "no-store");
    return data;
  });

  app.get("/api/students/:id/data-export.pdf", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { student } = await requireChild(ctx, actor, id, ["parent", "principal"]);
    await limitExports(ctx, actor);
    const data = await buildChildExport(ctx, student.id, actor.displayName);
    const pdf = await childExportPdf(data, request.locale);
    await auditStudent(ctx, request, actor, "student.data_exported", student, { format: "pdf" });
    return reply
      .header("content-type", "application/pdf")
      .header("content-disposition", `attachment; filename="safeclass-${student.student_code}.pdf"`)
      .header("cache-control", "no-store")
      .send(pdf);
  });

  app.post("/api/students/:id/deletion-requests", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(deletionRequestBody, request.body);
    const { student } = await requireChild(ctx, actor, id, ["parent", "principal"]);
    const decision = await ctx.rateLimiter.hit(`privacy:deletion:${actor.userId}`, 10, 3600);
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
    const result = await actions.requestDeletion(ctx, {
      actorId: actor.userId,
      studentId: student.id,
      schoolId: student.school_id,
      scope: body.scope,
      note: body.reason ?? null,
    });
    return reply.status(201).send(result);
  });

  app.get("/api/students/:id/deletion-requests", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { student } = await requireChild(ctx, actor, id, ["parent", "principal"]);
    const items = await repo.deletionRequestsOfStudent(ctx.db, student.id);
    return { items };
  });

  app.get("/api/schools/:id/deletion-requests", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requirePrincipalOf(ctx, actor, id);
    return { items: await repo.deletionRequestsOfSchool(ctx.db, school.id, 200) };
  });

  app.get("/api/schools/:id/access-log", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(accessLogQuery, request.query);
    const school = await requirePrincipalOf(ctx, actor, id);
    if (query.studentId) {
      const student = await repo.findStudent(ctx.db, query.studentId);
      if (!student || student.school_id !== school.id) throw notFound();
    }
    const [page, matchingStudents] = await Promise.all([
      repo.accessLog(ctx.db, school.id, query),
      query.student ? repo.countStudentsMatching(ctx.db, school.id, query.student) : null,
    ]);
    const roles = await repo.rolesAtSchool(
      ctx.db,
      [...new Set(page.items.flatMap((item) => (item.actorId ? [item.actorId] : [])))],
      school.id,
    );
    return {
      items: page.items.map((item) => ({
        ...item,
        actorRoles: roles.filter((role) => role.user_id === item.actorId).map((role) => role.role),
      })),
      total: page.total,
      page: query.page,
      pageSize: query.pageSize,
      // With a typed filter: how many of the school's students it designates (0: none).
      matchingStudents,
    };
  });

  app.get("/api/schools/:id/retention", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requireSchoolManager(ctx, actor, id);
    const [settings] = await repo.retentionOfSchools(ctx.db, [school.id]);
    const runs = await repo.lastRuns(ctx.db, "retention", 7);
    return { settings, defaults: repo.defaultRetention, lastRuns: runs };
  });

  app.patch("/api/schools/:id/retention", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(retentionSettingsBody, request.body);
    const school = await requirePrincipalOf(ctx, actor, id);
    if (Object.keys(body).length === 0) {
      throw new AppError("validation_failed", 400, "errors.validationFailed", {
        issues: [{ field: "body", messageKey: "privacy.retentionEmpty" }],
      });
    }
    const settings = await actions.updateRetention(ctx, {
      actorId: actor.userId,
      schoolId: school.id,
      changes: body,
    });
    return { settings };
  });
}
