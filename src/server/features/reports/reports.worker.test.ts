import { threadId } from "node:worker_threads";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentReport } from "../../../shared/reports.ts";
import { pdfText } from "../../testing/pdf-text.ts";
import { startTestServer, type TestServer } from "../../testing/harness.ts";
import { buildIncidentReport, renderReportFiles, type ReportScope } from "./index.ts";
import { EXPORT_OVERDUE_LIMIT } from "./reports.actions.ts";
import {
  PROVINCE_SHEETS_VI,
  generateIncidents,
  insertGeneratedIncidents,
} from "./reports.fixtures.ts";
import { resolvePeriod } from "./reports.period.ts";
import { ReportRenderer, reportRendererFor } from "./reports.renderer.ts";

let t: TestServer;
const scopes: Record<string, ReportScope> = {};
// The school year 2025–2026, all before the test clock's "now".
const period = resolvePeriod("year", "2026-02-14", undefined, new Date("2026-11-28T03:00:00Z"));
const counts = { department: 0, vmd: 0 };

async function scopeOf(code: string, server: TestServer = t): Promise<ReportScope> {
  const row = await server.ctx.db
    .selectFrom("org_units")
    .select(["id", "kind", "name", "code", "path"])
    .where("code", "=", code)
    .executeTakeFirstOrThrow();
  return { ...row, kind: row.kind as ReportScope["kind"], code: row.code ?? "" };
}

async function reportOf(scope: ReportScope): Promise<IncidentReport> {
  return buildIncidentReport(t.ctx, scope, period, { overdueLimit: EXPORT_OVERDUE_LIMIT });
}

