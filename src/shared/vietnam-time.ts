/** Vietnam time: UTC+7 all year (no daylight saving). School days, the night window of the
 * daily jobs and the dates in file names are counted in it, whatever the server's time zone. */
export const VIETNAM_OFFSET_MS = 7 * 3_600_000;

const shifted = (at: Date) => new Date(at.getTime() + VIETNAM_OFFSET_MS);

/** The instant, as ISO text with Vietnam's offset, of a Vietnam date (YYYY-MM-DD) and time
 * (HH:MM): "2026-09-07" + "07:30" → "2026-09-07T07:30:00+07:00". */
export function vietnamInstant(date: string, time: string): string {
  return `${date}T${time}:00+07:00`;
}

/** The calendar date (YYYY-MM-DD) in Vietnam at instant `at`. */
export function vietnamDate(at: Date): string {
  return shifted(at).toISOString().slice(0, 10);
}

/** The date and time to the minute (YYYY-MM-DD HH:MM) in Vietnam at instant `at`. */
export function vietnamDateTime(at: Date): string {
  return shifted(at).toISOString().slice(0, 16).replace("T", " ");
}

/** The clock time to the minute (HH:MM, 24-hour) in Vietnam at instant `at`. */
export function vietnamTime(at: Date): string {
  return shifted(at).toISOString().slice(11, 16);
}

/** The ISO weekday (1 = Monday … 7 = Sunday) in Vietnam at `at`. */
export function vietnamWeekday(at: Date): number {
  return ((shifted(at).getUTCDay() + 6) % 7) + 1;
}

/** The hour of the day (0–23) in Vietnam at `at`. */
export function vietnamHour(at: Date): number {
  return shifted(at).getUTCHours();
}

/** The instant the Vietnam day of `at` starts (its midnight). */
export function vietnamDayStart(at: Date): Date {
  return new Date(Date.parse(`${vietnamDate(at)}T00:00:00Z`) - VIETNAM_OFFSET_MS);
}
