/** Times of the live class, always shown in Vietnam time (the timetable's zone). */
import { i18n } from "../../i18n/index.ts";

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

/** The Vietnam calendar date of an instant: "2026-09-07". */
export function vietnamDate(at: Date): string {
  const shifted = new Date(at.getTime() + 7 * 3_600_000);
  return shifted.toISOString().slice(0, 10);
}

/** "2026-09-07" + "07:30" in Vietnam time → ISO instant with offset. */
export function vietnamInstant(date: string, time: string): string {
  return `${date}T${time}:00+07:00`;
}

/** Adds days to a "YYYY-MM-DD". */
export function addDays(date: string, days: number): string {
  const base = new Date(`${date}T00:00:00Z`);
  base.setUTCDate(base.getUTCDate() + days);
  return base.toISOString().slice(0, 10);
}
