/** School–family state changes: link codes, parent accounts and links, family messages, notices
 * and absence alerts. One transaction each; events, e-mails and notifications after commit. */
import type { FamilyMessage } from "../../../shared/family.ts";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError, conflict, rateLimited } from "../../http/errors.ts";
import { translate } from "../../i18n/i18n.ts";
import { userRoom } from "../../realtime/rooms.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { hashPassword } from "../accounts/passwords.ts";
import { stageNotifications } from "../notifications/index.ts";
import { purposeAllowed } from "../privacy/index.ts";
import { LINK_CODE_DAYS, linkCodeHash, newLinkCode } from "./codes.ts";
import type { IssuedCode } from "./link-sheet.ts";
import { registrationUrl } from "./link-sheet.ts";
import * as repo from "./parents.repo.ts";

/** Failed code attempts allowed per IP (15 min) and per account (1 hour). */
export const CODE_FAILURES_PER_IP = 20;
export const CODE_FAILURES_PER_ACCOUNT = 10;

export const FAMILY_MESSAGE_EVENT = "family.message";

/** Issues fresh codes for students of a class; their earlier unused codes stop working. */
export async function generateLinkCodes(
  ctx: AppContext,
  input: { actorId: string; classId: string; schoolId: string; studentIds?: string[] },
): Promise<Array<IssuedCode & { parentEmail: string | null }>> {
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + LINK_CODE_DAYS * 86_400_000);
  return ctx.db.transaction().execute(async (trx) => {
    const students = await repo.studentsForCodes(trx, input.classId, input.studentIds);
    const issued = students.map((student) => ({
      studentId: student.id,
      studentCode: student.studentCode,
      fullName: student.fullName,
      className: student.className,
      schoolName: student.schoolName,
      parentEmail: student.parentEmail,
      code: newLinkCode(),
      expiresAt,
    }));
    await repo.revokeUnusedCodes(
      trx,
      issued.map((item) => item.studentId),
      now,
    );
    await repo.insertCodes(
      trx,
      issued.map((item) => ({
        studentId: item.studentId,
        codeHash: linkCodeHash(item.code),
        createdBy: input.actorId,
        at: now,
        expiresAt,
      })),
    );
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "parents.codes_generated",
      targetType: "class",
      targetId: input.classId,
      orgUnitId: input.schoolId,
      detail: { students: issued.length },
    });
    return issued;
  });
}

/** E-mails each code to the parent address in the roster (after the codes were committed). */
export async function mailLinkCodes(
  ctx: AppContext,
  codes: Array<IssuedCode & { parentEmail: string | null }>,
  schoolId: string,
): Promise<number> {
  let sent = 0;
  for (const item of codes) {
    if (!item.parentEmail) continue;
    const params = {
      name: item.fullName,
      className: item.className,
      school: item.schoolName,
      code: item.code,
      url: registrationUrl(ctx.config.publicUrl, item.code),
      date: item.expiresAt.toLocaleDateString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }),
    };
    await ctx.mailer.send({
      to: item.parentEmail,
      subject: translate("vi", "parents.mail.codeSubject", params),
      text: translate("vi", "parents.mail.codeBody", params),
      orgUnitId: schoolId,
    });
    sent += 1;
  }
  return sent;
}

const invalidCode = () =>
  new AppError("validation_failed", 400, "errors.validationFailed", {
    issues: [{ field: "code", messageKey: "parents.codeInvalid" }],
  });

/** Unknown, expired, revoked and used codes get the same answer; failures are rate-limited. */
async function guardCodeAttempts(ctx: AppContext, ip: string, userId: string | null) {
  const keys = [`parents:code:ip:${ip}`, ...(userId ? [`parents:code:user:${userId}`] : [])];
  for (const key of keys) {
    const seen = await ctx.rateLimiter.peek(key);
    const limit = key.includes(":ip:") ? CODE_FAILURES_PER_IP : CODE_FAILURES_PER_ACCOUNT;
    if (seen.count >= limit) throw rateLimited(Math.max(1, seen.retryAfterSeconds));
  }
  return async () => {
    await ctx.rateLimiter.hit(keys[0]!, CODE_FAILURES_PER_IP, 900);
    if (keys[1]) await ctx.rateLimiter.hit(keys[1], CODE_FAILURES_PER_ACCOUNT, 3600);
  };
}

