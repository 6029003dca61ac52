/** /api/schools/:id/rules…, /api/rules/…, /api/classes/:id/checklist: read, edit, publish and
 * acknowledge a school's rules; the teacher's pre-class checklist. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  acknowledgeRulesBody,
  publishRulesBody,
  saveRulesDraftBody,
  submitChecklistBody,
} from "../../../shared/rules.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { AppError, notFound, rateLimited } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import type { Actor } from "../accounts/actor.ts";
import { managedPaths, requireClass } from "../orgs/orgs.policy.ts";
import * as actions from "./rules.actions.ts";
import { rulesCoverage } from "./rules.coverage.ts";
import {
  ackRolesAt,
  requireAckRole,
  requireRulesEditor,
  requireRulesManager,
  requireRulesReader,
} from "./rules.policy.ts";
import * as repo from "./rules.repo.ts";
import { rulesGate } from "./rules.gate.ts";

const idParams = z.object({ id: z.string().uuid() });
const rulesParams = z.object({ rulesId: z.string().uuid() });

async function limit(ctx: AppContext, key: string, max: number, windowSeconds: number) {
  const decision = await ctx.rateLimiter.hit(key, max, windowSeconds);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
}

function presentRules(
  rules: NonNullable<Awaited<ReturnType<typeof repo.findRules>>>,
  publishedByName?: string | null,
) {
  return {
    id: rules.id,
    schoolId: rules.school_id,
    version: rules.version,
    title: rules.title,
    document: rules.document,
    publishedAt: rules.published_at,
    updatedAt: rules.updated_at,
    ...(publishedByName !== undefined ? { publishedByName } : {}),
  };
}

/** Where the actor stands with these rules: what they acknowledged and what is still missing. */
async function myStatus(ctx: AppContext, actor: Actor, schoolId: string, rulesId: string) {
  const roles = ackRolesAt(actor, schoolId);
  const status = [];
  for (const role of roles) {
    const ack = await repo.findAcknowledgement(ctx.db, rulesId, actor.userId, role);
    status.push({ role, acknowledgedAt: ack?.acknowledged_at ?? null });
  }
  const children = roles.includes("parent")
    ? await repo.childrenAtSchool(ctx.db, actor.userId, schoolId)
    : [];
  return { roles: status, children };
}

function clientIp(request: FastifyRequest) {
  return request.ip ?? null;
}

