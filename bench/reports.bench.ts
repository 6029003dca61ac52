/**
 * The Department's report at province scale: generates a province (10 districts, 500 schools,
 * 50,000 incidents over the school year 2025–2026 with their hash-chained events), then times
 * the school-year report of the whole province: figures (SQL), the .xlsx and the PDF.
 * Checks the figures against the generated data before printing one RESULT line.
 * The files are rendered as the server renders them, in the render worker thread; meanwhile the
 * main thread's event loop is watched (perf_hooks) and its longest stall printed (loop_max_ms):
 * the time a live class on the same server would freeze.
 *
 * Usage: npm run bench:reports                      (embedded PGlite, in memory)
 *        DATABASE_URL=postgres://… npm run bench:reports   (a private schema, dropped after)
 * Options (environment): BENCH_SCHOOLS (500), BENCH_INCIDENTS (50000), BENCH_ROUNDS (3),
 *        BENCH_RENDER (worker; "main" renders on the main thread, as before the worker, to
 *        compare loop_max_ms).
 */
import { randomUUID } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
// Every feature first, in the server's order (the privacy and parents features register into
// each other when loaded; loading them from the reports first trips over that cycle).
import "../src/server/features/index.ts";
import pino from "pino";
import { loadConfig } from "../src/server/config.ts";
import type { AppContext } from "../src/server/context.ts";
import { openDatabase } from "../src/server/db/database.ts";
import { memoryRateLimiter } from "../src/server/lib/rate-limit.ts";
import { createMailer } from "../src/server/mail/mailer.ts";
import { buildIncidentReport, type ReportScope } from "../src/server/features/reports/index.ts";
import { EXPORT_OVERDUE_LIMIT } from "../src/server/features/reports/reports.actions.ts";
import {
  expectedFigures,
  generateIncidents,
  insertGeneratedIncidents,
} from "../src/server/features/reports/reports.fixtures.ts";
import { resolvePeriod } from "../src/server/features/reports/reports.period.ts";
import { renderFiles, type ReportFormat } from "../src/server/features/reports/reports.render.ts";
import { ReportRenderer } from "../src/server/features/reports/reports.renderer.ts";
import type { IncidentReport } from "../src/shared/reports.ts";
import { sql } from "kysely";

const SCHOOLS = Number(process.env.BENCH_SCHOOLS ?? 500);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const RENDER = process.env.BENCH_RENDER === "main" ? "main" : "worker";
const DISTRICTS = 10;

