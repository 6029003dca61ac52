/** Writing .xlsx files safely: every text value is escaped against formula injection. */
import ExcelJS from "exceljs";

/** A value that a spreadsheet would run as a formula gets a leading apostrophe. */
export function escapeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export interface SheetSpec {
  name: string;
  columns: Array<{ header: string; width: number }>;
  rows: Array<Array<string | null | undefined>>;
  /** Index of a column drawn in red (the reason column of rejected rows). */
  highlightColumn?: number;
}

/** One worksheet with a styled, frozen header row and column widths. */
export async function writeWorkbook(spec: SheetSpec): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "SafeClass";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(spec.name.slice(0, 31), {
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = spec.columns.map((column) => ({ width: column.width }));
  const header = sheet.addRow(spec.columns.map((column) => escapeCell(column.header)));
  header.font = { bold: true, color: { argb: "FFFFFFFF" } };
  header.alignment = { vertical: "middle", wrapText: true };
  header.height = 22;
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F6FB2" } };
    cell.border = { bottom: { style: "thin", color: { argb: "FF0B3D66" } } };
  });
  for (const values of spec.rows) {
    const row = sheet.addRow(values.map((value) => escapeCell(value ?? "")));
    // Codes and phone numbers are text: "0912..." must keep its leading zero.
    row.eachCell((cell) => {
      cell.numFmt = "@";
    });
    if (spec.highlightColumn !== undefined) {
      row.getCell(spec.highlightColumn + 1).font = { color: { argb: "FFC00000" } };
    }
  }
  if (spec.rows.length > 0) {
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: 1, column: spec.columns.length },
    };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Content-Disposition for a download, with an ASCII fallback and the UTF-8 name. */
export function attachment(filename: string): string {
  const ascii = filename
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .replace(/[^\w.-]+/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
