/** The times of a class session as the session forms edit them (Vietnam time, one day).
 * No i18n or DOM here, so that the checks are tested on their own. */
import { vietnamInstant, vietnamTime } from "../../../shared/vietnam-time.ts";

const SIX_HOURS = 6 * 3_600_000;
/** A new session may start a little in the past: the lesson is already under way and the
 * teacher records it now to open the class. */
const START_GRACE = 30 * 60_000;

/** "HH:MM" of an instant in Vietnam time, as a time input holds it. */
export const vietnamClock = (iso: string) => vietnamTime(new Date(iso));

/** Checks a session's times before they go to the server (which checks them again): the end
 * after the start, at most six hours, a new one starting at most 30 minutes ago, the end ahead. Answers the field and message key. */
export function sessionTimesProblem(
  times: { date: string; start: string; end: string },
  options: { now: Date; checkStart: boolean },
): { field: "start" | "end"; messageKey: string } | null {
  const start = Date.parse(vietnamInstant(times.date, times.start));
  const end = Date.parse(vietnamInstant(times.date, times.end));
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  if (end <= start) return { field: "end", messageKey: "live.sessions.errors.endBeforeStart" };
  if (end - start > SIX_HOURS) return { field: "end", messageKey: "live.sessions.errors.tooLong" };
  if (options.checkStart && start < options.now.getTime() - START_GRACE) {
    return { field: "start", messageKey: "live.sessions.errors.startInPast" };
  }
  if (end <= options.now.getTime()) {
    return { field: "end", messageKey: "live.sessions.errors.endInPast" };
  }
  return null;
}
