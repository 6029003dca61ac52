/** Reading an uploaded roster file (.xlsx or CSV) into rows of cells, checking the bytes first. */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { AppError } from "../../http/errors.ts";

/** One cell as read: its text as the user sees it, and the calendar date when it was a date cell. */
export interface Cell {
  text: string;
  /** yyyy-mm-dd for real Excel date cells. */
  date?: string;
  /** True when the cell held a formula (it is shown as "=..." and refused on import). */
  formula?: boolean;
}

export interface Sheet {
  /** Spreadsheet row number (1-based, as Excel shows it) and the cells of that row. */
  rows: Array<{ row: number; cells: Cell[] }>;
}

export const MAX_ROSTER_ROWS = 10_000;
const MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024;
const MAX_COLUMNS = 60;

const badFile = (messageKey: string, params?: Record<string, string | number>) =>
  new AppError("bad_file", 400, messageKey, {
    issues: [{ field: "file", messageKey, ...(params ? { params } : {}) }],
    ...(params ? { params } : {}),
  });

const isZip = (bytes: Buffer) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
const isOle = (bytes: Buffer) =>
  bytes.length >= 4 &&
  bytes[0] === 0xd0 &&
  bytes[1] === 0xcf &&
  bytes[2] === 0x11 &&
  bytes[3] === 0xe0;

/** Reads the file by its bytes: an .xlsx must be a ZIP, a CSV must be UTF-8 text. */
export async function readSpreadsheet(bytes: Buffer, filename: string): Promise<Sheet> {
  const lower = filename.toLowerCase();
  if (lower.endsWith(".xlsx")) {
    if (!isZip(bytes)) throw badFile(isOle(bytes) ? "rosters.oldExcel" : "rosters.notXlsx");
    return readXlsx(bytes);
  }
  if (lower.endsWith(".csv")) {
    if (isZip(bytes) || isOle(bytes)) throw badFile("rosters.notCsv");
    return readCsv(bytes);
  }
  if (lower.endsWith(".xls")) throw badFile("rosters.oldExcel");
  throw new AppError("unsupported_media_type", 415, "rosters.wrongFileType", {
    issues: [{ field: "file", messageKey: "rosters.wrongFileType" }],
  });
}

async function readXlsx(bytes: Buffer): Promise<Sheet> {
  // Guard against ZIP bombs before the workbook is expanded in memory.
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw badFile("rosters.corruptXlsx");
  }
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data
      ?.uncompressedSize;
    total += size ?? 0;
  }
  if (total > MAX_UNCOMPRESSED_BYTES) throw badFile("rosters.tooBigUnpacked");
  if (!zip.file("xl/workbook.xml")) throw badFile("rosters.corruptXlsx");

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw badFile("rosters.corruptXlsx");
  }
  const sheet = workbook.worksheets.find((candidate) => candidate.actualRowCount > 0);
  if (!sheet) return { rows: [] };
  if (sheet.actualRowCount > MAX_ROSTER_ROWS + 20) {
    throw badFile("rosters.tooManyRows", { max: MAX_ROSTER_ROWS });
  }
  const rows: Sheet["rows"] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    const count = Math.min(row.cellCount, MAX_COLUMNS);
    for (let index = 1; index <= count; index += 1) cells.push(cellOf(row.getCell(index).value));
    rows.push({ row: rowNumber, cells });
  });
  return { rows };
}

const pad = (value: number) => String(value).padStart(2, "0");
const isoDate = (date: Date) =>
  `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
const shownDate = (date: Date) =>
  `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;

function richText(value: unknown): string | undefined {
  if (value && typeof value === "object" && "richText" in value) {
    const parts = (value as { richText: Array<{ text?: string }> }).richText;
    return parts.map((part) => part.text ?? "").join("");
  }
  return undefined;
}

/** The text of an exceljs cell value, whatever its type. */
function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return { text: "" };
  if (typeof value === "string") return { text: value };
  if (typeof value === "number") return { text: String(value) };
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE" };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { text: "" };
    return { text: shownDate(value), date: isoDate(value) };
  }
  if (typeof value === "object") {
    const rich = richText(value);
    if (rich !== undefined) return { text: rich };
    if ("formula" in value || "sharedFormula" in value) {
      const formula = (value as { formula?: string; sharedFormula?: string }).formula ?? "";
      return { text: `=${formula}`, formula: true };
    }
    if ("hyperlink" in value) {
      const text = (value as { text?: unknown }).text;
      return { text: typeof text === "string" ? text : (richText(text) ?? "") };
    }
    if ("error" in value) return { text: String((value as { error: unknown }).error) };
  }
  return { text: String(value) };
}

function readCsv(bytes: Buffer): Sheet {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw badFile("rosters.notUtf8");
  }
  if (text.includes("\u0000")) throw badFile("rosters.notCsv");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [";", ",", "\t"]
    .map((candidate) => ({ candidate, count: countOutsideQuotes(firstLine, candidate) }))
    .sort((a, b) => b.count - a.count)[0]!.candidate;
  const rows: Sheet["rows"] = [];
  let rowNumber = 0;
  for (const record of csvRecords(text, delimiter)) {
    rowNumber += 1;
    if (record.every((cell) => cell.trim() === "")) continue;
    if (rows.length > MAX_ROSTER_ROWS + 20) {
      throw badFile("rosters.tooManyRows", { max: MAX_ROSTER_ROWS });
    }
    rows.push({
      row: rowNumber,
      cells: record.slice(0, MAX_COLUMNS).map((cell) => ({ text: cell })),
    });
  }
  return { rows };
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let quoted = false;
  let count = 0;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === delimiter) count += 1;
  }
  return count;
}

/** RFC 4180 records: quoted cells may hold delimiters, doubled quotes and line breaks. */
function* csvRecords(text: string, delimiter: string): Generator<string[]> {
  let record: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"') {
        if (text[index + 1] === '"') {
          cell += '"';
          index += 1;
        } else quoted = false;
      } else cell += char;
      continue;
    }
    if (char === '"' && cell === "") quoted = true;
    else if (char === delimiter) {
      record.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[index + 1] === "\n") index += 1;
      record.push(cell);
      yield record;
      record = [];
      cell = "";
    } else cell += char;
  }
  if (cell !== "" || record.length > 0) {
    record.push(cell);
    yield record;
  }
}
