import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfText } from "../../testing/pdf-text.ts";
import {
  multipartFile,
  startTestServer,
  type TestClient,
  type TestServer,
} from "../../testing/harness.ts";
import { verifyEvidence } from "./incidents.cli.ts";

let t: TestServer;
let principal: TestClient;
let teacher: TestClient;
let incidentId: string;

const PNG = Buffer.concat([
  Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex"),
  Buffer.from("0000000d49444154789c6360000002000100e221bc330000000049454e44ae426082", "hex"),
]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

const upload = (client: TestClient, id: string, filename: string, bytes: Buffer, type?: string) => {
  const form = multipartFile(filename, bytes, type ? { type } : {});
  return client.request("POST", `/api/incidents/${id}/evidence`, form.body, form.headers);
};

beforeAll(async () => {
  t = await startTestServer();
  principal = await t.login("ht.vominhduc");
  teacher = await t.login("gv.lan");
  const vmd = await t.orgId("THPT-VMD");
  const classRow = await t.ctx.db
    .selectFrom("classes")
    .select("id")
    .where("name", "=", "10A1")
    .where("school_id", "=", vmd)
    .executeTakeFirstOrThrow();
  const created = await teacher.post("/api/incidents", {
    classId: classRow.id,
    category: "offensive_content",
    severity: "high",
    title: "Tin nhắn phản cảm, xúc phạm giáo viên",
    description:
      "Tài khoản lạ gửi nội dung thô tục: “đồ ngốc”, kèm đường dẫn lạ. Học sinh hoảng sợ.",
    studentIds: [await t.studentId("VMD1001")],
  });
  incidentId = created.body.incident.id;
});
afterAll(async () => {
  await t?.close();
});

describe("POST /api/incidents/:id/evidence", () => {
  it("accepts images and PDF by their bytes and stores them under server-made names", async () => {
    const image = await upload(teacher, incidentId, "ảnh chụp màn hình.png", PNG, "image/png");
    expect(image.status).toBe(201);
    expect(image.body.evidence.mime).toBe("image/png");
    // A PDF sent with a misleading name and type is recognised by its bytes.
    const pdf = await upload(teacher, incidentId, "bien-ban.txt", PDF, "text/plain");
    expect(pdf.status).toBe(201);
    expect(pdf.body.evidence.mime).toBe("application/pdf");
    const rows = await t.ctx.db
      .selectFrom("evidence")
      .selectAll()
      .where("incident_id", "=", incidentId)
      .execute();
    const stored = rows.filter((row) => row.kind === "file");
    expect(stored.map((row) => row.original_name)).toEqual([
      "ảnh chụp màn hình.png",
      "bien-ban.txt",
    ]);
    for (const row of stored) expect(row.stored_name).toMatch(/^[0-9a-f]{24}\.(png|pdf)$/);
    const download = await principal.get(
      `/api/incidents/${incidentId}/evidence/${image.body.evidence.id}`,
    );
    expect(download.status).toBe(200);
    expect(download.raw.equals(PNG)).toBe(true);
    expect(download.headers["content-disposition"]).toContain(".png");
  });

  it("refuses the wrong type, path tricks, empty and oversized files with a clear message", async () => {
    const countFiles = async () =>
      (
        await t.ctx.db
          .selectFrom("evidence")
          .select("id")
          .where("incident_id", "=", incidentId)
          .where("kind", "=", "file")
          .execute()
      ).length;
    const before = await countFiles();
    const html = await upload(
      teacher,
      incidentId,
      "photo.png",
      Buffer.from("<html><script>alert(1)</script></html>"),
      "image/png",
    );
    expect(html.status).toBe(400);
    expect(html.body.error.code).toBe("bad_file");
    expect(html.body.error.message).toContain("PDF");
    for (const name of ["../../etc/passwd.png", "..\\boot.png", "a/b.png", ".htaccess"]) {
      const tricky = await upload(teacher, incidentId, name, PNG);
      expect(tricky.status, name).toBe(400);
      expect(tricky.body.error.issues[0].field).toBe("file");
    }
    const empty = await upload(teacher, incidentId, "empty.png", Buffer.alloc(0));
    expect(empty.status).toBe(400);
    const big = await upload(
      teacher,
      incidentId,
      "big.pdf",
      Buffer.concat([PDF, Buffer.alloc(8 * 1024 * 1024)]),
    );
    expect(big.status).toBe(400);
    expect(big.body.error.message).toContain("8 MB");
    const huge = await upload(
      teacher,
      incidentId,
      "huge.pdf",
      Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]),
    );
    expect(huge.status).toBe(413);
    const notMultipart = await teacher.post(`/api/incidents/${incidentId}/evidence`, { file: "x" });
    expect(notMultipart.status).toBe(415);
    expect(await countFiles()).toBe(before);
  });
});

