/** Checks an incident's chain: every entry's previous hash and hash, the sequence, every
 * evidence item's bytes against its recorded hash, and the incident's current state against the
 * state the last entry recorded. Names the first entry (or evidence item) that was altered. */
import type { ChainVerification } from "../../../shared/incidents.ts";
import type { Db } from "../../db/database.ts";
import { entryHash, evidenceHash, GENESIS_HASH } from "./incidents.chain.ts";
import * as repo from "./incidents.repo.ts";

export async function verifyIncidentChain(db: Db, incidentId: string): Promise<ChainVerification> {
  const events = await repo.listEvents(db, incidentId);
  const evidence = await repo.listEvidenceFull(db, incidentId);
  const incident = await repo.findIncident(db, incidentId);
  const result = (firstBad: ChainVerification["firstBad"]): ChainVerification => ({
    ok: firstBad === null,
    entries: events.length,
    evidence: evidence.length,
    headHash: events.at(-1)?.hash ?? null,
    firstBad,
  });
  const evidenceById = new Map(evidence.map((item) => [item.id, item]));
  const chained = new Set<string>();
  let prev = GENESIS_HASH;
  for (const [index, event] of events.entries()) {
    const seq = event.seq;
    const bad = (reason: string, evidenceId: string | null = null) =>
      result({ kind: evidenceId ? "evidence" : "event", seq, evidenceId, reason });
    if (seq !== index + 1) return bad("sequence_gap");
    if (event.prev_hash !== prev) return bad("previous_hash_mismatch");
    const expected = entryHash(prev, {
      incidentId: event.incident_id,
      seq,
      type: event.type,
      payload: event.payload,
      actorId: event.actor_id,
      createdAt: event.created_at.toISOString(),
    });
    if (expected !== event.hash) return bad("hash_mismatch");
    if (event.type === "evidence.added") {
      const evidenceId = String(event.payload.evidenceId);
      const item = evidenceById.get(evidenceId);
      if (!item) return bad("evidence_missing", evidenceId);
      chained.add(evidenceId);
      const digest = evidenceHash({ file: item.file, content: item.content });
      if (digest !== event.payload.sha256 || digest !== item.sha256) {
        return bad("evidence_altered", evidenceId);
      }
    }
    prev = event.hash;
  }
  const unchained = evidence.find((item) => !chained.has(item.id));
  if (unchained) {
    return result({
      kind: "evidence",
      seq: null,
      evidenceId: unchained.id,
      reason: "not_in_chain",
    });
  }
  const last = events.at(-1);
  if (incident && last) {
    const state = last.payload.state as Record<string, unknown> | undefined;
    const current = {
      status: incident.status,
      level: incident.level,
      severity: incident.severity,
      category: incident.category,
      assignedTo: incident.assigned_to,
    };
    for (const [field, value] of Object.entries(current)) {
      if (state?.[field] !== value) {
        return result({ kind: "state", seq: last.seq, evidenceId: null, reason: `state_${field}` });
      }
    }
    const opened = events[0]!;
    if (
      opened.payload.title !== incident.title ||
      opened.payload.description !== incident.description
    ) {
      return result({ kind: "state", seq: 1, evidenceId: null, reason: "state_text" });
    }
  }
  return result(null);
}