const districtNames = [
  "Thủ Dầu Một",
  "Dĩ An",
  "Thuận An",
  "Tân Uyên",
  "Bến Cát",
  "Bàu Bàng",
  "Bắc Tân Uyên",
  "Dầu Tiếng",
  "Phú Giáo",
  "Tân Bình",
];
const schoolKinds = ["Trường THPT", "Trường THCS", "Trường Tiểu học", "Trung tâm GDNN-GDTX"];
const schoolNames = ["Nguyễn Trãi", "Lê Quý Đôn", "Trần Hưng Đạo", "Võ Thị Sáu", "Chu Văn An"];

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
  const started = performance.now();
  const database = await openDatabase(
    config.databaseUrl
      ? { databaseUrl: config.databaseUrl, isolatedSchema: true, poolSize: 10 }
      : {},
  );
  const now = new Date("2026-11-28T03:00:00.000Z");
  const ctx: AppContext = {
    config,
    db: database.db,
    dbKind: database.kind,
    log: pino({ level: "silent" }),
    now: () => now,
    rateLimiter: memoryRateLimiter(),
    mailer: createMailer(database.db, undefined, config.mailFrom),
    realtime: { toRoom: () => undefined },
  };
  const renderer = new ReportRenderer();
  try {
    // The province: ids and paths made here so that it goes in with a few statements.
    const departmentId = randomUUID();
    const departmentPath = `/${departmentId}/`;
    const units: Array<{
      id: string;
      kind: "department" | "district" | "school";
      parent_id: string | null;
      path: string;
      name: string;
      code: string;
      email: string | null;
    }> = [
      {
        id: departmentId,
        kind: "department",
        parent_id: null,
        path: departmentPath,
        name: "Sở Giáo dục và Đào tạo Bình Dương",
        code: "BENCH-SO",
        email: "baocao@sgddt.example.vn",
      },
    ];
    const schools: Array<{ id: string; districtId: string }> = [];
    for (let d = 0; d < DISTRICTS; d += 1) {
      const districtId = randomUUID();
      const districtPath = `${departmentPath}${districtId}/`;
      units.push({
        id: districtId,
        kind: "district",
        parent_id: departmentId,
        path: districtPath,
        name: `Phòng GDĐT ${districtNames[d]}`,
        code: `BENCH-D${d + 1}`,
        email: null,
      });
      for (let s = d; s < SCHOOLS; s += DISTRICTS) {
        const id = randomUUID();
        units.push({
          id,
          kind: "school",
          parent_id: districtId,
          path: `${districtPath}${id}/`,
          name: `${schoolKinds[s % schoolKinds.length]} ${schoolNames[s % schoolNames.length]} số ${s + 1}`,
          code: `BENCH-S${s + 1}`,
          email: null,
        });
        schools.push({ id, districtId });
      }
    }
    for (let start = 0; start < units.length; start += 500) {
      await database.db
        .insertInto("org_units")
        .values(units.slice(start, start + 500))
        .execute();
    }
    const period = resolvePeriod("year", "2026-02-01", undefined, now);
    const incidents = generateIncidents({
      schools,
      count: INCIDENTS,
      from: new Date(period.startsAt),
      to: new Date(period.endsAt),
      now,
      seed: 2026,
    });
    const events = await insertGeneratedIncidents(database.db, incidents);
    await sql`analyze`.execute(database.db);
    const generated = performance.now();
    console.log(
      `province: ${DISTRICTS} districts, ${schools.length} schools, ${incidents.length} incidents, ` +
        `${events} events on ${database.kind} (generated in ${seconds(generated - started)} s)`,
    );

    const scope: ReportScope = {
      id: departmentId,
      kind: "department",
      name: units[0]!.name,
      code: units[0]!.code,
      path: departmentPath,
    };
    /** One file, in the worker (as the server does) or on this thread (BENCH_RENDER=main). */
    const render = async (target: IncidentReport, format: ReportFormat): Promise<Uint8Array> => {
      const job = { report: target, locale: "vi" as const, formats: [format] };
      const files = RENDER === "main" ? await renderFiles(job) : await renderer.render(job);
      return files[format]!;
    };
    const timings = { report: [] as number[], xlsx: [] as number[], pdf: [] as number[] };
    // CPU time of the file rendering (in this process): on a shared, loaded machine the wall
    // clock says more about the neighbours than about the code.
    // (PGlite runs in this process too, so its figures' CPU time is counted as well.)
    const cpu = { report: [] as number[], xlsx: [] as number[], pdf: [] as number[] };
    let sizes = { xlsx: 0, pdf: 0 };
    let report = await buildIncidentReport(ctx, scope, period, {
      overdueLimit: EXPORT_OVERDUE_LIMIT,
    });
    // Warm up (the worker's start and module loading are not part of a render), in both modes.
    await render(report, "xlsx");
    await render(report, "pdf");
    // The longest stall of this thread's event loop while files are rendered (not while the
    // figures are computed: PGlite runs on this thread too).
    // Sampled every millisecond: an idle loop reads about 1 ms, a stall its length.
    const loop = monitorEventLoopDelay({ resolution: 1 });
    let loopMaxMs = 0;
    const watchLoop = async <T>(work: () => Promise<T>): Promise<T> => {
      loop.reset();
      loop.enable();
      // The histogram records from its second sample on: a render started in the same tick as
      // enable() would block unseen.
      await new Promise((resolve) => setTimeout(resolve, 10));
      try {
        return await work();
      } finally {
        // One more turn of the loop so that a stall at the very end is recorded.
        await new Promise((resolve) => setTimeout(resolve, 20));
        loop.disable();
        loopMaxMs = Math.max(loopMaxMs, loop.max / 1e6);
      }
    };
    for (let round = 0; round < ROUNDS; round += 1) {
      let mark = performance.now();
      let cpuMark = process.cpuUsage();
      report = await buildIncidentReport(ctx, scope, period, {
        overdueLimit: EXPORT_OVERDUE_LIMIT,
      });
      timings.report.push(performance.now() - mark);
      cpu.report.push(process.cpuUsage(cpuMark).user / 1000);
      mark = performance.now();
      cpuMark = process.cpuUsage();
      const xlsx = await watchLoop(() => render(report, "xlsx"));
      timings.xlsx.push(performance.now() - mark);
      cpu.xlsx.push(process.cpuUsage(cpuMark).user / 1000);
      mark = performance.now();
      cpuMark = process.cpuUsage();
      const pdf = await watchLoop(() => render(report, "pdf"));
      timings.pdf.push(performance.now() - mark);
      cpu.pdf.push(process.cpuUsage(cpuMark).user / 1000);
      sizes = { xlsx: xlsx.byteLength, pdf: pdf.byteLength };
    }

    // The figures must be the generated data's.
    const expected = expectedFigures(incidents, now);
    const { medianAckHours, medianResolveHours, ...counts } = report.totals;
    const { medianAckHours: ack, medianResolveHours: resolve, ...expectedCounts } = expected;
    const countsMatch = JSON.stringify(counts) === JSON.stringify(expectedCounts);
    const mediansMatch =
      Math.abs((medianAckHours ?? 0) - (ack ?? 0)) <= 0.1 &&
      Math.abs((medianResolveHours ?? 0) - (resolve ?? 0)) <= 0.1;
    if (!countsMatch || !mediansMatch) {
      console.error("figures differ from the generated data", { counts, expectedCounts });
      process.exitCode = 1;
    }
    const r = median(timings.report);
    const x = median(timings.xlsx);
    const p = median(timings.pdf);
    console.log(
      `school year ${period.key}: ${report.totals.incidents} incidents, ${report.schools.length} schools, ` +
        `${report.districts.length} districts, overdue ${report.totals.overdue}, police ` +
        `${report.totals.policeReferrals}, median ack ${report.totals.medianAckHours} h, ` +
        `median resolve ${report.totals.medianResolveHours} h; figures check ${countsMatch && mediansMatch ? "ok" : "FAILED"}`,
    );
    console.log(
      `median of ${ROUNDS} rounds: figures ${seconds(r)} s, xlsx ${seconds(x)} s (${Math.round(sizes.xlsx / 1024)} KiB), ` +
        `pdf ${seconds(p)} s (${Math.round(sizes.pdf / 1024)} KiB), whole report ${seconds(r + x + p)} s; ` +
        `cpu of this process (all threads): figures ${seconds(median(cpu.report))} s, xlsx ` +
        `${seconds(median(cpu.xlsx))} s, pdf ${seconds(median(cpu.pdf))} s`,
    );
    console.log(
      `files rendered ${RENDER === "worker" ? "in the render worker" : "on the main thread"}; ` +
        `longest main-thread event-loop stall while rendering: ${loopMaxMs.toFixed(0)} ms`,
    );
    console.log(
      `RESULT incidents=${report.totals.incidents} report_s=${seconds(r)} xlsx_s=${seconds(x)} pdf_s=${seconds(p)} loop_max_ms=${loopMaxMs.toFixed(0)}`,
    );
  } finally {
    await renderer.close();
    ctx.mailer.close();
    await database.close();
  }
}

await main();
