/** Formatting of dates, numbers and coded values in the current language. */
import { i18n } from "../i18n/index.ts";

function intlLocale(): string {
  return i18n.language === "en" ? "en-GB" : "vi-VN";
}

/** "2009-03-07" → "07/03/2009" (both languages use day/month/year in Vietnam). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return "—";
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) return isoDate;
  return `${match[3]}/${match[2]}/${match[1]}`;
}

/** "07:02, 05/12/2026" in Vietnamese, "05/12/2026, 07:02" in English: two-digit day and
 * month, four-digit year, 24-hour clock. Assembled from parts because the browsers' "vi-VN"
 * short style gives "07:02 5/12/26". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat(intlLocale(), {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? "";
  const day = `${part("day")}/${part("month")}/${part("year")}`;
  const time = `${part("hour")}:${part("minute")}`;
  return i18n.language === "en" ? `${day}, ${time}` : `${time}, ${day}`;
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return value.toLocaleString(intlLocale());
}

const genderKeys: Record<string, string> = {
  male: "gender.male",
  m: "gender.male",
  nam: "gender.male",
  female: "gender.female",
  f: "gender.female",
  nữ: "gender.female",
  nu: "gender.female",
  other: "gender.other",
  khác: "gender.other",
};

/** Shows the gender in the current language whatever spelling the server stores. */
export function genderLabel(value: string | null | undefined): string {
  if (!value) return "—";
  const key = genderKeys[value.trim().toLowerCase()];
  return key ? i18n.t(key) : value;
}
