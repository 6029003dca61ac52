import ExcelJS from "exceljs";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HandlingFigures, IncidentReport } from "../../../shared/reports.ts";
import { insertOrg } from "../orgs/orgs.repo.ts";
import { pdfText } from "../../testing/pdf-text.ts";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import { runScheduledReports } from "./index.ts";
import {
  PROVINCE_SHEETS_VI,
  expectedFigures,
  generateIncidents,
  insertGeneratedIncidents,
  type GeneratedIncident,
} from "./reports.fixtures.ts";
import { previousMonth, resolvePeriod } from "./reports.period.ts";

interface ReceivedMail {
  to: string[];
  raw: string;
}

/** Decodes RFC 2047 words ("=?UTF-8?B?...?=") into text, joining split multi-byte letters. */
function decodeHeader(value: string): string {
  const parts: Buffer[] = [];
  const unfolded = value.replace(/\r?\n[ \t]+/g, " ");
  const words = [...unfolded.matchAll(/=\?utf-8\?([bq])\?([^?]*)\?=/gi)];
  if (words.length === 0) return unfolded;
  for (const [, encoding, text] of words) {
    if (encoding!.toLowerCase() === "b") parts.push(Buffer.from(text!, "base64"));
    else {
      const bytes = text!
        .replace(/_/g, " ")
        .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      parts.push(Buffer.from(bytes, "latin1"));
    }
  }
  return Buffer.concat(parts).toString("utf8");
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? "";
  const match = new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, "im").exec(head);
  return match ? match[1]!.trim() : "";
}

/** The attachments of a multipart message (nodemailer writes them in base64). */
function attachments(raw: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/g)].map((m) => m[1]!);
  for (const boundary of boundaries) {
    for (const part of raw.split(`--${boundary}`)) {
      const [head, ...rest] = part.split(/\r?\n\r?\n/);
      const name = /filename="?([^";\r\n]+)"?/i.exec(head ?? "")?.[1];
      if (!name || !/base64/i.test(head ?? "")) continue;
      found.set(name, Buffer.from(rest.join("\n").replace(/\s+/g, ""), "base64"));
    }
  }
  return found;
}

let t: TestServer;
let smtp: SMTPServer;
const mails: ReceivedMail[] = [];
const logins = new Map<string, TestClient>();
const as = async (username: string) => {
  if (!logins.has(username)) logins.set(username, await t.login(username));
  return logins.get(username)!;
};

// The data set: the school year 2025–2026 (1 Sep 2025 – 31 Aug 2026, Vietnam time), all before
// the test clock's "now" (real time, 2026-11 or later).
const YEAR_START = new Date("2025-08-31T17:00:00.000Z");
const YEAR_END = new Date("2026-08-31T17:00:00.000Z");
let incidents: GeneratedIncident[] = [];
let outside: GeneratedIncident[] = [];
const ids: Record<string, string> = {};

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as { port: number }).port;
  t = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });

  for (const code of ["SGDDT-BD", "TDM", "DA", "THPT-VMD", "THCS-CVA", "GDTX-TDM"]) {
    ids[code] = await t.orgId(code);
  }
  // A school whose name a spreadsheet would read as a formula.
  const tdm = await t.ctx.db
    .selectFrom("org_units")
    .select(["id", "path"])
    .where("id", "=", ids.TDM!)
    .executeTakeFirstOrThrow();
  const formulaSchool = await insertOrg(t.ctx.db, {
    kind: "school",
    parentId: tdm.id,
    parentPath: tdm.path,
    name: '=HYPERLINK("http://evil.example","Trường Ảo")',
    code: "FORMULA-1",
  });
  ids.formula = formulaSchool.id;

  const schools = [
    { id: ids["THPT-VMD"]!, districtId: ids.TDM! },
    { id: ids["GDTX-TDM"]!, districtId: ids.TDM! },
    { id: ids["THCS-CVA"]!, districtId: ids.DA! },
    { id: ids.formula, districtId: ids.TDM! },
  ];
  const now = t.clock.now();
  incidents = generateIncidents({
    schools,
    count: 240,
    from: YEAR_START,
    to: YEAR_END,
    now,
    seed: 5,
  });
  // Just outside the school year on both sides (Vietnam midnight is 17:00 UTC).
  outside = [
    ...generateIncidents({
      schools,
      count: 5,
      from: new Date("2025-08-20T00:00:00.000Z"),
      to: new Date("2025-08-31T16:59:59.000Z"),
      now,
      seed: 6,
    }),
    ...generateIncidents({
      schools,
      count: 5,
      from: YEAR_END,
      to: new Date("2026-09-10T00:00:00.000Z"),
      now,
      seed: 7,
    }),
  ];
  await insertGeneratedIncidents(t.ctx.db, [...incidents, ...outside]);
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

