/** A principal imports a student roster from an Excel file and finds the new class with its
 * students. */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import vi from "../src/web/i18n/vi.json";
import { useBrowser, visibleTexts } from "./support.ts";

const browser = useBrowser();

const className = "12A5";
/** Unique per run, so the spec also passes against a server that already ran it. */
const runTag = Date.now().toString(36).slice(-5).toUpperCase();
const students = [
  { code: `E2E${runTag}01`, name: "Nguyễn Thị Ánh Tuyết", dob: "14/02/2008", gender: "Nữ" },
  { code: `E2E${runTag}02`, name: "Trần Quốc Bảo", dob: "03/11/2008", gender: "Nam" },
  { code: `E2E${runTag}03`, name: "Lê Hoàng Phúc", dob: "27/06/2008", gender: "Nam" },
];

/** The spreadsheet a school office would send: the usual Vietnamese headers, one row each. */
async function rosterWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Danh sách");
  sheet.addRow([
    "Mã học sinh",
    "Họ và tên",
    "Lớp",
    "Ngày sinh",
    "Giới tính",
    "SĐT phụ huynh",
    "Email phụ huynh",
  ]);
  students.forEach((student, index) =>
    sheet.addRow([
      student.code,
      student.name,
      className,
      student.dob,
      student.gender,
      `09${String(12345670 + index).padStart(8, "0")}`,
      `phuhuynh.${student.code.toLowerCase()}@example.vn`,
    ]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe("roster import wizard", () => {
  it("imports new students into a new class and shows them in that class", async () => {
    const { page } = await browser.signedIn("ht.vominhduc");
    await page.getByTestId("nav-import").click();

    await page.getByTestId("import-kind-students").click();
    await page.getByTestId("import-next").click();
    await page.getByTestId("import-file-input").setInputFiles({
      name: `danh-sach-${className}.xlsx`,
      mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      buffer: await rosterWorkbook(),
    });
    await page.getByTestId("import-preview-submit").click();

    // preview: every row is valid and will be created
    const preview = page.getByTestId("import-preview");
    await preview.waitFor();
    const rows = preview.locator("tbody tr[data-row]");
    const rowTexts = await visibleTexts(rows);
    expect(rowTexts).toHaveLength(students.length);
    for (const student of students) {
      expect(
        rowTexts.some((text) => text.includes(student.name) && text.includes(student.code)),
      ).toBe(true);
    }
    for (const text of rowTexts) expect(text).toContain(vi.roster.actions.create);

    await page.getByTestId("import-confirm").click();
    const result = page.getByTestId("import-result");
    await result.waitFor();
    const summary = vi.roster.result.summary
      .replace("{{created}}", String(students.length))
      .replace("{{updated}}", "0")
      .replace("{{rejected}}", "0");
    await result.getByText(summary).waitFor();

    // the new class is in the school's class list, with the imported students
    await page.getByTestId("nav-classes").click();
    await page.getByRole("link", { name: className, exact: true }).click();
    await page.getByRole("heading", { name: vi.classes.roster }).waitFor();
    const heading = vi.common.classNamed.replace("{{name}}", className);
    expect(await page.getByRole("heading", { name: heading, exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(vi.common.gradeN.replace("{{grade}}", "12")).isVisible()).toBe(
      true,
    );
    const roster = await visibleTexts(page.locator("main table tbody tr"));
    expect(roster).toHaveLength(students.length);
    for (const student of students) {
      expect(
        roster.some((text) => text.includes(student.name) && text.includes(student.code)),
      ).toBe(true);
    }
  });
});
