/** The privacy feature's entry for the server (routes, messages, daily job). The composition
 * root imports this file rather than index.ts: reports import index.ts, and index.ts reaches
 * notifications → realtime → features/index.ts, so loading the entry from its own small module
 * keeps it defined whatever order the feature modules load in. */
import type { AppContext } from "../../context.ts";
import type { Feature } from "../feature.ts";
import { registerFeatureBridges } from "./bridges.ts";
import { executeDeletionRequest, runDailyPrivacyJobWhenDue } from "./privacy.actions.ts";
import { privacyMessages } from "./privacy.messages.ts";
import { privacyRoutes } from "./privacy.routes.ts";
import * as repo from "./privacy.repo.ts";

registerFeatureBridges();

const HOUR = 3_600_000;

/** Pending deletion requests every 15 minutes; the daily retention run is checked for every hour
 * (first after 1 min) and starts at night (`dailyRunDue`). */
function privacyJobs(ctx: AppContext): () => void {
  let running = false;
  const tick = async (daily: boolean) => {
    if (running) return;
    running = true;
    try {
      if (daily) await runDailyPrivacyJobWhenDue(ctx);
      for (const request of await repo.pendingDeletionRequests(ctx.db, 100)) {
        await executeDeletionRequest(ctx, request.id);
      }
    } catch (error) {
      ctx.log.error({ err: error }, "privacy job failed");
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(true), 60_000);
  const daily = setInterval(() => void tick(true), HOUR);
  const deletions = setInterval(() => void tick(false), 15 * 60_000);
  first.unref();
  daily.unref();
  deletions.unref();
  return () => {
    clearTimeout(first);
    clearInterval(daily);
    clearInterval(deletions);
  };
}

export const privacyFeature: Feature = {
  name: "privacy",
  messages: privacyMessages,
  routes: privacyRoutes,
  jobs: privacyJobs,
};
