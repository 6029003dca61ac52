import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  multipartFile,
  startTestServer,
  type TestClient,
  type TestServer,
} from "../../testing/harness.ts";

let t: TestServer;
let principal: TestClient;
let schoolId: string;

beforeAll(async () => {
  t = await startTestServer();
  principal = await t.login("ht.vominhduc");
  schoolId = await t.orgId("THPT-VMD");
});
afterAll(async () => {
  await t?.close();
});

type CellInput = ExcelJS.CellValue;

/** A real .xlsx file, as Excel writes it. */
async function xlsx(rows: CellInput[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Danh sách");
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => {
    const values = row.values as CellInput[];
    rows.push(
      values.slice(1).map((value) => (typeof value === "string" ? value : JSON.stringify(value))),
    );
  });
  return rows;
}

function upload(
  client: TestClient,
  file: Buffer,
  filename: string,
  kind = "students",
  extraHeaders: Record<string, string> = {},
) {
  const { body, headers } = multipartFile(filename, file);
  return client.request("POST", `/api/schools/${schoolId}/roster/preview?kind=${kind}`, body, {
    ...headers,
    ...extraHeaders,
  });
}

const studentHeader = [
  "Mã HS",
  "Họ tên",
  "Lớp",
  "Ngày sinh",
  "Giới tính",
  "Số điện thoại phụ huynh",
  "Email phụ huynh",
];

describe("GET /api/roster/template.xlsx", () => {
  it("gives the header row, one example row and column widths", async () => {
    const response = await principal.get("/api/roster/template.xlsx?kind=students");
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.raw as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([
      "Mã học sinh",
      "Họ và tên",
      "Lớp",
      "Ngày sinh",
      "Giới tính",
      "SĐT phụ huynh",
      "Email phụ huynh",
    ]);
    expect(sheet.getRow(2).getCell(1).value).toBe("HS0001");
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getColumn(2).width).toBeGreaterThan(20);
    const teachers = await readXlsx(
      (await principal.get("/api/roster/template.xlsx?kind=teachers")).raw,
    );
    expect(teachers[0]).toEqual(["Mã giáo viên", "Họ và tên", "Email", "Số điện thoại", "Môn dạy"]);
  });

  it("names the field of a wrong kind", async () => {
    const response = await principal.get("/api/roster/template.xlsx?kind=parents");
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].field).toBe("kind");
  });
});

