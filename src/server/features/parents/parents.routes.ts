/** /api/parents (register, link, children), a child's overview, link codes per class, family
 * messages and school notices. */
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import {
  familyMessageBody,
  familyThreadQuery,
  generateLinkCodesBody,
  linkChildBody,
  overviewQuery,
  registerParentBody,
  schoolNoticeBody,
  type ChildSummary,
  type FamilyMessage,
} from "../../../shared/family.ts";
import type { AppContext } from "../../context.ts";
import { requireActor, setSessionCookies } from "../../http/auth.ts";
import { notFound } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { login } from "../accounts/accounts.actions.ts";
import { insertAudit, loadActor } from "../accounts/accounts.repo.ts";
import { presentMe } from "../accounts/accounts.routes.ts";
import { hasRole } from "../accounts/actor.ts";
import { managesPath, requireOrg, requireStudent } from "../orgs/orgs.policy.ts";
import { consentStates } from "../privacy/index.ts";
import * as actions from "./parents.actions.ts";
import { linkCodesPdf, linkCodesXlsx } from "./link-sheet.ts";
import { childAttendance, childTimetable } from "./live-bridge.ts";
import { incidentsOfStudent } from "../privacy/index.ts";
import { requireCodeIssuer, requireNoticeAuthor, requireThread } from "./parents.policy.ts";
import * as repo from "./parents.repo.ts";

const idParams = z.object({ id: z.string().uuid() });
const DAY = 86_400_000;

