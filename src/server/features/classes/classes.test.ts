import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareVietnamese, compareVietnameseNames } from "../../../shared/names.ts";
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

/** Imports a roster (CSV, header first) through the principal's two-step import. */
async function importRoster(kind: "students" | "teachers", rows: string[][]) {
  const csv = rows.map((row) => row.join(",")).join("\n") + "\n";
  const { body, headers } = multipartFile("roster.csv", Buffer.from(csv, "utf8"), {
    type: "text/csv",
  });
  const preview = await principal.request(
    "POST",
    `/api/schools/${schoolId}/roster/preview?kind=${kind}`,
    body,
    headers,
  );
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  expect(preview.body.invalid).toBe(0);
  const imported = await principal.post(`/api/schools/${schoolId}/roster/import`, {
    previewId: preview.body.previewId,
  });
  expect(imported.status, JSON.stringify(imported.body)).toBe(200);
  return imported.body;
}

interface Listed {
  id?: string;
  userId: string;
  fullName?: string;
  displayName?: string;
  className?: string | null;
}

/** Every page of a list, one request per page of `pageSize`. */
async function allPages(
  path: string,
  pageSize: number,
): Promise<{ items: Listed[]; total: number }> {
  const items: Listed[] = [];
  let total = Infinity;
  for (let page = 1; items.length < total; page += 1) {
    const separator = path.includes("?") ? "&" : "?";
    const response = await principal.get(`${path}${separator}page=${page}&pageSize=${pageSize}`);
    expect(response.status).toBe(200);
    total = response.body.total;
    if (response.body.items.length === 0) break;
    items.push(...response.body.items);
  }
  return { items, total };
}

// Byte order (what SQL gives without a Vietnamese collation) puts these all wrong: family name
// first, "Ánh" after "Yến", "Đ" after "Y".
const className = "12C9";
const students: Array<[code: string, name: string]> = [
  ["HS8001", "Bùi Yến"],
  ["HS8002", "Đặng Thu Vy"],
  ["HS8003", "Lê Ơn"],
  ["HS8004", "Hồ Mỹ"],
  ["HS8005", "Nguyễn Văn An"],
  ["HS8006", "Phan Văn Minh"],
  ["HS8007", "Lê Ôn"],
  ["HS8008", "Trần Ánh"],
  ["HS8009", "Vũ Đức Dũng"],
  ["HS8010", "Huỳnh My"],
  ["HS8011", "Phạm Ân"],
  ["HS8012", "Hoàng Duy"],
  ["HS8013", "Phạm Văn Minh"],
  ["HS8014", "Đỗ Dung"],
  ["HS8015", "Lê Thị An"],
  ["HS8016", "Nguyễn Văn An"],
];
const inClassListOrder = [
  "Lê Thị An",
  "Nguyễn Văn An",
  "Nguyễn Văn An",
  "Trần Ánh",
  "Phạm Ân",
  "Đỗ Dung",
  "Vũ Đức Dũng",
  "Hoàng Duy",
  "Phạm Văn Minh",
  "Phan Văn Minh",
  "Huỳnh My",
  "Hồ Mỹ",
  "Lê Ôn",
  "Lê Ơn",
  "Đặng Thu Vy",
  "Bùi Yến",
];