describe("student roster import", () => {
  it("previews, imports, and re-imports by student code without duplicates", async () => {
    const file = await xlsx([
      ["DANH SÁCH HỌC SINH NĂM HỌC 2026-2027"],
      studentHeader,
      [
        "HS9001",
        "Nguyễn Thị Ánh Dương",
        "10a1",
        new Date(Date.UTC(2010, 8, 5)),
        "Nữ",
        912345678,
        "me.duong@example.com",
      ],
      ["HS9002", "Trần Văn Bảo", "10A9", "17/03/2010", "nam", "+84 987 654 321", ""],
      ["HS9003", "Lê Hoàng Khánh Linh", "10A9", "01/01/2011", "", "", ""],
    ]);
    const preview = await upload(principal, file, "danh-sach.xlsx");
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ kind: "students", total: 3, valid: 3, invalid: 0 });
    expect(preview.body.classesToCreate).toEqual(["10A9"]);
    const rows = preview.body.rows;
    expect(rows.map((row: { row: number }) => row.row)).toEqual([3, 4, 5]);
    expect(rows[0]).toMatchObject({ action: "create", issues: [], notes: [] });
    expect(rows[0].values).toMatchObject({ studentCode: "HS9001", dateOfBirth: "05/09/2010" });
    expect(rows[1].notes[0]).toMatchObject({
      field: "className",
      messageKey: "rosters.classWillBeCreated",
    });
    expect(rows[1].notes[0].message).toContain("10A9");
    // Nothing but the preview is written before the import.
    expect(
      await t.ctx.db
        .selectFrom("students")
        .select("id")
        .where("student_code", "=", "HS9001")
        .execute(),
    ).toEqual([]);

    const imported = await principal.post(`/api/schools/${schoolId}/roster/import`, {
      previewId: preview.body.previewId,
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({
      created: 3,
      updated: 0,
      rejected: 0,
      classesCreated: ["10A9"],
    });

    const student = await t.ctx.db
      .selectFrom("students as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .select([
        "s.id",
        "u.username",
        "u.password_hash",
        "s.full_name",
        "s.date_of_birth",
        "s.gender",
        "s.parent_phone",
        "s.parent_email",
      ])
      .where("s.student_code", "=", "HS9001")
      .executeTakeFirstOrThrow();
    expect(student).toMatchObject({
      username: "hs.hs9001",
      password_hash: null,
      full_name: "Nguyễn Thị Ánh Dương",
      gender: "female",
      parent_phone: "0912345678",
      parent_email: "me.duong@example.com",
    });
    const bao = await t.ctx.db
      .selectFrom("students")
      .select("parent_phone")
      .where("student_code", "=", "HS9002")
      .executeTakeFirstOrThrow();
    expect(bao.parent_phone).toBe("0987654321");
    const role = await t.ctx.db
      .selectFrom("role_assignments as r")
      .innerJoin("users as u", "u.id", "r.user_id")
      .select("r.role")
      .where("u.username", "=", "hs.hs9001")
      .where("r.org_unit_id", "=", schoolId)
      .execute();
    expect(role).toEqual([{ role: "student" }]);
    const class10A1 = await t.classId("10A1");
    const enrolment = await t.ctx.db
      .selectFrom("enrolments")
      .selectAll()
      .where("student_id", "=", student.id)
      .execute();
    expect(enrolment).toHaveLength(1);
    expect(enrolment[0]).toMatchObject({ class_id: class10A1, left_at: null });
    const created = await t.ctx.db
      .selectFrom("classes")
      .select(["grade", "school_year"])
      .where("name", "=", "10A9")
      .where("school_id", "=", schoolId)
      .executeTakeFirstOrThrow();
    expect(created).toEqual({ grade: 10, school_year: "2026-2027" });

    // A preview is used once.
    const again = await principal.post(`/api/schools/${schoolId}/roster/import`, {
      previewId: preview.body.previewId,
    });
    expect(again.status).toBe(404);

    // Re-import: the same codes update; Ánh Dương moves to 10A2 and has a new name spelling.
    const second = await xlsx([
      studentHeader,
      [
        "hs9001",
        "Nguyễn Thị Ánh  Dương",
        "10A2",
        "05/09/2010",
        "Nữ",
        "0912345678",
        "me.duong@example.com",
      ],
      ["HS9002", "Trần Văn Bảo", "10A9", "17/03/2010", "Nam", "0987654321", ""],
      ["HS9003", "Lê Hoàng Khánh Linh", "10A9", "01/01/2011", "Nữ", "", ""],
    ]);
    const preview2 = await upload(principal, second, "lan-2.xlsx");
    expect(preview2.body.rows.map((row: { action: string }) => row.action)).toEqual([
      "update",
      "update",
      "update",
    ]);
    expect(preview2.body.classesToCreate).toEqual([]);
    const imported2 = await principal.post(`/api/schools/${schoolId}/roster/import`, {
      previewId: preview2.body.previewId,
    });
    expect(imported2.body).toMatchObject({
      created: 0,
      updated: 3,
      rejected: 0,
      classesCreated: [],
    });
    const count = await t.ctx.db
      .selectFrom("students")
      .select("id")
      .where("student_code", "in", ["HS9001", "hs9001", "HS9002", "HS9003"])
      .execute();
    expect(count).toHaveLength(3);
    const moves = await t.ctx.db
      .selectFrom("enrolments as e")
      .innerJoin("classes as c", "c.id", "e.class_id")
      .select(["c.name", "e.left_at"])
      .where("e.student_id", "=", student.id)
      .orderBy("e.created_at")
      .execute();
    expect(moves.map((move) => [move.name, move.left_at === null])).toEqual([
      ["10A1", false],
      ["10A2", true],
    ]);
    const linh = await t.ctx.db
      .selectFrom("students")
      .select("gender")
      .where("student_code", "=", "HS9003")
      .executeTakeFirstOrThrow();
    expect(linh.gender).toBe("female");
  });

  it("rejects each kind of bad row with a reason and offers them as a file", async () => {
    const file = await xlsx([
      studentHeader,
      ["HS8001", "Phạm Minh Châu", "11A1", "12/12/2009", "Nữ", "0903123456", ""],
      ["", "Không Có Mã", "11A1", "", "", "", ""],
      ["HS 8003", "Mã Có Dấu Cách", "11A1", "", "", "", ""],
      ["HS8004", "Tên C0 Số", "11A1", "", "", "", ""],
      ["HS8005", "Không Có Lớp", "", "", "", "", ""],
      ["HS8006", "Lớp Không Khối", "A1", "", "", "", ""],
      ["HS8007", "Ngày Không Có", "11A1", "31/02/2010", "", "", ""],
      ["HS8008", "Quá Nhỏ Tuổi", "11A1", "01/01/2024", "", "", ""],
      ["HS8009", "Ngày Sai Dạng", "11A1", "2010/13/45", "", "", ""],
      ["HS8010", "Giới Tính Lạ", "11A1", "", "X", "", ""],
      ["HS8011", "Số Điện Thoại Sai", "11A1", "", "", "12345", ""],
      ["HS8012", "Email Sai", "11A1", "", "", "", "khong-phai-email@"],
      ["HS8001", "Trùng Mã", "11A1", "", "", "", ""],
      ["HS8014", '=HYPERLINK("http://evil","Bấm")', "11A1", "", "", "", ""],
      ["HS8015", "An", "+11A1", "", "", "", ""],
      ["HS8016", "Bình", "11A1", "", "", "", "@evil.com"],
      ["-HS8017", "Cường", "11A1", "", "", "", ""],
      ["HS8018", { formula: "1+1", result: 2 }, "11A1", "", "", "", ""],
      ["HS8019", "Nguyễn Văn Đúng", "11A1", "", "", "+84 912 000 111", ""],
    ]);
    const preview = await upload(principal, file, "co-loi.xlsx");
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ total: 19, valid: 2, invalid: 17 });
    const issueOf = (row: number) =>
      preview.body.rows
        .find((candidate: { row: number }) => candidate.row === row)
        .issues.map(
          (issue: { field: string; messageKey: string }) => `${issue.field}:${issue.messageKey}`,
        );
    expect(issueOf(3)).toEqual(["studentCode:rosters.required"]);
    expect(issueOf(4)).toEqual(["studentCode:rosters.codeFormat"]);
    expect(issueOf(5)).toEqual(["fullName:rosters.nameFormat"]);
    expect(issueOf(6)).toEqual(["className:rosters.required"]);
    expect(issueOf(7)).toEqual(["className:rosters.classGrade"]);
    expect(issueOf(8)).toEqual(["dateOfBirth:rosters.dateImpossible"]);
    expect(issueOf(9)).toEqual(["dateOfBirth:rosters.ageImplausible"]);
    expect(issueOf(10)).toEqual(["dateOfBirth:rosters.dateFormat"]);
    expect(issueOf(11)).toEqual(["gender:rosters.genderFormat"]);
    expect(issueOf(12)).toEqual(["parentPhone:rosters.phoneFormat"]);
    expect(issueOf(13)).toEqual(["parentEmail:rosters.emailFormat"]);
    expect(issueOf(14)).toEqual(["studentCode:rosters.duplicateCode"]);
    expect(issueOf(15)).toEqual(["fullName:rosters.formula"]);
    expect(issueOf(16)).toEqual(["className:rosters.formula"]);
    expect(issueOf(17)).toEqual(["parentEmail:rosters.formula"]);
    expect(issueOf(18)).toEqual(["studentCode:rosters.formula"]);
    expect(issueOf(19)).toEqual(["fullName:rosters.formula"]);
    expect(issueOf(20)).toEqual([]);
    const duplicate = preview.body.rows.find((row: { row: number }) => row.row === 14);
    expect(duplicate.issues[0].message).toBe("Mã bị trùng với dòng 2 trong tệp.");

    const imported = await principal.post(`/api/schools/${schoolId}/roster/import`, {
      previewId: preview.body.previewId,
    });
    expect(imported.body).toMatchObject({ created: 2, updated: 0, rejected: 17 });
    const stored = await t.ctx.db
      .selectFrom("students")
      .select("full_name")
      .where("student_code", "like", "%HS80%")
      .orderBy("student_code")
      .execute();
    expect(stored.map((row) => row.full_name)).toEqual(["Phạm Minh Châu", "Nguyễn Văn Đúng"]);

    // The rejected rows, with the original columns and a reason, in the user's language.
    const rejectedUrl = `/api/schools/${schoolId}/roster/preview/${preview.body.previewId}/rejected.xlsx`;
    const rejected = await principal.get(rejectedUrl);
    expect(rejected.status).toBe(200);
    const sheet = await readXlsx(rejected.raw);
    expect(sheet[0]).toEqual([...studentHeader, "Lý do"]);
    expect(sheet).toHaveLength(18);
    expect(sheet[1]![7]).toBe("Mã học sinh: Không được để trống.");
    // Injected cells come back escaped, never as formulas.
    const injected = sheet.find((row) => row[0] === "HS8014")!;
    expect(injected[1]).toBe('\'=HYPERLINK("http://evil","Bấm")');
    expect(sheet.find((row) => row[0] === "'-HS8017")).toBeDefined();
    const english = await principal.request("GET", rejectedUrl, undefined, {
      "accept-language": "en",
    });
    const englishSheet = await readXlsx(english.raw);
    expect(englishSheet[0]![7]).toBe("Reason");
    expect(englishSheet[1]![7]).toBe("Student code: This cell must not be empty.");
  });

  it("reads CSV files with a BOM and semicolons", async () => {
    const csv =
      '\uFEFFMã học sinh;Họ và tên;Lớp;Ngày sinh;Giới tính\r\nHS7001;"Đỗ Thị Hồng; Nhung";11A1;3/4/2009;Nữ\r\nHS7002;Võ Quốc Huy;11A1;03/04/2009;Nam\r\n';
    const preview = await upload(principal, Buffer.from(csv, "utf8"), "lop11.csv");
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    expect(preview.body.rows[0].values.fullName).toBe("Đỗ Thị Hồng; Nhung");
    expect(preview.body.rows[0].issues[0].field).toBe("fullName");
    expect(preview.body.rows[1].values).toMatchObject({
      studentCode: "HS7002",
      dateOfBirth: "03/04/2009",
    });
    const comma = "Mã học sinh,Họ và tên,Lớp\nHS7003,Lý Gia Hân,11A1\n";
    const second = await upload(principal, Buffer.from(comma, "utf8"), "lop11b.csv");
    expect(second.body).toMatchObject({ total: 1, valid: 1 });
  });

  it("writes nothing when the import fails part-way", async () => {
    const file = await xlsx([
      studentHeader,
      ["HS6001", "Hồ Thị Ngọc", "11A1", "", "", "", ""],
      ["HS6002", "Hồ Văn Phúc", "11A1", "", "", "", ""],
    ]);
    const preview = await upload(principal, file, "atomic.xlsx");
    expect(preview.body.valid).toBe(2);
    // The second insert fails inside the transaction (as a dropped connection or a constraint would).
    await t.ctx.db.schema
      .createTable("roster_test_guard")
      .ifNotExists()
      .addColumn("id", "integer")
      .execute();
    const { sql } = await import("kysely");
    await sql`create or replace function roster_test_fail() returns trigger language plpgsql as $$
      begin if new.student_code = 'HS6002' then raise exception 'simulated failure'; end if; return new; end $$`.execute(
      t.ctx.db,
    );
    await sql`create trigger roster_test_fail before insert on students for each row execute function roster_test_fail()`.execute(
      t.ctx.db,
    );
    try {
      const failed = await principal.post(`/api/schools/${schoolId}/roster/import`, {
        previewId: preview.body.previewId,
      });
      expect(failed.status).toBe(500);
      const written = await t.ctx.db
        .selectFrom("users")
        .select("id")
        .where("username", "in", ["hs.hs6001", "hs.hs6002"])
        .execute();
      expect(written).toEqual([]);
    } finally {
      await sql`drop trigger roster_test_fail on students`.execute(t.ctx.db);
      await t.ctx.db.schema.dropTable("roster_test_guard").execute();
    }
    // The preview was not used up: the same import succeeds once the fault is gone.
    const retried = await principal.post(`/api/schools/${schoolId}/roster/import`, {
      previewId: preview.body.previewId,
    });
    expect(retried.body).toMatchObject({ created: 2 });
  });
});

