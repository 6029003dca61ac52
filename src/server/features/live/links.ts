/** Personal join links: `<class tag>.<secret>` (192 random bits), stored only as a SHA-256 hash,
 * bound to one student and class, revocable and reissued in bulk; exchanged for a join grant
 * cookie bound to the device. Every kind of bad link gets the same answer. */
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { joinTokenPattern, type IssuedLink, type JoinLinkStatus } from "../../../shared/live.ts";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../http/errors.ts";
import { translate, type Locale } from "../../i18n/i18n.ts";
import { randomToken, sha256Hex } from "../../lib/tokens.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { recordSecurityEvent } from "../security-events.ts";
import * as linksRepo from "./live.links.repo.ts";

export const JOIN_COOKIE = "sc_join";
export const DEVICE_COOKIE = "sc_device";
export const LINK_LIFETIME_DAYS = 180;
export const GRANT_LIFETIME_HOURS = 12;
/** Failed link attempts per IP and per class tag in a 10-minute window. */
export const LINK_FAILURES_PER_IP = 20;
export const LINK_FAILURES_PER_CLASS = 30;
const FAILURE_WINDOW_SECONDS = 600;

const devicePattern = /^[A-Za-z0-9_-]{32,64}$/;

/** The non-secret part of a class's links: lets guesses be counted per class. */
export function classTag(classId: string): string {
  return createHash("sha256")
    .update(`safeclass-live-class:${classId}`)
    .digest("base64url")
    .slice(0, 8);
}

export const linkTokenHash = (token: string): string => sha256Hex(`join-link:${token}`);
export const deviceHash = (device: string): string => sha256Hex(`device:${device}`);
const grantHash = (grant: string): string => sha256Hex(`join-grant:${grant}`);

/** A device cookie value: the existing one when well-formed, otherwise a new one. */
export function deviceCookieValue(existing: string | undefined): { value: string; fresh: boolean } {
  if (existing && devicePattern.test(existing)) return { value: existing, fresh: false };
  return { value: randomToken(32), fresh: true };
}

export function joinUrl(ctx: AppContext, token: string): string {
  return `${ctx.config.publicUrl}/join/${token}`;
}

/** Revokes the students' current links and issues new ones (one transaction). */
export async function issueLinks(
  ctx: AppContext,
  input: { classId: string; actorId: string; studentIds?: string[]; schoolId: string },
): Promise<{ links: IssuedLink[]; expiresAt: Date }> {
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_DAYS * 86_400_000);
  const tag = classTag(input.classId);
  const links = await ctx.db.transaction().execute(async (trx) => {
    const students = await linksRepo.enrolledStudentsForLinks(trx, input.classId, input.studentIds);
    if (input.studentIds && students.length !== new Set(input.studentIds).size) {
      throw new AppError("validation_failed", 400, "errors.validationFailed", {
        issues: [{ field: "studentIds", messageKey: "live.notStudentOfClass" }],
      });
    }
    if (students.length === 0) return [];
    await linksRepo.revokeLinksOfStudents(
      trx,
      input.classId,
      students.map((student) => student.id),
      now,
    );
    const issued = students.map((student) => ({
      student,
      token: `${tag}.${randomToken(24)}`,
    }));
    await linksRepo.insertJoinLinks(
      trx,
      issued.map(({ student, token }) => ({
        classId: input.classId,
        studentId: student.id,
        classTag: tag,
        tokenHash: linkTokenHash(token),
        createdBy: input.actorId,
        expiresAt,
      })),
    );
    await insertAudit(trx, {
      actorId: input.actorId,
      action: "live.links_issued",
      targetType: "class",
      targetId: input.classId,
      orgUnitId: input.schoolId,
      detail: { count: issued.length, partial: Boolean(input.studentIds) },
    });
    return issued.map(({ student, token }) => ({
      studentId: student.id,
      studentCode: student.student_code,
      fullName: student.full_name,
      token,
      url: joinUrl(ctx, token),
    }));
  });
  return { links, expiresAt };
}

export async function revokeLink(ctx: AppContext, linkId: string, actorId: string) {
  const row = await linksRepo.revokeLinkById(ctx.db, linkId, ctx.now());
  if (row) {
    await insertAudit(ctx.db, {
      actorId,
      action: "live.link_revoked",
      targetType: "join_link",
      targetId: linkId,
      detail: { classId: row.class_id, studentId: row.student_id },
    });
  }
}

