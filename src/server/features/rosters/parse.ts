/** Roster rows: finding the header row, then checking every row field by field. Pure: no
 * database here; what depends on the database (create or update, e-mail taken) is decided later. */
import { z } from "zod";
import type { RosterKind } from "../../../shared/api.ts";
import { AppError, type IssueKey } from "../../http/errors.ts";
import { matchHeaders, rosterColumns, type RosterField } from "./columns.ts";
import type { Cell, Sheet } from "./spreadsheet.ts";

export interface StudentData {
  studentCode: string;
  fullName: string;
  className: string;
  grade: number;
  dateOfBirth: string | null;
  gender: "male" | "female" | "other" | null;
  parentPhone: string | null;
  parentEmail: string | null;
}

export interface TeacherData {
  teacherCode: string;
  fullName: string;
  email: string;
  phone: string | null;
  subjects: string[];
}

export interface ParsedRow<T> {
  /** Row number in the file, as the spreadsheet shows it. */
  row: number;
  /** The recognised cells as text, by field name. */
  values: Record<string, string>;
  /** Every cell of the row, in file order (kept for the file of rejected rows). */
  cells: string[];
  issues: IssueKey[];
  /** The checked, normalised values; absent when the row has issues. */
  data?: T;
}

export interface ParsedRoster<T> {
  headers: string[];
  rows: ParsedRow<T>[];
}

const HEADER_SEARCH_ROWS = 10;

/** A cell that a spreadsheet would run as a formula (CSV/formula injection). */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text);
}

export function parseRoster(kind: "students", sheet: Sheet, now: Date): ParsedRoster<StudentData>;
export function parseRoster(kind: "teachers", sheet: Sheet, now: Date): ParsedRoster<TeacherData>;
export function parseRoster(
  kind: RosterKind,
  sheet: Sheet,
  now: Date,
): ParsedRoster<StudentData | TeacherData>;
export function parseRoster(
  kind: RosterKind,
  sheet: Sheet,
  now: Date,
): ParsedRoster<StudentData | TeacherData> {
  const columns = rosterColumns[kind];
  const required = columns.filter((column) => column.required).map((column) => column.field);
  // Schools often put a title ("DANH SÁCH HỌC SINH LỚP 10A1") above the header row.
  let best: { index: number; fields: Array<RosterField | undefined>; found: number } | null = null;
  for (const [index, candidate] of sheet.rows.slice(0, HEADER_SEARCH_ROWS).entries()) {
    const fields = matchHeaders(
      kind,
      candidate.cells.map((cell) => cell.text),
    );
    const found = required.filter((field) => fields.includes(field)).length;
    if (!best || found > best.found) best = { index, fields, found };
    if (found === required.length) break;
  }
  if (!best) {
    throw new AppError("validation_failed", 400, "rosters.empty", {
      issues: [{ field: "file", messageKey: "rosters.empty" }],
    });
  }
  if (best.found < required.length) {
    const missing = columns.filter(
      (column) => column.required && !best.fields.includes(column.field),
    );
    throw new AppError("validation_failed", 400, "rosters.missingColumns", {
      params: { columns: missing.map((column) => column.header).join(", ") },
      issues: missing.map((column) => ({
        field: column.field,
        messageKey: "rosters.missingColumn",
        params: { column: column.header },
      })),
    });
  }
  const headerRow = sheet.rows[best.index]!;
  const fields = best.fields;
  const dataRows = sheet.rows.slice(best.index + 1);
  if (dataRows.length === 0) {
    throw new AppError("validation_failed", 400, "rosters.noRows", {
      issues: [{ field: "file", messageKey: "rosters.noRows" }],
    });
  }
  const seenCodes = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  const rows = dataRows.map(({ row, cells }) => {
    const byField = new Map<RosterField, Cell>();
    fields.forEach((field, index) => {
      if (field) byField.set(field, cells[index] ?? { text: "" });
    });
    const values: Record<string, string> = {};
    for (const [field, cell] of byField) values[field] = cell.text.trim();
    const parsed: ParsedRow<StudentData | TeacherData> = {
      row,
      values,
      cells: cells.map((cell) => cell.text),
      issues: [],
    };
    const result = kind === "students" ? checkStudent(byField, now) : checkTeacher(byField);
    parsed.issues = result.issues;
    if (result.data) {
      const code = (
        "studentCode" in result.data ? result.data.studentCode : result.data.teacherCode
      ).toLowerCase();
      const codeField = kind === "students" ? "studentCode" : "teacherCode";
      const earlier = seenCodes.get(code);
      if (earlier !== undefined) {
        parsed.issues.push({
          field: codeField,
          messageKey: "rosters.duplicateCode",
          params: { row: earlier },
        });
      } else seenCodes.set(code, row);
      if ("email" in result.data) {
        const email = result.data.email.toLowerCase();
        const earlierEmail = seenEmails.get(email);
        if (earlierEmail !== undefined) {
          parsed.issues.push({
            field: "email",
            messageKey: "rosters.duplicateEmail",
            params: { row: earlierEmail },
          });
        } else seenEmails.set(email, row);
      }
      if (parsed.issues.length === 0) parsed.data = result.data;
    }
    return parsed;
  });
  return { headers: headerRow.cells.map((cell) => cell.text.trim()), rows };
}

