/** The police handover package: a PDF in Vietnamese (summary, timeline, evidence list with
 * hashes) and a ZIP with the evidence files, a JSON manifest, the chain, SHA256SUMS, a README
 * and a small verification script, so that the package can be checked without SafeClass. */
import path from "node:path";
import { createRequire } from "node:module";
import JSZip from "jszip";
import PDFDocument from "pdfkit";
import type { AppContext } from "../../context.ts";
import { translate } from "../../i18n/i18n.ts";
import { canonicalJson, GENESIS_HASH, sha256 } from "./incidents.chain.ts";
import * as repo from "./incidents.repo.ts";
import { verifyIncidentChain } from "./incidents.verify.ts";

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const FONT_REGULAR = path.join(fontDir, "DejaVuSans.ttf");
const FONT_BOLD = path.join(fontDir, "DejaVuSans-Bold.ttf");

const vi = (key: string, params: Record<string, string | number> = {}) =>
  translate("vi", key, params);

/** Vietnamese date and time in Vietnam's time zone. */
function when(date: Date | null | undefined): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat("vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh",
    dateStyle: "short",
    timeStyle: "medium",
  }).format(date);
}

async function loadPackageData(ctx: AppContext, incidentId: string) {
  const incident = (await repo.findIncident(ctx.db, incidentId))!;
  const [events, evidence, students, verification] = await Promise.all([
    repo.listEvents(ctx.db, incidentId),
    repo.listEvidenceFull(ctx.db, incidentId),
    repo.listIncidentStudents(ctx.db, incidentId),
    verifyIncidentChain(ctx.db, incidentId),
  ]);
  const reporter = incident.anonymous
    ? vi("incidents.anonymous")
    : incident.source === "automatic"
      ? vi("incidents.system")
      : ((await repo.findUserName(ctx.db, incident.reporter_id!))?.display_name ?? "?");
  const files = evidence.map((item, index) => {
    const number = String(index + 1).padStart(2, "0");
    const name = item.file
      ? `evidence/${number}-${item.stored_name ?? `${item.id}.bin`}`
      : `evidence/${number}-${item.kind}.json`;
    const bytes = item.file
      ? Buffer.from(item.file)
      : Buffer.from(canonicalJson(item.content ?? {}));
    return { item, name, bytes };
  });
  return { incident, events, files, students, verification, reporter };
}

function eventLabel(type: string, payload: Record<string, unknown>): string {
  const key = `incidents.event.${type}`;
  const label = vi(key);
  const parts = [label === key ? type : label];
  if (typeof payload.reason === "string") parts.push(`Lý do: ${payload.reason}`);
  if (typeof payload.body === "string") parts.push(`“${payload.body}”`);
  if (type === "incident.escalated") parts.push(`→ ${vi(`incidents.level.${String(payload.to)}`)}`);
  if (type === "evidence.added")
    parts.push(`${String(payload.kind)} · ${String(payload.sha256).slice(0, 16)}…`);
  if (typeof payload.outcome === "string") parts.push(`Kết quả: ${payload.outcome}`);
  return parts.join(" — ");
}

export async function buildPolicePdf(ctx: AppContext, incidentId: string): Promise<Buffer> {
  const data = await loadPackageData(ctx, incidentId);
  return renderPdf(data, ctx.now());
}

