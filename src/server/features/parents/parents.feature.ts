/** The school–family feature's entry for the server: routes, messages, the absence-alert job,
 * and its share of children's data (export, deletion, retention). The composition root imports
 * this file directly and providers are registered through privacy/providers.ts (a leaf module):
 * both keep working whatever order the feature modules load in (see privacy.feature.ts). */
import type { AppContext } from "../../context.ts";
import type { Feature } from "../feature.ts";
import { registerChildDataProvider, type ErasureOutcome } from "../privacy/providers.ts";
import { alertAbsencesForSession } from "./parents.actions.ts";
import { parentsMessages } from "./parents.messages.ts";
import { parentsRoutes } from "./parents.routes.ts";
import * as repo from "./parents.repo.ts";
import { endedSessionsWithAttendance } from "./live-bridge.ts";

const DAY = 86_400_000;

registerChildDataProvider({
  name: "familyMessages",
  exportFor: (ctx, child) => repo.familyMessagesOfStudent(ctx.db, child.id),
  erase: async (ctx, child, scope): Promise<ErasureOutcome> => {
    if (scope !== "all") return { deleted: {}, kept: [] };
    const count = await repo.familyMessageRows.deleteOfStudent(ctx.db, child.id);
    return { deleted: { familyMessages: count }, kept: [] };
  },
  retain: async (ctx, school, now): Promise<Record<string, number>> => {
    const messages = await repo.familyMessageRows.purgeOfSchool(
      ctx.db,
      school.schoolId,
      new Date(now.getTime() - school.familyMessageDays * DAY),
    );
    const notices = await repo.purgeNotices(
      ctx.db,
      school.schoolId,
      new Date(now.getTime() - school.noticeDays * DAY),
    );
    return {
      familyMessages: messages,
      schoolNotices: Number(notices.numDeletedRows),
    };
  },
});

registerChildDataProvider({
  name: "absenceAlerts",
  exportFor: (ctx, child) => repo.absenceAlertRows.ofStudent(ctx.db, child.id),
  erase: async (ctx, child, scope): Promise<ErasureOutcome> => {
    if (scope !== "all" && !scope.includes("attendance_alerts")) return { deleted: {}, kept: [] };
    const count = await repo.absenceAlertRows.deleteOfStudent(ctx.db, child.id);
    return { deleted: { absenceAlerts: count }, kept: [] };
  },
  retain: async (ctx, school, now): Promise<Record<string, number>> => {
    const count = await repo.absenceAlertRows.purgeOfSchool(
      ctx.db,
      school.schoolId,
      new Date(now.getTime() - school.attendanceDays * DAY),
    );
    return { absenceAlerts: count };
  },
});

registerChildDataProvider({
  name: "linkCodes",
  exportFor: (ctx, child) => repo.linkCodeRows.ofStudent(ctx.db, child.id),
  erase: async (ctx, child, scope): Promise<ErasureOutcome> => {
    if (scope !== "all") return { deleted: {}, kept: [] };
    const count = await repo.linkCodeRows.deleteOfStudent(ctx.db, child.id);
    return { deleted: { linkCodes: count }, kept: [] };
  },
  retain: async (ctx, school, now): Promise<Record<string, number>> => {
    const count = await repo.linkCodeRows.purgeOfSchool(
      ctx.db,
      school.schoolId,
      new Date(now.getTime() - 30 * DAY),
    );
    return { linkCodes: count };
  },
});

/** Finds sessions that ended since the last run and alerts parents of absent or late
 * children. Each (session, student) is alerted once, so overlapping windows are harmless. */
export async function runAbsenceAlerts(ctx: AppContext, windowMs = 6 * 3_600_000): Promise<number> {
  const now = ctx.now();
  const ended = await endedSessionsWithAttendance(ctx.db, {
    from: new Date(now.getTime() - windowMs),
    to: now,
  });
  let alerted = 0;
  for (const { session, attendance } of ended) {
    alerted += await alertAbsencesForSession(ctx, session, attendance);
  }
  return alerted;
}

function absenceJob(ctx: AppContext): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runAbsenceAlerts(ctx)
      .catch((error: unknown) => ctx.log.error({ err: error }, "absence alerts failed"))
      .finally(() => {
        running = false;
      });
  }, ctx.config.absenceAlertSeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}

export const parentsFeature: Feature = {
  name: "parents",
  messages: parentsMessages,
  routes: parentsRoutes,
  jobs: absenceJob,
};
