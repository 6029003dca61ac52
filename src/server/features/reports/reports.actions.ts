/** State changes of the reports: e-mailing a report to the Department (on request, and the
 * monthly scheduled one). Each delivery is recorded first, the mail goes out after the record
 * is committed, and the record is then marked with the outcome. */
import type { IncidentReport, ReportEmailResult, ReportPeriod } from "../../../shared/reports.ts";
import type { AppContext } from "../../context.ts";
import { AppError } from "../../http/errors.ts";
import type { Locale } from "../../i18n/i18n.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import type { Actor } from "../accounts/actor.ts";
import { buildIncidentReport, type ReportScope } from "./reports.figures.ts";
import { periodLabel, translator } from "./reports.labels.ts";
import { previousMonth } from "./reports.period.ts";
import { renderInWorker } from "./reports.renderer.ts";
import * as repo from "./reports.repo.ts";

/** How many overdue cases the exported files list (the screen shows the first 500). */
export const EXPORT_OVERDUE_LIMIT = 20_000;
/** Attempts of a scheduled delivery whose SMTP hand-off failed. */
const MAX_SCHEDULED_ATTEMPTS = 5;

/** "bao-cao-su-co_SGDDT-BD_2026-03" (ASCII, safe in a Content-Disposition header). */
export function reportFileName(report: IncidentReport): string {
  const clean = (value: string) => value.replace(/[^A-Za-z0-9-]+/g, "_").replace(/^_+|_+$/g, "");
  return `bao-cao-su-co_${clean(report.scope.code) || "SafeClass"}_${clean(report.period.key)}`;
}

export interface RenderedReport {
  report: IncidentReport;
  xlsx: Buffer;
  pdf: Buffer;
}

/** The report with both files, in one language. The figures come from the database on this
 * thread; the files are built in the render worker (`reports.renderer.ts`). */
export async function renderReportFiles(
  ctx: AppContext,
  scope: ReportScope,
  period: ReportPeriod,
  locale: Locale,
): Promise<RenderedReport> {
  const report = await buildIncidentReport(ctx, scope, period, {
    overdueLimit: EXPORT_OVERDUE_LIMIT,
  });
  const { xlsx, pdf } = await renderInWorker(ctx, report, locale, ["xlsx", "pdf"]);
  return { report, xlsx, pdf };
}

async function deliver(
  ctx: AppContext,
  input: {
    deliveryId: string;
    to: string;
    departmentName: string;
    rendered: RenderedReport;
    note: string;
  },
): Promise<ReportEmailResult> {
  const t = translator("vi");
  const { report, xlsx, pdf } = input.rendered;
  const period = periodLabel(t, report.period);
  const name = reportFileName(report);
  const text = `${t("reports.email.body", {
    department: input.departmentName,
    scope: report.scope.name,
    period,
    incidents: report.totals.incidents,
    resolved: report.totals.resolved,
    open: report.totals.open,
    overdue: report.totals.overdue,
    police: report.totals.policeReferrals,
  })}\n\n${input.note}`;
  let result: { id: string; delivered: boolean } | null = null;
  let error: string | null = null;
  try {
    result = await ctx.mailer.send({
      to: input.to,
      subject: t("reports.email.subject", { scope: report.scope.name, period }),
      text,
      orgUnitId: report.scope.id,
      attachments: [
        { filename: `${name}.pdf`, content: pdf, contentType: "application/pdf" },
        {
          filename: `${name}.xlsx`,
          content: xlsx,
          contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        },
      ],
    });
  } catch (failure) {
    error = String(failure).slice(0, 500);
  }
  // Without SMTP the message waits in the outbox that administrators read.
  const status: ReportEmailResult["status"] = result?.delivered
    ? "sent"
    : result && !ctx.config.smtpUrl
      ? "outbox"
      : "failed";
  await repo.finishDelivery(ctx.db, {
    id: input.deliveryId,
    status,
    mailId: result?.id ?? null,
    error: status === "failed" ? (error ?? "smtp delivery failed") : null,
    now: ctx.now(),
  });
  return { deliveryId: input.deliveryId, to: input.to, status };
}

/** Sends the report of `scope` for `period` to the Department's configured address now. */
export async function emailReport(
  ctx: AppContext,
  actor: Actor,
  scope: ReportScope,
  period: ReportPeriod,
): Promise<ReportEmailResult> {
  const department = await repo.departmentOf(ctx.db, scope.path);
  if (!department?.email) {
    throw new AppError("conflict", 409, "reports.noDepartmentEmail");
  }
  const rendered = await renderReportFiles(ctx, scope, period, "vi");
  const now = ctx.now();
  const delivery = await ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertManualDelivery(trx, {
      orgUnitId: scope.id,
      periodKind: period.kind,
      periodKey: period.key,
      to: department.email!,
      requestedBy: actor.userId,
      now,
    });
    await insertAudit(trx, {
      actorId: actor.userId,
      action: "report.emailed",
      targetType: "org_unit",
      targetId: scope.id,
      orgUnitId: scope.id,
      detail: { period: period.key, kind: period.kind, to: department.email },
    });
    return row;
  });
  const t = translator("vi");
  return deliver(ctx, {
    deliveryId: delivery.id,
    to: department.email,
    departmentName: department.name,
    rendered,
    note: t("reports.email.sentBy", { name: actor.displayName }),
  });
}

/** The monthly job: on (or, after downtime, the first run after) the 1st of a month, e-mails
 * last month's province report to every Department with an address, once per month. Several
 * processes may run it: the delivery row is claimed atomically. Returns what was sent. */
export async function runScheduledReports(ctx: AppContext): Promise<ReportEmailResult[]> {
  const period = previousMonth(ctx.now());
  const results: ReportEmailResult[] = [];
  for (const department of await repo.departmentsWithEmail(ctx.db)) {
    const claimed = await repo.claimScheduledDelivery(ctx.db, {
      orgUnitId: department.id,
      periodKey: period.key,
      to: department.email!,
      now: ctx.now(),
      maxAttempts: MAX_SCHEDULED_ATTEMPTS,
    });
    if (!claimed) continue;
    try {
      const scope: ReportScope = {
        id: department.id,
        kind: "department",
        name: department.name,
        code: (await repo.findUnit(ctx.db, department.id))?.code ?? "",
        path: department.path,
      };
      const rendered = await renderReportFiles(ctx, scope, period, "vi");
      await insertAudit(ctx.db, {
        actorId: null,
        action: "report.emailed",
        targetType: "org_unit",
        targetId: department.id,
        orgUnitId: department.id,
        detail: { period: period.key, kind: "month", to: department.email, scheduled: true },
      });
      results.push(
        await deliver(ctx, {
          deliveryId: claimed.id,
          to: department.email!,
          departmentName: department.name,
          rendered,
          note: translator("vi")("reports.email.scheduledNote"),
        }),
      );
    } catch (error) {
      ctx.log.error({ err: error, department: department.id }, "scheduled report failed");
      await repo.finishDelivery(ctx.db, {
        id: claimed.id,
        status: "failed",
        mailId: null,
        error: String(error).slice(0, 500),
        now: ctx.now(),
      });
      results.push({ deliveryId: claimed.id, to: department.email!, status: "failed" });
    }
  }
  return results;
}