describe("GET /api/schools/:id/students", () => {
  let classId: string;

  beforeAll(async () => {
    await importRoster("students", [
      ["Mã học sinh", "Họ và tên", "Lớp"],
      ...students.map(([code, name]) => [code, name, className]),
    ]);
    classId = await t.classId(className);
  });

  it("pages a class in class-list order: given name first, Vietnamese letters and tones in place", async () => {
    expect([...inClassListOrder].sort(compareVietnameseNames)).toEqual(inClassListOrder);
    const { items, total } = await allPages(
      `/api/schools/${schoolId}/students?classId=${classId}`,
      3,
    );
    expect(total).toBe(students.length);
    expect(items.map((item) => item.fullName)).toEqual(inClassListOrder);
    // Namesakes too keep one order from page to page: nobody twice, nobody left out.
    expect(new Set(items.map((item) => item.id)).size).toBe(students.length);
  });

  it("follows a name changed by a re-import", async () => {
    const updated = await importRoster("students", [
      ["Mã học sinh", "Họ và tên", "Lớp"],
      ["HS8001", "Bùi Anh", className],
    ]);
    expect(updated).toMatchObject({ created: 0, updated: 1 });
    try {
      const { items } = await allPages(`/api/schools/${schoolId}/students?classId=${classId}`, 5);
      expect(items.map((item) => item.fullName).slice(0, 5)).toEqual([
        "Lê Thị An",
        "Nguyễn Văn An",
        "Nguyễn Văn An",
        "Bùi Anh",
        "Trần Ánh",
      ]);
    } finally {
      await importRoster("students", [
        ["Mã học sinh", "Họ và tên", "Lớp"],
        ["HS8001", "Bùi Yến", className],
      ]);
    }
  });

  it("lists every student of the school once across its pages, each class in class-list order", async () => {
    const { items, total } = await allPages(`/api/schools/${schoolId}/students`, 25);
    expect(items).toHaveLength(total);
    expect(new Set(items.map((item) => `${item.id}/${item.className}`)).size).toBe(total);
    for (const [index, item] of items.slice(1).entries()) {
      const previous = items[index]!;
      if (previous.className && item.className) {
        expect(
          compareVietnamese(previous.className, item.className),
          `${previous.className} before ${item.className}`,
        ).toBeLessThanOrEqual(0);
      }
      if (previous.className !== item.className) continue;
      expect(
        compareVietnameseNames(previous.fullName!, item.fullName!),
        `${previous.fullName} before ${item.fullName}`,
      ).toBeLessThanOrEqual(0);
    }
  });

  it("finds students by a name typed without tones or in another case, and by code", async () => {
    const find = async (q: string) => {
      const response = await principal.get(
        `/api/schools/${schoolId}/students?classId=${classId}&q=${encodeURIComponent(q)}`,
      );
      expect(response.status).toBe(200);
      return (response.body.items as Listed[]).map((item) => item.fullName);
    };
    expect(await find("nguyen van an")).toEqual(["Nguyễn Văn An", "Nguyễn Văn An"]);
    expect(await find("NGUYỄN VĂN AN")).toEqual(["Nguyễn Văn An", "Nguyễn Văn An"]);
    expect(await find("do dung")).toEqual(["Đỗ Dung"]);
    expect(await find("dung")).toEqual(["Đỗ Dung", "Vũ Đức Dũng"]);
    expect(await find("Đức")).toEqual(["Vũ Đức Dũng"]);
    expect(await find("hs801")).toHaveLength(7);
    // Wildcards are typed characters, not patterns.
    expect(await find("%")).toEqual([]);
    expect(await find("_")).toEqual([]);
  });
});

describe("GET /api/classes", () => {
  it("lists a school's classes by grade, then by name in Vietnamese order with numbers by value", async () => {
    for (const name of ["10A10", "10Đ1", "10A9", "10B1"]) {
      const created = await principal.post("/api/classes", {
        schoolId,
        name,
        grade: 10,
        schoolYear: "2026-2027",
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const { items } = await allPages(`/api/classes?schoolId=${schoolId}`, 10);
    const classes = items as unknown as Array<{ name: string; grade: number }>;
    const tenth = classes.filter((item) => item.grade === 10).map((item) => item.name);
    expect(tenth).toEqual([...tenth].sort(compareVietnamese));
    expect(tenth.indexOf("10A2")).toBeLessThan(tenth.indexOf("10A9"));
    expect(tenth.indexOf("10A9")).toBeLessThan(tenth.indexOf("10A10"));
    expect(tenth.indexOf("10B1")).toBeLessThan(tenth.indexOf("10Đ1"));
    const grades = classes.map((item) => item.grade);
    expect(grades).toEqual([...grades].sort((a, b) => a - b));
  });
});

describe("GET /api/schools/:id/teachers", () => {
  beforeAll(async () => {
    await importRoster("teachers", [
      ["Mã giáo viên", "Họ và tên", "Email"],
      ["GV-K01", "Trần Văn Yến", "tran.yen@example.edu.vn"],
      ["GV-K02", "Nguyễn Thị Ánh", "nguyen.anh@example.edu.vn"],
      ["GV-K03", "Đỗ Văn Đức", "do.duc@example.edu.vn"],
      ["GV-K04", "Lê Ân", "le.an@example.edu.vn"],
      ["GV-K05", "Phạm Dung", "pham.dung@example.edu.vn"],
    ]);
  });

  it("pages the school's teachers in class-list order", async () => {
    const { items, total } = await allPages(`/api/schools/${schoolId}/teachers`, 2);
    expect(items).toHaveLength(total);
    expect(new Set(items.map((item) => item.userId)).size).toBe(total);
    const names = items.map((item) => item.displayName!);
    expect(names).toEqual([...names].sort(compareVietnameseNames));
    const imported = ["Nguyễn Thị Ánh", "Lê Ân", "Phạm Dung", "Đỗ Văn Đức", "Trần Văn Yến"];
    expect(names.filter((name) => imported.includes(name))).toEqual(imported);
  });

  it("finds a teacher by a name typed without tones", async () => {
    const response = await principal.get(`/api/schools/${schoolId}/teachers?q=do%20van%20duc`);
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: Listed) => item.displayName)).toEqual(["Đỗ Văn Đức"]);
  });
});