const countKeys = [
  "incidents",
  "open",
  "resolved",
  "escalated",
  "overdue",
  "overdueOpen",
  "policeReferrals",
  "anonymous",
  "automatic",
] as const;

function expectFigures(actual: HandlingFigures, expected: HandlingFigures): void {
  const { medianAckHours, medianResolveHours } = actual;
  const counts = Object.fromEntries(countKeys.map((key) => [key, actual[key]]));
  const {
    medianAckHours: expectedAck,
    medianResolveHours: expectedResolve,
    ...expectedCounts
  } = expected;
  expect(counts).toEqual(expectedCounts);
  // Rounded to one decimal on both sides; the database keeps microseconds.
  if (expectedAck === null) expect(medianAckHours).toBeNull();
  else expect(Math.abs(medianAckHours! - expectedAck)).toBeLessThanOrEqual(0.1);
  if (expectedResolve === null) expect(medianResolveHours).toBeNull();
  else expect(Math.abs(medianResolveHours! - expectedResolve)).toBeLessThanOrEqual(0.1);
}

const yearQuery = "period=year&from=2026-02-14";

describe("report periods (Vietnam time, school calendar)", () => {
  const now = new Date("2026-11-28T12:00:00Z");
  it("starts a month at midnight in Vietnam", () => {
    const period = resolvePeriod("month", "2026-03-17", undefined, now);
    expect(period).toMatchObject({
      key: "2026-03",
      firstDay: "2026-03-01",
      lastDay: "2026-03-31",
      startsAt: "2026-02-28T17:00:00.000Z",
      endsAt: "2026-03-31T17:00:00.000Z",
      schoolYear: "2025-2026",
    });
  });
  it("ends semester 1 on 15 January and runs semester 2 to the end of the school year", () => {
    expect(resolvePeriod("semester", "2026-01-15", undefined, now)).toMatchObject({
      key: "2025-2026/1",
      firstDay: "2025-09-01",
      lastDay: "2026-01-15",
      semester: 1,
    });
    expect(resolvePeriod("semester", "2026-01-16", undefined, now)).toMatchObject({
      key: "2025-2026/2",
      firstDay: "2026-01-16",
      lastDay: "2026-08-31",
      semester: 2,
    });
    expect(resolvePeriod("semester", "2025-09-01", undefined, now).key).toBe("2025-2026/1");
  });
  it("runs the school year from 1 September to 31 August", () => {
    expect(resolvePeriod("year", "2026-08-31", undefined, now)).toMatchObject({
      key: "2025-2026",
      startsAt: "2025-08-31T17:00:00.000Z",
      endsAt: "2026-08-31T17:00:00.000Z",
    });
    expect(resolvePeriod("year", "2026-09-01", undefined, now).key).toBe("2026-2027");
  });
  it("takes today in Vietnam when no date is given, and last month across the new year", () => {
    expect(resolvePeriod("month", undefined, undefined, new Date("2026-04-30T18:00:00Z")).key).toBe(
      "2026-05",
    );
    expect(previousMonth(new Date("2027-01-01T01:00:00Z")).key).toBe("2026-12");
  });
});

