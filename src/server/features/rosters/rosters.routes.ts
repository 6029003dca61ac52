/** Roster import (preview → import → rejected rows), templates and .xlsx exports. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { rosterImportBody, rosterKind, uuid, type RosterKind } from "../../../shared/api.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { AppError, notFound, rateLimited, type IssueKey } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { translate, type Locale } from "../../i18n/i18n.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { managedPaths, requireClass, requireOrg } from "../orgs/orgs.policy.ts";
import type { Actor } from "../accounts/actor.ts";
import * as actions from "./rosters.actions.ts";
import { rosterColumns, type RosterField } from "./columns.ts";
import * as repo from "./rosters.repo.ts";
import { readSpreadsheet } from "./spreadsheet.ts";
import { attachment, writeWorkbook, XLSX_TYPE } from "./xlsx.ts";

const idParams = z.object({ id: uuid });
const kindQuery = z.object({ kind: rosterKind });
const UPLOADS_PER_WINDOW = 20;
const UPLOAD_WINDOW_SECONDS = 10 * 60;

/** The school, if the actor manages it (principal, its district, the Department). */
async function requireManagedSchool(ctx: AppContext, actor: Actor, schoolId: string) {
  const school = await requireOrg(ctx, actor, schoolId, "manage");
  if (school.kind !== "school") throw notFound();
  return school;
}

function present(locale: Locale, issues: IssueKey[]) {
  return issues.map((issue) => ({
    field: issue.field,
    messageKey: issue.messageKey,
    message: translate(locale, issue.messageKey, issue.params),
  }));
}

function columnLabel(kind: RosterKind, field: string, locale: Locale): string {
  const column = rosterColumns[kind].find((candidate) => candidate.field === field);
  if (!column) return field;
  return locale === "en" ? column.headerEn : column.header;
}

function sendXlsx(reply: FastifyReply, filename: string, body: Buffer) {
  return reply
    .header("content-type", XLSX_TYPE)
    .header("content-disposition", attachment(filename))
    .header("cache-control", "no-store")
    .send(body);
}

/** The uploaded file (multipart field "file"); 415 for other bodies, 413 above the limit. */
async function uploadedFile(request: FastifyRequest) {
  const part = await request.file();
  if (!part || part.fieldname !== "file") {
    throw new AppError("validation_failed", 400, "errors.validationFailed", {
      issues: [{ field: "file", messageKey: "rosters.fileRequired" }],
    });
  }
  const bytes = await part.toBuffer();
  if (bytes.length === 0) {
    throw new AppError("bad_file", 400, "rosters.empty", {
      issues: [{ field: "file", messageKey: "rosters.empty" }],
    });
  }
  return { bytes, filename: part.filename ?? "" };
}

const genderLabel = (locale: Locale, gender: string | null) =>
  gender ? translate(locale, `rosters.gender.${gender}`) : "";

