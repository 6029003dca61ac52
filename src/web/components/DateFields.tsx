/**
 * Date, month and time fields that look the same whatever the browser's language: day/month/year,
 * a 24-hour clock, and calendars in the app's language with weeks starting on Monday. The
 * browser's own inputs follow the browser, so a Vietnamese teacher on an English system saw
 * mm/dd/yyyy, AM/PM and an English calendar.
 */
import {
  DateInput,
  DatesProvider,
  MonthPickerInput,
  TimePicker,
  type CalendarAriaLabels,
  type DateInputProps,
  type MonthPickerInputProps,
  type TimePickerProps,
} from "@mantine/dates";
import { IconCalendar } from "@tabler/icons-react";
import "dayjs/locale/vi";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isLocale, type Locale } from "../i18n/index.ts";
import { DISPLAYED_DATE_FORMAT, DISPLAYED_MONTH_FORMAT, parseTypedDate } from "./dates.ts";

function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : "vi";
}

/** Gives every date field the app's language (dayjs locale "vi" or "en") and Monday-first weeks;
 * only Sunday is marked as a day off, since Vietnamese schools teach on Saturdays. */
export function DatesLocaleProvider({ children }: { children: ReactNode }) {
  const locale = useLocale();
  return (
    <DatesProvider settings={{ locale, firstDayOfWeek: 1, weekendDays: [0] }}>
      {children}
    </DatesProvider>
  );
}

// dayjs's Vietnamese month names are lower case ("tháng 3"), which reads oddly as a heading.
const calendarFormats = {
  vi: {
    monthLabelFormat: "[Tháng] M/YYYY",
    monthsListFormat: "[Tháng] M",
    yearLabelFormat: "[Năm] YYYY",
  },
  en: { monthLabelFormat: "MMMM YYYY", monthsListFormat: "MMM", yearLabelFormat: "YYYY" },
} as const;

function useCalendarSettings() {
  const { t } = useTranslation();
  const ariaLabels: CalendarAriaLabels = {
    monthLevelControl: t("common.dates.chooseMonth"),
    yearLevelControl: t("common.dates.chooseYear"),
    previousMonth: t("common.dates.previousMonth"),
    nextMonth: t("common.dates.nextMonth"),
    previousYear: t("common.dates.previousYear"),
    nextYear: t("common.dates.nextYear"),
    previousDecade: t("common.dates.previousDecade"),
    nextDecade: t("common.dates.nextDecade"),
  };
  return { ...calendarFormats[useLocale()], ariaLabels };
}

type DateFieldProps = Omit<DateInputProps, "value" | "defaultValue" | "onChange"> & {
  /** "YYYY-MM-DD", or "" when empty. */
  value: string;
  onChange: (value: string) => void;
  "data-testid"?: string;
};

/** A date, typed as day/month/year or picked from the calendar; the value is "YYYY-MM-DD". */
export function DateField({ value, onChange, ...props }: DateFieldProps) {
  const { t } = useTranslation();
  return (
    <DateInput
      valueFormat={DISPLAYED_DATE_FORMAT}
      dateParser={parseTypedDate}
      placeholder={t("common.dates.datePlaceholder")}
      leftSection={<IconCalendar size={16} aria-hidden />}
      {...useCalendarSettings()}
      {...props}
      value={value || null}
      onChange={(next) => onChange(next ?? "")}
    />
  );
}

type MonthFieldProps = Omit<MonthPickerInputProps, "value" | "defaultValue" | "onChange"> & {
  /** The first day of the month, "YYYY-MM-01". */
  value: string;
  onChange: (firstDay: string) => void;
};

/** A month picked from the calendar, shown as month/year; the value is its first day. */
export function MonthField({ value, onChange, ...props }: MonthFieldProps) {
  const { t } = useTranslation();
  // a month picker has no day level, so no month heading
  const { monthsListFormat, yearLabelFormat, ariaLabels } = useCalendarSettings();
  const monthLevels = { monthsListFormat, yearLabelFormat };
  return (
    <MonthPickerInput
      valueFormat={DISPLAYED_MONTH_FORMAT}
      placeholder={t("common.dates.monthPlaceholder")}
      leftSection={<IconCalendar size={16} aria-hidden />}
      {...monthLevels}
      ariaLabels={ariaLabels}
      {...props}
      value={value || null}
      onChange={(next) => {
        if (next) onChange(next);
      }}
    />
  );
}

type TimeFieldProps = Omit<TimePickerProps, "value" | "defaultValue" | "onChange" | "format"> & {
  label: string;
  /** "HH:mm", or "" while empty or incomplete. */
  value: string;
  onChange: (value: string) => void;
  /** Set on the hours box, where typing starts: type the four digits ("0930") to fill it. */
  "data-testid"?: string;
};

/** A time of day on the 24-hour clock, typed (hours then minutes) or picked from the lists. */
export function TimeField({
  label,
  "data-testid": testId,
  hoursInputProps,
  ...props
}: TimeFieldProps) {
  const { t } = useTranslation();
  return (
    <TimePicker
      format="24h"
      withDropdown
      label={label}
      hoursInputLabel={t("common.dates.hoursOf", { field: label })}
      minutesInputLabel={t("common.dates.minutesOf", { field: label })}
      hoursInputProps={{ ...hoursInputProps, "data-testid": testId }}
      {...props}
    />
  );
}