function renderPdf(data: Awaited<ReturnType<typeof loadPackageData>>, now: Date): Promise<Buffer> {
  const { incident, events, files, students, verification, reporter } = data;
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margin: 50,
      info: {
        Title: `Hồ sơ sự cố #${incident.number}`,
        Author: "SafeClass",
        Creator: "SafeClass",
      },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.registerFont("regular", FONT_REGULAR);
    doc.registerFont("bold", FONT_BOLD);
    const heading = (text: string) => {
      doc.moveDown(0.8).font("bold").fontSize(12).fillColor("#1d3b6e").text(text);
      doc.moveDown(0.3).font("regular").fontSize(10).fillColor("#000000");
    };
    const field = (label: string, value: string) => {
      doc.font("bold").text(`${label}: `, { continued: true }).font("regular").text(value);
    };
    doc.font("bold").fontSize(10).text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { align: "center" });
    doc.font("regular").text("Độc lập – Tự do – Hạnh phúc", { align: "center" });
    doc.moveDown(1);
    doc
      .font("bold")
      .fontSize(15)
      .text("HỒ SƠ BÀN GIAO SỰ CỐ AN TOÀN LỚP HỌC TRỰC TUYẾN", { align: "center" });
    doc
      .font("regular")
      .fontSize(10)
      .text(`Sự cố số #${incident.number} · Lập lúc ${when(now)}`, {
        align: "center",
      });

    heading("1. Tóm tắt vụ việc");
    field("Tiêu đề", incident.title);
    field("Đơn vị", incident.school_name);
    field("Lớp", incident.class_name ?? "—");
    field("Phân loại", vi(`incidents.category.${incident.category}`));
    field("Mức độ", vi(`incidents.severity.${incident.severity}`));
    field("Trạng thái", vi(`incidents.status.${incident.status}`));
    field("Cấp xử lý", vi(`incidents.level.${incident.level}`));
    field("Nguồn", incident.source === "automatic" ? "Hệ thống tự động ghi nhận" : "Báo cáo");
    field("Người báo cáo", reporter);
    field("Thời điểm ghi nhận", when(incident.created_at));
    if (incident.rule_ref) field("Điều khoản quy chế", incident.rule_ref);
    if (incident.description) {
      doc.moveDown(0.3).font("bold").text("Mô tả:").font("regular").text(incident.description);
    }
    if (students.length > 0) {
      doc.moveDown(0.3).font("bold").text("Học sinh liên quan:").font("regular");
      for (const student of students)
        doc.text(`• ${student.full_name} (mã ${student.student_code})`);
    }
    if (incident.outcome) {
      doc.moveDown(0.3);
      field("Kết quả xử lý", incident.outcome);
      field(
        "Biện pháp",
        (incident.actions ?? []).map((action) => vi(`incidents.action.${action}`)).join("; ") ||
          "—",
      );
    }

    heading("2. Chuyển cơ quan công an");
    if (incident.police_agency) {
      field("Cơ quan", incident.police_agency);
      field("Cán bộ tiếp nhận", incident.police_officer ?? "—");
      field("Số hồ sơ", incident.police_case_number ?? "—");
      field("Ngày chuyển", incident.police_referred_on ?? "—");
    } else {
      doc.text("Chưa ghi nhận thông tin chuyển cơ quan công an.");
    }

    heading("3. Diễn biến (theo chuỗi bằng chứng)");
    for (const event of events) {
      doc
        .font("bold")
        .text(
          `#${event.seq} · ${when(event.created_at)} · ${event.actor_name ?? (event.type === "message.from_reporter" || (event.seq === 1 && incident.anonymous) ? vi("incidents.anonymous") : vi("incidents.system"))}`,
        )
        .font("regular")
        .text(eventLabel(event.type, event.payload));
      doc
        .fontSize(7)
        .fillColor("#555555")
        .text(`SHA-256: ${event.hash}`)
        .fontSize(10)
        .fillColor("#000000");
    }

    heading("4. Danh mục bằng chứng");
    if (files.length === 0) doc.text("Không có bằng chứng đính kèm.");
    for (const { item, name } of files) {
      doc
        .font("bold")
        .text(`${name}`)
        .font("regular")
        .text(
          `Loại: ${item.kind} · ${item.mime ?? ""} · ${item.size} byte · thêm lúc ${when(item.created_at)}` +
            (item.original_name ? ` · tên gốc: ${item.original_name}` : ""),
        );
      doc
        .fontSize(7)
        .fillColor("#555555")
        .text(`SHA-256: ${item.sha256}`)
        .fontSize(10)
        .fillColor("#000000");
    }

    heading("5. Kiểm tra tính toàn vẹn");
    doc.text(
      verification.ok
        ? `Chuỗi bằng chứng hợp lệ: ${verification.entries} mục, ${verification.evidence} bằng chứng.`
        : `CẢNH BÁO: chuỗi bằng chứng bị thay đổi tại mục ${verification.firstBad?.seq ?? verification.firstBad?.evidenceId} (${verification.firstBad?.reason}).`,
    );
    field("Mã băm cuối chuỗi (SHA-256)", verification.headHash ?? "—");
    doc.text(
      "Quy tắc: hash(n) = SHA-256(hash(n−1) + xuống dòng + JSON chuẩn hóa của mục n); hash(0) gồm 64 số 0. " +
        "Tệp ZIP kèm theo chứa chuỗi (chain.json), danh mục (manifest.json), SHA256SUMS và hướng dẫn kiểm tra (README.txt).",
    );
    doc.end();
  });
}

