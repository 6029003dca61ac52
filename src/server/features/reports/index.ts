/** The public face of the reports feature: the Feature entry, the scheduled job (tests call
 * `runScheduledReports` with a moved clock) and the report builder for other features. */
import type { AppContext } from "../../context.ts";
import type { Feature } from "../feature.ts";
import { runScheduledReports } from "./reports.actions.ts";
import { reportsMessages } from "./reports.messages.ts";
import { reportsRoutes } from "./reports.routes.ts";

export { runScheduledReports, renderReportFiles } from "./reports.actions.ts";
export { buildIncidentReport, type ReportScope } from "./reports.figures.ts";
export { resolvePeriod, previousMonth } from "./reports.period.ts";

const HOUR = 3_600_000;

/** Checks every hour whether last month's report still has to go out (first check after a
 * minute, so that a server started on the 1st sends it the same day). */
function reportJobs(ctx: AppContext): () => void {
  // Test servers would otherwise mail a report a minute after they start; tests call
  // runScheduledReports with a moved clock instead.
  if (ctx.config.env === "test") return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runScheduledReports(ctx);
    } catch (error) {
      ctx.log.error({ err: error }, "scheduled reports failed");
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 60_000);
  const hourly = setInterval(() => void tick(), HOUR);
  first.unref();
  hourly.unref();
  return () => {
    clearTimeout(first);
    clearInterval(hourly);
  };
}

export const reportsFeature: Feature = {
  name: "reports",
  messages: reportsMessages,
  routes: reportsRoutes,
  jobs: reportJobs,
};
