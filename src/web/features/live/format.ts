/** Times of the live class, always shown in Vietnam time (the timetable's zone). */
import { i18n } from "../../i18n/index.ts";

// The Vietnam date of an instant ("2026-09-07") and the instant of a Vietnam date and time,
// computed as the server does.
export { vietnamDate, vietnamInstant } from "../../../shared/vietnam-time.ts";

export const VIETNAM_TIME_ZONE = "Asia/Ho_Chi_Minh";

function locale(): string {
  return i18n.language === "en" ? "en-GB" : "vi-VN";
}

/** "07:30" */
export function clockTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toLocaleTimeString(locale(), {
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: VIETNAM_TIME_ZONE,
  });
}

/** "Thứ Hai, 07/09/2026" */
export function dayLabel(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(locale(), {
    weekday: "long",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: VIETNAM_TIME_ZONE,
  });
}

/** "07/09 07:30" */
export function shortDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toLocaleString(locale(), {
    day: "2-digit",
    month: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
    timeZone: VIETNAM_TIME_ZONE,
  });
}

/** Adds days to a "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  const base = new Date(`${date}T00:00:00Z`);
  base.setUTCDate(base.getUTCDate() + days);
  return base.toISOString().slice(0, 10);
}