describe("POST /api/schools/:id/roster/preview with bad input", () => {
  it("refuses a body that is not multipart with 415", async () => {
    const response = await principal.post(`/api/schools/${schoolId}/roster/preview?kind=students`, {
      file: "x",
    });
    expect(response.status).toBe(415);
  });

  it("names the missing file field", async () => {
    const { body, headers } = multipartFile("a.csv", Buffer.from("a,b\n"), { field: "attachment" });
    const response = await principal.request(
      "POST",
      `/api/schools/${schoolId}/roster/preview?kind=students`,
      body,
      headers,
    );
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0]).toMatchObject({
      field: "file",
      messageKey: "rosters.fileRequired",
    });
  });

  it("names the kind when it is missing or wrong", async () => {
    const { body, headers } = multipartFile("a.csv", Buffer.from("a,b\n"));
    const response = await principal.request(
      "POST",
      `/api/schools/${schoolId}/roster/preview?kind=x`,
      body,
      headers,
    );
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].field).toBe("kind");
  });

  it("checks the bytes, not the name", async () => {
    const fakeXlsx = await upload(
      principal,
      Buffer.from("Mã học sinh,Họ và tên,Lớp\n"),
      "fake.xlsx",
    );
    expect(fakeXlsx.status).toBe(400);
    expect(fakeXlsx.body.error).toMatchObject({ code: "bad_file", messageKey: "rosters.notXlsx" });
    const broken = await upload(
      principal,
      Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(300, 7)]),
      "broken.xlsx",
    );
    expect(broken.status).toBe(400);
    expect(broken.body.error.messageKey).toBe("rosters.corruptXlsx");
    const zipAsCsv = await upload(principal, await xlsx([["a"]]), "looks.csv");
    expect(zipAsCsv.body.error.messageKey).toBe("rosters.notCsv");
    const oldExcel = await upload(
      principal,
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      "old.xls",
    );
    expect(oldExcel.body.error.messageKey).toBe("rosters.oldExcel");
    const text = await upload(principal, Buffer.from("hello"), "notes.txt");
    expect(text.status).toBe(415);
    // Windows-1258 text (Excel's "CSV" on Vietnamese Windows) is not UTF-8.
    const legacy = await upload(
      principal,
      Buffer.from([0x4d, 0xe3, 0x20, 0x48, 0x53, 0x0a]),
      "cp1258.csv",
    );
    expect(legacy.body.error.messageKey).toBe("rosters.notUtf8");
    expect(legacy.body.error.message).toContain("UTF-8");
  });

  it("names the missing columns, in English when asked", async () => {
    const response = await upload(
      principal,
      Buffer.from("Họ và tên;Ngày sinh\nAn;01/01/2010\n"),
      "a.csv",
      "students",
      { "accept-language": "en" },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe("Required columns are missing: Mã học sinh, Lớp.");
    expect(response.body.error.issues.map((issue: { field: string }) => issue.field)).toEqual([
      "studentCode",
      "className",
    ]);
  });

  it("refuses files over 10 MB with 413", async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0x61);
    const response = await upload(principal, big, "big.csv");
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("payload_too_large");
  });

  it("limits uploads per person", async () => {
    const department = await t.login("so.admin");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 21; attempt += 1) {
      statuses.push((await upload(department, Buffer.from("x"), "notes.txt")).status);
    }
    expect(statuses.slice(0, 20).every((status) => status === 415)).toBe(true);
    expect(statuses[20]).toBe(429);
  });
});

