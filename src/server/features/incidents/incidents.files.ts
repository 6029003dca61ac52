/** Evidence uploads: the type is decided by the bytes (magic numbers), never by the name or the
 * declared content type; names are sanitised for display and the stored name is made here. */
import { randomBytes } from "node:crypto";
import { EVIDENCE_MAX_BYTES } from "../../../shared/incidents.ts";
import { AppError } from "../../http/errors.ts";

const signatures: Array<{ mime: string; ext: string; test: (bytes: Buffer) => boolean }> = [
  {
    mime: "image/png",
    ext: "png",
    test: (b) =>
      b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { mime: "image/jpeg", ext: "jpg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: "image/gif",
    ext: "gif",
    test: (b) => ["GIF87a", "GIF89a"].includes(b.subarray(0, 6).toString("latin1")),
  },
  {
    mime: "image/webp",
    ext: "webp",
    test: (b) =>
      b.subarray(0, 4).toString("latin1") === "RIFF" &&
      b.subarray(8, 12).toString("latin1") === "WEBP",
  },
  {
    mime: "application/pdf",
    ext: "pdf",
    test: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-",
  },
];

export function sniffType(bytes: Buffer): { mime: string; ext: string } | null {
  if (bytes.length < 12) return null;
  const found = signatures.find((signature) => signature.test(bytes));
  return found ? { mime: found.mime, ext: found.ext } : null;
}

const fileIssue = (messageKey: string, params?: Record<string, string | number>) =>
  new AppError("bad_file", 400, messageKey, {
    issues: [{ field: "file", messageKey, ...(params ? { params } : {}) }],
    ...(params ? { params } : {}),
  });

/** Refuses names with path tricks (separators, "..", control characters); otherwise returns
 * a display name without anything a file system or a shell would interpret. */
export function checkOriginalName(name: string | undefined): string {
  const raw = (name ?? "").normalize("NFC");
  if (
    raw.length === 0 ||
    raw.length > 200 ||
    /[/\\]/.test(raw) ||
    raw.includes("..") ||
    [...raw].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f) ||
    raw.startsWith(".")
  ) {
    throw fileIssue("incidents.fileBadName");
  }
  return raw.replace(/[<>:"|?*]/g, "_");
}

/** Validates an uploaded file; returns its type and a server-made name. */
export function checkEvidenceFile(bytes: Buffer, name: string | undefined) {
  const originalName = checkOriginalName(name);
  if (bytes.length === 0) throw fileIssue("incidents.fileEmpty");
  if (bytes.length > EVIDENCE_MAX_BYTES) {
    throw fileIssue("incidents.fileTooLarge", {
      max: Math.round(EVIDENCE_MAX_BYTES / 1024 / 1024),
    });
  }
  const type = sniffType(bytes);
  if (!type) throw fileIssue("incidents.fileType");
  const storedName = `${randomBytes(12).toString("hex")}.${type.ext}`;
  return { mime: type.mime, originalName, storedName };
}