type Check<T> = { issues: IssueKey[]; data?: T };

/** Reads each field of a row; `problem` records the first issue per field. */
function fieldReader(byField: Map<RosterField, Cell>) {
  const issues: IssueKey[] = [];
  const problem = (
    field: RosterField,
    messageKey: string,
    params?: Record<string, string | number>,
  ) => {
    issues.push({ field, messageKey, ...(params ? { params } : {}) });
    return undefined;
  };
  /** The trimmed text, or undefined (with an issue) for formulas and missing required values. */
  const text = (field: RosterField, required: boolean): string | undefined | null => {
    const cell = byField.get(field);
    const value = (cell?.text ?? "").normalize("NFC").trim();
    if (cell?.formula || looksLikeFormula(value)) return problem(field, "rosters.formula");
    if (value === "") return required ? problem(field, "rosters.required") : null;
    return value;
  };
  return { issues, problem, text, cell: (field: RosterField) => byField.get(field) };
}

const codePattern = /^[A-Za-z0-9_-]{1,30}$/;
// Letters of any script (Vietnamese included, composed or with combining marks), single spaces,
// and the apostrophe or hyphen some names carry inside a word.
const namePattern =
  /^[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*(?: [\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*)*$/u;
const emailSchema = z.string().email().max(200);

function checkCode(
  reader: ReturnType<typeof fieldReader>,
  field: "studentCode" | "teacherCode",
): string | undefined {
  const value = reader.text(field, true);
  if (!value) return undefined;
  if (value.length > 30) return reader.problem(field, "rosters.codeTooLong", { max: 30 });
  if (!codePattern.test(value)) return reader.problem(field, "rosters.codeFormat");
  return value;
}

function checkName(reader: ReturnType<typeof fieldReader>): string | undefined {
  const raw = reader.text("fullName", true);
  if (!raw) return undefined;
  const value = raw.replace(/\s+/g, " ");
  if (value.length > 120) return reader.problem("fullName", "rosters.nameTooLong", { max: 120 });
  if (!namePattern.test(value)) return reader.problem("fullName", "rosters.nameFormat");
  return value;
}

/** A Vietnamese phone number as 0XXXXXXXXX: mobiles 03/05/07/08/09 + 8 digits, landlines 02 + 9. */
export function normalisePhone(raw: string): string | undefined {
  const compact = raw.replace(/[\s.()-]/g, "");
  if (!/^\+?\d+$/.test(compact)) return undefined;
  let digits = compact.replace(/^\+/, "");
  if (digits.startsWith("84") && digits.length >= 11) digits = `0${digits.slice(2)}`;
  // Spreadsheets drop the leading zero of numbers typed as numbers.
  if (!digits.startsWith("0") && digits.length === 9) digits = `0${digits}`;
  if (!digits.startsWith("0") && digits.length === 10 && digits.startsWith("2"))
    digits = `0${digits}`;
  if (/^0[35789]\d{8}$/.test(digits) || /^02\d{9}$/.test(digits)) return digits;
  return undefined;
}

function checkPhone(
  reader: ReturnType<typeof fieldReader>,
  field: "parentPhone" | "phone",
): string | null | undefined {
  const cell = reader.cell(field);
  const raw = (cell?.text ?? "").trim();
  // "+84 912 345 678" is a phone number, not a formula; anything else starting with + is refused.
  if (!cell?.formula && /^\+84[\d\s.]+$/.test(raw)) {
    const phone = normalisePhone(raw);
    return phone ?? reader.problem(field, "rosters.phoneFormat");
  }
  const value = reader.text(field, false);
  if (value === undefined || value === null) return value;
  return normalisePhone(value) ?? reader.problem(field, "rosters.phoneFormat");
}

function checkEmail(
  reader: ReturnType<typeof fieldReader>,
  field: "parentEmail" | "email",
  required: boolean,
): string | null | undefined {
  const value = reader.text(field, required);
  if (value === undefined || value === null) return value;
  const email = value.toLowerCase();
  if (!emailSchema.safeParse(email).success) return reader.problem(field, "rosters.emailFormat");
  return email;
}

const pad = (value: number) => String(value).padStart(2, "0");

/** A real calendar date from DD/MM/YYYY (also D/M/YYYY, with - or .) or an Excel date cell. */
export function parseDate(cell: Cell): string | "invalid" | "impossible" {
  if (cell.date) return cell.date;
  const text = cell.text.trim();
  // A date typed into a cell formatted as a number arrives as Excel's day serial.
  if (/^\d{4,5}$/.test(text)) {
    const serial = Number(text);
    if (serial > 3000 && serial < 80_000) {
      const date = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
      return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
    }
    return "invalid";
  }
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  let day: number, month: number, year: number;
  if (match) {
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!match) return "invalid";
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    return "impossible";
  }
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Whole years between a yyyy-mm-dd birth date and `now`. */
export function ageOn(birth: string, now: Date): number {
  const [year, month, day] = birth.split("-").map(Number) as [number, number, number];
  let age = now.getUTCFullYear() - year;
  const before =
    now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  if (before) age -= 1;
  return age;
}

const genders: Record<string, "male" | "female" | "other"> = {
  nam: "male",
  trai: "male",
  male: "male",
  m: "male",
  nu: "female",
  gai: "female",
  female: "female",
  f: "female",
  khac: "other",
  other: "other",
};

function checkStudent(byField: Map<RosterField, Cell>, now: Date): Check<StudentData> {
  const reader = fieldReader(byField);
  const studentCode = checkCode(reader, "studentCode");
  const fullName = checkName(reader);

  let className: string | undefined;
  let grade = 0;
  const rawClass = reader.text("className", true);
  if (rawClass) {
    className = rawClass.replace(/\s+/g, "").toUpperCase();
    const leading = /^(\d{1,2})/.exec(className);
    grade = leading ? Number(leading[1]) : 0;
    if (className.length > 40 || !/^[\p{L}\p{N}._/-]+$/u.test(className)) {
      className = reader.problem("className", "rosters.classFormat");
    } else if (grade < 1 || grade > 12) {
      className = reader.problem("className", "rosters.classGrade");
    }
  }

  let dateOfBirth: string | null | undefined = null;
  const dateCell = byField.get("dateOfBirth");
  const dateText = reader.text("dateOfBirth", false);
  if (dateText === undefined) dateOfBirth = undefined;
  else if (dateText !== null && dateCell) {
    const parsed = parseDate(dateCell);
    if (parsed === "invalid") dateOfBirth = reader.problem("dateOfBirth", "rosters.dateFormat");
    else if (parsed === "impossible") {
      dateOfBirth = reader.problem("dateOfBirth", "rosters.dateImpossible");
    } else {
      const age = ageOn(parsed, now);
      dateOfBirth =
        age < 5 || age > 25
          ? reader.problem("dateOfBirth", "rosters.ageImplausible", { age })
          : parsed;
    }
  }

  let gender: StudentData["gender"] | undefined = null;
  const genderText = reader.text("gender", false);
  if (genderText === undefined) gender = undefined;
  else if (genderText !== null) {
    const key = genderText
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
    gender = genders[key] ?? reader.problem("gender", "rosters.genderFormat");
  }

  const parentPhone = checkPhone(reader, "parentPhone");
  const parentEmail = checkEmail(reader, "parentEmail", false);

  if (
    reader.issues.length > 0 ||
    !studentCode ||
    !fullName ||
    !className ||
    dateOfBirth === undefined ||
    gender === undefined ||
    parentPhone === undefined ||
    parentEmail === undefined
  ) {
    return { issues: reader.issues };
  }
  return {
    issues: [],
    data: {
      studentCode,
      fullName,
      className,
      grade,
      dateOfBirth,
      gender,
      parentPhone,
      parentEmail,
    },
  };
}

function checkTeacher(byField: Map<RosterField, Cell>): Check<TeacherData> {
  const reader = fieldReader(byField);
  const teacherCode = checkCode(reader, "teacherCode");
  const fullName = checkName(reader);
  const email = checkEmail(reader, "email", true);
  const phone = checkPhone(reader, "phone");
  let subjects: string[] | undefined = [];
  const subjectText = reader.text("subjects", false);
  if (subjectText === undefined) subjects = undefined;
  else if (subjectText !== null) {
    subjects = subjectText
      .split(/[,;]/)
      .map((subject) => subject.trim().replace(/\s+/g, " "))
      .filter(Boolean);
    if (subjects.some((subject) => looksLikeFormula(subject))) {
      subjects = reader.problem("subjects", "rosters.formula");
    } else if (subjects.some((subject) => subject.length > 80) || subjects.length > 20) {
      subjects = reader.problem("subjects", "rosters.subjectsFormat");
    }
  }
  if (
    reader.issues.length > 0 ||
    !teacherCode ||
    !fullName ||
    !email ||
    phone === undefined ||
    !subjects
  ) {
    return { issues: reader.issues };
  }
  return { issues: [], data: { teacherCode, fullName, email, phone, subjects } };
}
