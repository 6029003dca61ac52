/** The evidence chain: every change and every evidence item of an incident is an entry whose
 * hash is SHA-256 over the previous hash, a newline, and the canonical JSON of the entry.
 * The rule is simple on purpose: the police package's README repeats it so that anyone can
 * check a package with standard tools, without SafeClass. */
import { createHash } from "node:crypto";

/** The first entry's previous hash: 64 zeros. */
export const GENESIS_HASH = "0".repeat(64);

/** JSON with object keys sorted (recursively), no spaces; `undefined` members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) return "null";
    return JSON.stringify(value) ?? "null";
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}

export function sha256(value: string | Uint8Array): string {
  return createHash("sha256").update(value).digest("hex");
}

export interface ChainEntry {
  incidentId: string;
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  /** ISO 8601 with milliseconds, UTC. */
  createdAt: string;
}

/** The exact text that is hashed for an entry (after the previous hash and a newline). */
export function entryText(entry: ChainEntry): string {
  return canonicalJson({
    actorId: entry.actorId,
    createdAt: entry.createdAt,
    incidentId: entry.incidentId,
    payload: entry.payload,
    seq: entry.seq,
    type: entry.type,
  });
}

export function entryHash(prevHash: string, entry: ChainEntry): string {
  return sha256(`${prevHash}\n${entryText(entry)}`);
}

/** Hash of an evidence item: the file's bytes, or the canonical JSON of its content. */
export function evidenceHash(item: {
  file: Uint8Array | null;
  content: Record<string, unknown> | null;
}): string {
  if (item.file) return sha256(item.file);
  return sha256(canonicalJson(item.content ?? {}));
}