describe("POST /api/schools/:id/roster/import", () => {
  it("names a malformed previewId", async () => {
    const response = await principal.post(`/api/schools/${schoolId}/roster/import`, {
      previewId: "abc",
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0]).toMatchObject({
      field: "previewId",
      messageKey: "validation.invalidId",
    });
  });

  it("refuses an expired preview and another school's preview", async () => {
    const file = await xlsx([studentHeader, ["HS5001", "Ngô Bảo Châu", "11A1", "", "", "", ""]]);
    const preview = await upload(principal, file, "a.xlsx");
    const otherSchool = await t.orgId("THCS-CVA");
    const cross = await (
      await t.login("so.admin")
    ).post(`/api/schools/${otherSchool}/roster/import`, { previewId: preview.body.previewId });
    expect(cross.status).toBe(404);
    t.clock.advance(61 * 60 * 1000);
    try {
      const expired = await principal.post(`/api/schools/${schoolId}/roster/import`, {
        previewId: preview.body.previewId,
      });
      expect(expired.status).toBe(404);
      const download = await principal.get(
        `/api/schools/${schoolId}/roster/preview/${preview.body.previewId}/rejected.xlsx`,
      );
      expect(download.status).toBe(404);
    } finally {
      t.clock.advance(-61 * 60 * 1000);
    }
  });
});