function codeUsable(
  row: Awaited<ReturnType<typeof repo.lockCode>>,
  now: Date,
): row is NonNullable<Awaited<ReturnType<typeof repo.lockCode>>> {
  return !!row && !row.used_at && !row.revoked_at && row.expires_at > now && !row.archived_at;
}

/** Takes the code inside the transaction; throws the one "invalid code" answer otherwise. */
async function consumeCode(trx: Db, code: string, userId: string, now: Date) {
  const row = await repo.lockCode(trx, linkCodeHash(code));
  if (!codeUsable(row, now)) return null;
  await repo.markCodeUsed(trx, row.id, userId, now);
  return row;
}

/** A signed-in parent adds a child with the school's code. */
export async function linkChild(
  ctx: AppContext,
  input: { parentId: string; code: string; ip: string },
): Promise<{ studentId: string; fullName: string; alreadyLinked: boolean }> {
  const recordFailure = await guardCodeAttempts(ctx, input.ip, input.parentId);
  const now = ctx.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const row = await consumeCode(trx, input.code, input.parentId, now);
    if (!row) return null;
    const linked = await repo.linkParent(trx, input.parentId, row.student_id);
    await repo.grantParentRole(trx, input.parentId, row.school_id);
    await insertAudit(trx, {
      actorId: input.parentId,
      action: "parents.child_linked",
      targetType: "student",
      targetId: row.student_id,
      orgUnitId: row.school_id,
      ip: input.ip,
      detail: { via: "code" },
    });
    return { studentId: row.student_id, fullName: row.full_name, alreadyLinked: !linked };
  });
  if (!result) {
    await recordFailure();
    throw invalidCode();
  }
  return result;
}

