/** Public face of the live class feature: its Feature entry, and what other features use. */
import type { Feature } from "../feature.ts";
import type { AppContext } from "../../context.ts";
import { moderationReasonMessages } from "../moderation/index.ts";
import { hubFor } from "./live.hub.ts";
import { liveMessages } from "./live.messages.ts";
import { livekitMessages } from "./media.livekit.messages.ts";
import * as repo from "./live.repo.ts";
import { liveRoutes } from "./live.routes.ts";
import { liveRealtime } from "./live.socket.ts";

export { attendanceForStudent } from "./attendance.ts";
export {
  sessionsEndedBetween,
  attendanceForSession,
  upcomingSessionsForStudent,
  pastAttendanceForStudent,
  chatMessagesOfUser,
  eraseChatOfUser,
  purgeChat,
  purgeAttendance,
  type SessionInfo,
  type ChatMessageRecord,
} from "./live.privacy.repo.ts";
export { setMediaProvider, type MediaProvider } from "./media.ts";
export { setLiveLimits } from "./live.actions.ts";
export { mediaProviderFor } from "./media.ts";
export { createLivekitMedia } from "./media.livekit.ts";
export { createEmbeddedMedia } from "./media.embedded.ts";
export {
  readReportSource,
  REPORT_NEIGHBOURS,
  type ReportSourceResult,
  type ReportedMessage,
  type ReportedParticipant,
} from "./report-source.ts";

/** A process marks the visits it holds as alive this often; visits of a process that stopped
 * (crash, kill -9) are closed once their heartbeat is this old. */
const HEARTBEAT_MS = 20_000;
const STALE_AFTER_MS = 75_000;

function liveJobs(ctx: AppContext) {
  const beat = () => {
    const hub = hubFor(ctx);
    const now = ctx.now();
    void (async () => {
      if (hub) await repo.touchProcess(ctx.db, hub.processId, now);
      await repo.closeStaleVisits(ctx.db, new Date(now.getTime() - STALE_AFTER_MS));
    })().catch((error) => ctx.log.warn({ err: error }, "live: visit heartbeat failed"));
  };
  // At once: a process that dies before its first interval still leaves a row to go stale.
  beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    hubFor(ctx)?.close();
  };
}

export const liveFeature: Feature = {
  name: "live",
  messages: {
    vi: { ...moderationReasonMessages.vi, ...liveMessages.vi, ...livekitMessages.vi },
    en: { ...moderationReasonMessages.en, ...liveMessages.en, ...livekitMessages.en },
  },
  routes: liveRoutes,
  realtime: liveRealtime,
  jobs: liveJobs,
};