/** Per student of the class: the active link's state (never the token). */
export async function linkStatuses(db: Db, classId: string): Promise<JoinLinkStatus[]> {
  const rows = await linksRepo.linkStatusRows(db, classId);
  return rows.map((row) => ({
    studentId: row.studentId,
    studentCode: row.studentCode,
    fullName: row.fullName,
    linkId: row.linkId,
    createdAt: row.createdAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    boundToDevice: row.boundAt !== null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

export const invalidLink = (): AppError => new AppError("not_found", 404, "live.linkInvalid");

export interface RedeemedLink {
  linkId: string;
  classId: string;
  studentId: string;
  userId: string;
  studentName: string;
  grantToken: string;
  grantExpiresAt: Date;
}

/** Exchanges a personal link for a join grant bound to `device`. Bad links of every kind throw
 * the same `invalidLink()`; failures are counted per IP and per class tag. */
export async function redeemLink(
  ctx: AppContext,
  input: { token: string; device: string; ip: string; userAgent: string | null },
): Promise<RedeemedLink> {
  const tag = input.token.slice(0, 8);
  const ipKey = `live:link-fail:ip:${input.ip}`;
  const classKey = `live:link-fail:class:${tag}`;
  // Per IP, everything is refused once the address has guessed too often. Per class, only
  // misses are refused: guessing stays limited while an attacker cannot lock a class's
  // students out of their own (valid) links.
  const [ipState, classState] = await Promise.all([
    ctx.rateLimiter.peek(ipKey),
    ctx.rateLimiter.peek(classKey),
  ]);
  const tooMany = (state: { retryAfterSeconds: number }) =>
    new AppError("rate_limited", 429, "live.tooManyLinkAttempts", {
      retryAfterSeconds: Math.max(1, state.retryAfterSeconds),
      params: { seconds: Math.max(1, state.retryAfterSeconds) },
    });
  if (ipState.count >= LINK_FAILURES_PER_IP) throw tooMany(ipState);
  const now = ctx.now();
  const wellFormed = joinTokenPattern.test(input.token);
  // Malformed tokens still pay for the lookup: no timing difference between kinds of misses.
  const link = await linksRepo.lookupLink(
    ctx.db,
    linkTokenHash(wellFormed ? input.token : `x${input.token}`),
  );
  const valid =
    wellFormed &&
    link !== undefined &&
    link.revoked_at === null &&
    link.expires_at > now &&
    link.enrolled &&
    link.left_at === null &&
    link.student_archived_at === null &&
    link.class_archived_at === null;
  if (!valid || !link) {
    const [ipHit, classHit] = await Promise.all([
      ctx.rateLimiter.hit(ipKey, LINK_FAILURES_PER_IP, FAILURE_WINDOW_SECONDS),
      ctx.rateLimiter.hit(classKey, LINK_FAILURES_PER_CLASS, FAILURE_WINDOW_SECONDS),
    ]);
    if (ipHit.count === LINK_FAILURES_PER_IP || classHit.count === LINK_FAILURES_PER_CLASS) {
      await recordGuessing(ctx, tag, input, ipHit.count, classHit.count);
    }
    if (classState.count >= LINK_FAILURES_PER_CLASS) throw tooMany(classState);
    throw invalidLink();
  }
  const device = deviceHash(input.device);
  const grantToken = randomToken(32);
  const grantExpiresAt = new Date(now.getTime() + GRANT_LIFETIME_HOURS * 3_600_000);
  await ctx.db.transaction().execute(async (trx) => {
    // The first use binds the link to this device; a later device is checked at the door.
    await linksRepo.recordLinkUse(trx, link.id, device, now);
    await linksRepo.insertJoinGrant(trx, {
      grantHash: grantHash(grantToken),
      linkId: link.id,
      deviceHash: device,
      expiresAt: grantExpiresAt,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await insertAudit(trx, {
      actorId: link.user_id,
      action: "live.link_used",
      targetType: "join_link",
      targetId: link.id,
      orgUnitId: link.school_id,
      ip: input.ip,
      detail: { newDevice: link.device_hash !== null && link.device_hash !== device },
    });
  });
  return {
    linkId: link.id,
    classId: link.class_id,
    studentId: link.student_id,
    userId: link.user_id,
    studentName: link.full_name,
    grantToken,
    grantExpiresAt,
  };
}

async function recordGuessing(
  ctx: AppContext,
  tag: string,
  input: { ip: string; userAgent: string | null },
  ipCount: number,
  classCount: number,
) {
  const target = await linksRepo.classOfLinkTag(ctx.db, tag);
  if (!target) {
    ctx.log.warn({ ip: input.ip, ipCount }, "join link guessing from one address");
    return;
  }
  await recordSecurityEvent(ctx.db, {
    kind: "link_guessing",
    severity: "medium",
    schoolId: target.school_id,
    classId: target.id,
    ip: input.ip,
    userAgent: input.userAgent,
    summary: translate("vi", "live.security.linkGuessing", { className: target.name }),
    evidence: { ip: input.ip, failuresFromIp: ipCount, failuresForClass: classCount },
  });
}

export interface JoinGrant {
  linkId: string;
  classId: string;
  studentId: string;
  userId: string;
  studentName: string;
  deviceHash: string;
}

/** The grant behind the `sc_join` cookie, if it is still good and presented with its device. */
export async function resolveGrant(
  ctx: AppContext,
  grantToken: string | undefined,
  device: string | undefined,
): Promise<JoinGrant | null> {
  if (!grantToken || !device || grantToken.length > 100 || !devicePattern.test(device)) {
    return null;
  }
  const row = await linksRepo.findGrant(ctx.db, grantHash(grantToken));
  const now = ctx.now();
  if (
    !row ||
    row.device_hash !== deviceHash(device) ||
    row.expires_at <= now ||
    row.link_expires_at <= now ||
    row.revoked_at !== null ||
    row.left_at !== null ||
    row.archived_at !== null
  ) {
    return null;
  }
  return {
    linkId: row.id,
    classId: row.class_id,
    studentId: row.student_id,
    userId: row.user_id,
    studentName: row.full_name,
    deviceHash: row.device_hash,
  };
}

// ---------------------------------------------------------------------------------------------
// Exports: a spreadsheet, and a printable sheet with one QR code per student.

export async function linksWorkbook(
  links: IssuedLink[],
  meta: { className: string; schoolName: string; expiresAt: Date; locale: Locale },
): Promise<Buffer> {
  const t = (key: string, params: Record<string, string> = {}) =>
    translate(meta.locale, key, params);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "SafeClass";
  const sheet = workbook.addWorksheet(meta.className.slice(0, 31) || "Links");
  sheet.addRow([
    t("live.export.linksTitle", { className: meta.className, schoolName: meta.schoolName }),
  ]).font = { bold: true, size: 13 };
  sheet.addRow([t("live.export.linksNote")]);
  sheet.addRow([]);
  const header = sheet.addRow([
    t("live.export.studentCode"),
    t("live.export.fullName"),
    t("live.export.link"),
    t("live.export.expires"),
  ]);
  header.font = { bold: true };
  const expires = meta.expiresAt.toISOString().slice(0, 10);
  for (const link of links) sheet.addRow([link.studentCode, link.fullName, link.url, expires]);
  sheet.getColumn(1).width = 14;
  sheet.getColumn(2).width = 30;
  sheet.getColumn(3).width = 90;
  sheet.getColumn(4).width = 12;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const fontPath = new URL(
  "../../../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
  import.meta.url,
);
const boldFontPath = new URL(
  "../../../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
  import.meta.url,
);

/** A printable A4 sheet: per student a cut-out card with the roster name, QR code and link. */
export async function linksPdf(
  links: IssuedLink[],
  meta: { className: string; schoolName: string; expiresAt: Date; locale: Locale },
): Promise<Buffer> {
  const t = (key: string, params: Record<string, string> = {}) =>
    translate(meta.locale, key, params);
  const qrs = await Promise.all(
    links.map((link) =>
      QRCode.toBuffer(link.url, { errorCorrectionLevel: "M", margin: 1, width: 240 }),
    ),
  );
  const doc = new PDFDocument({
    size: "A4",
    margin: 36,
    info: {
      Title: t("live.export.linksTitle", {
        className: meta.className,
        schoolName: meta.schoolName,
      }),
    },
  });
  doc.registerFont("body", fontPath.pathname);
  doc.registerFont("bold", boldFontPath.pathname);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on("end", () => resolve()));
  const title = () => {
    doc
      .font("bold")
      .fontSize(13)
      .text(
        t("live.export.linksTitle", { className: meta.className, schoolName: meta.schoolName }),
      );
    doc.font("body").fontSize(8).text(t("live.export.linksNote")).moveDown(0.5);
  };
  title();
  const cardWidth = (doc.page.width - 72 - 12) / 2;
  const cardHeight = 150;
  let column = 0;
  let y = doc.y;
  links.forEach((link, index) => {
    if (y + cardHeight > doc.page.height - 36) {
      doc.addPage();
      title();
      y = doc.y;
      column = 0;
    }
    const x = 36 + column * (cardWidth + 12);
    doc
      .save()
      .dash(3, { space: 3 })
      .rect(x, y, cardWidth, cardHeight - 6)
      .stroke()
      .restore();
    doc.image(qrs[index]!, x + 6, y + 6, { width: 110 });
    doc
      .font("bold")
      .fontSize(11)
      .text(link.fullName, x + 122, y + 10, { width: cardWidth - 128 });
    doc
      .font("body")
      .fontSize(8)
      .text(`${link.studentCode} · ${meta.className}`, x + 122, doc.y + 2, {
        width: cardWidth - 128,
      })
      .text(link.url, x + 122, doc.y + 4, { width: cardWidth - 128 })
      .text(
        `${t("live.export.expires")}: ${meta.expiresAt.toISOString().slice(0, 10)}`,
        x + 122,
        doc.y + 4,
        {
          width: cardWidth - 128,
        },
      );
    column += 1;
    if (column === 2) {
      column = 0;
      y += cardHeight;
    }
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