describe("teacher roster import", () => {
  const header = ["Mã giáo viên", "Họ và tên", "Email", "Số điện thoại", "Môn dạy"];

  it("creates accounts with temporary passwords once, and updates on re-import", async () => {
    const file = await xlsx([
      header,
      ["GV-N01", "Đinh Thị Mai", "Mai.Dinh@example.edu.vn", "0901234567", "Toán, Tin học"],
      ["GV-N02", "Vương Văn Tâm", "gv.lan@thptvominhduc.edu.vn", "", "Hoá học"],
      ["GV-N03", "Lý Thu Hà", "so.admin@sgddt.binhduong.edu.vn", "", ""],
      ["GV-N04", "Mạc Văn Khoa", "mai.dinh@example.edu.vn", "", ""],
    ]);
    const preview = await upload(principal, file, "gv.xlsx", "teachers");
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    const summary = preview.body.rows.map(
      (row: { action: string; issues: Array<{ field: string; messageKey: string }> }) => [
        row.action,
        row.issues.map((issue) => `${issue.field}:${issue.messageKey}`).join(),
      ],
    );
    expect(summary).toEqual([
      ["create", ""],
      ["reject", "email:rosters.emailTaken"],
      ["reject", "email:rosters.emailTaken"],
      ["reject", "email:rosters.duplicateEmail"],
    ]);
    const imported = await principal.post(`/api/schools/${schoolId}/roster/import`, {
      previewId: preview.body.previewId,
    });
    expect(imported.body).toMatchObject({ created: 1, updated: 0, rejected: 3 });
    expect(imported.body.accounts).toHaveLength(1);
    const account = imported.body.accounts[0];
    expect(account).toMatchObject({
      username: "mai.dinh",
      teacherCode: "GV-N01",
      fullName: "Đinh Thị Mai",
    });
    const teacher = await t.login("mai.dinh", account.temporaryPassword);
    const me = await teacher.get("/api/auth/me");
    expect(me.body.mustChangePassword ?? me.body.user?.mustChangePassword).toBe(true);
    const profile = await t.ctx.db
      .selectFrom("teacher_profiles")
      .selectAll()
      .where("teacher_code", "=", "GV-N01")
      .executeTakeFirstOrThrow();
    expect(profile).toMatchObject({
      phone: "0901234567",
      subjects: "Toán, Tin học",
      school_id: schoolId,
    });

    const again = await xlsx([
      header,
      ["GV-N01", "Đinh Thị Mai", "mai.dinh@example.edu.vn", "0901234567", "Toán"],
    ]);
    const preview2 = await upload(principal, again, "gv2.xlsx", "teachers");
    expect(preview2.body.rows[0].action).toBe("update");
    const imported2 = await principal.post(`/api/schools/${schoolId}/roster/import`, {
      previewId: preview2.body.previewId,
    });
    expect(imported2.body).toMatchObject({ created: 0, updated: 1, accounts: [] });
    const users = await t.ctx.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "mai.dinh@example.edu.vn")
      .execute();
    expect(users).toHaveLength(1);
  });
});

