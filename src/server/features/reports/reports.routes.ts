/** /api/reports: the Department's incident-handling report on screen (JSON), as .xlsx and PDF,
 * and e-mailed to the Department. Each manager level sees only its own subtree. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { reportQuery } from "../../../shared/reports.ts";
import type { AppContext } from "../../context.ts";
import { requireActor } from "../../http/auth.ts";
import { AppError, rateLimited, zodIssues } from "../../http/errors.ts";
import { parse } from "../../http/validate.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import type { Actor } from "../accounts/actor.ts";
import { emailReport, EXPORT_OVERDUE_LIMIT, reportFileName } from "./reports.actions.ts";
import { buildIncidentReport } from "./reports.figures.ts";
import { resolvePeriod } from "./reports.period.ts";
import { requireReportScope } from "./reports.policy.ts";
import { closeReportRenderer, renderInWorker } from "./reports.renderer.ts";
import * as repo from "./reports.repo.ts";

/** Like `parse`, keeping this feature's own messages ("reports.toBeforeFrom"…) on the fields. */
function parseChoice(value: unknown) {
  const result = reportQuery.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = zodIssues(result.error).map((issue, index) => {
    const message = result.error.issues[index]?.message ?? "";
    return message.startsWith("reports.") ? { field: issue.field, messageKey: message } : issue;
  });
  throw new AppError("validation_failed", 400, "errors.validationFailed", { issues });
}

/** Building a report scans a period of incidents: bound how often one person may ask. */
const LIMITS = {
  view: { limit: 120, windowSeconds: 600 },
  export: { limit: 30, windowSeconds: 600 },
  email: { limit: 5, windowSeconds: 3600 },
} as const;

async function throttle(ctx: AppContext, actor: Actor, kind: keyof typeof LIMITS): Promise<void> {
  const { limit, windowSeconds } = LIMITS[kind];
  const decision = await ctx.rateLimiter.hit(
    `reports:${kind}:${actor.userId}`,
    limit,
    windowSeconds,
  );
  if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
}

async function exportReport(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  format: "xlsx" | "pdf",
) {
  const actor = requireActor(request);
  const query = parseChoice(request.query);
  const scope = await requireReportScope(ctx, actor, query.orgId);
  await throttle(ctx, actor, "export");
  const period = resolvePeriod(query.period, query.from, query.to, ctx.now());
  const report = await buildIncidentReport(ctx, scope, period, {
    overdueLimit: EXPORT_OVERDUE_LIMIT,
  });
  const bytes = (await renderInWorker(ctx, report, request.locale, [format]))[format];
  await insertAudit(ctx.db, {
    actorId: actor.userId,
    action: "report.exported",
    targetType: "org_unit",
    targetId: scope.id,
    orgUnitId: scope.id,
    ip: request.ip,
    detail: { format, period: period.key, kind: period.kind },
  });
  return reply
    .header(
      "content-type",
      format === "xlsx"
        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        : "application/pdf",
    )
    .header("content-disposition", `attachment; filename="${reportFileName(report)}.${format}"`)
    .header("cache-control", "no-store")
    .send(bytes);
}

export function reportsRoutes(app: FastifyInstance, ctx: AppContext): void {
  // onClose runs once the requests in flight are answered: their files are rendered by then.
  app.addHook("onClose", () => closeReportRenderer(ctx));

  app.get("/api/reports/incidents", async (request, reply) => {
    const actor = requireActor(request);
    const query = parseChoice(request.query);
    const scope = await requireReportScope(ctx, actor, query.orgId);
    await throttle(ctx, actor, "view");
    const period = resolvePeriod(query.period, query.from, query.to, ctx.now());
    reply.header("cache-control", "no-store");
    return buildIncidentReport(ctx, scope, period);
  });

  app.get("/api/reports/incidents/report.xlsx", (request, reply) =>
    exportReport(ctx, request, reply, "xlsx"),
  );
  app.get("/api/reports/incidents/report.pdf", (request, reply) =>
    exportReport(ctx, request, reply, "pdf"),
  );

  app.post("/api/reports/email", async (request) => {
    const actor = requireActor(request);
    const body = parseChoice(request.body);
    const scope = await requireReportScope(ctx, actor, body.orgId);
    await throttle(ctx, actor, "email");
    const period = resolvePeriod(body.period, body.from, body.to, ctx.now());
    return emailReport(ctx, actor, scope, period);
  });

  app.get("/api/reports/deliveries", async (request) => {
    const actor = requireActor(request);
    const query = parse(z.object({ orgId: z.string().uuid().optional() }).strict(), request.query);
    const scope = await requireReportScope(ctx, actor, query.orgId);
    const department = await repo.departmentOf(ctx.db, scope.path);
    return {
      departmentEmail: department?.email ?? null,
      items: await repo.recentDeliveries(ctx.db, scope.id),
    };
  });
}
