/** Words and numbers of the exported report, in the reader's language. */
import type { IncidentReport, ReportPeriod } from "../../../shared/reports.ts";
import { translate, type Locale } from "../../i18n/i18n.ts";
import { vietnamDateTime } from "../../../shared/vietnam-time.ts";

export type Translator = (key: string, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translator {
  return (key, params) => translate(locale, key, params).normalize("NFC");
}

/** "2026-03-05" → "05/03/2026" (Vietnamese and British order alike). */
export function dayLabel(day: string): string {
  const [year, month, date] = day.split("-");
  return `${date}/${month}/${year}`;
}

/** An instant as a Vietnam-time date and hour: "05/03/2026 14:20". */
export function instantLabel(iso: string): string {
  const local = vietnamDateTime(new Date(iso));
  return `${dayLabel(local.slice(0, 10))} ${local.slice(11)}`;
}

export function periodLabel(t: Translator, period: ReportPeriod): string {
  const schoolYear = period.schoolYear.replace("-", "–");
  switch (period.kind) {
    case "month": {
      const [year, month] = period.key.split("-");
      return t("reports.period.month", { month: Number(month), year: year ?? "" });
    }
    case "semester":
      return t("reports.period.semester", {
        semester: period.semester === 1 ? "I" : "II",
        schoolYear,
      });
    case "year":
      return t("reports.period.year", { schoolYear });
    case "custom":
      return t("reports.period.custom", {
        from: dayLabel(period.firstDay),
        to: dayLabel(period.lastDay),
      });
  }
}

/** The label with its exact days: "Tháng 3/2026 (từ 01/03/2026 đến 31/03/2026)". */
export function periodWithRange(t: Translator, period: ReportPeriod): string {
  const label = periodLabel(t, period);
  if (period.kind === "custom") return label;
  const range = t("reports.period.range", {
    from: dayLabel(period.firstDay),
    to: dayLabel(period.lastDay),
  });
  return `${label} (${range})`;
}

export function hoursLabel(value: number | null, t: Translator): string {
  return value === null ? t("reports.noData") : value.toFixed(1);
}

export function percentLabel(value: number | null | undefined, t: Translator): string {
  return value === null || value === undefined
    ? t("reports.noData")
    : `${(value * 100).toFixed(1)}%`;
}

export function shareOf(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The summary lines shared by the Excel sheet, the PDF and the e-mail. */
export function summaryLines(
  report: IncidentReport,
  t: Translator,
): Array<{ label: string; value: number | string }> {
  const totals = report.totals;
  const lines: Array<{ label: string; value: number | string }> = [
    { label: t("reports.fig.incidents"), value: totals.incidents },
    { label: t("reports.fig.resolved"), value: totals.resolved },
    { label: t("reports.fig.open"), value: totals.open },
    { label: t("reports.fig.escalated"), value: totals.escalated },
    { label: t("reports.fig.overdue"), value: totals.overdue },
    { label: t("reports.fig.overdueOpen"), value: totals.overdueOpen },
    { label: t("reports.fig.policeReferrals"), value: totals.policeReferrals },
    { label: t("reports.fig.anonymous"), value: totals.anonymous },
    { label: t("reports.fig.automatic"), value: totals.automatic },
    { label: t("reports.fig.medianAckHours"), value: hoursLabel(totals.medianAckHours, t) },
    {
      label: t("reports.fig.medianResolveHours"),
      value: hoursLabel(totals.medianResolveHours, t),
    },
  ];
  return lines;
}

/** Coverage lines (training and consent), or the gaps. */
export function coverageLines(
  report: IncidentReport,
  t: Translator,
): Array<{ label: string; value: string }> {
  const lines: Array<{ label: string; value: string }> = [];
  const training = report.coverage.training;
  if (training) {
    lines.push(
      { label: t("reports.fig.trainingTeachers"), value: percentLabel(training.teachers, t) },
      { label: t("reports.fig.trainingStudents"), value: percentLabel(training.students, t) },
      { label: t("reports.fig.trainingParents"), value: percentLabel(training.parents, t) },
    );
  }
  const consent = report.coverage.consent;
  if (consent) {
    lines.push(
      { label: t("reports.fig.students"), value: String(consent.students) },
      {
        label: t("reports.fig.consentComplete"),
        value: `${consent.complete} (${percentLabel(shareOf(consent.complete, consent.students), t)})`,
      },
      {
        label: t("reports.fig.consentParent"),
        value: `${consent.parentConsent} (${percentLabel(shareOf(consent.parentConsent, consent.students), t)})`,
      },
    );
  }
  for (const gap of report.gaps) {
    lines.push({ label: t("reports.gap", { part: t(`reports.gap.${gap}`) }), value: "" });
  }
  return lines;
}
