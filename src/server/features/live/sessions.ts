/** A class session's time window and its public summary. */
import {
  EARLY_ENTRY_MINUTES,
  OVERRUN_MINUTES,
  type LiveSessionSummary,
} from "../../../shared/live.ts";
import type { SessionSnapshot } from "../../../shared/live-protocol.ts";
import type { SessionRow } from "./live.repo.ts";

/** Teachers may enter (and prepare) this long before the start. */
export const HOST_EARLY_MINUTES = 60;

type WindowFields = Pick<SessionRow, "starts_at" | "ends_at" | "opened_at" | "closed_at">;

/** The span in which people may be in the class: from a little before the start until the end,
 * or a while longer while a teacher keeps the class open. */
export function sessionWindow(session: WindowFields, host: boolean): { from: Date; to: Date } {
  const early = (host ? HOST_EARLY_MINUTES : EARLY_ENTRY_MINUTES) * 60_000;
  const overrun = session.opened_at ? OVERRUN_MINUTES * 60_000 : 0;
  return {
    from: new Date(session.starts_at.getTime() - early),
    to: new Date(session.ends_at.getTime() + overrun),
  };
}

export function insideWindow(session: WindowFields, now: Date, host: boolean): boolean {
  const { from, to } = sessionWindow(session, host);
  return now >= from && now <= to;
}

export function sessionState(session: WindowFields, now: Date): LiveSessionSummary["state"] {
  if (session.closed_at || now > sessionWindow(session, true).to) return "ended";
  return session.opened_at ? "open" : "scheduled";
}

export function sessionSummary(session: SessionRow, now: Date, host: boolean): LiveSessionSummary {
  const state = sessionState(session, now);
  return {
    id: session.id,
    classId: session.class_id,
    className: session.class_name,
    schoolName: session.school_name,
    title: session.title,
    startsAt: session.starts_at.toISOString(),
    endsAt: session.ends_at.toISOString(),
    openedAt: session.opened_at?.toISOString() ?? null,
    closedAt: session.closed_at?.toISOString() ?? null,
    locked: session.locked,
    chatMode: session.chat_mode,
    suspendedAt: session.suspended_at?.toISOString() ?? null,
    timetableRuleId: session.timetable_rule_id,
    teacherId: session.teacher_id,
    teacherName: session.teacher_name,
    state,
    joinable:
      state !== "ended" && insideWindow(session, now, host) && (host || session.opened_at !== null),
  };
}

export function sessionSnapshot(session: SessionRow): SessionSnapshot {
  return {
    id: session.id,
    classId: session.class_id,
    className: session.class_name,
    schoolName: session.school_name,
    title: session.title,
    startsAt: session.starts_at.toISOString(),
    endsAt: session.ends_at.toISOString(),
    openedAt: session.opened_at?.toISOString() ?? null,
    closedAt: session.closed_at?.toISOString() ?? null,
    locked: session.locked,
    chatMode: session.chat_mode,
    slowModeSeconds: session.slow_mode_seconds,
    mutedAll: session.muted_all,
    suspendedAt: session.suspended_at?.toISOString() ?? null,
  };
}
