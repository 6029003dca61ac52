/** /api/incidents: report, list, view, handle, escalate, evidence, verification, police
 * packages; /api/reports/follow: the anonymous reporter's side; /api/incident-settings. */
import { createHmac, randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  assignBody,
  commentBody,
  createIncidentBody,
  followBody,
  followMessageBody,
  incidentListQuery,
  incidentSettingsBody,
  messageBody,
  policeReferralBody,
  reasonBody,
  transitionBody,
  updateIncidentBody,
  uuidSchema,
  defaultDeadlines,
} from "../../../shared/incidents.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { AppError, notFound, rateLimited } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { safeEqual } from "../../lib/tokens.ts";
import { translate } from "../../i18n/i18n.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { managesPath } from "../orgs/orgs.policy.ts";
import * as actions from "./incidents.actions.ts";
import { checkEvidenceFile } from "./incidents.files.ts";
import { attachFromLiveClass } from "./incidents.intake.ts";
import { buildPolicePdf, buildPoliceZip } from "./incidents.package.ts";
import { canBeAssigned, canConfigure, requireIncident } from "./incidents.policy.ts";
import * as repo from "./incidents.repo.ts";
import { verifyIncidentChain } from "./incidents.verify.ts";

const idParams = z.object({ id: uuidSchema });
/** Wrong follow-up codes allowed per address in ten minutes. */
export const FOLLOW_MISSES = 30;

// Reporters are counted under a keyed hash of their account: the counter cannot name anyone.
const reportKeySecret = randomBytes(32);
function reporterKey(ctx: AppContext, userId: string): string {
  const secret = ctx.config.cookieSecret ?? reportKeySecret;
  return createHmac("sha256", secret).update(userId).digest("base64url").slice(0, 22);
}

async function limit(ctx: AppContext, key: string, max: number, windowSeconds: number) {
  const decision = await ctx.rateLimiter.hit(key, max, windowSeconds);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
}

function requestIp(request: FastifyRequest): string {
  return request.ip || "unknown";
}

function invalid(field: string, messageKey: string): AppError {
  return new AppError("validation_failed", 400, "errors.validationFailed", {
    issues: [{ field, messageKey }],
  });
}

/** The reporter's view: status and the conversation, nothing about the investigation. */
async function reporterView(
  ctx: AppContext,
  incident: repo.IncidentWithSchool,
  locale: "vi" | "en",
) {
  const messages = await repo.listMessages(ctx.db, incident.id);
  return {
    id: incident.id,
    number: incident.number,
    title: incident.title,
    category: incident.category,
    severity: incident.severity,
    status: incident.status,
    schoolName: incident.school_name,
    className: incident.class_name,
    createdAt: incident.created_at,
    updatedAt: incident.updated_at,
    messages: messages.map((message) => ({
      id: message.id,
      direction: message.direction,
      body: message.body,
      createdAt: message.created_at,
      // The reporter sees "the school", not which member of staff wrote.
      author:
        message.direction === "to_reporter"
          ? incident.school_name
          : translate(locale, "incidents.you"),
    })),
  };
}