export function rulesRoutes(app: FastifyInstance, ctx: AppContext): void {
  /** The school's current rules, and whether the caller acknowledged them. */
  app.get("/api/schools/:id/rules", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requireRulesReader(ctx, actor, id);
    const current = await repo.currentRules(ctx.db, school.id, ctx.now());
    if (!current) throw new AppError("not_found", 404, "rules.noRules");
    return {
      school: { id: school.id, name: school.name },
      rules: presentRules(current),
      me: await myStatus(ctx, actor, school.id, current.id),
    };
  });

  /** Every version (history), newest first, with how many people acknowledged each. */
  app.get("/api/schools/:id/rules/versions", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requireRulesManager(ctx, actor, id);
    await repo.currentRules(ctx.db, school.id, ctx.now());
    return { items: await repo.listVersions(ctx.db, school.id) };
  });

  /** The principal's working draft (null when none) next to the current version. */
  app.get("/api/schools/:id/rules/draft", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requireRulesEditor(ctx, actor, id);
    const current = await repo.currentRules(ctx.db, school.id, ctx.now());
    const draft = await repo.findDraft(ctx.db, school.id);
    return {
      draft: draft ? presentRules(draft) : null,
      current: current ? presentRules(current) : null,
    };
  });

  app.put("/api/schools/:id/rules/draft", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(saveRulesDraftBody, request.body);
    const school = await requireRulesEditor(ctx, actor, id);
    await limit(ctx, `rules-draft:${actor.userId}`, 60, 60);
    const draft = await actions.saveRulesDraft(ctx, {
      actorId: actor.userId,
      schoolId: school.id,
      document: body.document,
    });
    return { draft: presentRules(draft) };
  });

  app.delete("/api/schools/:id/rules/draft", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requireRulesEditor(ctx, actor, id);
    await actions.discardRulesDraft(ctx, { actorId: actor.userId, schoolId: school.id });
    return reply.status(204).send();
  });

  app.post("/api/schools/:id/rules/publish", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(publishRulesBody, request.body);
    const school = await requireRulesEditor(ctx, actor, id);
    const published = await actions.publishRules(ctx, {
      actorId: actor.userId,
      schoolId: school.id,
      draftId: body.draftId,
    });
    return reply.status(201).send({ rules: presentRules(published) });
  });

  /** Acknowledgement coverage of the current version, per class. */
  app.get("/api/schools/:id/rules/coverage", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requireRulesManager(ctx, actor, id);
    const [coverage] = await rulesCoverage(ctx, { schoolIds: [school.id] });
    return { coverage };
  });

  /** One version of a school's rules (for history and links from incidents). */
  app.get("/api/rules/:rulesId", async (request) => {
    const actor = requireActor(request);
    const { rulesId } = parse(rulesParams, request.params);
    const rules = await repo.findRules(ctx.db, rulesId);
    if (!rules || !rules.published_at) throw notFound();
    await requireRulesReader(ctx, actor, rules.school_id);
    return { rules: presentRules(rules) };
  });

  app.post("/api/rules/:rulesId/acknowledge", async (request, reply) => {
    const actor = requireActor(request);
    const { rulesId } = parse(rulesParams, request.params);
    const body = parse(acknowledgeRulesBody, request.body);
    const rules = await repo.findRules(ctx.db, rulesId);
    if (!rules || !rules.published_at) throw notFound();
    const school = await requireRulesReader(ctx, actor, rules.school_id);
    const roles = requireAckRole(actor, school.id);
    await limit(ctx, `rules-ack:${actor.userId}`, 20, 60);
    const result = await actions.acknowledgeRules(ctx, {
      actorId: actor.userId,
      rulesId,
      schoolId: school.id,
      roles,
      studentIds: body.studentIds,
      ip: clientIp(request),
    });
    return reply.status(201).send(result);
  });

  /** Rules the caller still has to acknowledge, across their schools. */
  app.get("/api/rules/pending", async (request) => {
    const actor = requireActor(request);
    const schools = await repo.memberSchools(ctx.db, actor.userId);
    const pending = [];
    const seen = new Set<string>();
    for (const school of schools) {
      if (school.role === "teacher") continue;
      const key = `${school.schoolId}:${school.role}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const gate = await rulesGate(ctx, {
        userId: actor.userId,
        schoolId: school.schoolId,
        role: school.role as "student" | "parent",
      });
      if (gate) {
        pending.push({
          schoolId: school.schoolId,
          schoolName: school.schoolName,
          role: school.role,
          ...gate,
        });
      }
    }
    return { items: pending };
  });

  /** Today's pre-class checklist of a class for its teacher. */
  app.get("/api/classes/:id/checklist", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["teacher"]);
    const current = await repo.currentRules(ctx.db, classRow.school_id, ctx.now());
    if (!current) throw new AppError("not_found", 404, "rules.noRules");
    const day = actions.schoolDay(ctx.now());
    const latest = await repo.latestChecklist(ctx.db, actor.userId, id, day);
    const checked = new Set(
      latest && latest.rules_id === current.id
        ? latest.items.filter((item) => item.checked).map((item) => item.id)
        : [],
    );
    return {
      classId: id,
      day,
      rulesId: current.id,
      rulesVersion: current.version,
      items: current.document.teacherChecklist.map((item) => ({
        ...item,
        checked: checked.has(item.id),
      })),
      complete:
        current.document.teacherChecklist.length > 0 &&
        current.document.teacherChecklist.every((item) => checked.has(item.id)),
      submittedAt: latest?.submitted_at ?? null,
    };
  });

  app.post("/api/classes/:id/checklist", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(submitChecklistBody, request.body);
    const { classRow } = await requireClass(ctx, actor, id, ["teacher"]);
    await limit(ctx, `rules-checklist:${actor.userId}`, 30, 60);
    const saved = await actions.submitTeacherChecklist(ctx, {
      actorId: actor.userId,
      classId: id,
      schoolId: classRow.school_id,
      checked: body.checked,
      classSessionId: body.classSessionId ?? null,
    });
    return reply.status(201).send({
      classId: id,
      day: saved.day,
      items: saved.items,
      complete: saved.complete,
      submittedAt: saved.submitted_at,
    });
  });

  /** Managers: coverage of every school they manage (for their dashboard). */
  app.get("/api/rules/coverage", async (request) => {
    const actor = requireActor(request);
    const paths = managedPaths(actor);
    if (paths.length === 0) throw notFound();
    const schools = await repo.schoolsUnder(ctx.db, paths);
    return { items: await rulesCoverage(ctx, { schoolIds: schools.map((school) => school.id) }) };
  });
}
