/** The report as a PDF (A4, DejaVu Sans so that every Vietnamese letter prints): title, period,
 * scope, summary, bar charts, tables per district and school, overdue cases, coverage. */
import path from "node:path";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import type { IncidentReport, ReportUnitRow } from "../../../shared/reports.ts";
import {
  coverageLines,
  hoursLabel,
  instantLabel,
  periodWithRange,
  summaryLines,
  type Translator,
} from "./reports.labels.ts";
import { compareVietnamese } from "../../../shared/names.ts";

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const FONT_REGULAR = path.join(fontDir, "DejaVuSans.ttf");
const FONT_BOLD = path.join(fontDir, "DejaVuSans-Bold.ttf");

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 40;
const INK = "#111111";
const ACCENT = "#0b3d66";
const BAR = "#2f6fa8";
const MUTED = "#666666";
/** Rows of the overdue list printed in the PDF; the workbook carries them all. */
const PDF_OVERDUE_ROWS = 100;

function contentWidth(doc: Doc): number {
  return doc.page.width - MARGIN * 2;
}

function ensureSpace(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN - 20) doc.addPage();
}

function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 60);
  doc.moveDown(0.8);
  doc.font("bold").fontSize(12).fillColor(ACCENT).text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
  doc.font("regular").fontSize(9).fillColor(INK);
}

/** `text` cut with an ellipsis to fit `width` at the current font (no line wrapping: pdfkit's
 * wrapper is slow for the hundreds of rows of a province). */
function fitted(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (doc.widthOfString(`${text.slice(0, middle)}…`) <= width) low = middle;
    else high = middle - 1;
  }
  return `${text.slice(0, low).trimEnd()}…`;
}

/** One line of text in a box of `width`, left or right aligned. */
function cellText(
  doc: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  align: "left" | "right" = "left",
): void {
  const value = fitted(doc, text, width);
  const offset = align === "right" ? width - doc.widthOfString(value) : 0;
  doc.text(value, x + offset, y, { lineBreak: false });
}

interface Column {
  header: string;
  width: number;
  align?: "left" | "right";
}

/** A table that continues on the next page with its header repeated. */
function table(doc: Doc, columns: Column[], rows: Array<Array<string | number>>, bold = -1): void {
  const rowHeight = 15;
  const headerHeight = 26;
  const drawHeader = () => {
    ensureSpace(doc, headerHeight + rowHeight);
    const top = doc.y;
    doc.rect(MARGIN, top, contentWidth(doc), headerHeight).fill(ACCENT);
    let x = MARGIN;
    doc.font("bold").fontSize(7.5).fillColor("#ffffff");
    for (const column of columns) {
      doc.text(column.header, x + 3, top + 3, {
        width: column.width - 6,
        height: headerHeight - 4,
        align: column.align ?? "left",
        ellipsis: true,
      });
      x += column.width;
    }
    doc.y = top + headerHeight;
  };
  drawHeader();
  rows.forEach((row, index) => {
    if (doc.y + rowHeight > doc.page.height - MARGIN - 20) {
      doc.addPage();
      drawHeader();
    }
    const top = doc.y;
    if (index % 2 === 1) doc.rect(MARGIN, top, contentWidth(doc), rowHeight).fill("#eef3f8");
    let x = MARGIN;
    doc
      .font(index === bold ? "bold" : "regular")
      .fontSize(8)
      .fillColor(INK);
    row.forEach((value, columnIndex) => {
      const column = columns[columnIndex]!;
      cellText(doc, String(value), x + 3, top + 3.5, column.width - 6, column.align);
      x += column.width;
    });
    doc.y = top + rowHeight;
  });
  doc.x = MARGIN;
}

/** Horizontal bars, one per entry, with the value at the end. */
function barChart(doc: Doc, title: string, entries: Array<{ label: string; value: number }>): void {
  const barHeight = 12;
  const gap = 5;
  ensureSpace(doc, 24 + entries.length * (barHeight + gap));
  doc.font("bold").fontSize(9).fillColor(INK).text(title, MARGIN, doc.y);
  doc.moveDown(0.3);
  const labelWidth = 190;
  const barArea = contentWidth(doc) - labelWidth - 50;
  const max = Math.max(1, ...entries.map((entry) => entry.value));
  let y = doc.y;
  for (const entry of entries) {
    doc.font("regular").fontSize(8).fillColor(INK);
    cellText(doc, entry.label, MARGIN, y + 2, labelWidth - 6);
    const width = Math.max(entry.value > 0 ? 1 : 0, (entry.value / max) * barArea);
    if (width > 0) doc.rect(MARGIN + labelWidth, y, width, barHeight).fill(BAR);
    doc.fillColor(INK).text(String(entry.value), MARGIN + labelWidth + width + 4, y + 2, {
      width: 46,
      lineBreak: false,
    });
    y += barHeight + gap;
  }
  doc.y = y + 4;
  doc.x = MARGIN;
}

