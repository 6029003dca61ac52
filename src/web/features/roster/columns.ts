import type { RosterKind } from "../../../shared/api.ts";

/** The spreadsheet headers schools already use, in file order, with the i18n key of each. */
export const rosterColumns: Record<
  RosterKind,
  { header: string; key: string; aliases: string[] }[]
> = {
  students: [
    { header: "Mã học sinh", key: "studentCode", aliases: ["code"] },
    { header: "Họ và tên", key: "fullName", aliases: ["name"] },
    { header: "Lớp", key: "className", aliases: ["class", "classId"] },
    { header: "Ngày sinh", key: "dateOfBirth", aliases: ["dob", "birthDate"] },
    { header: "Giới tính", key: "gender", aliases: [] },
    { header: "SĐT phụ huynh", key: "parentPhone", aliases: ["guardianPhone"] },
    { header: "Email phụ huynh", key: "parentEmail", aliases: ["guardianEmail"] },
  ],
  teachers: [
    { header: "Mã giáo viên", key: "teacherCode", aliases: ["code"] },
    { header: "Họ và tên", key: "fullName", aliases: ["name", "displayName"] },
    { header: "Email", key: "email", aliases: [] },
    { header: "Số điện thoại", key: "phone", aliases: [] },
    { header: "Môn dạy", key: "subjects", aliases: ["subject"] },
  ],
};

export interface PreviewColumn {
  /** Key of the cell in `row.values`. */
  valueKey: string;
  /** i18n key of the column title, or undefined to show the raw header. */
  labelKey: string | undefined;
  /** Names an issue's `field` may use for this column. */
  fieldNames: string[];
}

/** Columns to show for a preview: the known ones first, then anything else the file had. */
export function previewColumns(
  kind: RosterKind,
  rows: { values: Record<string, string> }[],
): PreviewColumn[] {
  const known = rosterColumns[kind];
  const seen = new Set<string>();
  for (const row of rows.slice(0, 200)) for (const key of Object.keys(row.values)) seen.add(key);
  const columns: PreviewColumn[] = known.map((column) => {
    const valueKey =
      [column.header, column.key, ...column.aliases].find((name) => seen.has(name)) ??
      column.header;
    return {
      valueKey,
      labelKey: `roster.columns.${column.key}`,
      fieldNames: [column.header, column.key, ...column.aliases],
    };
  });
  const used = new Set(columns.map((column) => column.valueKey));
  for (const key of seen) {
    if (!used.has(key)) columns.push({ valueKey: key, labelKey: undefined, fieldNames: [key] });
  }
  return columns;
}