/** A parent without an account registers with the code: user, parent role, link — at once. */
export async function registerParent(
  ctx: AppContext,
  input: {
    code: string;
    displayName: string;
    username?: string;
    email?: string;
    password: string;
    ip: string;
  },
): Promise<{ userId: string; login: string; studentId: string }> {
  const recordFailure = await guardCodeAttempts(ctx, input.ip, null);
  const email = input.email?.toLowerCase() ?? null;
  const username = (input.username ?? email!).toLowerCase();
  const now = ctx.now();
  // Checked before hashing the password: a guess costs no argon2 work.
  const known = await repo.lockCode(ctx.db, linkCodeHash(input.code));
  if (!codeUsable(known, now)) {
    await recordFailure();
    throw invalidCode();
  }
  const passwordHash = await hashPassword(input.password);
  let result: { userId: string; studentId: string } | null;
  try {
    result = await ctx.db.transaction().execute(async (trx) => {
      // The code is checked before anything else, so a bad code reveals nothing about logins.
      const probe = await repo.lockCode(trx, linkCodeHash(input.code));
      if (!codeUsable(probe, now)) return null;
      const taken = await repo.loginTaken(trx, username, email);
      if (taken.length > 0) {
        const field = taken.some((row) => row.username === username) ? "username" : "email";
        throw new AppError("conflict", 409, "parents.loginTaken", {
          issues: [{ field, messageKey: "parents.loginTaken" }],
        });
      }
      const user = await repo.insertUser(trx, {
        username,
        email,
        displayName: input.displayName,
        passwordHash,
      });
      await repo.markCodeUsed(trx, probe.id, user.id, now);
      await repo.linkParent(trx, user.id, probe.student_id);
      await repo.grantParentRole(trx, user.id, probe.school_id);
      await insertAudit(trx, {
        actorId: user.id,
        action: "parents.registered",
        targetType: "student",
        targetId: probe.student_id,
        orgUnitId: probe.school_id,
        ip: input.ip,
        detail: { via: "code" },
      });
      return { userId: user.id, studentId: probe.student_id };
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (String(error).includes("duplicate key")) throw conflict("parents.loginTaken");
    throw error;
  }
  if (!result) {
    await recordFailure();
    throw invalidCode();
  }
  return { ...result, login: username };
}

/** Sends a message in a family thread; the other side is told in the app (and by e-mail). */
export async function sendFamilyMessage(
  ctx: AppContext,
  input: {
    senderId: string;
    senderName: string;
    studentId: string;
    studentName: string;
    schoolId: string;
    teacherId: string;
    side: "parent" | "teacher";
    verified: boolean;
    body: string;
  },
): Promise<FamilyMessage> {
  const decision = await ctx.rateLimiter.hit(`parents:message:${input.senderId}`, 20, 300);
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
  const now = ctx.now();
  const { message, recipients, deliver } = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertFamilyMessage(trx, {
      studentId: input.studentId,
      teacherId: input.teacherId,
      senderId: input.senderId,
      senderRole: input.side,
      verifiedTeacher: input.side === "teacher" && input.verified,
      body: input.body,
      at: now,
    });
    const parents = await repo.linkedParentIds(trx, [input.studentId]);
    const recipients =
      input.side === "teacher"
        ? parents.map((link) => link.parent_id)
        : [
            input.teacherId,
            ...parents.map((p) => p.parent_id).filter((id) => id !== input.senderId),
          ];
    const deliver = await stageNotifications(ctx, trx, {
      userIds: recipients,
      kind: "family.message",
      titleKey:
        input.side === "teacher"
          ? "parents.notify.teacherMessageTitle"
          : "parents.notify.parentMessageTitle",
      bodyKey: "parents.notify.messageBody",
      params: { sender: input.senderName, student: input.studentName },
      link:
        input.side === "teacher"
          ? `/children/${input.studentId}/messages`
          : `/family-messages/${input.studentId}`,
      email: input.side === "teacher",
      orgUnitId: input.schoolId,
    });
    return { message: row, recipients, deliver };
  });
  const view: FamilyMessage = {
    id: message.id,
    studentId: message.student_id,
    teacherId: message.teacher_id,
    senderId: message.sender_id,
    senderName: input.senderName,
    senderRole: message.sender_role,
    verifiedTeacher: message.verified_teacher,
    body: message.body,
    createdAt: message.created_at.toISOString(),
    readAt: null,
  };
  for (const userId of new Set([...recipients, input.senderId])) {
    ctx.realtime.toRoom(userRoom(userId), FAMILY_MESSAGE_EVENT, view);
  }
  await deliver();
  return view;
}

export async function readFamilyThread(
  ctx: AppContext,
  input: { studentId: string; teacherId: string; side: "parent" | "teacher" },
): Promise<number> {
  const result = await repo.markThreadRead(
    ctx.db,
    input.studentId,
    input.teacherId,
    input.side,
    ctx.now(),
  );
  return Number(result.numUpdatedRows);
}

/** A notice from the school (or a class) to its families; they are told in the app. */
export async function publishNotice(
  ctx: AppContext,
  input: {
    authorId: string;
    schoolId: string;
    schoolName: string;
    classId: string | null;
    title: string;
    body: string;
  },
): Promise<{ id: string }> {
  const now = ctx.now();
  const { id, deliver } = await ctx.db.transaction().execute(async (trx) => {
    const notice = await repo.insertNotice(trx, { ...input, at: now });
    const parents = await repo.parentsOfAudience(trx, input.schoolId, input.classId);
    await insertAudit(trx, {
      actorId: input.authorId,
      action: "parents.notice_published",
      targetType: "org_unit",
      targetId: input.schoolId,
      orgUnitId: input.schoolId,
      detail: { noticeId: notice.id, classId: input.classId },
    });
    const deliver = await stageNotifications(ctx, trx, {
      userIds: parents,
      kind: "family.notice",
      titleKey: "parents.notify.noticeTitle",
      bodyKey: "parents.notify.noticeBody",
      params: { school: input.schoolName, title: input.title },
      link: "/children",
      orgUnitId: input.schoolId,
    });
    return { id: notice.id, deliver };
  });
  await deliver();
  return { id };
}