async function sheetsOf(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

beforeAll(async () => {
  t = await startTestServer();
  for (const code of ["SGDDT-BD", "TDM", "DA", "THPT-VMD", "THCS-CVA"]) {
    scopes[code] = await scopeOf(code);
  }
  const incidents = generateIncidents({
    schools: [
      { id: scopes["THPT-VMD"]!.id, districtId: scopes.TDM!.id },
      { id: scopes["THCS-CVA"]!.id, districtId: scopes.DA!.id },
    ],
    count: 90,
    from: new Date(period.startsAt),
    to: new Date(period.endsAt),
    now: t.clock.now(),
    seed: 11,
  });
  await insertGeneratedIncidents(t.ctx.db, incidents);
  counts.department = incidents.length;
  counts.vmd = incidents.filter((incident) => incident.schoolId === scopes["THPT-VMD"]!.id).length;
});

afterAll(async () => {
  await t?.close();
});

describe("report rendering in the worker thread", () => {
  it("renders a real PDF and workbook off the main thread, in Vietnamese", async () => {
    const rendered = await renderReportFiles(t.ctx, scopes["SGDDT-BD"]!, period, "vi");
    const worker = reportRendererFor(t.ctx).worker;
    expect(worker).not.toBeNull();
    expect(worker!.threadId).not.toBe(threadId);
    expect(Buffer.isBuffer(rendered.pdf)).toBe(true);
    expect(Buffer.isBuffer(rendered.xlsx)).toBe(true);
    expect(rendered.report.totals.incidents).toBe(counts.department);

    const text = await pdfText(rendered.pdf);
    expect(text).toContain("BÁO CÁO KẾT QUẢ XỬ LÝ SỰ CỐ TRONG DẠY HỌC TRỰC TUYẾN");
    expect(text).toContain("Năm học 2025–2026 (từ 01/09/2025 đến 31/08/2026)");
    expect(text).toContain("Sở Giáo dục và Đào tạo Bình Dương");
    expect(text).toContain("Phòng GDĐT Thành phố Thủ Dầu Một");
    expect(text).toContain("Trường THPT Võ Minh Đức");
    expect(text).toMatch(new RegExp(`Tổng số sự cố\\s+${counts.department}\\b`));

    const workbook = await sheetsOf(rendered.xlsx);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(PROVINCE_SHEETS_VI);
    const summary = workbook.getWorksheet("Tổng hợp")!;
    expect(summary.getCell("A6").value).toBe("Tổng số sự cố");
    expect(summary.getCell("B6").value).toBe(counts.department);
    const bySchool = workbook.getWorksheet("Theo trường")!;
    const rows = new Map<string, ExcelJS.Row>();
    bySchool.eachRow((row) => rows.set(String(row.getCell(1).value), row));
    expect(rows.get("Trường THPT Võ Minh Đức")!.getCell(4).value).toBe(counts.vmd);
    expect(rows.get("Tổng cộng")!.getCell(4).value).toBe(counts.department);
    const overdue = workbook.getWorksheet("Quá hạn")!;
    expect(overdue.rowCount - 1).toBe(rendered.report.totals.overdue);
  });

  it("renders two reports at once, each with its own scope and language", async () => {
    const [province, school] = await Promise.all([
      renderReportFiles(t.ctx, scopes["SGDDT-BD"]!, period, "vi"),
      renderReportFiles(t.ctx, scopes["THPT-VMD"]!, period, "en"),
    ]);
    const provinceText = await pdfText(province.pdf);
    expect(provinceText).toContain("BÁO CÁO KẾT QUẢ XỬ LÝ SỰ CỐ TRONG DẠY HỌC TRỰC TUYẾN");
    expect(provinceText).toMatch(new RegExp(`Tổng số sự cố\\s+${counts.department}\\b`));
    const schoolText = await pdfText(school.pdf);
    expect(schoolText).toContain("REPORT ON THE HANDLING OF ONLINE TEACHING INCIDENTS");
    expect(schoolText).toContain("Trường THPT Võ Minh Đức");
    expect(schoolText).not.toContain("Trường THCS Chu Văn An");

    const provinceBook = await sheetsOf(province.xlsx);
    expect(provinceBook.getWorksheet("Tổng hợp")!.getCell("B6").value).toBe(counts.department);
    const schoolBook = await sheetsOf(school.xlsx);
    expect(schoolBook.worksheets).toHaveLength(4);
    expect(schoolBook.worksheets[0]!.getCell("B3").value).toBe("Trường THPT Võ Minh Đức");
    expect(schoolBook.worksheets[0]!.getCell("B6").value).toBe(counts.vmd);
  });

  it("fails the job of a worker that dies, and gives the next job a fresh worker", async () => {
    const renderer = new ReportRenderer();
    try {
      const report = await reportOf(scopes["THPT-VMD"]!);
      const first = await renderer.render({ report, locale: "vi", formats: ["pdf"] });
      expect(await pdfText(first.pdf!)).toContain("Trường THPT Võ Minh Đức");
      const crashed = renderer.worker!;

      // Killed in the middle of a job (as the OOM killer or a fatal error would).
      const killed = renderer.render({ report, locale: "vi", formats: ["pdf", "xlsx"] });
      // A job queued behind it must not be lost with the worker.
      const queued = renderer.render({ report, locale: "vi", formats: ["xlsx"] });
      const failed = expect(killed).rejects.toThrow(/report rendering worker stopped/);
      await crashed.terminate();
      await failed;

      const after = await queued;
      const replacement = renderer.worker!;
      expect(replacement).not.toBe(crashed);
      expect(replacement.threadId).not.toBe(crashed.threadId);
      expect((await sheetsOf(after.xlsx!)).getWorksheet("Tổng hợp")!.getCell("B6").value).toBe(
        counts.vmd,
      );

      // A worker that died between jobs is replaced too.
      await replacement.terminate();
      const again = await renderer.render({ report, locale: "en", formats: ["pdf"] });
      expect(await pdfText(again.pdf!)).toContain(
        "REPORT ON THE HANDLING OF ONLINE TEACHING INCIDENTS",
      );
      expect(renderer.worker).not.toBe(replacement);
    } finally {
      await renderer.close();
    }
  });

  it("reports a job the worker cannot render as that job's failure, and goes on", async () => {
    const renderer = new ReportRenderer();
    try {
      const report = await reportOf(scopes["THPT-VMD"]!);
      const broken = { ...report, byMonth: null } as unknown as IncidentReport;
      await expect(
        renderer.render({ report: broken, locale: "vi", formats: ["pdf"] }),
      ).rejects.toThrow(/report rendering failed/);
      const worker = renderer.worker;
      const files = await renderer.render({ report, locale: "vi", formats: ["pdf"] });
      expect(await pdfText(files.pdf!)).toContain("Trường THPT Võ Minh Đức");
      expect(renderer.worker).toBe(worker);
    } finally {
      await renderer.close();
    }
  });

  it("stops the worker when closed, failing the jobs still waiting", async () => {
    const renderer = new ReportRenderer();
    const report = await reportOf(scopes["THPT-VMD"]!);
    const pending = renderer.render({ report, locale: "vi", formats: ["pdf"] });
    const worker = renderer.worker!;
    const exited = new Promise<number>((resolve) => worker.once("exit", resolve));
    const failed = expect(pending).rejects.toThrow(/report renderer closed/);
    await renderer.close();
    await failed;
    await exited;
    expect(renderer.worker).toBeNull();
    await expect(renderer.render({ report, locale: "vi", formats: ["pdf"] })).rejects.toThrow(
      /report renderer closed/,
    );
  });

  it("stops the server's worker when the server closes", async () => {
    const other = await startTestServer();
    let worker;
    try {
      await renderReportFiles(other.ctx, await scopeOf("THPT-VMD", other), period, "vi");
      worker = reportRendererFor(other.ctx).worker!;
      expect(worker).not.toBeNull();
    } finally {
      await other.close();
    }
    expect(reportRendererFor(other.ctx).worker).toBeNull();
    // Node sets a thread's id to -1 once it has stopped.
    expect(worker.threadId).toBe(-1);
  });
});
