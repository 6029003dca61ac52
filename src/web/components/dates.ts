/** How date fields show and read dates: day/month/year in both languages, as in Vietnam. */

/** The dayjs format of a date in a date field. */
export const DISPLAYED_DATE_FORMAT = "DD/MM/YYYY";

/** The dayjs format of a month in a month field. */
export const DISPLAYED_MONTH_FORMAT = "MM/YYYY";

const dayMonthYear = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const isoDate = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * What a user typed into a date field as "YYYY-MM-DD", or null while it is not yet a whole, real
 * date. Reads day/month/year ("5/3/2026", "05.03.2026", "05-03-2026") and "2026-03-05"; never
 * month/day/year, whatever the browser's language.
 */
export function parseTypedDate(text: string): string | null {
  const trimmed = text.trim();
  const dmy = dayMonthYear.exec(trimmed);
  const ymd = dmy ? null : isoDate.exec(trimmed);
  const parts = dmy ? [dmy[3], dmy[2], dmy[1]] : ymd ? [ymd[1], ymd[2], ymd[3]] : null;
  if (!parts) return null;
  const [year, month, day] = parts.map(Number) as [number, number, number];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