describe("GET /api/reports/incidents", () => {
  it("gives the Department the figures of the generated school year, per district and school", async () => {
    const client = await as("so.admin");
    const response = await client.get(`/api/reports/incidents?${yearQuery}`);
    expect(response.status).toBe(200);
    const report = response.body as IncidentReport;
    const now = new Date(report.generatedAt);
    expect(report.scope).toMatchObject({ id: ids["SGDDT-BD"], kind: "department" });
    expect(report.period.key).toBe("2025-2026");
    expectFigures(report.totals, expectedFigures(incidents, now));
    expect(report.totals.incidents).toBe(240);

    for (const code of ["THPT-VMD", "GDTX-TDM", "THCS-CVA", "formula"]) {
      const row = report.schools.find((school) => school.id === ids[code])!;
      const mine = incidents.filter((incident) => incident.schoolId === ids[code]);
      expectFigures(row, expectedFigures(mine, now));
      for (const [category, count] of Object.entries(row.byCategory)) {
        expect(count).toBe(mine.filter((incident) => incident.category === category).length);
      }
    }
    for (const code of ["TDM", "DA"]) {
      const row = report.districts.find((district) => district.id === ids[code])!;
      const mine = incidents.filter((incident) => incident.districtId === ids[code]);
      expectFigures(row, expectedFigures(mine, now));
    }
    expect(report.districts.find((d) => d.id === ids.TDM)!.schools).toBe(3);
    for (const entry of report.byStatus) {
      expect(entry.count).toBe(incidents.filter((i) => i.status === entry.status).length);
    }
    for (const entry of report.bySeverity) {
      expect(entry.count).toBe(incidents.filter((i) => i.severity === entry.severity).length);
    }
    expect(report.byMonth).toHaveLength(12);
    expect(report.byMonth[0]!.month).toBe("2025-09");
    expect(report.byMonth.reduce((sum, month) => sum + month.incidents, 0)).toBe(240);
    expect(report.overdueCasesTotal).toBe(report.totals.overdue);
    expect(report.overdueCases.length).toBe(Math.min(500, report.totals.overdue));
    expect(report.overdueCases.every((entry) => typeof entry.number === "number")).toBe(true);
    expect(report.gaps).toEqual([]);
    expect(report.coverage.consent?.students).toBe(150);
  });

  it("splits the year into two semesters that add up to it", async () => {
    const client = await as("so.admin");
    const first = (await client.get("/api/reports/incidents?period=semester&from=2025-12-01"))
      .body as IncidentReport;
    const second = (await client.get("/api/reports/incidents?period=semester&from=2026-03-01"))
      .body as IncidentReport;
    expect(first.totals.incidents + second.totals.incidents).toBe(240);
    const boundary = new Date("2026-01-15T17:00:00.000Z");
    expect(first.totals.incidents).toBe(incidents.filter((i) => i.createdAt < boundary).length);
  });

  it("shows a district officer only the district's schools", async () => {
    const client = await as("phong.tdm");
    const response = await client.get(`/api/reports/incidents?${yearQuery}`);
    expect(response.status).toBe(200);
    const report = response.body as IncidentReport;
    expect(report.scope.id).toBe(ids.TDM);
    expect(report.districts).toEqual([]);
    expect(report.schools.map((school) => school.id).sort()).toEqual(
      [ids["THPT-VMD"], ids["GDTX-TDM"], ids.formula].sort(),
    );
    const mine = incidents.filter((incident) => incident.districtId === ids.TDM);
    expectFigures(report.totals, expectedFigures(mine, new Date(report.generatedAt)));
    const other = await client.get(`/api/reports/incidents?${yearQuery}&orgId=${ids["THCS-CVA"]}`);
    expect(other.status).toBe(404);
  });

  it("shows a principal the school only, and refuses teachers, students and parents", async () => {
    const principal = await as("ht.vominhduc");
    const report = (await principal.get(`/api/reports/incidents?${yearQuery}`))
      .body as IncidentReport;
    expect(report.scope.id).toBe(ids["THPT-VMD"]);
    expect(report.schools).toHaveLength(1);
    expect(report.totals.incidents).toBe(
      incidents.filter((incident) => incident.schoolId === ids["THPT-VMD"]).length,
    );
    expect((await principal.get(`/api/reports/incidents?orgId=${ids.TDM}`)).status).toBe(404);
    for (const username of ["gv.lan", "hs.vmd1001", "ph.demo"]) {
      const client = await as(username);
      expect((await client.get(`/api/reports/incidents?${yearQuery}`)).status).toBe(404);
      const scoped = await client.get(`/api/reports/incidents?orgId=${ids["THPT-VMD"]}`);
      expect(scoped.status).toBe(404);
    }
    expect((await t.anonymous().get("/api/reports/incidents")).status).toBe(401);
  });

  it("answers bad input with the field at fault, in Vietnamese", async () => {
    const client = await as("so.admin");
    const cases: Array<[string, string]> = [
      ["period=week", "period"],
      ["period=custom&from=2026-01-01", "to"],
      ["period=custom&from=2026-03-01&to=2026-02-01", "to"],
      ["period=custom&from=2020-01-01&to=2026-01-01", "to"],
      ["period=month&from=2026-02-30", "from"],
      ["period=month&to=2026-02-10", "to"],
      ["orgId=abc", "orgId"],
    ];
    for (const [query, field] of cases) {
      const response = await client.get(`/api/reports/incidents?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.issues.map((issue: { field: string }) => issue.field)).toContain(
        field,
      );
    }
    const response = await client.get(
      "/api/reports/incidents?period=custom&from=2026-03-01&to=2026-02-01",
    );
    expect(response.body.error.issues[0].message).toBe("Ngày kết thúc phải sau ngày bắt đầu.");
  });
});

describe("GET /api/reports/incidents/report.xlsx and report.pdf", () => {
  it("exports a workbook whose sheets read back to the same figures", async () => {
    const client = await as("so.admin");
    const json = (await client.get(`/api/reports/incidents?${yearQuery}`)).body as IncidentReport;
    const response = await client.get(`/api/reports/incidents/report.xlsx?${yearQuery}`);
    expect(response.status).toBe(200);
    expect(response.headers["content-disposition"]).toContain(
      "bao-cao-su-co_SGDDT-BD_2025-2026.xlsx",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.raw as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(PROVINCE_SHEETS_VI);
    const summary = workbook.getWorksheet("Tổng hợp")!;
    expect(summary.getCell("A1").value).toBe(
      "BÁO CÁO KẾT QUẢ XỬ LÝ SỰ CỐ TRONG DẠY HỌC TRỰC TUYẾN",
    );
    expect(summary.getCell("B2").value).toBe("Năm học 2025–2026 (từ 01/09/2025 đến 31/08/2026)");
    expect(summary.getCell("A6").value).toBe("Tổng số sự cố");
    expect(summary.getCell("B6").value).toBe(240);

    const bySchool = workbook.getWorksheet("Theo trường")!;
    expect(bySchool.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(bySchool.getRow(1).font?.bold).toBe(true);
    const rows = new Map<string, ExcelJS.Row>();
    bySchool.eachRow((row, number) => {
      if (number > 1) rows.set(String(row.getCell(1).value), row);
    });
    const vmd = json.schools.find((school) => school.id === ids["THPT-VMD"])!;
    const vmdRow = rows.get("Trường THPT Võ Minh Đức")!;
    expect(vmdRow.getCell(3).value).toBe("Phòng GDĐT Thành phố Thủ Dầu Một");
    expect(vmdRow.getCell(4).value).toBe(vmd.incidents);
    expect(vmdRow.getCell(8).value).toBe(vmd.overdue);
    expect(vmdRow.getCell(10).value).toBe(vmd.policeReferrals);
    expect(vmdRow.getCell(13).value).toBe(vmd.medianAckHours);
    expect(rows.get("Tổng cộng")!.getCell(4).value).toBe(240);
    // The formula-like name stays text, defused with a leading apostrophe.
    const formulaRow = rows.get(`'=HYPERLINK("http://evil.example","Trường Ảo")`);
    expect(formulaRow).toBeDefined();
    expect(formulaRow!.getCell(1).type).toBe(ExcelJS.ValueType.String);

    const byCategory = workbook.getWorksheet("Theo loại")!;
    expect(byCategory.getCell("A2").value).toBe("Xâm nhập lớp học trái phép");
    expect(byCategory.getCell("B2").value).toBe(json.byCategory[0]!.count);
    const overdue = workbook.getWorksheet("Quá hạn")!;
    expect(overdue.rowCount - 1).toBe(json.totals.overdue);
  });

  it("exports a PDF whose extracted text keeps every Vietnamese letter", async () => {
    const client = await as("phong.tdm");
    const response = await client.get(`/api/reports/incidents/report.pdf?${yearQuery}`);
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    const text = await pdfText(response.raw);
    expect(text).toContain("BÁO CÁO KẾT QUẢ XỬ LÝ SỰ CỐ TRONG DẠY HỌC TRỰC TUYẾN");
    expect(text).toContain("Năm học 2025–2026 (từ 01/09/2025 đến 31/08/2026)");
    expect(text).toContain("Phòng GDĐT Thành phố Thủ Dầu Một");
    expect(text).toContain("Trường THPT Võ Minh Đức");
    expect(text).toContain("Xâm nhập lớp học trái phép");
    expect(text).toContain("Chuyển cơ quan công an");
    expect(text).not.toContain("Trường THCS Chu Văn An");
    const total = incidents.filter((incident) => incident.districtId === ids.TDM).length;
    expect(text).toMatch(new RegExp(`Tổng số sự cố\\s+${total}\\b`));
    const audit = await t.ctx.db
      .selectFrom("audit_log")
      .select(["action", "detail"])
      .where("action", "=", "report.exported")
      .where("org_unit_id", "=", ids.TDM!)
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it("speaks English when asked", async () => {
    const client = await as("ht.vominhduc");
    const response = await client.request(
      "GET",
      `/api/reports/incidents/report.pdf?${yearQuery}`,
      undefined,
      { "accept-language": "en" },
    );
    expect(await pdfText(response.raw)).toContain(
      "REPORT ON THE HANDLING OF ONLINE TEACHING INCIDENTS",
    );
  });
});

describe("POST /api/reports/email and the monthly schedule", () => {
  it("e-mails the report with its PDF and workbook to the Department's address", async () => {
    const client = await as("ht.vominhduc");
    const before = mails.length;
    const response = await client.post("/api/reports/email", {
      period: "year",
      from: "2026-02-14",
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ to: "baocao@sgddt.binhduong.edu.vn", status: "sent" });
    expect(mails.length).toBe(before + 1);
    const mail = mails[mails.length - 1]!;
    expect(mail.to).toEqual(["baocao@sgddt.binhduong.edu.vn"]);
    expect(decodeHeader(header(mail.raw, "Subject"))).toBe(
      "[SafeClass] Báo cáo kết quả xử lý sự cố – Trường THPT Võ Minh Đức – Năm học 2025–2026",
    );
    const files = attachments(mail.raw);
    const pdf = files.get("bao-cao-su-co_THPT-VMD_2025-2026.pdf")!;
    expect(await pdfText(pdf)).toContain("BÁO CÁO KẾT QUẢ XỬ LÝ SỰ CỐ TRONG DẠY HỌC TRỰC TUYẾN");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      files.get("bao-cao-su-co_THPT-VMD_2025-2026.xlsx")! as unknown as ArrayBuffer,
    );
    expect(workbook.getWorksheet("Tổng hợp")!.getCell("B3").value).toBe("Trường THPT Võ Minh Đức");
    const deliveries = await client.get("/api/reports/deliveries");
    expect(deliveries.body.departmentEmail).toBe("baocao@sgddt.binhduong.edu.vn");
    expect(deliveries.body.items[0]).toMatchObject({
      trigger: "manual",
      status: "sent",
      periodKey: "2025-2026",
    });
  });

  it("limits how often one person sends reports", async () => {
    const client = await as("phong.dian");
    const first = await client.post("/api/reports/email", { period: "month", from: "2026-05-01" });
    expect(first.status).toBe(200);
    // Four more fit in the hour (5 in all); spend them without building reports.
    const key = `reports:email:${await t.userId("phong.dian")}`;
    for (let index = 0; index < 4; index += 1) await t.ctx.rateLimiter.hit(key, 5, 3600);
    const refused = await client.post("/api/reports/email", {
      period: "month",
      from: "2026-05-01",
    });
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBeDefined();
  });

  it("sends last month's province report once, whichever process runs the job", async () => {
    // Move the clock to 08:00 on the 1st of next month, Vietnam time.
    const now = t.clock.now();
    const local = new Date(now.getTime() + 7 * 3_600_000);
    const firstOfNext = Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1, 1, 0, 0);
    t.clock.advance(firstOfNext - now.getTime());
    try {
      const before = mails.length;
      const [a, b] = await Promise.all([runScheduledReports(t.ctx), runScheduledReports(t.ctx)]);
      expect([...a, ...b].map((result) => result.status)).toEqual(["sent"]);
      expect(mails.length).toBe(before + 1);
      expect(await runScheduledReports(t.ctx)).toEqual([]);
      const expectedKey = previousMonth(t.clock.now()).key;
      const [year, month] = expectedKey.split("-");
      const subject = decodeHeader(header(mails[mails.length - 1]!.raw, "Subject"));
      expect(subject).toBe(
        `[SafeClass] Báo cáo kết quả xử lý sự cố – Sở Giáo dục và Đào tạo Bình Dương – Tháng ${Number(month)}/${year}`,
      );
      const row = await t.ctx.db
        .selectFrom("report_deliveries")
        .selectAll()
        .where("trigger", "=", "scheduled")
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ period_key: expectedKey, status: "sent", attempts: 1 });
      // Two weeks later the job still has nothing to send for that month.
      t.clock.advance(14 * 86_400_000);
      expect(await runScheduledReports(t.ctx)).toEqual([]);
    } finally {
      t.clock.advance(-(t.clock.now().getTime() - now.getTime()));
    }
  });

  it("refuses to e-mail when the Department has no address", async () => {
    await t.ctx.db
      .updateTable("org_units")
      .set({ email: null })
      .where("id", "=", ids["SGDDT-BD"]!)
      .execute();
    try {
      const response = await (await as("so.admin")).post("/api/reports/email", {});
      expect(response.status).toBe(409);
      expect(response.body.error.messageKey).toBe("reports.noDepartmentEmail");
    } finally {
      await t.ctx.db
        .updateTable("org_units")
        .set({ email: "baocao@sgddt.binhduong.edu.vn" })
        .where("id", "=", ids["SGDDT-BD"]!)
        .execute();
    }
  });
});
