/** What a one-tap report from the live class may read of a session: the reported chat message
 * with its neighbours (as stored, with senders, seq and moderation result) and a participant
 * (account, name, join times, IP and device). Only what the reporter could see in the session
 * is returned: a teacher of the class, a manager of the school or a host sees every message; any
 * other participant sees the class's messages and their own private ones; an anonymous reporter
 * only the class's messages (a private message would name them).
 *
 * The incidents feature reads live data through this file only (via index.ts). */
import type { ReportSource } from "../../../shared/incidents.ts";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import type { Actor } from "../accounts/actor.ts";
import { managesSchoolOf, runsClass } from "./live.policy.ts";
import * as repo from "./live.repo.ts";
import * as reportRepo from "./live.report-source.repo.ts";

/** Visible chat messages attached before and after the reported one. */
export const REPORT_NEIGHBOURS = 5;

export interface ReportedMessage {
  seq: number;
  type: "chat.message" | "chat.held";
  at: string;
  from: {
    userId: string | null;
    username: string | null;
    name: string | null;
    role: string | null;
  };
  text: string;
  privateTo: unknown;
  /** "all" (the class) or "hosts" (a private or held message). */
  audience: "all" | "hosts";
  deletedAt: string | null;
  moderation: {
    action: "allow" | "hold";
    reasonKey: string | null;
    categories: string[];
    /** Held messages: "pending", "released" or "removed"; released ones: the held seq. */
    heldState: string | null;
    releasedFrom: number | null;
  };
  reported: boolean;
}

export interface ReportedParticipant {
  userId: string;
  username: string | null;
  name: string;
  role: string;
  studentId: string | null;
  firstJoinedAt: string | null;
  removedAt: string | null;
  visits: Array<{
    joinedAt: string;
    leftAt: string | null;
    ip: string | null;
    userAgent: string | null;
    deviceHash: string | null;
  }>;
}

export type ReportSourceResult =
  | {
      ok: true;
      session: { id: string; classId: string; schoolId: string; title: string; className: string };
      /** Present for a chat message: the window of visible messages, in seq order. */
      messages: ReportedMessage[] | null;
      reportedSeq: number | null;
      /** The reported person: the participant, or the reported message's sender. */
      participant: ReportedParticipant | null;
    }
  | {
      ok: false;
      /** not_found: no such session/message/participant for this reporter; own: reporting
       * oneself; private: an anonymous report about a private message. */
      reason: "not_found" | "own" | "private";
    };

type EventRow = {
  seq: number;
  type: string;
  audience: "all" | "hosts";
  audience_user: string | null;
  actor_id: string | null;
  payload: unknown;
  created_at: Date;
  deleted_at: Date | null;
  held_state: string | null;
  username: string | null;
};

function payloadOf(row: EventRow): Record<string, unknown> {
  return (
    typeof row.payload === "string" ? JSON.parse(row.payload) : (row.payload ?? {})
  ) as Record<string, unknown>;
}

function toMessage(row: EventRow, reportedSeq: number): ReportedMessage {
  const payload = payloadOf(row);
  const from = (payload.from ?? {}) as { userId?: string; name?: string; role?: string };
  const held = row.type === "chat.held";
  const releasedFrom = typeof payload.releasedFrom === "number" ? payload.releasedFrom : null;
  return {
    seq: row.seq,
    type: row.type as ReportedMessage["type"],
    at: row.created_at.toISOString(),
    from: {
      userId: from.userId ?? row.actor_id,
      username: row.username,
      name: from.name ?? null,
      role: from.role ?? null,
    },
    // As stored: a message deleted by the teacher keeps its text for the evidence.
    text: typeof payload.text === "string" ? payload.text : "",
    privateTo: payload.privateTo ?? null,
    audience: row.audience,
    deletedAt: row.deleted_at ? row.deleted_at.toISOString() : null,
    moderation: {
      action: held || releasedFrom !== null ? "hold" : "allow",
      reasonKey: typeof payload.reasonKey === "string" ? payload.reasonKey : null,
      categories: Array.isArray(payload.categories) ? (payload.categories as string[]) : [],
      heldState: row.held_state,
      releasedFrom,
    },
    reported: row.seq === reportedSeq,
  };
}