export function incidentsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/api/incidents/report-options", async (request) => {
    const actor = requireActor(request);
    const schoolIds = [
      ...new Set(actor.roles.filter((r) => r.orgKind === "school").map((r) => r.orgUnitId)),
    ];
    const managed = actor.roles
      .filter((role) => ["principal", "district_officer", "department_officer"].includes(role.role))
      .map((role) => role.orgPath);
    const schools = await repo.reportableSchools(ctx.db, schoolIds, managed);
    const student = await repo.studentByUser(ctx.db, actor.userId);
    const classes = await repo.reportableClasses(ctx.db, actor.userId);
    return {
      schools: schools.map(({ id, name }) => ({ id, name })),
      classes,
      canReportAnonymously: Boolean(student),
    };
  });

  // Reports and follow-ups stay out of the request log (anonymity): logLevel "error".
  app.post("/api/incidents", { logLevel: "error" }, async (request, reply) => {
    const actor = requireActor(request);
    const body = parse(createIncidentBody, request.body);
    await limit(ctx, `incident-report:${reporterKey(ctx, actor.userId)}`, 10, 600);
    const student = await repo.studentByUser(ctx.db, actor.userId);
    if (body.anonymous && !student) throw invalid("anonymous", "incidents.anonymousStudentsOnly");
    let schoolId = body.schoolId ?? null;
    let classId = body.classId ?? null;
    let sessionId: string | null = null;
    const evidence: actions.EvidenceInput[] = [];
    const students: Array<{ id: string; role: "involved" | "target" | "reported" }> = [];
    if (body.source) {
      const attached = await attachFromLiveClass(ctx, actor, body.source, body.anonymous);
      schoolId = attached.schoolId;
      classId = attached.classId;
      sessionId = attached.sessionId;
      evidence.push(...attached.evidence);
      students.push(...attached.students);
    } else if (classId) {
      const classRow = await repo.findClass(ctx.db, classId);
      if (!classRow) throw invalid("classId", "errors.notFound");
      schoolId = classRow.school_id;
    }
    if (!schoolId) {
      // One school in the actor's roles (a student, a teacher): it is that one.
      const schools = [
        ...new Set(actor.roles.filter((r) => r.orgKind === "school").map((r) => r.orgUnitId)),
      ];
      schoolId = student?.school_id ?? (schools.length === 1 ? schools[0]! : null);
    }
    if (!schoolId) throw invalid("schoolId", "incidents.schoolRequired");
    const school = await repo.findOrg(ctx.db, schoolId);
    // Anyone may report about a school they belong to or manage (a student, a parent, staff).
    // A report about the live class was authorised by what the reporter saw there (a guest
    // teacher of another school, too).
    const belongs =
      school?.kind === "school" &&
      (sessionId !== null ||
        actor.roles.some((role) => role.orgUnitId === school.id) ||
        managesPath(actor, school.path) ||
        student?.school_id === school.id);
    if (!school || !belongs) throw notFound();
    if (body.studentIds.length > 0) {
      const staff = actor.roles.some((role) => role.role !== "student" && role.role !== "parent");
      const found = await repo.studentsOfSchool(ctx.db, body.studentIds, school.id);
      if (!staff || found.length !== new Set(body.studentIds).size) {
        throw invalid("studentIds", "incidents.studentsNotHere");
      }
      for (const row of found) students.push({ id: row.id, role: "involved" });
    }
    const reporterRole =
      actor.roles.find((role) => role.orgUnitId === school.id)?.role ??
      actor.roles[0]?.role ??
      "user";
    const opened = await actions.openIncident(ctx, {
      schoolId: school.id,
      classId,
      classSessionId: sessionId,
      category: body.category,
      severity: body.severity,
      title: body.title,
      description: body.description,
      ruleRef: body.ruleRef ?? null,
      reporter: body.anonymous
        ? { kind: "anonymous", role: "student" }
        : { kind: "person", userId: actor.userId, role: reporterRole },
      students,
      evidence,
    });
    if (!body.anonymous) {
      await insertAudit(ctx.db, {
        actorId: actor.userId,
        action: "incident.reported",
        targetType: "incident",
        targetId: opened.id,
        orgUnitId: school.id,
      });
    }
    // The report is committed: only now is it acknowledged to the sender.
    return reply.status(201).send({
      incident: { id: opened.id, number: opened.number },
      ...(opened.code ? { code: opened.code } : {}),
    });
  });

  app.get("/api/incidents", async (request) => {
    const actor = requireActor(request);
    const query = parse(incidentListQuery, request.query);
    const { items, total } = await repo.listIncidentsPage(ctx.db, actor, query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  });

  app.get("/api/incidents/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { incident, access } = await requireIncident(ctx, actor, id, ["staff", "reporter"]);
    if (access === "reporter") {
      return { access, incident: await reporterView(ctx, incident, request.locale) };
    }
    const [events, evidence, messages, students, reporter, assignee] = await Promise.all([
      repo.listEvents(ctx.db, id),
      repo.listEvidence(ctx.db, id),
      repo.listMessages(ctx.db, id),
      repo.listIncidentStudents(ctx.db, id),
      incident.reporter_id ? repo.findUserName(ctx.db, incident.reporter_id) : null,
      incident.assigned_to ? repo.findUserName(ctx.db, incident.assigned_to) : null,
    ]);
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "incident.viewed",
      targetType: "incident",
      targetId: id,
      orgUnitId: incident.school_id,
    });
    const anonymousName = translate(request.locale, "incidents.anonymous");
    const systemName = translate(request.locale, "incidents.system");
    return {
      access,
      // Handlers escalate a level up; a teacher passes a school-level incident to the principal.
      canEscalate:
        incident.status !== "closed" &&
        (access === "handler"
          ? incident.level !== "department"
          : incident.level === "school" &&
            incident.status !== "resolved" &&
            actor.roles.some((role) => role.role === "teacher")),
      incident: {
        id: incident.id,
        number: incident.number,
        title: incident.title,
        description: incident.description,
        category: incident.category,
        severity: incident.severity,
        status: incident.status,
        level: incident.level,
        source: incident.source,
        ruleRef: incident.rule_ref,
        schoolId: incident.school_id,
        schoolName: incident.school_name,
        classId: incident.class_id,
        className: incident.class_name,
        classSessionId: incident.class_session_id,
        anonymous: incident.anonymous,
        // Anonymous reports carry no reporter: there is nothing to reveal.
        reporter: incident.anonymous
          ? { name: anonymousName, role: "student" }
          : incident.source === "automatic"
            ? { name: systemName, role: "system" }
            : {
                id: reporter?.id ?? null,
                name: reporter?.display_name ?? "?",
                role: incident.reporter_role,
              },
        assignedTo: assignee ? { id: assignee.id, name: assignee.display_name } : null,
        ackDueAt: incident.ack_due_at,
        resolveDueAt: incident.resolve_due_at,
        acknowledgedAt: incident.acknowledged_at,
        escalatedAt: incident.escalated_at,
        resolvedAt: incident.resolved_at,
        closedAt: incident.closed_at,
        outcome: incident.outcome,
        actions: incident.actions,
        police: incident.police_agency
          ? {
              agency: incident.police_agency,
              officer: incident.police_officer,
              caseNumber: incident.police_case_number,
              referredOn: incident.police_referred_on,
            }
          : null,
        createdAt: incident.created_at,
        updatedAt: incident.updated_at,
      },
      students: students.map((student) => ({
        id: student.id,
        name: student.full_name,
        code: student.student_code,
        role: student.role,
      })),
      timeline: events.map((event) => ({
        seq: event.seq,
        type: event.type,
        payload: event.payload,
        at: event.created_at,
        actor: event.actor_id
          ? { id: event.actor_id, name: event.actor_name }
          : {
              id: null,
              name:
                event.type === "message.from_reporter" || (event.seq === 1 && incident.anonymous)
                  ? anonymousName
                  : systemName,
            },
        hash: event.hash,
        prevHash: event.prev_hash,
      })),
      evidence: evidence.map((item) => ({
        id: item.id,
        kind: item.kind,
        content: item.content,
        mime: item.mime,
        size: item.size,
        sha256: item.sha256,
        originalName: item.original_name,
        storedName: item.stored_name,
        addedBy: item.added_by_name,
        createdAt: item.created_at,
      })),
      messages: messages.map((message) => ({
        id: message.id,
        direction: message.direction,
        body: message.body,
        createdAt: message.created_at,
        author:
          message.direction === "from_reporter"
            ? incident.anonymous
              ? anonymousName
              : (reporter?.display_name ?? "?")
            : message.author_name,
      })),
    };
  });

  app.patch("/api/incidents/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(updateIncidentBody, request.body);
    await requireIncident(ctx, actor, id, ["handler"]);
    await actions.reclassifyIncident(ctx, actor, id, body);
    return { ok: true };
  });

  app.post("/api/incidents/:id/transition", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(transitionBody, request.body);
    await requireIncident(ctx, actor, id, ["handler"]);
    await actions.transitionIncident(ctx, actor, id, body);
    return { ok: true };
  });

  app.get("/api/incidents/:id/assignees", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { incident } = await requireIncident(ctx, actor, id, ["handler"]);
    const [departmentId, districtId] = incident.school_path.split("/").filter(Boolean);
    const units = [
      { id: incident.school_id, roles: ["principal", "teacher"] },
      ...(incident.level !== "school" && districtId
        ? [{ id: districtId, roles: ["district_officer"] }]
        : []),
      ...(incident.level === "department" && departmentId
        ? [{ id: departmentId, roles: ["department_officer"] }]
        : []),
    ];
    const rows = await repo.holdersOfAny(ctx.db, units);
    const seen = new Set<string>();
    return { items: rows.filter((row) => !seen.has(row.id) && seen.add(row.id)) };
  });

  app.post("/api/incidents/:id/assign", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(assignBody, request.body);
    const { incident } = await requireIncident(ctx, actor, id, ["handler"]);
    if (!(await canBeAssigned(ctx, body.assigneeId, incident))) {
      throw invalid("assigneeId", "incidents.notAssignable");
    }
    await actions.assignIncident(ctx, actor, id, body.assigneeId, body.reason);
    return { ok: true };
  });

  app.post("/api/incidents/:id/escalate", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(reasonBody, request.body);
    const { access } = await requireIncident(ctx, actor, id, ["handler", "staff"]);
    if (access === "handler") {
      await actions.escalateIncident(ctx, actor, id, body.reason);
    } else if (actor.roles.some((role) => role.role === "teacher")) {
      // A teacher of the class (or the teacher who reported) passes it to the principal.
      await actions.referToPrincipal(ctx, actor, id, body.reason);
    } else {
      throw notFound();
    }
    return { ok: true };
  });

  app.post("/api/incidents/:id/comments", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(commentBody, request.body);
    await requireIncident(ctx, actor, id, ["staff"]);
    await actions.commentOnIncident(ctx, actor, id, body.body);
    return reply.status(201).send({ ok: true });
  });

  app.post("/api/incidents/:id/messages", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(messageBody, request.body);
    const { access } = await requireIncident(ctx, actor, id, ["handler", "reporter"]);
    await limit(ctx, `incident-message:${actor.userId}`, 30, 600);
    if (access === "reporter") await actions.messageFromReporter(ctx, id, actor.userId, body.body);
    else await actions.messageReporter(ctx, actor, id, body.body);
    return reply.status(201).send({ ok: true });
  });

  app.post("/api/incidents/:id/evidence", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    await requireIncident(ctx, actor, id, ["staff"]);
    await limit(ctx, `incident-evidence:${actor.userId}`, 30, 600);
    // preservePath: the name arrives as sent, so that path tricks are refused, not silently cut.
    const file = await request.file({ preservePath: true });
    if (!file) throw invalid("file", "incidents.fileMissing");
    const bytes = await file.toBuffer();
    const checked = checkEvidenceFile(bytes, file.filename);
    const evidenceId = await actions.addEvidence(ctx, actor, id, {
      kind: "file",
      file: { bytes, ...checked },
    });
    return reply
      .status(201)
      .send({ evidence: { id: evidenceId, mime: checked.mime, size: bytes.length } });
  });

  app.get("/api/incidents/:id/evidence/:evidenceId", async (request, reply) => {
    const actor = requireActor(request);
    const params = parse(z.object({ id: uuidSchema, evidenceId: uuidSchema }), request.params);
    const { incident } = await requireIncident(ctx, actor, params.id, ["staff"]);
    const item = await repo.findEvidence(ctx.db, params.id, params.evidenceId);
    if (!item) throw notFound();
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "incident.evidence_downloaded",
      targetType: "evidence",
      targetId: item.id,
      orgUnitId: incident.school_id,
    });
    reply.header("x-content-type-options", "nosniff");
    reply.header("cache-control", "private, no-store");
    if (item.file) {
      const name = item.stored_name ?? `${item.id}.bin`;
      reply.header("content-disposition", `attachment; filename="${name}"`);
      return reply.type(item.mime ?? "application/octet-stream").send(Buffer.from(item.file));
    }
    return reply.type("application/json").send(item.content);
  });

  app.get("/api/incidents/:id/verify", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    await requireIncident(ctx, actor, id, ["staff"]);
    return verifyIncidentChain(ctx.db, id);
  });

  app.post("/api/incidents/:id/police", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(policeReferralBody, request.body);
    await requireIncident(ctx, actor, id, ["handler"]);
    await actions.recordPoliceReferral(ctx, actor, id, body);
    return { ok: true };
  });

  for (const format of ["pdf", "zip"] as const) {
    app.get(`/api/incidents/:id/package.${format}`, async (request, reply) => {
      const actor = requireActor(request);
      const { id } = parse(idParams, request.params);
      const { incident } = await requireIncident(ctx, actor, id, ["handler"]);
      await limit(ctx, `incident-package:${actor.userId}`, 20, 600);
      await insertAudit(ctx.db, {
        actorId: actor.userId,
        action: `incident.package_${format}`,
        targetType: "incident",
        targetId: id,
        orgUnitId: incident.school_id,
      });
      const bytes =
        format === "pdf" ? await buildPolicePdf(ctx, id) : await buildPoliceZip(ctx, id);
      reply.header(
        "content-disposition",
        `attachment; filename="safeclass-su-co-${incident.number}.${format}"`,
      );
      reply.header("cache-control", "private, no-store");
      return reply.type(format === "pdf" ? "application/pdf" : "application/zip").send(bytes);
    });
  }

  // --- the anonymous reporter (no session: the code is the only key) -------------------------

  async function byCode(request: FastifyRequest, code: string) {
    const ip = requestIp(request);
    // Every request counts towards a generous limit (a school's pupils may share one address);
    // wrong codes count towards a strict one.
    await limit(ctx, `incident-follow:${ip}`, 300, 600);
    const misses = await ctx.rateLimiter.peek(`incident-follow-miss:${ip}`);
    if (misses.count >= FOLLOW_MISSES) throw rateLimited(misses.retryAfterSeconds);
    const hash = actions.codeHash(code);
    const row = await repo.findByCodeHash(ctx.db, hash);
    if (!row || !row.anonymous_code_hash || !safeEqual(row.anonymous_code_hash, hash)) {
      await ctx.rateLimiter.hit(`incident-follow-miss:${ip}`, FOLLOW_MISSES, 600);
      throw new AppError("not_found", 404, "incidents.codeUnknown");
    }
    return (await repo.findIncident(ctx.db, row.id))!;
  }

  app.post("/api/reports/follow", { logLevel: "error" }, async (request) => {
    const body = parse(followBody, request.body);
    const incident = await byCode(request, body.code);
    return { incident: await reporterView(ctx, incident, request.locale) };
  });

  app.post("/api/reports/follow/messages", { logLevel: "error" }, async (request, reply) => {
    const body = parse(followMessageBody, request.body);
    const incident = await byCode(request, body.code);
    await limit(ctx, `incident-follow-message:${incident.id}`, 10, 600);
    await actions.messageFromReporter(ctx, incident.id, null, body.body);
    return reply.status(201).send({ incident: await reporterView(ctx, incident, request.locale) });
  });

  // --- deadlines per organisation -------------------------------------------------------------

  app.get("/api/incident-settings/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const org = await repo.findOrg(ctx.db, id);
    if (!org || !canConfigure(actor, org.path)) throw notFound();
    const onPath = await repo.settingsOnPath(ctx.db, org.path);
    const own = onPath.find((row) => row.org_unit_id === id) ?? null;
    // The nearest unit above this one with its own deadlines.
    const above = onPath.filter((row) => row.org_unit_id !== id).at(-1) ?? null;
    const inherited = above
      ? {
          orgUnitId: above.org_unit_id,
          name: above.name,
          kind: above.kind,
          deadlines: above.deadlines,
        }
      : null;
    return {
      orgUnitId: id,
      org: { id: org.id, name: org.name, kind: org.kind },
      own: own?.deadlines ?? null,
      ownUpdatedAt: own?.updated_at ?? null,
      inherited,
      effective: own?.deadlines ?? inherited?.deadlines ?? defaultDeadlines,
      defaults: defaultDeadlines,
    };
  });

  app.put("/api/incident-settings/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(incidentSettingsBody, request.body);
    const org = await repo.findOrg(ctx.db, id);
    if (!org || !canConfigure(actor, org.path)) throw notFound();
    await actions.saveIncidentSettings(ctx, actor, id, body.deadlines);
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "incident.settings_updated",
      targetType: "org_unit",
      targetId: id,
      orgUnitId: id,
      detail: body.deadlines,
    });
    return { orgUnitId: id, own: body.deadlines };
  });

  app.delete("/api/incident-settings/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const org = await repo.findOrg(ctx.db, id);
    if (!org || !canConfigure(actor, org.path)) throw notFound();
    await actions.clearIncidentSettings(ctx, id);
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "incident.settings_cleared",
      targetType: "org_unit",
      targetId: id,
      orgUnitId: id,
    });
    return { orgUnitId: id, own: null };
  });
}