function presentMessage(
  row: Awaited<ReturnType<typeof repo.threadMessages>>[number],
): FamilyMessage {
  return {
    id: row.id,
    studentId: row.studentId,
    teacherId: row.teacherId,
    senderId: row.senderId,
    senderName: row.senderName,
    senderRole: row.senderRole,
    verifiedTeacher: row.verifiedTeacher,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

export function parentsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post("/api/parents/register", async (request, reply) => {
    const body = parse(registerParentBody, request.body);
    const created = await actions.registerParent(ctx, { ...body, ip: request.ip });
    const session = await login(ctx, {
      login: created.login,
      password: body.password,
      ip: request.ip,
      userAgent: request.headers["user-agent"] ?? null,
    });
    setSessionCookies(ctx, reply, session.sessionToken, session.csrfToken, session.expiresAt);
    const actor = await loadActor(ctx.db, created.userId);
    return reply.status(201).send({
      user: actor ? presentMe(actor) : null,
      csrfToken: session.csrfToken,
      studentId: created.studentId,
    });
  });

  app.post("/api/parents/link", async (request, reply) => {
    const actor = requireActor(request);
    const { code } = parse(linkChildBody, request.body);
    // Staff and students do not link children to their own accounts.
    if (actor.roles.length > 0 && !hasRole(actor, "parent")) throw notFound();
    const linked = await actions.linkChild(ctx, {
      parentId: actor.userId,
      code,
      ip: request.ip,
    });
    return reply.status(linked.alreadyLinked ? 200 : 201).send({ child: linked });
  });

  app.get("/api/parents/children", async (request) => {
    const actor = requireActor(request);
    const rows = await repo.childrenOf(ctx.db, actor.userId);
    // One card per child even when the roster lists two current classes.
    const unique = [...new Map(rows.map((row) => [row.id, row])).values()];
    const states = await consentStates(ctx.db, ctx.now(), unique);
    const unread = await repo.unreadForParent(ctx.db, actor.userId);
    const children: ChildSummary[] = unique.map((row) => ({
      id: row.id,
      fullName: row.fullName,
      studentCode: row.studentCode,
      schoolId: row.schoolId,
      schoolName: row.schoolName,
      classId: row.classId,
      className: row.className,
      homeroomTeacher: row.homeroomTeacherId
        ? { id: row.homeroomTeacherId, displayName: row.homeroomTeacherName ?? "" }
        : null,
      relation: row.relation,
      consent: states.get(row.id)!,
      unreadMessages: unread.find((item) => item.student_id === row.id)?.n ?? 0,
    }));
    return { children };
  });

  app.get("/api/students/:id/overview", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const query = parse(overviewQuery, request.query);
    const student = await requireStudent(ctx, actor, id, ["parent"]);
    const now = ctx.now();
    const from = query.from
      ? new Date(`${query.from}T00:00:00+07:00`)
      : new Date(now.getTime() - 30 * DAY);
    const to = query.to
      ? new Date(`${query.to}T23:59:59+07:00`)
      : new Date(now.getTime() + 14 * DAY);
    const [child] = (await repo.childrenOf(ctx.db, actor.userId)).filter((row) => row.id === id);
    const classIds = child?.classId ? [child.classId] : [];
    const past = await childAttendance(ctx.db, student.id, { from, to }, now);
    const upcoming = await childTimetable(ctx.db, student.id, { from: now, to });
    const notices = await repo.noticesFor(
      ctx.db,
      student.school_id,
      classIds,
      new Date(now.getTime() - 60 * DAY),
    );
    const incidents = await incidentsOfStudent(ctx.db, student.id);
    const [consent] = [
      ...(
        await consentStates(ctx.db, now, [
          { id: student.id, dateOfBirth: child?.dateOfBirth ?? null },
        ])
      ).values(),
    ];
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "student.overview_viewed",
      targetType: "student",
      targetId: student.id,
      orgUnitId: student.school_id,
      ip: request.ip,
    });
    const count = (status: string) => past.filter((s) => s.status === status).length;
    return {
      student: {
        id: student.id,
        fullName: student.full_name,
        className: child?.className ?? null,
        schoolName: child?.schoolName ?? null,
        homeroomTeacher: child?.homeroomTeacherId
          ? { id: child.homeroomTeacherId, displayName: child.homeroomTeacherName ?? "" }
          : null,
      },
      range: { from: from.toISOString(), to: to.toISOString() },
      timetableAvailable: upcoming !== null,
      timetable: upcoming,
      attendance: past,
      attendanceSummary: {
        present: count("present"),
        late: count("late"),
        absent: count("absent"),
      },
      notices,
      incidents,
      consent,
    };
  });

  app.post("/api/classes/:id/link-codes", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(generateLinkCodesBody, request.body);
    const classRow = await requireCodeIssuer(ctx, actor, id);
    const issued = await actions.generateLinkCodes(ctx, {
      actorId: actor.userId,
      classId: classRow.id,
      schoolId: classRow.school_id,
      studentIds:
        body.format === "email" && !body.studentIds
          ? (await repo.studentsForCodes(ctx.db, classRow.id))
              .filter((student) => student.parentEmail)
              .map((student) => student.id)
          : body.studentIds,
    });
    const options = { publicUrl: ctx.config.publicUrl, locale: request.locale };
    const filename = `ma-lien-ket-${classRow.name.replace(/[^\w-]+/g, "_")}`;
    reply.header("cache-control", "no-store");
    switch (body.format) {
      case "pdf":
        return reply
          .header("content-type", "application/pdf")
          .header("content-disposition", `attachment; filename="${filename}.pdf"`)
          .send(await linkCodesPdf(issued, options));
      case "xlsx":
        return reply
          .header(
            "content-type",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          )
          .header("content-disposition", `attachment; filename="${filename}.xlsx"`)
          .send(await linkCodesXlsx(issued, options));
      case "email": {
        const sent = await actions.mailLinkCodes(ctx, issued, classRow.school_id);
        return reply.status(201).send({ emailed: sent });
      }
      default:
        return reply.status(201).send({
          codes: issued.map(({ parentEmail: _email, ...item }) => {
            void _email;
            return item;
          }),
        });
    }
  });

  app.get("/api/classes/:id/link-codes", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const classRow = await requireCodeIssuer(ctx, actor, id);
    const now = ctx.now();
    const rows = await repo.codeStatusOfClass(ctx.db, classRow.id);
    return {
      class: { id: classRow.id, name: classRow.name },
      students: rows.map((row) => ({
        id: row.id,
        fullName: row.fullName,
        studentCode: row.studentCode,
        hasParentEmail: !!row.parentEmail,
        linkedParents: Number(row.linkedParents ?? 0),
        activeCodeExpiresAt:
          row.codeExpiresAt && new Date(row.codeExpiresAt) > now ? row.codeExpiresAt : null,
        lastCodeAt: row.lastCodeAt,
      })),
    };
  });

  app.get("/api/students/:id/messages", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { teacherId } = parse(familyThreadQuery, request.query);
    const access = await requireThread(ctx, actor, id, teacherId);
    const rows = await repo.threadMessages(ctx.db, id, access.teacherId, 200);
    const [teacher] = await repo.userNames(ctx.db, [access.teacherId]);
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "family.thread_viewed",
      targetType: "student",
      targetId: id,
      orgUnitId: access.student.school_id,
      ip: request.ip,
    });
    return {
      student: { id: access.student.id, fullName: access.student.full_name },
      teacher: {
        id: access.teacherId,
        displayName: teacher?.display_name ?? "",
        verified: access.verified,
      },
      side: access.side,
      messages: rows.map(presentMessage),
    };
  });

  app.post("/api/students/:id/messages", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(familyMessageBody, request.body);
    const access = await requireThread(ctx, actor, id, body.teacherId);
    const message = await actions.sendFamilyMessage(ctx, {
      senderId: actor.userId,
      senderName: actor.displayName,
      studentId: access.student.id,
      studentName: access.student.full_name,
      schoolId: access.student.school_id,
      teacherId: access.teacherId,
      side: access.side,
      verified: access.verified,
      body: body.body,
    });
    return reply.status(201).send({ message });
  });

  app.post("/api/students/:id/messages/read", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { teacherId } = parse(familyThreadQuery, request.body);
    const access = await requireThread(ctx, actor, id, teacherId);
    const read = await actions.readFamilyThread(ctx, {
      studentId: id,
      teacherId: access.teacherId,
      side: access.side,
    });
    return { read };
  });

  app.get("/api/family-messages/threads", async (request) => {
    const actor = requireActor(request);
    const asTeacher = hasRole(actor, "teacher")
      ? await repo.teacherThreads(ctx.db, actor.userId)
      : [];
    const asParent = hasRole(actor, "parent") ? await repo.parentThreads(ctx.db, actor.userId) : [];
    return { asTeacher, asParent };
  });

  app.post("/api/schools/:id/notices", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(schoolNoticeBody, request.body);
    const { school, classId } = await requireNoticeAuthor(ctx, actor, id, body.classId);
    const created = await actions.publishNotice(ctx, {
      authorId: actor.userId,
      schoolId: school.id,
      schoolName: school.name,
      classId,
      title: body.title,
      body: body.body,
    });
    return reply.status(201).send(created);
  });

  app.get("/api/schools/:id/notices", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requireOrg(ctx, actor, id, "view");
    const staff =
      managesPath(actor, school.path) ||
      actor.roles.some((role) => role.role === "teacher" && role.orgUnitId === school.id);
    if (!staff || school.kind !== "school") throw notFound();
    return { items: await repo.noticesOfSchool(ctx.db, school.id) };
  });

  app.delete("/api/notices/:id", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const notice = await repo.findNotice(ctx.db, id);
    if (!notice) throw notFound();
    const school = await requireOrg(ctx, actor, notice.school_id, "view");
    if (notice.author_id !== actor.userId && !managesPath(actor, school.path)) throw notFound();
    await actions.removeNotice(ctx, { actorId: actor.userId, noticeId: id, schoolId: school.id });
    return reply.status(204).send();
  });
}