async function participantOf(
  db: Db,
  sessionId: string,
  userId: string,
): Promise<ReportedParticipant | null> {
  const participant = await repo.findParticipant(db, sessionId, userId);
  if (!participant) return null;
  const [name, username, visits] = await Promise.all([
    repo.rosterName(db, userId),
    repo.findUsername(db, userId),
    reportRepo.participantVisits(db, sessionId, userId),
  ]);
  return {
    userId,
    username: username ?? null,
    name,
    role: participant.role,
    studentId: participant.student_id,
    firstJoinedAt: participant.first_joined_at ? participant.first_joined_at.toISOString() : null,
    removedAt: participant.removed_at ? participant.removed_at.toISOString() : null,
    visits: visits.map((visit) => ({
      joinedAt: visit.joined_at.toISOString(),
      leftAt: visit.left_at ? visit.left_at.toISOString() : null,
      ip: visit.ip,
      userAgent: visit.user_agent,
      deviceHash: visit.device_hash,
    })),
  };
}

/** Reads what a report about `source` attaches, as `actor` could see it in the session. */
export async function readReportSource(
  ctx: AppContext,
  actor: Actor,
  source: ReportSource,
  options: { anonymous: boolean },
): Promise<ReportSourceResult> {
  const db = ctx.db;
  const session = await repo.findSession(db, source.sessionId);
  if (!session) return { ok: false, reason: "not_found" };
  const self = await repo.findParticipant(db, session.id, actor.userId);
  const staff =
    (await runsClass(ctx, actor.userId, session.class_id)) || managesSchoolOf(actor, session);
  // Only someone who was in the class (admitted and joined) saw its chat and people.
  const wasIn = Boolean(self && (self.first_joined_at || self.role === "host"));
  if (!staff && !wasIn) return { ok: false, reason: "not_found" };
  const view: reportRepo.ChatView =
    !options.anonymous && (staff || self?.role === "host")
      ? { kind: "hosts" }
      : { kind: "participant", userId: actor.userId, publicOnly: options.anonymous };
  const summary = {
    id: session.id,
    classId: session.class_id,
    schoolId: session.school_id,
    title: session.title,
    className: session.class_name,
  };

  if (source.kind === "participant") {
    if (source.userId === actor.userId) return { ok: false, reason: "own" };
    const participant = await participantOf(db, session.id, source.userId);
    if (!participant) return { ok: false, reason: "not_found" };
    return { ok: true, session: summary, messages: null, reportedSeq: null, participant };
  }

  const target = (await reportRepo.visibleChatEvent(db, session.id, view, source.seq)) as
    EventRow | undefined;
  if (!target) {
    // An anonymous reporter asking about a private message they could see: say why.
    if (options.anonymous) {
      const own = (await reportRepo.visibleChatEvent(
        db,
        session.id,
        { kind: "participant", userId: actor.userId, publicOnly: false },
        source.seq,
      )) as EventRow | undefined;
      if (own) return { ok: false, reason: own.actor_id === actor.userId ? "own" : "private" };
    }
    return { ok: false, reason: "not_found" };
  }
  if (target.actor_id === actor.userId) return { ok: false, reason: "own" };
  const [before, after] = await Promise.all([
    reportRepo.visibleChatBeside(db, session.id, view, source.seq, "before", REPORT_NEIGHBOURS),
    reportRepo.visibleChatBeside(db, session.id, view, source.seq, "after", REPORT_NEIGHBOURS),
  ]);
  const rows = [...(before as EventRow[]).reverse(), target, ...(after as EventRow[])];
  const messages = rows.map((row) => toMessage(row, source.seq));
  const reported = messages.find((message) => message.reported)!;
  const participant = reported.from.userId
    ? await participantOf(db, session.id, reported.from.userId)
    : null;
  return { ok: true, session: summary, messages, reportedSeq: source.seq, participant };
}