const README = (
  number: number,
  headHash: string | null,
) => `SafeClass — Hồ sơ bàn giao sự cố #${number}
(English below)

NỘI DUNG
  ho-so-su-co-${number}.pdf   Tóm tắt, diễn biến, danh mục bằng chứng (tiếng Việt)
  manifest.json              Thông tin sự cố và danh mục bằng chứng kèm SHA-256
  chain.json                 Chuỗi bằng chứng: mọi thay đổi và mọi bằng chứng, theo thứ tự
  evidence/                  Các tệp bằng chứng (ảnh, PDF; nội dung JSON chuẩn hóa)
  SHA256SUMS                 Mã băm SHA-256 của mọi tệp trên
  verify_chain.py            Chương trình kiểm tra chuỗi (Python 3, không cần thư viện ngoài)

KIỂM TRA (không cần SafeClass)
  1. Giải nén, mở cửa sổ dòng lệnh trong thư mục này, chạy:
        sha256sum -c SHA256SUMS
     Mọi dòng phải báo "OK". Mã băm của từng bằng chứng cũng có trong manifest.json và chain.json.
  2. Kiểm tra chuỗi:
        python3 verify_chain.py
     Quy tắc của chuỗi:
        hash(0) = 64 ký tự "0"
        hash(n) = SHA-256( hash(n-1) + "\\n" + JSON(mục n) )
     trong đó JSON(mục n) là JSON UTF-8 không có khoảng trắng, khóa sắp xếp theo thứ tự
     chữ cái, của đối tượng {actorId, createdAt, incidentId, payload, seq, type} của mục.
     Mục "evidence.added" ghi SHA-256 của tệp bằng chứng tương ứng.
  3. Mã băm cuối chuỗi: ${headHash ?? "—"}
     So sánh với mã băm in trong tệp PDF và với mã do nhà trường cung cấp.

CONTENTS AND CHECKING (English)
  Run "sha256sum -c SHA256SUMS" (every line must say OK), then "python3 verify_chain.py".
  Chain rule: hash(0) = 64 zeros; hash(n) = SHA-256(hash(n-1) + "\\n" + canonical JSON of
  {actorId, createdAt, incidentId, payload, seq, type}), keys sorted, no whitespace, UTF-8.
  "evidence.added" entries carry the SHA-256 of the evidence file they add.
  Head hash: ${headHash ?? "—"}
`;

