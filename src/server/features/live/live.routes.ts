/** HTTP API of the live class: the door for personal links, today's classes, sessions and the
 * weekly timetable, join links and their exports, attendance, bans. */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { uuid } from "../../../shared/api.ts";
import {
  attendanceQuery,
  classAttendanceQuery,
  createSessionBody,
  issueLinksBody,
  liftBanParams,
  putTimetableBody,
  redeemJoinBody,
  sessionRangeQuery,
  updateSessionBody,
  VIETNAM_UTC_OFFSET,
  type BanView,
  type JoinRedeemResult,
  type TimetableRuleView,
  type TodayResponse,
} from "../../../shared/live.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { AppError, conflict, notFound } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { vietnamDayStart } from "../../../shared/vietnam-time.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { requireClass, requireStudent } from "../orgs/orgs.policy.ts";
import { attendanceForStudent, attendanceWorkbook, sessionAttendance } from "./attendance.ts";
import {
  DEVICE_COOKIE,
  deviceCookieValue,
  issueLinks,
  JOIN_COOKIE,
  linksPdf,
  linksWorkbook,
  linkStatuses,
  redeemLink,
  resolveGrant,
  revokeLink,
} from "./links.ts";
import { acknowledgeAsStudent, pendingStudentRules } from "../rules/index.ts";
import * as actions from "./live.actions.ts";
import { findLink } from "./live.links.repo.ts";
import { requireSession, runsClass } from "./live.policy.ts";
import * as repo from "./live.repo.ts";
import { sessionSummary } from "./sessions.ts";
import { livekitWebhookRoutes } from "./media.livekit.routes.ts";

const idParams = z.object({ id: uuid });
const DAY = 86_400_000;

function range(query: { from?: string; to?: string }, now: Date, defaultDays: number) {
  const from = query.from
    ? new Date(`${query.from}T00:00:00${VIETNAM_UTC_OFFSET}`)
    : vietnamDayStart(now);
  const to = query.to
    ? new Date(new Date(`${query.to}T00:00:00${VIETNAM_UTC_OFFSET}`).getTime() + DAY)
    : new Date(from.getTime() + defaultDays * DAY);
  if (to <= from || to.getTime() - from.getTime() > 400 * DAY) {
    throw new AppError("validation_failed", 400, "errors.validationFailed", {
      issues: [{ field: "to", messageKey: "validation.endBeforeStart" }],
    });
  }
  return { from, to };
}