export async function removeNotice(
  ctx: AppContext,
  input: { actorId: string; noticeId: string; schoolId: string },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteNotice(trx, input.noticeId);
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "parents.notice_deleted",
      targetType: "org_unit",
      targetId: input.schoolId,
      orgUnitId: input.schoolId,
      detail: { noticeId: input.noticeId },
    });
  });
}

export interface EndedSession {
  id: string;
  classId: string;
  title: string;
  startsAt: Date;
}

/** After a session ends: students of the class with no attendance, or late, are reported to
 * their linked parents when the family consented to attendance alerts. Once per session and
 * student, whatever the number of job runs or server processes. */
export async function alertAbsencesForSession(
  ctx: AppContext,
  session: EndedSession,
  attendance: Array<{ studentId: string; status: "present" | "late" | "absent" }>,
): Promise<number> {
  const students = await repo.enrolledStudentsOfClass(ctx.db, session.classId);
  const statusOf = new Map(attendance.map((row) => [row.studentId, row.status]));
  let alerted = 0;
  for (const student of students) {
    const status = statusOf.get(student.id) ?? "absent";
    if (status === "present") continue;
    if (!(await purposeAllowed(ctx, student.id, "attendance_alerts"))) continue;
    const parents = await repo.linkedParentIds(ctx.db, [student.id]);
    if (parents.length === 0) continue;
    const deliver = await ctx.db.transaction().execute(async (trx) => {
      const first = await repo.claimAbsenceAlert(trx, session.id, student.id, status, ctx.now());
      if (!first) return null;
      return stageNotifications(ctx, trx, {
        userIds: parents.map((link) => link.parent_id),
        kind: status === "late" ? "attendance.late" : "attendance.absent",
        titleKey: status === "late" ? "parents.notify.lateTitle" : "parents.notify.absentTitle",
        bodyKey: status === "late" ? "parents.notify.lateBody" : "parents.notify.absentBody",
        params: {
          student: student.fullName,
          session: session.title,
          time: session.startsAt.toLocaleString("vi-VN", {
            timeZone: "Asia/Ho_Chi_Minh",
            dateStyle: "short",
            timeStyle: "short",
          }),
        },
        link: `/children/${student.id}`,
        email: true,
        orgUnitId: student.schoolId,
      });
    });
    if (deliver) {
      await deliver();
      alerted += 1;
    }
  }
  return alerted;
}

/** Tells the linked parents that their child is involved in an incident (the incident feature
 * calls this after its own commit). Safety information: not subject to optional consent. */
export async function alertParentsOfIncident(
  ctx: AppContext,
  input: {
    studentIds: string[];
    incidentNumber: number | string;
    /** The incident category code (translated for each reader). */
    category: string;
    schoolId: string;
  },
): Promise<number> {
  const links = await repo.linkedParentIds(ctx.db, input.studentIds);
  if (links.length === 0) return 0;
  const names = await repo.studentNames(ctx.db, input.studentIds);
  for (const link of links) {
    const student = names.find((row) => row.id === link.student_id);
    await ctx.db
      .transaction()
      .execute((trx) =>
        stageNotifications(ctx, trx, {
          userIds: [link.parent_id],
          kind: "incident.child_involved",
          titleKey: "parents.notify.incidentTitle",
          bodyKey: "parents.notify.incidentBody",
          params: {
            student: student?.full_name ?? "",
            number: input.incidentNumber,
            categoryKey: `incidents.category.${input.category}`,
          },
          link: `/children/${link.student_id}`,
          email: true,
          orgUnitId: input.schoolId,
        }),
      )
      .then((deliver) => deliver());
  }
  return links.length;
}