/** Vertical bars per month (incidents, with the resolved part darker). */
function monthChart(doc: Doc, title: string, months: IncidentReport["byMonth"]): void {
  const height = 110;
  ensureSpace(doc, height + 50);
  doc.font("bold").fontSize(9).fillColor(INK).text(title, MARGIN, doc.y);
  doc.moveDown(0.3);
  const top = doc.y;
  const base = top + height;
  const slot = contentWidth(doc) / Math.max(1, months.length);
  const barWidth = Math.min(28, slot * 0.6);
  const max = Math.max(1, ...months.map((month) => month.incidents));
  doc
    .moveTo(MARGIN, base)
    .lineTo(MARGIN + contentWidth(doc), base)
    .lineWidth(0.5)
    .stroke(MUTED);
  months.forEach((month, index) => {
    const x = MARGIN + index * slot + (slot - barWidth) / 2;
    const total = (month.incidents / max) * (height - 12);
    const resolved = (month.resolved / max) * (height - 12);
    if (total > 0) doc.rect(x, base - total, barWidth, total).fill("#9dbbd9");
    if (resolved > 0) doc.rect(x, base - resolved, barWidth, resolved).fill(BAR);
    doc.font("regular").fontSize(7).fillColor(INK);
    doc.text(String(month.incidents), x - 6, base - total - 10, {
      width: barWidth + 12,
      align: "center",
      lineBreak: false,
    });
    const [year, monthNumber] = month.month.split("-");
    doc.text(`${monthNumber}/${year?.slice(2)}`, x - 8, base + 3, {
      width: barWidth + 16,
      align: "center",
      lineBreak: false,
    });
  });
  doc.y = base + 16;
  doc.x = MARGIN;
}

function unitRows(rows: ReportUnitRow[], t: Translator, withParent: boolean) {
  return rows.map((row) => [
    withParent && row.parentName ? `${row.name} (${row.parentName})` : row.name,
    row.incidents,
    row.resolved,
    row.open,
    row.overdue,
    row.escalated,
    row.policeReferrals,
    hoursLabel(row.medianAckHours, t),
    hoursLabel(row.medianResolveHours, t),
  ]);
}

function unitColumns(doc: Doc, t: Translator, first: string): Column[] {
  const numbers = [
    t("reports.fig.incidents"),
    t("reports.fig.resolved"),
    t("reports.fig.open"),
    t("reports.fig.overdue"),
    t("reports.fig.escalated"),
    t("reports.fig.policeReferrals"),
    t("reports.fig.medianAckHours"),
    t("reports.fig.medianResolveHours"),
  ];
  const numberWidth = 40;
  return [
    { header: first, width: contentWidth(doc) - numberWidth * numbers.length },
    ...numbers.map((header) => ({ header, width: numberWidth, align: "right" as const })),
  ];
}

/** The PDF's bytes. */
export function renderReportPdf(report: IncidentReport, t: Translator): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const title = t("reports.title");
    const doc = new PDFDocument({
      size: "A4",
      margin: MARGIN,
      bufferPages: true,
      info: { Title: title, Author: "SafeClass", Creator: "SafeClass" },
    });
    doc.registerFont("regular", FONT_REGULAR);
    doc.registerFont("bold", FONT_BOLD);
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      draw(doc, report, t);
      const range = doc.bufferedPageRange();
      for (let index = range.start; index < range.start + range.count; index += 1) {
        doc.switchToPage(index);
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc
          .font("regular")
          .fontSize(7)
          .fillColor(MUTED)
          .text(
            `SafeClass · ${report.scope.name} · ${index + 1}/${range.count}`,
            MARGIN,
            doc.page.height - 26,
            { width: contentWidth(doc), align: "center", lineBreak: false },
          );
        doc.page.margins.bottom = bottom;
      }
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

