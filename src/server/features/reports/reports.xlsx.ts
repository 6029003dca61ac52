/** The report as an Excel workbook: Tổng hợp / Theo trường / (Theo phòng GDĐT) / Theo loại /
 * Quá hạn. Header rows are styled and frozen; text cells cannot turn into formulas. */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import {
  incidentCategories,
  type IncidentReport,
  type ReportUnitRow,
} from "../../../shared/reports.ts";
import {
  coverageLines,
  instantLabel,
  periodWithRange,
  shareOf,
  summaryLines,
  type Translator,
} from "./reports.labels.ts";

/** Text that a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a leading
 * apostrophe, as OWASP advises against CSV/formula injection. */
export function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

type Cell = string | number | null;
const safe = (value: Cell): Cell => (typeof value === "string" ? safeText(value) : value);

const HEADER_FILL: ExcelJS.Fill = {
  type: "pattern",
  pattern: "solid",
  fgColor: { argb: "FF0B3D66" },
};

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true, color: { argb: "FFFFFFFF" } };
  row.alignment = { vertical: "middle", wrapText: true };
  row.height = 32;
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: "thin", color: { argb: "FF999999" } } };
  });
}

type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;

function sheet(
  workbook: Workbook,
  name: string,
  headers: string[],
  widths: number[],
  frozenRows = 1,
): ExcelJS.Worksheet {
  const worksheet = workbook.addWorksheet(name.slice(0, 31), {
    views: [{ state: "frozen", ySplit: frozenRows }],
  });
  worksheet.columns = headers.map((_header, index) => ({ width: widths[index] ?? 14 }));
  return worksheet;
}

function addRow(worksheet: ExcelJS.Worksheet, values: Cell[]): ExcelJS.Row {
  return worksheet.addRow(values.map(safe));
}

/** Rows are streamed out: style a row before the next one is added, then commit the sheet. */
function commitRows(worksheet: ExcelJS.Worksheet): void {
  (worksheet as unknown as { commit(): void }).commit();
}

function unitColumns(t: Translator, kind: "school" | "district"): string[] {
  return [
    kind === "school" ? t("reports.col.school") : t("reports.col.district"),
    t("reports.col.code"),
    kind === "school" ? t("reports.col.district") : t("reports.col.schools"),
    t("reports.fig.incidents"),
    t("reports.fig.resolved"),
    t("reports.fig.open"),
    t("reports.fig.escalated"),
    t("reports.fig.overdue"),
    t("reports.fig.overdueOpen"),
    t("reports.fig.policeReferrals"),
    t("reports.fig.anonymous"),
    t("reports.fig.automatic"),
    t("reports.fig.medianAckHours"),
    t("reports.fig.medianResolveHours"),
    ...incidentCategories.map((category) => t(`reports.category.${category}`)),
    t("reports.fig.trainingTeachers"),
    t("reports.fig.trainingStudents"),
    t("reports.fig.trainingParents"),
    t("reports.fig.students"),
    t("reports.fig.consentComplete"),
  ];
}

function unitValues(row: ReportUnitRow, kind: "school" | "district"): Cell[] {
  const training = row.coverage.training;
  return [
    row.name,
    row.code,
    kind === "school" ? row.parentName : (row.schools ?? 0),
    row.incidents,
    row.resolved,
    row.open,
    row.escalated,
    row.overdue,
    row.overdueOpen,
    row.policeReferrals,
    row.anonymous,
    row.automatic,
    row.medianAckHours,
    row.medianResolveHours,
    ...incidentCategories.map((category) => row.byCategory[category]),
    training?.teachers ?? null,
    training?.students ?? null,
    training?.parents ?? null,
    row.coverage.consent?.students ?? null,
    row.coverage.consent?.complete ?? null,
  ];
}

function unitSheet(
  workbook: Workbook,
  t: Translator,
  name: string,
  kind: "school" | "district",
  rows: ReportUnitRow[],
  report: IncidentReport,
): void {
  const headers = unitColumns(t, kind);
  const worksheet = sheet(workbook, name, headers, [40, 14, 30]);
  const first = 15 + incidentCategories.length;
  for (let column = first; column < first + 3; column += 1) {
    worksheet.getColumn(column).numFmt = "0.0%";
  }
  worksheet.getColumn(13).numFmt = "0.0";
  worksheet.getColumn(14).numFmt = "0.0";
  worksheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1, column: headers.length },
  };
  styleHeader(addRow(worksheet, headers));
  for (const row of rows) addRow(worksheet, unitValues(row, kind));
  const totals = report.totals;
  const training = report.coverage.training;
  const total = addRow(worksheet, [
    t("reports.total"),
    null,
    kind === "school" ? null : report.schools.length,
    totals.incidents,
    totals.resolved,
    totals.open,
    totals.escalated,
    totals.overdue,
    totals.overdueOpen,
    totals.policeReferrals,
    totals.anonymous,
    totals.automatic,
    totals.medianAckHours,
    totals.medianResolveHours,
    ...report.byCategory.map((entry) => entry.count),
    training?.teachers ?? null,
    training?.students ?? null,
    training?.parents ?? null,
    report.coverage.consent?.students ?? null,
    report.coverage.consent?.complete ?? null,
  ]);
  total.font = { bold: true };
  commitRows(worksheet);
}