describe("evidence hash chain", () => {
  it("verifies an intact chain through the API and the CLI", async () => {
    await principal.post(`/api/incidents/${incidentId}/transition`, {
      to: "acknowledged",
      reason: "Tiếp nhận",
    });
    const response = await principal.get(`/api/incidents/${incidentId}/verify`);
    expect(response.body).toMatchObject({ ok: true, firstBad: null });
    expect(response.body.entries).toBeGreaterThanOrEqual(4);
    const lines: string[] = [];
    const report = await verifyEvidence(t.ctx.db, [], (line) => lines.push(line));
    expect(report.altered).toEqual([]);
    expect(lines.join("\n")).toContain("hợp lệ");
  });

  it("refuses deletes and in-place edits of the chain and evidence", async () => {
    await expect(
      sql`delete from evidence where incident_id = ${incidentId}`.execute(t.ctx.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from incidents where id = ${incidentId}`.execute(t.ctx.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`update incident_events set payload = '{}'::jsonb where incident_id = ${incidentId}`.execute(
        t.ctx.db,
      ),
    ).rejects.toThrow(/append-only/);
  });

  it("names the first altered entry when a stored row is changed behind SafeClass's back", async () => {
    // A database administrator disables the guard and edits the reason of entry #… .
    const target = await t.ctx.db
      .selectFrom("incident_events")
      .select(["seq"])
      .where("incident_id", "=", incidentId)
      .where("type", "=", "status.acknowledged")
      .executeTakeFirstOrThrow();
    await sql`alter table incident_events disable trigger incident_events_append_only`.execute(
      t.ctx.db,
    );
    await sql`update incident_events set payload = jsonb_set(payload, '{reason}', '"Không có gì"')
      where incident_id = ${incidentId} and seq = ${target.seq}`.execute(t.ctx.db);
    await sql`alter table incident_events enable trigger incident_events_append_only`.execute(
      t.ctx.db,
    );

    const response = await principal.get(`/api/incidents/${incidentId}/verify`);
    expect(response.body.ok).toBe(false);
    expect(response.body.firstBad).toMatchObject({
      kind: "event",
      seq: target.seq,
      reason: "hash_mismatch",
    });
    const lines: string[] = [];
    const number = (await principal.get(`/api/incidents/${incidentId}`)).body.incident.number;
    const report = await verifyEvidence(t.ctx.db, [`#${number}`], (line) => lines.push(line));
    expect(report.altered).toEqual([
      expect.objectContaining({
        id: incidentId,
        where: `entry #${target.seq}`,
        reason: "hash_mismatch",
      }),
    ]);
    expect(lines.join("\n")).toContain("BỊ THAY ĐỔI");

    // Put it back: the chain is intact again.
    await sql`alter table incident_events disable trigger incident_events_append_only`.execute(
      t.ctx.db,
    );
    await sql`update incident_events set payload = jsonb_set(payload, '{reason}', '"Tiếp nhận"')
      where incident_id = ${incidentId} and seq = ${target.seq}`.execute(t.ctx.db);
    await sql`alter table incident_events enable trigger incident_events_append_only`.execute(
      t.ctx.db,
    );
    expect((await principal.get(`/api/incidents/${incidentId}/verify`)).body.ok).toBe(true);
  });

  it("detects an altered evidence file and a status changed outside the chain", async () => {
    const file = await t.ctx.db
      .selectFrom("evidence")
      .select(["id", "file"])
      .where("incident_id", "=", incidentId)
      .where("kind", "=", "file")
      .orderBy("created_at")
      .executeTakeFirstOrThrow();
    const forged = Buffer.from(file.file!);
    forged[forged.length - 1] = forged[forged.length - 1]! ^ 0xff;
    await sql`alter table evidence disable trigger evidence_append_only`.execute(t.ctx.db);
    await sql`update evidence set file = ${forged} where id = ${file.id}`.execute(t.ctx.db);
    const response = await principal.get(`/api/incidents/${incidentId}/verify`);
    expect(response.body.firstBad).toMatchObject({
      kind: "evidence",
      evidenceId: file.id,
      reason: "evidence_altered",
    });
    await sql`update evidence set file = ${Buffer.from(file.file!)} where id = ${file.id}`.execute(
      t.ctx.db,
    );
    await sql`alter table evidence enable trigger evidence_append_only`.execute(t.ctx.db);

    await sql`update incidents set status = 'closed' where id = ${incidentId}`.execute(t.ctx.db);
    const state = await principal.get(`/api/incidents/${incidentId}/verify`);
    expect(state.body.firstBad).toMatchObject({ kind: "state", reason: "state_status" });
    await sql`update incidents set status = 'acknowledged' where id = ${incidentId}`.execute(
      t.ctx.db,
    );
    expect((await principal.get(`/api/incidents/${incidentId}/verify`)).body.ok).toBe(true);
  });
});

describe("police handover package", () => {
  it("records the referral and produces a Vietnamese PDF whose text survives extraction", async () => {
    const referral = await principal.post(`/api/incidents/${incidentId}/police`, {
      agency: "Công an phường Phú Cường",
      officer: "Thượng úy Đặng Thị Hương",
      caseNumber: "PC02-158/2026",
      referredOn: "2026-04-14",
    });
    expect(referral.status).toBe(200);
    const badDate = await principal.post(`/api/incidents/${incidentId}/police`, {
      agency: "Công an",
      officer: "Cán bộ",
      caseNumber: "1",
      referredOn: "14/04/2026",
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.issues[0]).toMatchObject({ field: "referredOn" });

    const pdf = await principal.get(`/api/incidents/${incidentId}/package.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.raw.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf.raw);
    for (const phrase of [
      "HỒ SƠ BÀN GIAO SỰ CỐ AN TOÀN LỚP HỌC TRỰC TUYẾN",
      "Tin nhắn phản cảm, xúc phạm giáo viên",
      "Nội dung xúc phạm, phản giáo dục",
      "Công an phường Phú Cường",
      "Thượng úy Đặng Thị Hương",
      "PC02-158/2026",
      "Chuỗi bằng chứng hợp lệ",
      "Nguyễn Thị Lan",
    ]) {
      expect(text.normalize("NFC"), phrase).toContain(phrase);
    }
    const evidence = await t.ctx.db
      .selectFrom("evidence")
      .select("sha256")
      .where("incident_id", "=", incidentId)
      .execute();
    expect(text).toContain(evidence[0]!.sha256);
  });

  it("produces a ZIP that verifies with sha256sum and the chain rule, without SafeClass", async () => {
    const zip = await principal.get(`/api/incidents/${incidentId}/package.zip`);
    expect(zip.status).toBe(200);
    const archive = await JSZip.loadAsync(zip.raw);
    const names = Object.keys(archive.files);
    expect(names).toEqual(
      expect.arrayContaining([
        "README.txt",
        "manifest.json",
        "chain.json",
        "SHA256SUMS",
        "verify_chain.py",
      ]),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sc-zip-"));
    for (const name of names) {
      const entry = archive.file(name);
      if (!entry) continue;
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), await entry.async("nodebuffer"));
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    expect(manifest.police.caseNumber).toBe("PC02-158/2026");
    expect(manifest.evidence.length).toBeGreaterThanOrEqual(2);
    expect(execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: dir }).toString()).not.toContain(
      "FAILED",
    );
    expect(execFileSync("python3", ["verify_chain.py"], { cwd: dir }).toString()).toContain("OK:");
    // Change one evidence file: both checks fail, naming it.
    const first = manifest.evidence.find((item: { kind: string }) => item.kind === "file");
    fs.appendFileSync(path.join(dir, first.file), "x");
    const sums = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: dir });
    expect(sums.status).not.toBe(0);
    const chain = spawnSync("python3", ["verify_chain.py"], { cwd: dir });
    expect(chain.status).toBe(1);
    expect(chain.stdout.toString()).toContain(first.file);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