export function rostersRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post("/api/schools/:id/roster/preview", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { kind } = parse(kindQuery, request.query);
    const school = await requireManagedSchool(ctx, actor, id);
    const decision = await ctx.rateLimiter.hit(
      `roster-upload:${actor.userId}`,
      UPLOADS_PER_WINDOW,
      UPLOAD_WINDOW_SECONDS,
    );
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
    const { bytes, filename } = await uploadedFile(request);
    const sheet = await readSpreadsheet(bytes, filename);
    const preview = await actions.previewRoster(ctx, {
      actorId: actor.userId,
      schoolId: school.id,
      kind,
      sheet,
      filename,
    });
    const invalid = preview.rows.filter((row) => row.action === "reject").length;
    return {
      previewId: preview.previewId,
      kind,
      total: preview.rows.length,
      valid: preview.rows.length - invalid,
      invalid,
      classesToCreate: preview.classesToCreate,
      rows: preview.rows.map((row) => ({
        row: row.row,
        values: row.values,
        action: row.action,
        issues: present(request.locale, row.issues),
        notes: present(request.locale, row.notes),
      })),
    };
  });

  app.post("/api/schools/:id/roster/import", async (request) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const body = parse(rosterImportBody, request.body);
    const school = await requireManagedSchool(ctx, actor, id);
    return actions.importRoster(ctx, {
      actorId: actor.userId,
      schoolId: school.id,
      previewId: body.previewId,
    });
  });

  app.get("/api/schools/:id/roster/preview/:previewId/rejected.xlsx", async (request, reply) => {
    const actor = requireActor(request);
    const { id, previewId } = parse(z.object({ id: uuid, previewId: uuid }), request.params);
    const school = await requireManagedSchool(ctx, actor, id);
    const { kind, preview } = await actions.loadPreview(ctx, school.id, previewId);
    const locale = request.locale;
    const rejected = preview.rows.filter((row) => row.issues.length > 0);
    const width = Math.max(preview.headers.length, ...rejected.map((row) => row.cells.length));
    const headers = Array.from({ length: width }, (_, index) => preview.headers[index] ?? "");
    const reason = (issues: IssueKey[]) =>
      issues
        .map(
          (issue) =>
            `${columnLabel(kind, issue.field, locale)}: ${translate(locale, issue.messageKey, issue.params)}`,
        )
        .join("; ");
    const body = await writeWorkbook({
      name: translate(locale, "rosters.rejectedSheet"),
      columns: [
        ...headers.map((header) => ({
          header,
          width: Math.min(40, Math.max(12, header.length + 4)),
        })),
        { header: translate(locale, "rosters.reason"), width: 60 },
      ],
      rows: rejected.map((row) => [
        ...headers.map((_, index) => row.cells[index] ?? ""),
        reason(row.issues),
      ]),
      highlightColumn: width,
    });
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "roster.rejected_downloaded",
      targetType: "org_unit",
      targetId: school.id,
      orgUnitId: school.id,
      detail: { previewId, rows: rejected.length },
    });
    const name = locale === "en" ? "rejected-rows.xlsx" : "dong-bi-tu-choi.xlsx";
    return sendXlsx(reply, name, body);
  });

  app.get("/api/roster/template.xlsx", async (request, reply) => {
    const actor = requireActor(request);
    const { kind } = parse(kindQuery, request.query);
    if (managedPaths(actor).length === 0) throw notFound();
    const columns = rosterColumns[kind];
    const example: Record<RosterField, string> =
      kind === "students"
        ? {
            studentCode: "HS0001",
            fullName: "Nguyễn Thị Minh Anh",
            className: "10A1",
            dateOfBirth: "05/09/2010",
            gender: "Nữ",
            parentPhone: "0912345678",
            parentEmail: "phuhuynh@example.com",
            teacherCode: "",
            email: "",
            phone: "",
            subjects: "",
          }
        : {
            teacherCode: "GV001",
            fullName: "Trần Văn Bình",
            email: "tvbinh@example.edu.vn",
            phone: "0987654321",
            subjects: "Toán, Tin học",
            studentCode: "",
            className: "",
            dateOfBirth: "",
            gender: "",
            parentPhone: "",
            parentEmail: "",
          };
    const body = await writeWorkbook({
      name: kind === "students" ? "Học sinh" : "Giáo viên",
      columns: columns.map((column) => ({
        header: column.header,
        width: column.width,
      })),
      rows: [columns.map((column) => example[column.field])],
    });
    return sendXlsx(reply, kind === "students" ? "mau-hoc-sinh.xlsx" : "mau-giao-vien.xlsx", body);
  });

  const studentExport = async (
    locale: Locale,
    sheetName: string,
    rows: Awaited<ReturnType<typeof repo.schoolStudentsForExport>>,
  ) =>
    writeWorkbook({
      name: sheetName,
      columns: rosterColumns.students.map((column) => ({
        header: locale === "en" ? column.headerEn : column.header,
        width: column.width,
      })),
      rows: rows.map((row) => [
        row.studentCode,
        row.fullName,
        row.className,
        row.dateOfBirth,
        genderLabel(locale, row.gender),
        row.parentPhone,
        row.parentEmail,
      ]),
    });

  app.get("/api/classes/:id/roster.xlsx", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const { classRow } = await requireClass(ctx, actor, id, ["manager", "teacher"]);
    const rows = await repo.classRosterForExport(ctx.db, id);
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "class.roster_exported",
      targetType: "class",
      targetId: id,
      orgUnitId: classRow.school_id,
      detail: { rows: rows.length },
    });
    const body = await studentExport(request.locale, classRow.name, rows);
    return sendXlsx(reply, `${classRow.name}.xlsx`, body);
  });

  app.get("/api/schools/:id/students.xlsx", async (request, reply) => {
    const actor = requireActor(request);
    const { id } = parse(idParams, request.params);
    const school = await requireManagedSchool(ctx, actor, id);
    const rows = await repo.schoolStudentsForExport(ctx.db, school.id);
    await insertAudit(ctx.db, {
      actorId: actor.userId,
      action: "school.students_exported",
      targetType: "org_unit",
      targetId: school.id,
      orgUnitId: school.id,
      detail: { rows: rows.length },
    });
    const body = await studentExport(request.locale, school.code, rows);
    return sendXlsx(reply, `${school.name}.xlsx`, body);
  });
}

/** Deletes expired previews every 10 minutes (and once at start). */
export function rostersJobs(ctx: AppContext): () => void {
  const sweep = () => {
    actions.deleteExpiredPreviews(ctx).catch((error: unknown) => {
      ctx.log.warn({ err: error }, "roster preview cleanup failed");
    });
  };
  sweep();
  const timer = setInterval(sweep, 10 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