/** The workbook's bytes. */
export async function renderReportXlsx(report: IncidentReport, t: Translator): Promise<Buffer> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "SafeClass";
  workbook.title = t("reports.title");
  workbook.created = new Date(report.generatedAt);

  // Tổng hợp: the title block above a frozen header row.
  const summary = sheet(
    workbook,
    t("reports.sheet.summary"),
    [t("reports.col.figure"), t("reports.col.value")],
    [52, 40],
    5,
  );
  summary.getColumn(2).alignment = { horizontal: "left" };
  const title = addRow(summary, [t("reports.title")]);
  title.font = { bold: true, size: 14, color: { argb: "FF0B3D66" } };
  summary.mergeCells(1, 1, 1, 2);
  addRow(summary, [t("reports.label.period"), periodWithRange(t, report.period)]);
  addRow(summary, [t("reports.label.scope"), report.scope.name]);
  addRow(summary, [t("reports.label.generatedAt"), instantLabel(report.generatedAt)]);
  styleHeader(addRow(summary, [t("reports.col.figure"), t("reports.col.value")]));
  for (const line of summaryLines(report, t)) addRow(summary, [line.label, line.value]);
  for (const line of coverageLines(report, t)) addRow(summary, [line.label, line.value]);
  addRow(summary, []);
  for (const entry of report.byStatus) {
    addRow(summary, [
      `${t("reports.col.status")}: ${t(`reports.status.${entry.status}`)}`,
      entry.count,
    ]);
  }
  for (const entry of report.bySeverity) {
    addRow(summary, [
      `${t("reports.col.severity")}: ${t(`reports.severity.${entry.severity}`)}`,
      entry.count,
    ]);
  }
  for (const entry of report.byLevel) {
    addRow(summary, [
      `${t("reports.col.level")}: ${t(`reports.level.${entry.level}`)}`,
      entry.count,
    ]);
  }
  addRow(summary, []);
  addRow(summary, [t("reports.label.asOf")]).font = { italic: true };
  commitRows(summary);

  unitSheet(workbook, t, t("reports.sheet.bySchool"), "school", report.schools, report);
  if (report.scope.kind === "department") {
    unitSheet(workbook, t, t("reports.sheet.byDistrict"), "district", report.districts, report);
  }

  const categories = sheet(
    workbook,
    t("reports.sheet.byCategory"),
    [t("reports.col.category"), t("reports.col.count"), t("reports.col.share")],
    [44, 14, 12],
  );
  categories.getColumn(3).numFmt = "0.0%";
  styleHeader(
    addRow(categories, [t("reports.col.category"), t("reports.col.count"), t("reports.col.share")]),
  );
  for (const entry of report.byCategory) {
    addRow(categories, [
      t(`reports.category.${entry.category}`),
      entry.count,
      shareOf(entry.count, report.totals.incidents),
    ]);
  }
  addRow(categories, [
    t("reports.total"),
    report.totals.incidents,
    report.totals.incidents ? 1 : null,
  ]).font = { bold: true };
  commitRows(categories);

  const overdueHeaders = [
    t("reports.col.number"),
    t("reports.col.school"),
    t("reports.col.category"),
    t("reports.col.severity"),
    t("reports.col.status"),
    t("reports.col.level"),
    t("reports.col.createdAt"),
    t("reports.col.missed"),
    t("reports.col.open"),
  ];
  const overdue = sheet(
    workbook,
    t("reports.sheet.overdue"),
    overdueHeaders,
    [10, 40, 36, 14, 18, 16, 18, 14, 10],
  );
  styleHeader(addRow(overdue, overdueHeaders));
  for (const entry of report.overdueCases) {
    addRow(overdue, [
      entry.number,
      entry.schoolName,
      t(`reports.category.${entry.category}`),
      t(`reports.severity.${entry.severity}`),
      t(`reports.status.${entry.status}`),
      t(`reports.level.${entry.level}`),
      instantLabel(entry.createdAt),
      t(`reports.missed.${entry.missed}`),
      entry.open ? t("reports.yes") : t("reports.no"),
    ]);
  }
  if (report.overdueCasesTotal > report.overdueCases.length) {
    addRow(overdue, [
      t("reports.overdueMore", { count: report.overdueCasesTotal - report.overdueCases.length }),
    ]);
  }

  commitRows(overdue);
  await workbook.commit();
  return Buffer.concat(chunks);
}
