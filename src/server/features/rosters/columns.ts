/** The roster columns schools keep, and how their header cells are recognised. */
import type { RosterKind } from "../../../shared/api.ts";

export type StudentField =
  | "studentCode"
  | "fullName"
  | "className"
  | "dateOfBirth"
  | "gender"
  | "parentPhone"
  | "parentEmail";
export type TeacherField = "teacherCode" | "fullName" | "email" | "phone" | "subjects";
export type RosterField = StudentField | TeacherField;

export interface RosterColumn {
  field: RosterField;
  /** The header written in templates and exports (Vietnamese, as schools keep them). */
  header: string;
  /** English header, used in exports for English-speaking users. */
  headerEn: string;
  required: boolean;
  /** Column width in characters in generated files. */
  width: number;
  /** Header spellings accepted on import, compared with `headerKey`. */
  aliases: string[];
}

export const rosterColumns: Record<RosterKind, RosterColumn[]> = {
  students: [
    {
      field: "studentCode",
      header: "Mã học sinh",
      headerEn: "Student code",
      required: true,
      width: 16,
      aliases: [
        "mã hs",
        "mã học viên",
        "mã hv",
        "mã số học sinh",
        "mshs",
        "mã",
        "student code",
        "student id",
        "code",
        "studentcode",
      ],
    },
    {
      field: "fullName",
      header: "Họ và tên",
      headerEn: "Full name",
      required: true,
      width: 30,
      aliases: [
        "họ tên",
        "họ và tên học sinh",
        "họ tên học sinh",
        "tên học sinh",
        "full name",
        "name",
        "fullname",
      ],
    },
    {
      field: "className",
      header: "Lớp",
      headerEn: "Class",
      required: true,
      width: 10,
      aliases: ["tên lớp", "lớp học", "class", "class name", "classname"],
    },
    {
      field: "dateOfBirth",
      header: "Ngày sinh",
      headerEn: "Date of birth",
      required: false,
      width: 14,
      aliases: [
        "ngày tháng năm sinh",
        "ngày sinh (dd/mm/yyyy)",
        "date of birth",
        "birth date",
        "dob",
        "dateofbirth",
        "birthdate",
      ],
    },
    {
      field: "gender",
      header: "Giới tính",
      headerEn: "Gender",
      required: false,
      width: 10,
      aliases: ["phái", "gender", "sex"],
    },
    {
      field: "parentPhone",
      header: "SĐT phụ huynh",
      headerEn: "Parent phone",
      required: false,
      width: 16,
      aliases: [
        "số điện thoại phụ huynh",
        "điện thoại phụ huynh",
        "sđt ph",
        "số đt phụ huynh",
        "sđt cha mẹ",
        "parent phone",
        "guardian phone",
        "parentphone",
        "guardianphone",
      ],
    },
    {
      field: "parentEmail",
      header: "Email phụ huynh",
      headerEn: "Parent e-mail",
      required: false,
      width: 28,
      aliases: [
        "e-mail phụ huynh",
        "email ph",
        "thư điện tử phụ huynh",
        "parent email",
        "parent e-mail",
        "guardian email",
        "parentemail",
        "guardianemail",
      ],
    },
  ],
  teachers: [
    {
      field: "teacherCode",
      header: "Mã giáo viên",
      headerEn: "Teacher code",
      required: true,
      width: 16,
      aliases: ["mã gv", "mã cán bộ", "mã", "teacher code", "code", "teachercode"],
    },
    {
      field: "fullName",
      header: "Họ và tên",
      headerEn: "Full name",
      required: true,
      width: 30,
      aliases: [
        "họ tên",
        "họ và tên giáo viên",
        "họ tên giáo viên",
        "full name",
        "name",
        "fullname",
        "displayname",
      ],
    },
    {
      field: "email",
      header: "Email",
      headerEn: "E-mail",
      required: true,
      width: 30,
      aliases: ["e-mail", "thư điện tử", "địa chỉ email"],
    },
    {
      field: "phone",
      header: "Số điện thoại",
      headerEn: "Phone",
      required: false,
      width: 16,
      aliases: ["sđt", "điện thoại", "số đt", "phone", "phone number"],
    },
    {
      field: "subjects",
      header: "Môn dạy",
      headerEn: "Subjects",
      required: false,
      width: 24,
      aliases: ["môn", "bộ môn", "môn giảng dạy", "subjects", "subject"],
    },
  ],
};

/** A header cell reduced to lower-case ASCII letters and digits: "SĐT phụ huynh" → "sdtphuhuynh". */
export function headerKey(header: string): string {
  return header
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/** Which field each header cell names (undefined for columns the import does not use). */
export function matchHeaders(kind: RosterKind, headers: string[]): Array<RosterField | undefined> {
  const lookup = new Map<string, RosterField>();
  for (const column of rosterColumns[kind]) {
    for (const name of [column.header, column.headerEn, column.field, ...column.aliases]) {
      lookup.set(headerKey(name), column.field);
    }
  }
  const taken = new Set<RosterField>();
  return headers.map((header) => {
    const field = lookup.get(headerKey(header));
    // A second column with the same meaning is ignored rather than silently merged.
    if (!field || taken.has(field)) return undefined;
    taken.add(field);
    return field;
  });
}