function draw(doc: Doc, report: IncidentReport, t: Translator): void {
  doc.font("bold").fontSize(14).fillColor(ACCENT);
  doc.text(t("reports.title"), MARGIN, MARGIN, { width: contentWidth(doc), align: "center" });
  doc.moveDown(0.6).font("regular").fontSize(10).fillColor(INK);
  const line = (label: string, value: string) =>
    doc.font("bold").text(`${label}: `, { continued: true }).font("regular").text(value);
  line(t("reports.label.period"), periodWithRange(t, report.period));
  line(t("reports.label.scope"), report.scope.name);
  line(t("reports.label.generatedAt"), instantLabel(report.generatedAt));
  doc.moveDown(0.2).fontSize(8).fillColor(MUTED).text(t("reports.label.asOf"));
  doc.fillColor(INK);

  heading(doc, t("reports.section.summary"));
  table(
    doc,
    [
      { header: t("reports.col.figure"), width: contentWidth(doc) - 120 },
      { header: t("reports.col.value"), width: 120, align: "right" },
    ],
    summaryLines(report, t).map((entry) => [entry.label, entry.value]),
  );
  if (report.byMonth.length > 1) {
    doc.moveDown(0.6);
    monthChart(doc, t("reports.chart.byMonth"), report.byMonth);
  }

  heading(doc, t("reports.section.byCategory"));
  barChart(
    doc,
    t("reports.chart.byCategory"),
    report.byCategory.map((entry) => ({
      label: t(`reports.category.${entry.category}`),
      value: entry.count,
    })),
  );

  heading(doc, t("reports.section.byStatus"));
  const half = contentWidth(doc) / 2;
  table(
    doc,
    [
      { header: t("reports.col.status"), width: half - 60 },
      { header: t("reports.col.count"), width: 60, align: "right" },
      { header: t("reports.col.severity"), width: half - 60 },
      { header: t("reports.col.count"), width: 60, align: "right" },
    ],
    report.byStatus.map((entry, index) => {
      const severity = report.bySeverity[index];
      return [
        t(`reports.status.${entry.status}`),
        entry.count,
        severity ? t(`reports.severity.${severity.severity}`) : "",
        severity ? severity.count : "",
      ];
    }),
  );

  if (report.scope.kind === "department") {
    heading(doc, t("reports.section.byDistrict"));
    const rows = unitRows(report.districts, t, false);
    rows.push(totalRow(report, t));
    table(doc, unitColumns(doc, t, t("reports.col.district")), rows, rows.length - 1);
  }

  heading(doc, t("reports.section.bySchool"));
  if (report.schools.length > 1) {
    const top = [...report.schools]
      .filter((school) => school.incidents > 0)
      .sort((a, b) => b.incidents - a.incidents || compareVietnamese(a.name, b.name))
      .slice(0, 15);
    if (top.length > 0) {
      barChart(
        doc,
        t("reports.chart.bySchool"),
        top.map((school) => ({ label: school.name, value: school.incidents })),
      );
    }
  }
  const schoolRows = unitRows(report.schools, t, report.scope.kind === "department");
  schoolRows.push(totalRow(report, t));
  table(doc, unitColumns(doc, t, t("reports.col.school")), schoolRows, schoolRows.length - 1);

  heading(doc, t("reports.section.overdue"));
  if (report.overdueCasesTotal === 0) {
    doc.text(t("reports.none"));
  } else {
    const shown = report.overdueCases.slice(0, PDF_OVERDUE_ROWS);
    table(
      doc,
      [
        { header: t("reports.col.number"), width: 40, align: "right" },
        { header: t("reports.col.school"), width: 135 },
        { header: t("reports.col.category"), width: 120 },
        { header: t("reports.col.severity"), width: 55 },
        { header: t("reports.col.status"), width: 70 },
        { header: t("reports.col.createdAt"), width: 55 },
        { header: t("reports.col.missed"), width: contentWidth(doc) - 475 },
      ],
      shown.map((entry) => [
        entry.number,
        entry.schoolName,
        t(`reports.category.${entry.category}`),
        t(`reports.severity.${entry.severity}`),
        t(`reports.status.${entry.status}`),
        instantLabel(entry.createdAt).slice(0, 10),
        t(`reports.missed.${entry.missed}`),
      ]),
    );
    if (report.overdueCasesTotal > shown.length) {
      doc.moveDown(0.3).fontSize(8).fillColor(MUTED);
      doc.text(t("reports.overdueMore", { count: report.overdueCasesTotal - shown.length }));
      doc.fillColor(INK);
    }
  }

  heading(doc, t("reports.section.coverage"));
  table(
    doc,
    [
      { header: t("reports.col.figure"), width: contentWidth(doc) - 120 },
      { header: t("reports.col.value"), width: 120, align: "right" },
    ],
    coverageLines(report, t).map((entry) => [entry.label, entry.value]),
  );
}

function totalRow(report: IncidentReport, t: Translator): Array<string | number> {
  const totals = report.totals;
  return [
    t("reports.total"),
    totals.incidents,
    totals.resolved,
    totals.open,
    totals.overdue,
    totals.escalated,
    totals.policeReferrals,
    hoursLabel(totals.medianAckHours, t),
    hoursLabel(totals.medianResolveHours, t),
  ];
}
