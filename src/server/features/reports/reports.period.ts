/** Report periods in Vietnam time (UTC+7, no daylight saving); boundaries are documented in
 * src/shared/reports.ts. Pure functions: the clock comes from the caller. */
import type { ReportPeriod, ReportPeriodKind } from "../../../shared/reports.ts";
import { VIETNAM_OFFSET_MS, vietnamDate } from "../../../shared/vietnam-time.ts";

const DAY_MS = 86_400_000;

interface Day {
  year: number;
  month: number; // 1..12
  day: number;
}

const pad = (value: number) => String(value).padStart(2, "0");
const format = (day: Day) => `${day.year}-${pad(day.month)}-${pad(day.day)}`;

function parseDay(value: string): Day {
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  return { year, month, day };
}

/** The instant a Vietnam calendar day starts. */
function startOf(day: Day): Date {
  return new Date(Date.UTC(day.year, day.month - 1, day.day) - VIETNAM_OFFSET_MS);
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** First year of the school year a day belongs to (September starts a new one). */
function schoolYearStart(day: Day): number {
  return day.month >= 9 ? day.year : day.year - 1;
}

function build(
  kind: ReportPeriodKind,
  key: string,
  first: Day,
  last: Day,
  semester: 1 | 2 | null,
): ReportPeriod {
  const start = schoolYearStart(first);
  return {
    kind,
    key,
    firstDay: format(first),
    lastDay: format(last),
    startsAt: startOf(first).toISOString(),
    endsAt: new Date(startOf(last).getTime() + DAY_MS).toISOString(),
    schoolYear: `${start}-${start + 1}`,
    semester,
  };
}

/** The period of `kind` that contains `from` (custom: from..to). */
export function resolvePeriod(
  kind: ReportPeriodKind,
  from: string | undefined,
  to: string | undefined,
  now: Date,
): ReportPeriod {
  const anchor = parseDay(from ?? vietnamDate(now));
  switch (kind) {
    case "month": {
      const first = { ...anchor, day: 1 };
      const last = { ...anchor, day: lastDayOfMonth(anchor.year, anchor.month) };
      return build(kind, `${anchor.year}-${pad(anchor.month)}`, first, last, null);
    }
    case "semester": {
      const start = schoolYearStart(anchor);
      const firstSemester = anchor.month >= 9 || (anchor.month === 1 && anchor.day <= 15);
      const year = `${start}-${start + 1}`;
      return firstSemester
        ? build(
            kind,
            `${year}/1`,
            { year: start, month: 9, day: 1 },
            { year: start + 1, month: 1, day: 15 },
            1,
          )
        : build(
            kind,
            `${year}/2`,
            { year: start + 1, month: 1, day: 16 },
            { year: start + 1, month: 8, day: 31 },
            2,
          );
    }
    case "year": {
      const start = schoolYearStart(anchor);
      return build(
        kind,
        `${start}-${start + 1}`,
        { year: start, month: 9, day: 1 },
        { year: start + 1, month: 8, day: 31 },
        null,
      );
    }
    case "custom": {
      const last = parseDay(to ?? format(anchor));
      return build(kind, `${format(anchor)}..${format(last)}`, anchor, last, null);
    }
  }
}

/** The calendar month before the one `now` falls in (Vietnam time): the monthly report. */
export function previousMonth(now: Date): ReportPeriod {
  const today = parseDay(vietnamDate(now));
  const year = today.month === 1 ? today.year - 1 : today.year;
  const month = today.month === 1 ? 12 : today.month - 1;
  return resolvePeriod("month", `${year}-${pad(month)}-01`, undefined, now);
}

/** Every month touched by the period, "YYYY-MM", in order (the trend chart's axis). */
export function monthsOf(period: ReportPeriod): string[] {
  const first = parseDay(period.firstDay);
  const last = parseDay(period.lastDay);
  const months: string[] = [];
  let year = first.year;
  let month = first.month;
  while (year < last.year || (year === last.year && month <= last.month)) {
    months.push(`${year}-${pad(month)}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}