const VERIFY_SCRIPT = `#!/usr/bin/env python3
"""Checks chain.json and the evidence files of a SafeClass incident package."""
import hashlib, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
chain = json.load(open(os.path.join(here, "chain.json"), encoding="utf-8"))
manifest = json.load(open(os.path.join(here, "manifest.json"), encoding="utf-8"))
files = {item["id"]: item for item in manifest["evidence"]}

def canonical(value):
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

prev = "0" * 64
for index, entry in enumerate(chain):
    body = {k: entry[k] for k in ("actorId", "createdAt", "incidentId", "payload", "seq", "type")}
    digest = hashlib.sha256((prev + "\\n" + canonical(body)).encode("utf-8")).hexdigest()
    if entry["seq"] != index + 1 or entry["prevHash"] != prev or entry["hash"] != digest:
        print("ALTERED: chain entry", entry["seq"])
        sys.exit(1)
    if entry["type"] == "evidence.added":
        item = files.get(entry["payload"]["evidenceId"])
        if item is None:
            print("MISSING: evidence", entry["payload"]["evidenceId"])
            sys.exit(1)
        data = open(os.path.join(here, item["file"]), "rb").read()
        if hashlib.sha256(data).hexdigest() != entry["payload"]["sha256"]:
            print("ALTERED: evidence", item["file"], "(chain entry", entry["seq"], ")")
            sys.exit(1)
    prev = entry["hash"]
print("OK:", len(chain), "entries; head", prev)
`;

export async function buildPoliceZip(ctx: AppContext, incidentId: string): Promise<Buffer> {
  const data = await loadPackageData(ctx, incidentId);
  const { incident, events, files, students, verification } = data;
  const now = ctx.now();
  const pdf = await renderPdf(data, now);
  const chain = events.map((event) => ({
    seq: event.seq,
    type: event.type,
    incidentId: event.incident_id,
    actorId: event.actor_id,
    actorName: event.actor_name,
    createdAt: event.created_at.toISOString(),
    payload: event.payload,
    prevHash: event.prev_hash,
    hash: event.hash,
  }));
  const manifest = {
    format: "safeclass-incident-package/1",
    generatedAt: now.toISOString(),
    incident: {
      id: incident.id,
      number: incident.number,
      title: incident.title,
      description: incident.description,
      category: incident.category,
      severity: incident.severity,
      status: incident.status,
      level: incident.level,
      source: incident.source,
      anonymous: incident.anonymous,
      school: incident.school_name,
      class: incident.class_name,
      createdAt: incident.created_at.toISOString(),
      resolvedAt: incident.resolved_at?.toISOString() ?? null,
      outcome: incident.outcome,
      actions: incident.actions,
      students: students.map((student) => ({
        name: student.full_name,
        code: student.student_code,
      })),
    },
    police: incident.police_agency
      ? {
          agency: incident.police_agency,
          officer: incident.police_officer,
          caseNumber: incident.police_case_number,
          referredOn: incident.police_referred_on,
        }
      : null,
    evidence: files.map(({ item, name }) => ({
      id: item.id,
      kind: item.kind,
      file: name,
      sha256: item.sha256,
      size: item.size,
      mime: item.mime,
      originalName: item.original_name,
      createdAt: item.created_at.toISOString(),
    })),
    chain: {
      file: "chain.json",
      entries: chain.length,
      genesis: GENESIS_HASH,
      headHash: verification.headHash,
      verifiedAtExport: verification.ok,
      rule: "hash(n) = sha256(hash(n-1) + '\\n' + canonical_json({actorId, createdAt, incidentId, payload, seq, type}))",
    },
  };
  const zip = new JSZip();
  const pdfName = `ho-so-su-co-${incident.number}.pdf`;
  const entries: Array<[string, Buffer]> = [
    [pdfName, pdf],
    ["manifest.json", Buffer.from(JSON.stringify(manifest, null, 2))],
    ["chain.json", Buffer.from(JSON.stringify(chain, null, 2))],
    ...files.map(({ name, bytes }) => [name, bytes] as [string, Buffer]),
  ];
  for (const [name, bytes] of entries) zip.file(name, bytes, { date: now });
  zip.file(
    "SHA256SUMS",
    entries.map(([name, bytes]) => `${sha256(bytes)}  ${name}`).join("\n") + "\n",
    { date: now },
  );
  zip.file("README.txt", README(incident.number, verification.headHash), { date: now });
  zip.file("verify_chain.py", VERIFY_SCRIPT, { date: now, unixPermissions: 0o755 });
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", platform: "UNIX" });
}