describe("usernames of imported people", () => {
  it("stay unique when a code or an e-mail name is already used at another school", async () => {
    // The district officer of Dĩ An (so.admin used up its uploads in the rate-limit test).
    const department = await t.login("phong.dian");
    const otherSchool = await t.orgId("THCS-CVA");
    const send = async (kind: string, rows: CellInput[][]) => {
      const { body, headers } = multipartFile("a.xlsx", await xlsx(rows));
      const preview = await department.request(
        "POST",
        `/api/schools/${otherSchool}/roster/preview?kind=${kind}`,
        body,
        headers,
      );
      return department.post(`/api/schools/${otherSchool}/roster/import`, {
        previewId: preview.body.previewId,
      });
    };
    // Student codes are per school: VMD1001 exists at THPT Võ Minh Đức, not at THCS Chu Văn An.
    const students = await send("students", [
      ["Mã học sinh", "Họ và tên", "Lớp"],
      ["VMD1001", "Tạ Minh Quân", "8A1"],
    ]);
    expect(students.body).toMatchObject({ created: 1 });
    const student = await t.ctx.db
      .selectFrom("students as s")
      .innerJoin("users as u", "u.id", "s.user_id")
      .select("u.username")
      .where("s.school_id", "=", otherSchool)
      .where("s.student_code", "=", "VMD1001")
      .executeTakeFirstOrThrow();
    expect(student.username).toBe("hs.vmd1001.2");
    const teachers = await send("teachers", [
      ["Mã giáo viên", "Họ và tên", "Email"],
      ["GV-CVA-09", "Phan Thị Lan", "gv.lan@thcschuvanan.edu.vn"],
    ]);
    expect(teachers.body.accounts[0].username).toBe("gv.lan2");
  });
});