function ruleViews(rules: Awaited<ReturnType<typeof repo.timetableRules>>): TimetableRuleView[] {
  return rules.map((rule) => ({
    id: rule.id,
    weekday: rule.weekday,
    startTime: rule.start_time,
    endTime: rule.end_time,
    title: rule.title,
    teacherId: rule.teacher_id,
    teacherName: rule.teacher_name,
  }));
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const attachment = (name: string) =>
  `attachment; filename="${name.replace(/[^\w.-]+/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function liveRoutes(app: FastifyInstance, ctx: AppContext): void {
  livekitWebhookRoutes(app, ctx);
  // The door for personal links: same answer for every bad link, guesses counted per IP and
  // per class; a good link sets a join grant bound to this device.
  app.post("/api/live/join", async (request, reply) => {
    const body = parse(redeemJoinBody, request.body);
    const device = deviceCookieValue(request.cookies[DEVICE_COOKIE]);
    const redeemed = await redeemLink(ctx, {
      token: body.token,
      device: device.value,
      ip: request.ip,
      userAgent: (request.headers["user-agent"] as string | undefined) ?? null,
    });
    const common = {
      path: "/",
      httpOnly: true,
      sameSite: "lax" as const,
      secure: ctx.config.secureCookies,
    };
    reply.setCookie(JOIN_COOKIE, redeemed.grantToken, {
      ...common,
      expires: redeemed.grantExpiresAt,
    });
    reply.setCookie(DEVICE_COOKIE, device.value, {
      ...common,
      expires: new Date(ctx.now().getTime() + 400 * DAY),
    });
    const now = ctx.now();
    await repo.materializeTimetable(
      ctx.db,
      [redeemed.classId],
      now,
      new Date(now.getTime() + 8 * DAY),
    );
    const sessions = await repo.listSessions(
      ctx.db,
      [redeemed.classId],
      new Date(now.getTime() - DAY),
      new Date(now.getTime() + 8 * DAY),
    );
    const summaries = sessions.map((session) => sessionSummary(session, now, false));
    // Several sessions of the class may be under way (an extra session over a timetabled one,
    // a session its teacher forgot to close): the link goes to the one its teacher opened last,
    // else to the earliest one about to start.
    const underWay = summaries.filter(
      (session) =>
        session.state !== "ended" && Date.parse(session.startsAt) - 15 * 60_000 <= now.getTime(),
    );
    const openedLast = underWay
      .filter((session) => session.openedAt !== null)
      .sort((a, b) => Date.parse(b.openedAt!) - Date.parse(a.openedAt!))[0];
    const current = openedLast ?? underWay[0] ?? null;
    const next = summaries.find((session) => Date.parse(session.startsAt) > now.getTime()) ?? null;
    const classRow = await repo.classAndSchoolName(ctx.db, redeemed.classId);
    const result: JoinRedeemResult = {
      classId: redeemed.classId,
      className: classRow.name,
      schoolName: classRow.school_name,
      studentName: redeemed.studentName,
      session: current,
      nextSession: current ? null : next,
    };
    return result;
  });

  // A student who entered by personal link only has no session: the school's rules are shown
  // and acknowledged through the join grant of this device.
  const grantSchool = async (request: {
    cookies: Record<string, string | undefined>;
  }): Promise<{ userId: string; schoolId: string }> => {
    const grant = await resolveGrant(
      ctx,
      request.cookies[JOIN_COOKIE],
      request.cookies[DEVICE_COOKIE],
    );
    if (!grant) throw notFound();
    const schoolId = await repo.classSchoolId(ctx.db, grant.classId);
    return { userId: grant.userId, schoolId };
  };

  app.get("/api/live/grant/rules", async (request) => {
    const { userId, schoolId } = await grantSchool(request);
    return { rules: await pendingStudentRules(ctx, userId, schoolId) };
  });

  app.post("/api/live/grant/rules/acknowledge", async (request, reply) => {
    const { rulesId } = parse(z.object({ rulesId: uuid }), request.body);
    const { userId, schoolId } = await grantSchool(request);
    const hit = await ctx.rateLimiter.hit(`rules-ack-grant:${userId}`, 20, 60);
    if (!hit.allowed) {
      throw new AppError("rate_limited", 429, "errors.rateLimited", {
        retryAfterSeconds: hit.retryAfterSeconds,
      });
    }
    await acknowledgeAsStudent(ctx, { userId, schoolId, rulesId, ip: request.ip });
    return reply.status(201).send({ acknowledged: true });
  });

  // Today's classes of the signed-in teacher or student (the timetable's sessions included).
  // A teacher sees the periods named for them, those naming nobody and those they opened (a
  // substitute's), not a colleague's; a student sees every session of their class.
  app.get("/api/live/today", async (request) => {
    const actor = requireActor(request);
    const now = ctx.now();
    const classIds = await repo.classesOfUser(ctx.db, actor.userId);
    const from = vietnamDayStart(now);
    const to = new Date(from.getTime() + DAY);
    await repo.materializeTimetable(ctx.db, classIds, from, to);
    const sessions = await repo.listSessions(ctx.db, classIds, from, to);
    const teaching = new Set<string>();
    for (const classId of new Set(sessions.map((session) => session.class_id))) {
      if (await runsClass(ctx, actor.userId, classId)) teaching.add(classId);
    }
    const mine = sessions.filter(
      (session) =>
        !teaching.has(session.class_id) ||
        session.teacher_id === null ||
        session.teacher_id === actor.userId ||
        session.opened_by === actor.userId,
    );
    const response: TodayResponse = {
      items: mine.map((session) => ({
        ...sessionSummary(session, now, teaching.has(session.class_id)),
        relation: teaching.has(session.class_id) ? "teacher" : "student",
      })),
    };
    return response;
  });

  app.get("/api/classes/:id/live-sessions", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(sessionRangeQuery, request.query);
    const access = await requireClass(ctx, actor, id, ["manager", "teacher", "student", "parent"]);
    const now = ctx.now();
    const { from, to } = range(query, now, 7);
    await repo.materializeTimetable(ctx.db, [id], from, to);
    const sessions = await repo.listSessions(ctx.db, [id], from, to);
    const host = access.relation === "teacher";
    return { items: sessions.map((session) => sessionSummary(session, now, host)) };
  });

  app.post("/api/classes/:id/live-sessions", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(createSessionBody, request.body);
    const { classRow } = await requireClass(ctx, actor, id, ["manager", "teacher"]);
    if (classRow.archived_at) throw notFound();
    const createdId = await actions.scheduleSession(ctx, actor.userId, classRow, {
      title: body.title,
      startsAt: new Date(body.startsAt),
      endsAt: new Date(body.endsAt),
      teacherId: body.teacherId,
    });
    const session = await repo.findSession(ctx.db, createdId);
    return reply.status(201).send({ session: sessionSummary(session!, ctx.now(), true) });
  });

  app.get("/api/live-sessions/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { session, relation } = await requireSession(ctx, actor, id, [
      "manager",
      "teacher",
      "student",
      "parent",
    ]);
    return { session: sessionSummary(session, ctx.now(), relation === "teacher") };
  });

  app.patch("/api/live-sessions/:id", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(updateSessionBody, request.body);
    const { session } = await requireSession(ctx, actor, id, ["manager", "teacher"]);
    if (session.closed_at) throw conflict("live.sessionClosed");
    const startsAt = body.startsAt ? new Date(body.startsAt) : undefined;
    // Students were told when the class starts; once it is open the start stays.
    if (startsAt && session.opened_at && startsAt.getTime() !== session.starts_at.getTime()) {
      throw conflict("live.sessionAlreadyOpened");
    }
    const endsAt = body.endsAt ? new Date(body.endsAt) : undefined;
    const start = startsAt ?? session.starts_at;
    const end = endsAt ?? session.ends_at;
    if (startsAt || endsAt) {
      const field = endsAt ? "endsAt" : "startsAt";
      const invalid = (messageKey: string) =>
        new AppError("validation_failed", 400, "errors.validationFailed", {
          issues: [{ field, messageKey }],
        });
      if (end <= start) throw invalid("validation.endBeforeStart");
      if (end.getTime() - start.getTime() > 6 * 3_600_000)
        throw invalid("validation.sessionTooLong");
      if (end <= ctx.now()) throw invalid("validation.endInPast");
    }
    await actions.editSession(
      ctx,
      actor.userId,
      session,
      { title: body.title, startsAt, endsAt, teacherId: body.teacherId },
      body,
    );
    const updated = await repo.findSession(ctx.db, id);
    return { session: sessionSummary(updated!, ctx.now(), true) };
  });

  // Open and close a session over HTTP (the teacher's page, scripts): the same actions as the
  // socket commands `class.open` / `class.close`, for teachers of the class only.
  const hostOf = async (request: FastifyRequest) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { session } = await requireSession(ctx, actor, id, ["teacher"]);
    if (session.class_archived_at) throw notFound();
    const host: actions.Doer = {
      userId: actor.userId,
      name: actor.displayName,
      role: "host",
      ip: request.ip,
      userAgent: (request.headers["user-agent"] as string | undefined) ?? null,
    };
    return { session, host };
  };
  const asHttpError = (error: unknown): never => {
    if (error instanceof actions.LiveRefusal) {
      throw new AppError("conflict", 409, `live.refusal.${error.reason}`);
    }
    throw error;
  };

  app.post("/api/live/sessions/:id/open", async (request) => {
    const { session, host } = await hostOf(request);
    await actions.openClass(ctx, session, host).catch(asHttpError);
    const updated = await repo.findSession(ctx.db, session.id);
    return { session: sessionSummary(updated!, ctx.now(), true) };
  });

  app.post("/api/live/sessions/:id/close", async (request) => {
    const { session, host } = await hostOf(request);
    await actions.closeClass(ctx, session, host).catch(asHttpError);
    const updated = await repo.findSession(ctx.db, session.id);
    return { session: sessionSummary(updated!, ctx.now(), true) };
  });

  app.get("/api/classes/:id/timetable", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    await requireClass(ctx, actor, id, ["manager", "teacher", "student", "parent"]);
    return { rules: ruleViews(await repo.timetableRules(ctx.db, id)) };
  });

  app.put("/api/classes/:id/timetable", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(putTimetableBody, request.body);
    const { classRow } = await requireClass(ctx, actor, id, ["manager", "teacher"]);
    await actions.setTimetable(ctx, actor.userId, classRow, body.rules);
    return { rules: ruleViews(await repo.timetableRules(ctx.db, id)) };
  });

  app.get("/api/classes/:id/join-links", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["manager", "teacher"]);
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "live.links_viewed",
      targetType: "class",
      targetId: id,
      orgUnitId: classRow.school_id,
    });
    return { items: await linkStatuses(ctx.db, id) };
  });

  // Issuing is the only moment a link exists in clear: the response (JSON, spreadsheet or
  // printable sheet) carries the new links; earlier links of those students stop working.
  app.post("/api/classes/:id/join-links", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(issueLinksBody, request.body);
    const { classRow } = await requireClass(ctx, actor, id, ["manager", "teacher"]);
    if (classRow.archived_at) throw notFound();
    const limit = await ctx.rateLimiter.hit(`live:issue-links:${actor.userId}`, 20, 600);
    if (!limit.allowed) {
      throw new AppError("rate_limited", 429, "errors.rateLimited", {
        retryAfterSeconds: limit.retryAfterSeconds,
      });
    }
    const { links, expiresAt } = await issueLinks(ctx, {
      classId: id,
      actorId: actor.userId,
      studentIds: body.studentIds,
      schoolId: classRow.school_id,
    });
    const meta = {
      className: classRow.name,
      schoolName: classRow.school_name,
      expiresAt,
      locale: request.locale,
    };
    if (body.format === "xlsx") {
      return reply
        .header("content-type", xlsxType)
        .header("content-disposition", attachment(`lien-ket-${classRow.name}.xlsx`))
        .header("cache-control", "no-store")
        .send(await linksWorkbook(links, meta));
    }
    if (body.format === "pdf") {
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", attachment(`lien-ket-${classRow.name}.pdf`))
        .header("cache-control", "no-store")
        .send(await linksPdf(links, meta));
    }
    return reply
      .status(201)
      .header("cache-control", "no-store")
      .send({ items: links, expiresAt: expiresAt.toISOString() });
  });

  app.post("/api/join-links/:id/revoke", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const link = await findLink(ctx.db, id);
    if (!link) throw notFound();
    await requireClass(ctx, actor, link.class_id, ["manager", "teacher"]);
    await revokeLink(ctx, id, actor.userId);
    return reply.status(204).send();
  });

  app.get("/api/live-sessions/:id/attendance", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(attendanceQuery, request.query);
    const { session } = await requireSession(ctx, actor, id, ["manager", "teacher"]);
    const attendance = await sessionAttendance(ctx.db, session, ctx.now());
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "live.attendance_viewed",
      targetType: "class_session",
      targetId: id,
      orgUnitId: session.school_id,
      detail: { format: query.format },
    });
    if (query.format === "xlsx") {
      return reply
        .header("content-type", xlsxType)
        .header(
          "content-disposition",
          attachment(
            `diem-danh-${session.class_name}-${repo.vietnamDay(session.starts_at).date}.xlsx`,
          ),
        )
        .send(
          await attendanceWorkbook([{ className: session.class_name, attendance }], request.locale),
        );
    }
    return attendance;
  });

  app.get("/api/classes/:id/attendance", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(classAttendanceQuery, request.query);
    const { classRow } = await requireClass(ctx, actor, id, ["manager", "teacher"]);
    const now = ctx.now();
    const { from, to } = query.from
      ? range(query, now, 31)
      : {
          from: new Date(vietnamDayStart(now).getTime() - 30 * DAY),
          to: new Date(vietnamDayStart(now).getTime() + DAY),
        };
    const sessions = (await repo.listSessions(ctx.db, [id], from, to)).filter(
      (session) => session.opened_at !== null,
    );
    const list = [];
    for (const session of sessions) {
      list.push({
        className: classRow.name,
        attendance: await sessionAttendance(ctx.db, session, now),
      });
    }
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "live.attendance_viewed",
      targetType: "class",
      targetId: id,
      orgUnitId: classRow.school_id,
      detail: { from: from.toISOString(), to: to.toISOString(), format: query.format },
    });
    if (query.format === "xlsx") {
      return reply
        .header("content-type", xlsxType)
        .header("content-disposition", attachment(`diem-danh-${classRow.name}.xlsx`))
        .send(await attendanceWorkbook(list, request.locale));
    }
    return { items: list.map((entry) => entry.attendance) };
  });

  // One student's attendance: the student, their parents, their teachers, school managers.
  app.get("/api/students/:id/live-attendance", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(sessionRangeQuery, request.query);
    const student = await requireStudent(ctx, actor, id, ["manager", "self", "parent", "teacher"]);
    const now = ctx.now();
    const { from, to } = query.from
      ? range(query, now, 31)
      : {
          from: new Date(vietnamDayStart(now).getTime() - 30 * DAY),
          to: new Date(vietnamDayStart(now).getTime() + DAY),
        };
    if (student.user_id !== actor.userId) {
      await insertAudit(ctx.db, {
        actorId: actor.userId,
        action: "live.student_attendance_viewed",
        targetType: "student",
        targetId: id,
        orgUnitId: student.school_id,
      });
    }
    return { items: await attendanceForStudent(ctx.db, id, { from, to }) };
  });

  app.get("/api/classes/:id/live-bans", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    await requireClass(ctx, actor, id, ["manager", "teacher"]);
    const rows = await repo.listBans(ctx.db, id, ctx.now());
    const items: BanView[] = rows.map((row) => ({
      id: row.id,
      userId: row.user_id,
      name: row.name,
      sessionId: row.session_id,
      until: row.until?.toISOString() ?? null,
      reason: row.reason,
      createdAt: row.created_at.toISOString(),
      createdBy: row.created_by_name,
    }));
    return { items };
  });

  app.post("/api/live-bans/:id/lift", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(liftBanParams, request.params);
    const ban = await repo.findBan(ctx.db, id);
    if (!ban) throw notFound();
    const { classRow } = await requireClass(ctx, actor, ban.class_id, ["manager", "teacher"]);
    await repo.liftBan(ctx.db, id, actor.userId, ctx.now());
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "live.ban_lifted",
      targetType: "user",
      targetId: ban.user_id,
      orgUnitId: classRow.school_id,
      detail: { banId: id },
    });
    return reply.status(204).send();
  });
}