describe("class lists in Vietnamese order", () => {
  it("lists a class by given name, Vietnamese letters in place, on the class page and its export", async () => {
    const classId = await t.classId("10A2");
    const enrolled = await t.ctx.db
      .selectFrom("enrolments")
      .select("student_id")
      .where("class_id", "=", classId)
      .where("left_at", "is", null)
      .orderBy("student_id")
      .execute();
    // Names whose byte order (what SQL gives without a Vietnamese collation) is wrong.
    const names = ["Vũ Đức Dũng", "Đặng Thu Vy", "Phan Văn Minh", "Phạm Văn Minh", "Lê Ân"];
    for (const [index, name] of names.entries()) {
      await t.ctx.db
        .updateTable("students")
        .set({ full_name: name })
        .where("id", "=", enrolled[index]!.student_id)
        .execute();
    }
    const teacher = await t.login("gv.hung");
    const page = await teacher.get(`/api/classes/${classId}`);
    expect(page.status).toBe(200);
    const listed = (page.body.students as Array<{ fullName: string }>)
      .map((student) => student.fullName)
      .filter((name) => names.includes(name));
    expect(listed).toEqual([
      "Lê Ân",
      "Vũ Đức Dũng",
      "Phạm Văn Minh",
      "Phan Văn Minh",
      "Đặng Thu Vy",
    ]);
    const response = await teacher.get(`/api/classes/${classId}/roster.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.raw as unknown as ArrayBuffer);
    const exported: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => {
      const value = String(row.getCell(2).value);
      if (names.includes(value)) exported.push(value);
    });
    expect(exported).toEqual(listed);
  });
});

describe("roster exports", () => {
  it("exports a class roster with formula-like values escaped", async () => {
    const classId = await t.classId("10A2");
    const victim = await t.ctx.db
      .selectFrom("enrolments")
      .select("student_id")
      .where("class_id", "=", classId)
      .where("left_at", "is", null)
      .executeTakeFirstOrThrow();
    // Data from before validation existed (or written by another path) must not run in Excel.
    await t.ctx.db
      .updateTable("students")
      .set({ parent_email: "=cmd|' /C calc'!A0", parent_phone: "+1234" })
      .where("id", "=", victim.student_id)
      .execute();
    const response = await (await t.login("gv.hung")).get(`/api/classes/${classId}/roster.xlsx`);
    expect(response.status).toBe(200);
    expect(String(response.headers["content-disposition"])).toContain("10A2.xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.raw as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("Mã học sinh");
    const values: ExcelJS.CellValue[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
    expect(values).toContain("'=cmd|' /C calc'!A0");
    expect(values).toContain("'+1234");
    expect(
      values.some((value) => typeof value === "object" && value !== null && "formula" in value),
    ).toBe(false);
    const enrolled = await t.ctx.db
      .selectFrom("enrolments")
      .select("student_id")
      .where("class_id", "=", classId)
      .where("left_at", "is", null)
      .execute();
    expect(sheet.rowCount).toBe(enrolled.length + 1);
    const audit = await t.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "class.roster_exported")
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("exports the school's students for its managers", async () => {
    const response = await (
      await t.login("phong.tdm")
    ).request("GET", `/api/schools/${schoolId}/students.xlsx`, undefined, {
      "accept-language": "en",
    });
    expect(response.status).toBe(200);
    const rows = await readXlsx(response.raw);
    expect(rows[0]![0]).toBe("Student code");
    const total = await t.ctx.db
      .selectFrom("students")
      .select("id")
      .where("school_id", "=", schoolId)
      .where("archived_at", "is", null)
      .execute();
    expect(rows.length - 1).toBeGreaterThanOrEqual(total.length);
    expect(rows.slice(1).some((row) => row[4] === "Female")).toBe(true);
  });
});

describe("API gaps found by the web", () => {
  it("GET /api/schools/:id/students returns each student's userId", async () => {
    const response = await principal.get(`/api/schools/${schoolId}/students?q=VMD1001`);
    expect(response.body.items[0].userId).toBe(await t.userId("hs.vmd1001"));
  });

  it("GET /api/dashboard lists a parent's children with class and school", async () => {
    const response = await (await t.login("ph.demo")).get("/api/dashboard");
    expect(response.status).toBe(200);
    expect(response.body.children).toHaveLength(1);
    expect(response.body.children[0]).toMatchObject({
      id: await t.studentId("VMD1001"),
      className: "10A1",
      classId: await t.classId("10A1"),
      schoolName: "Trường THPT Võ Minh Đức",
    });
    expect(typeof response.body.children[0].fullName).toBe("string");
  });
});
