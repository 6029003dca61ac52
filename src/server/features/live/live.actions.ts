/** Every state change of a live class is a named action: one transaction, the events stored
 * with their seq inside it, published only after commit. Refusals are `LiveRefusal`s. */
import type {
  ChatAuthor,
  ChatMode,
  LiveEventBody,
  ParticipantRole,
  RefusalReason,
} from "../../../shared/live-protocol.ts";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { AppError } from "../../http/errors.ts";
import { translate } from "../../i18n/i18n.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import {
  moderateMessage,
  schoolModerationPolicy,
  type ModerationDecision,
} from "../moderation/index.ts";
import { recordSecurityEvent, type SecurityEventInput } from "../security-events.ts";
import { doorRoom, hubFor } from "./live.hub.ts";
import { rebindLinkDevice } from "./live.links.repo.ts";
import * as repo from "./live.repo.ts";
import type { Envelope, SessionRow } from "./live.repo.ts";
import { mediaProviderFor } from "./media.ts";
import { mediaAfterRemoval, mediaAfterSuspend } from "./media.hooks.ts";

/** A refusal with its reason; the socket layer turns it into `{ ok: false, reason, message }`. */
export class LiveRefusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly extra: {
      retryAfterSeconds?: number;
      field?: string;
      rulesId?: string;
      schoolId?: string;
      startsAt?: string;
      bannedUntil?: string | null;
      reasonKey?: string;
      /** Overrides the default translated message (moderation reasons). */
      messageKey?: string;
    } = {},
  ) {
    super(reason);
    this.name = "LiveRefusal";
  }
}

/** "Until unmuted": stored as a far date, shown as null. */
export const INDEFINITE = new Date("9999-12-31T00:00:00Z");
/** Blocked messages in one session before the sender is muted automatically. */
export const BLOCKS_BEFORE_AUTO_MUTE = 3;
export const AUTO_MUTE_MINUTES = 5;
/** Messages per user per 10 seconds (flood limit). */
export const CHAT_LIMIT_STUDENT = 8;
export const CHAT_LIMIT_HOST = 30;

export interface LiveLimits {
  chatPerTenSecondsStudent: number;
  chatPerTenSecondsHost: number;
}
const limits = new WeakMap<AppContext, LiveLimits>();

/** Tests and benchmarks raise the flood limits of one server (to exercise races or load). */
export function setLiveLimits(ctx: AppContext, value: Partial<LiveLimits>): void {
  limits.set(ctx, { ...limitsFor(ctx), ...value });
}

function limitsFor(ctx: AppContext): LiveLimits {
  return (
    limits.get(ctx) ?? {
      chatPerTenSecondsStudent: CHAT_LIMIT_STUDENT,
      chatPerTenSecondsHost: CHAT_LIMIT_HOST,
    }
  );
}

export interface Doer {
  userId: string;
  name: string;
  role: ParticipantRole;
  ip?: string | null;
  userAgent?: string | null;
}

function publish(ctx: AppContext, envelopes: Envelope[]): void {
  hubFor(ctx)?.publish(envelopes);
}

async function security(db: Db, input: SecurityEventInput): Promise<string> {
  return recordSecurityEvent(db, input);
}

/** Runs `work` in a transaction with the session row locked; publishes its events after commit. */
async function inSession<T extends { envelopes: Envelope[] }>(
  ctx: AppContext,
  sessionId: string,
  work: (trx: Db, state: NonNullable<Awaited<ReturnType<typeof repo.lockSession>>>) => Promise<T>,
): Promise<T> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const state = await repo.lockSession(trx, sessionId);
    if (!state) throw new LiveRefusal("not_found_or_invalid");
    return work(trx, state);
  });
  publish(ctx, result.envelopes);
  return result;
}

/** `inSession` for one member's action: the session row and the member's participant row are
 * locked together (one statement); `participant` is undefined when they have no row. */
async function inSessionAs<T extends { envelopes: Envelope[] }>(
  ctx: AppContext,
  sessionId: string,
  userId: string,
  work: (
    trx: Db,
    state: NonNullable<Awaited<ReturnType<typeof repo.lockSession>>>,
    participant: repo.ParticipantStanding | undefined,
  ) => Promise<T>,
): Promise<T> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    const locked = await repo.lockSessionForMember(trx, sessionId, userId);
    if (locked) return work(trx, locked.state, locked.participant);
    // No participant row: lock the session alone (the work refuses, saying why).
    const state = await repo.lockSession(trx, sessionId);
    if (!state) throw new LiveRefusal("not_found_or_invalid");
    return work(trx, state, undefined);
  });
  publish(ctx, result.envelopes);
  return result;
}

const untilOrNull = (until: Date | null) =>
  until && until.getTime() < INDEFINITE.getTime() ? until.toISOString() : null;

// ---------------------------------------------------------------------------------------------
// Entering and leaving.

export interface AdmitInput {
  session: SessionRow;
  userId: string;
  studentId: string | null;
  role: ParticipantRole;
  name: string;
  deviceHash: string | null;
  linkId: string | null;
  ip: string | null;
  userAgent: string | null;
  socketId: string;
  /** Close the person's other open visits (the same device reconnecting). */
  replacesVisits: boolean;
}

/** What an admission answers: the events it published and the session state under the lock. */
export interface Admission {
  envelopes: Envelope[];
  state: NonNullable<Awaited<ReturnType<typeof repo.lockSession>>>;
}

interface PendingAdmission {
  input: AdmitInput;
  resolve(value: Admission): void;
  reject(error: unknown): void;
}

/** Admissions waiting for their session's next transaction (group commit, per process). */
const admissionQueues = new WeakMap<
  AppContext,
  Map<string, { waiting: PendingAdmission[]; running: boolean }>
>();
/** At most this many people enter in one transaction. */
const ADMISSION_BATCH = 64;

/** `admitParticipant`: records the visit and tells the class; re-checks the door in the
 * transaction so that a lock or a ban on another process cannot be raced.
 *
 * Every event of a session takes the session row lock (it allocates the seq), so 40 students
 * entering a class at once would each wait for all those before them. Instead, the admissions
 * that arrive while one is being written are written together by the next transaction: one
 * lock, one read of their participant rows and bans, one insert each of participants, visits,
 * audit rows and events. Each is still checked and answered on its own. */
export function admitParticipant(ctx: AppContext, input: AdmitInput): Promise<Admission> {
  let queues = admissionQueues.get(ctx);
  if (!queues) admissionQueues.set(ctx, (queues = new Map()));
  let queue = queues.get(input.session.id);
  if (!queue) queues.set(input.session.id, (queue = { waiting: [], running: false }));
  const promise = new Promise<Admission>((resolve, reject) => {
    queue.waiting.push({ input, resolve, reject });
  });
  if (!queue.running) void drainAdmissions(ctx, queues, input.session.id, queue);
  return promise;
}

async function drainAdmissions(
  ctx: AppContext,
  queues: Map<string, { waiting: PendingAdmission[]; running: boolean }>,
  sessionId: string,
  queue: { waiting: PendingAdmission[]; running: boolean },
): Promise<void> {
  queue.running = true;
  // Admissions asked for in the same turn of the event loop share the first transaction.
  await Promise.resolve();
  try {
    while (queue.waiting.length > 0) {
      // One person once per batch (their rows are upserted together); a second entry of the same
      // person (a reconnect racing its own join) goes to the next batch.
      const batch: PendingAdmission[] = [];
      const later: PendingAdmission[] = [];
      const users = new Set<string>();
      for (const pending of queue.waiting) {
        if (batch.length < ADMISSION_BATCH && !users.has(pending.input.userId)) {
          users.add(pending.input.userId);
          batch.push(pending);
        } else later.push(pending);
      }
      queue.waiting = later;
      try {
        const outcomes = await admitBatch(ctx, sessionId, batch);
        batch.forEach((pending, index) => {
          const outcome = outcomes[index]!;
          if (outcome instanceof Error) pending.reject(outcome);
          else pending.resolve(outcome);
        });
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
  } finally {
    queue.running = false;
    if (queue.waiting.length === 0) queues.delete(sessionId);
  }
}

async function admitBatch(
  ctx: AppContext,
  sessionId: string,
  batch: PendingAdmission[],
): Promise<Array<Admission | LiveRefusal>> {
  const now = ctx.now();
  const session = batch[0]!.input.session;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const userIds = batch.map((pending) => pending.input.userId);
    const state = await repo.lockSession(trx, sessionId);
    if (!state) throw new LiveRefusal("not_found_or_invalid");
    // Read after the lock (a fresh snapshot), so that a removal or a ban committed by the
    // transaction we waited for is seen.
    const { participants, banned } = await repo.standingOf(trx, {
      sessionId,
      classId: session.class_id,
      userIds,
      now,
    });
    const outcomes: Array<AdmitInput | LiveRefusal> = batch.map(({ input }) => {
      if (state.closed_at) return new LiveRefusal("class_closed");
      if (input.role === "host") return input;
      if (banned.has(input.userId)) {
        return new LiveRefusal("banned", { bannedUntil: untilOrNull(banned.get(input.userId)!) });
      }
      const participant = participants.get(input.userId);
      const returning = participant?.first_joined_at != null && participant.removed_at === null;
      const admittedGuest =
        participant?.lobby_state === "admitted" && participant.removed_at === null;
      if (state.locked && !returning && !admittedGuest) return new LiveRefusal("class_locked");
      return input;
    });
    const admitted = outcomes.filter(
      (outcome): outcome is AdmitInput => !(outcome instanceof LiveRefusal),
    );
    // One statement writes them all: participants, visits, audit rows, events.
    const events = await repo.writeAdmissions(trx, {
      sessionId,
      seq: state.seq,
      at: now,
      processId: hubFor(ctx)?.processId ?? null,
      people: admitted.map((input) => {
        const row = participants.get(input.userId);
        const muted =
          (row?.muted_until != null && row.muted_until > now) ||
          (state.muted_all && input.role !== "host");
        return {
          userId: input.userId,
          studentId: input.studentId,
          role: input.role,
          deviceHash: input.deviceHash,
          linkId: input.linkId,
          ip: input.ip,
          userAgent: input.userAgent,
          socketId: input.socketId,
          replacesVisits: input.replacesVisits,
          audit: input.studentId ? { schoolId: session.school_id } : null,
          event: {
            type: "participant.joined",
            participant: {
              userId: input.userId,
              name: input.name,
              role: input.role,
              joinedAt: now.toISOString(),
              muted,
              handRaisedAt: row?.hand_raised_at?.toISOString() ?? null,
            },
          },
        };
      }),
    });
    const after = { ...state, seq: state.seq + events.length };
    let next = 0;
    return {
      envelopes: events,
      outcomes: outcomes.map((outcome) =>
        outcome instanceof LiveRefusal ? outcome : { envelopes: [events[next++]!], state: after },
      ),
    };
  });
  publish(ctx, result.envelopes);
  return result.outcomes;
}

/** `leaveSession`: closes the socket's visit; the class hears about it when it was the last. */
export async function leaveSession(ctx: AppContext, sessionId: string, socketId: string) {
  const now = ctx.now();
  return inSession(ctx, sessionId, async (trx) => {
    const closed = await repo.closeVisit(trx, sessionId, socketId, now);
    if (!closed || closed.stillOpen > 0) return { envelopes: [] };
    const left = await repo.appendEvent(
      trx,
      sessionId,
      { type: "participant.left", userId: closed.userId },
      { to: "all" },
      { at: now, actorId: closed.userId },
    );
    return { envelopes: [left] };
  });
}

/** `knockAtLobby`: a person not on the roster asks to enter. */
export async function knockAtLobby(
  ctx: AppContext,
  session: SessionRow,
  person: { userId: string; name: string; username: string; studentId: string | null },
): Promise<{ state: "admitted" | "waiting"; knocks: number; envelopes: Envelope[] }> {
  const now = ctx.now();
  return inSession(ctx, session.id, async (trx, state) => {
    if (state.closed_at) throw new LiveRefusal("class_closed");
    const ban = await repo.activeBan(trx, session.class_id, person.userId, session.id, now);
    if (ban) throw new LiveRefusal("banned", { bannedUntil: untilOrNull(ban.until) });
    const existing = await repo.findParticipant(trx, session.id, person.userId);
    if (existing && existing.denied_count >= 2) throw new LiveRefusal("lobby_denied_twice");
    if (existing?.lobby_state === "admitted" && existing.removed_at === null) {
      return { state: "admitted" as const, knocks: existing.knocks, envelopes: [] };
    }
    if (state.locked) throw new LiveRefusal("class_locked");
    const role: ParticipantRole = person.studentId ? "student" : "guest";
    await repo.upsertParticipant(
      trx,
      { sessionId: session.id, userId: person.userId, studentId: person.studentId, role },
      { lobby_state: "waiting" },
    );
    if (existing?.lobby_state === "waiting") {
      // A reconnecting knocker does not knock again.
      return { state: "waiting" as const, knocks: existing.knocks, envelopes: [] };
    }
    const knocks = (existing?.knocks ?? 0) + 1;
    await repo.updateParticipant(trx, session.id, person.userId, { knocks, knocked_at: now });
    const organisation = await repo.organisationOf(trx, person.userId);
    const knock = await repo.appendEvent(
      trx,
      session.id,
      {
        type: "lobby.knock",
        entry: {
          userId: person.userId,
          name: person.name,
          username: person.username,
          organisation,
          knocks,
          deniedCount: existing?.denied_count ?? 0,
          since: now.toISOString(),
        },
      },
      { to: "hosts" },
      { at: now, actorId: person.userId },
    );
    return { state: "waiting" as const, knocks, envelopes: [knock] };
  });
}

/** `leaveLobby`: a waiting person gave up (closed the page). */
export async function leaveLobby(ctx: AppContext, sessionId: string, userId: string) {
  const now = ctx.now();
  return inSession(ctx, sessionId, async (trx) => {
    const existing = await repo.findParticipant(trx, sessionId, userId);
    if (existing?.lobby_state !== "waiting") return { envelopes: [] };
    await repo.updateParticipant(trx, sessionId, userId, { lobby_state: null });
    const resolved = await repo.appendEvent(
      trx,
      sessionId,
      { type: "lobby.resolved", userId, outcome: "left" },
      { to: "hosts" },
      { at: now, actorId: userId },
    );
    return { envelopes: [resolved] };
  });
}

/** `decideLobby`: a teacher admits or denies a knocking person. */
export async function decideLobby(
  ctx: AppContext,
  session: SessionRow,
  host: Doer,
  userId: string,
  admit: boolean,
): Promise<{ envelopes: Envelope[]; final: boolean }> {
  const now = ctx.now();
  const result = await inSession(ctx, session.id, async (trx) => {
    const existing = await repo.findParticipant(trx, session.id, userId);
    if (!existing || existing.lobby_state !== "waiting") throw new LiveRefusal("not_allowed");
    const envelopes: Envelope[] = [];
    let final = false;
    if (admit) {
      await repo.updateParticipant(trx, session.id, userId, {
        lobby_state: "admitted",
        removed_at: null,
      });
    } else {
      const deniedCount = existing.denied_count + 1;
      final = deniedCount >= 2;
      await repo.updateParticipant(trx, session.id, userId, {
        lobby_state: "denied",
        denied_count: deniedCount,
      });
      if (final) {
        const name = await repo.rosterName(trx, userId);
        const username = await repo.findUsername(trx, userId);
        const eventId = await security(trx, {
          kind: "lobby_denied",
          severity: "medium",
          schoolId: session.school_id,
          classId: session.class_id,
          classSessionId: session.id,
          actorId: host.userId,
          subjectUserId: userId,
          summary: translate("vi", "live.security.lobbyDenied", {
            name,
            className: session.class_name,
          }),
          evidence: { username, knocks: existing.knocks, deniedCount },
        });
        envelopes.push(
          await repo.appendEvent(
            trx,
            session.id,
            {
              type: "security.alert",
              kind: "lobby_denied_twice",
              userId,
              name,
              securityEventId: eventId,
            },
            { to: "hosts" },
            { at: now, actorId: host.userId },
          ),
        );
      }
    }
    envelopes.unshift(
      await repo.appendEvent(
        trx,
        session.id,
        { type: "lobby.resolved", userId, outcome: admit ? "admitted" : "denied" },
        { to: "hosts" },
        { at: now, actorId: host.userId },
      ),
    );
    await insertAudit(trx, {
      actorId: host.userId,
      action: admit ? "live.lobby_admitted" : "live.lobby_denied",
      targetType: "user",
      targetId: userId,
      orgUnitId: session.school_id,
      detail: { sessionId: session.id },
    });
    return { envelopes, final };
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Chat.

export interface ChatInput {
  session: SessionRow;
  sender: Doer;
  text: string;
  clientId: string;
  privateTo?: "teacher" | string;
}

export type ChatResult =
  | { status: "sent" | "held"; seq: number; duplicate?: boolean }
  | { status: "blocked"; decision: ModerationDecision; autoMuted: boolean };

/** `postChatMessage`: moderation, then — with the session locked — mute, mode and slow-mode
 * checks, storage with a seq, and broadcast after commit. Blocked messages never leave.
 * The usual message is one statement (`appendChatMessageIfAllowed`); the rest, one transaction. */
export async function postChatMessage(ctx: AppContext, input: ChatInput): Promise<ChatResult> {
  const { session, sender } = input;
  const duplicate = async (): Promise<ChatResult | null> => {
    const previous = await repo.findEventByClientId(
      ctx.db,
      session.id,
      sender.userId,
      input.clientId,
    );
    return previous
      ? {
          status: previous.type === "chat.held" ? "held" : "sent",
          seq: previous.seq,
          duplicate: true,
        }
      : null;
  };
  const limit =
    sender.role === "host"
      ? limitsFor(ctx).chatPerTenSecondsHost
      : limitsFor(ctx).chatPerTenSecondsStudent;
  const rate = await ctx.rateLimiter.hit(`live:chat:${session.id}:${sender.userId}`, limit, 10);
  if (!rate.allowed) {
    throw new LiveRefusal("rate_limited", { retryAfterSeconds: rate.retryAfterSeconds });
  }
  const decision = moderateMessage(input.text, schoolModerationPolicy(session.school_domain));
  const isHost = sender.role === "host";
  let privateTo: "teacher" | { userId: string; name: string } | null = null;
  if (input.privateTo === "teacher") privateTo = "teacher";
  else if (input.privateTo) {
    // Students cannot write privately to each other: only teachers address one person.
    if (!isHost) throw new LiveRefusal("not_allowed");
    const target = await repo.findParticipant(ctx.db, session.id, input.privateTo);
    if (!target) throw new LiveRefusal("not_allowed");
    privateTo = { userId: input.privateTo, name: await repo.rosterName(ctx.db, input.privateTo) };
  }
  const now = ctx.now();
  const author: ChatAuthor = { userId: sender.userId, name: sender.name, role: sender.role };
  const chatMessage = (to: typeof privateTo): Extract<LiveEventBody, { type: "chat.message" }> => ({
    type: "chat.message",
    from: author,
    text: input.text,
    privateTo: to,
    releasedFrom: null,
    deleted: false,
    clientId: input.clientId,
  });

  // The usual message (allowed, to everyone or to the teacher) is one statement; anything the
  // statement does not accept takes the full path below, which says why.
  if ((isHost || decision.action === "allow") && (privateTo === null || privateTo === "teacher")) {
    const fast = await repo
      .appendChatMessageIfAllowed(ctx.db, {
        sessionId: session.id,
        userId: sender.userId,
        isHost,
        body: chatMessage(privateTo),
        audience: privateTo === null ? { to: "all" } : { to: "hosts", user: sender.userId },
        at: now,
        clientId: input.clientId,
      })
      .catch(async (error: unknown) => {
        if (isUniqueViolation(error)) return (await duplicate()) ?? Promise.reject(error);
        throw error;
      });
    if (fast && "event" in fast) {
      publish(ctx, [fast]);
      return { status: "sent", seq: fast.event.seq };
    }
    if (fast) return fast;
  }

  // A resend with the same client id hits the unique index: the first message's seq answers.
  const result = await inSessionAs(
    ctx,
    session.id,
    sender.userId,
    async (trx, state, participant) => {
      if (state.closed_at) throw new LiveRefusal("class_closed");
      if (!participant || participant.removed_at) throw new LiveRefusal("not_admitted");
      if (!isHost) {
        if (state.suspended_at) throw new LiveRefusal("suspended");
        if (state.chat_mode === "off") throw new LiveRefusal("chat_off");
        if (state.muted_all || (participant.muted_until && participant.muted_until > now)) {
          throw new LiveRefusal("muted");
        }
        if (state.slow_mode_seconds > 0 && participant.last_message_at) {
          const wait =
            participant.last_message_at.getTime() + state.slow_mode_seconds * 1000 - now.getTime();
          if (wait > 0) {
            throw new LiveRefusal("slow_mode", { retryAfterSeconds: Math.ceil(wait / 1000) });
          }
        }
      }

      if (decision.action === "block" && !isHost) {
        return {
          ...(await recordBlocked(ctx, trx, input, participant.blocked_count + 1, decision, now)),
        };
      }

      // Teacher-only mode: a student's message reaches the teachers (and the student) only.
      const teacherOnly = !isHost && state.chat_mode === "teacher_only";
      if (teacherOnly && privateTo === null) privateTo = "teacher";
      const audience: repo.Audience =
        privateTo === null
          ? { to: "all" }
          : privateTo === "teacher"
            ? { to: "hosts", user: sender.userId }
            : { to: "hosts", user: privateTo.userId };
      // The sender sees their own private message (students: audience user is themselves).
      const senderAudience: repo.Audience =
        privateTo !== null && privateTo !== "teacher" ? audience : audience;

      if (decision.action === "hold" && !isHost) {
        const held = await repo.appendEvent(
          trx,
          session.id,
          {
            type: "chat.held",
            from: author,
            text: input.text,
            privateTo: privateTo === "teacher" ? "teacher" : null,
            reasonKey: decision.reasonKey,
            categories: decision.categories,
            spans: highlightSpans(decision),
            clientId: input.clientId,
          },
          { to: "hosts", user: sender.userId },
          { at: now, actorId: sender.userId, clientId: input.clientId, heldState: "pending" },
        );
        if (state.slow_mode_seconds > 0) {
          await repo.updateParticipant(trx, session.id, sender.userId, { last_message_at: now });
        }
        return { envelopes: [held], status: "held" as const, seq: held.event.seq };
      }

      const message = await repo.appendEvent(
        trx,
        session.id,
        chatMessage(privateTo),
        senderAudience,
        { at: now, actorId: sender.userId, clientId: input.clientId },
      );
      if (state.slow_mode_seconds > 0 && !isHost) {
        await repo.updateParticipant(trx, session.id, sender.userId, { last_message_at: now });
      }
      return { envelopes: [message], status: "sent" as const, seq: message.event.seq };
    },
  ).catch(async (error: unknown) => {
    if (isUniqueViolation(error)) {
      const previous = await duplicate();
      if (previous) return previous;
    }
    throw error;
  });
  if ("duplicate" in result) return result as ChatResult;
  if ("decision" in result) {
    return { status: "blocked", decision: result.decision, autoMuted: result.autoMuted };
  }
  return { status: result.status as "sent" | "held", seq: result.seq as number };
}

/** What the teacher sees marked in a held (or blocked) message: the offending words, and the
 * personal data and unknown links that the engine reports as findings but not as `spans`
 * (a classifier finding covers the whole text and marks nothing). Sorted, overlaps merged. */
export function highlightSpans(decision: ModerationDecision): Array<[number, number]> {
  const all: Array<[number, number]> = [
    ...decision.spans.map(([start, end]): [number, number] => [start, end]),
    ...decision.findings
      .filter((finding) => finding.kind !== "classifier" && finding.end > finding.start)
      .map((finding): [number, number] => [finding.start, finding.end]),
  ].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of all) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === "23505" || String(error).includes("duplicate key");
}

async function recordBlocked(
  ctx: AppContext,
  trx: Db,
  input: ChatInput,
  blockedCount: number,
  decision: ModerationDecision,
  now: Date,
): Promise<{ envelopes: Envelope[]; decision: ModerationDecision; autoMuted: boolean }> {
  const { session, sender } = input;
  const autoMute = blockedCount >= BLOCKS_BEFORE_AUTO_MUTE;
  const until = new Date(now.getTime() + AUTO_MUTE_MINUTES * 60_000);
  await repo.updateParticipant(trx, session.id, sender.userId, {
    blocked_count: autoMute ? 0 : blockedCount,
    ...(autoMute ? { muted_until: until } : {}),
  });
  const evidence = {
    text: input.text,
    categories: decision.categories,
    spans: highlightSpans(decision),
    score: decision.score,
    reasonKey: decision.reasonKey,
  };
  await security(trx, {
    kind: "blocked_message",
    severity: "low",
    schoolId: session.school_id,
    classId: session.class_id,
    classSessionId: session.id,
    actorId: sender.userId,
    subjectUserId: sender.userId,
    ip: sender.ip ?? null,
    userAgent: sender.userAgent ?? null,
    summary: translate("vi", "live.security.blocked", {
      name: sender.name,
      className: session.class_name,
    }),
    evidence,
  });
  const envelopes: Envelope[] = [];
  if (autoMute) {
    const recent = await repo.recentBlockedMessages(trx, session.id, sender.userId);
    const eventId = await security(trx, {
      kind: "repeated_blocks",
      severity: "medium",
      schoolId: session.school_id,
      classId: session.class_id,
      classSessionId: session.id,
      subjectUserId: sender.userId,
      ip: sender.ip ?? null,
      userAgent: sender.userAgent ?? null,
      summary: translate("vi", "live.security.repeatedBlocks", {
        name: sender.name,
        className: session.class_name,
      }),
      evidence: { blockedMessages: recent, mutedMinutes: AUTO_MUTE_MINUTES },
    });
    envelopes.push(
      await repo.appendEvent(
        trx,
        session.id,
        {
          type: "participant.muted",
          userId: sender.userId,
          muted: true,
          until: until.toISOString(),
          automatic: true,
        },
        { to: "all" },
        { at: now },
      ),
      await repo.appendEvent(
        trx,
        session.id,
        {
          type: "security.alert",
          kind: "repeated_blocks",
          userId: sender.userId,
          name: sender.name,
          securityEventId: eventId,
        },
        { to: "hosts" },
        { at: now },
      ),
    );
  }
  return { envelopes, decision, autoMuted: autoMute };
}

/** `deleteMessage`: a teacher removes a message for everyone (replays carry a tombstone). */
export async function deleteMessage(ctx: AppContext, session: SessionRow, host: Doer, seq: number) {
  const now = ctx.now();
  return inSession(ctx, session.id, async (trx) => {
    const target = await repo.findEvent(trx, session.id, seq);
    if (!target || (target.type !== "chat.message" && target.type !== "chat.held")) {
      throw new LiveRefusal("not_allowed");
    }
    await repo.markEventDeleted(trx, session.id, seq, now, target.held_state === "pending");
    const deleted = await repo.appendEvent(
      trx,
      session.id,
      { type: "chat.deleted", targetSeq: seq, by: host.name },
      { to: target.audience, user: target.audience_user },
      { at: now, actorId: host.userId },
    );
    await insertAudit(trx, {
      actorId: host.userId,
      action: "live.message_deleted",
      targetType: "class_session",
      targetId: session.id,
      orgUnitId: session.school_id,
      detail: { seq, authorId: target.actor_id },
    });
    return { envelopes: [deleted], seq: deleted.event.seq };
  });
}

/** `resolveHeldMessage`: the teacher releases a held message to the class, or removes it. */
export async function resolveHeldMessage(
  ctx: AppContext,
  session: SessionRow,
  host: Doer,
  seq: number,
  release: boolean,
) {
  const now = ctx.now();
  return inSession(ctx, session.id, async (trx) => {
    const target = await repo.findEvent(trx, session.id, seq);
    if (!target || target.type !== "chat.held" || target.held_state !== "pending") {
      throw new LiveRefusal("not_allowed");
    }
    await repo.setHeldState(trx, session.id, seq, release ? "released" : "removed");
    const payload = (
      typeof target.payload === "string" ? JSON.parse(target.payload) : target.payload
    ) as { from: ChatAuthor; text: string; privateTo: "teacher" | null; clientId: string | null };
    const envelopes: Envelope[] = [];
    if (release) {
      envelopes.push(
        await repo.appendEvent(
          trx,
          session.id,
          {
            type: "chat.message",
            from: payload.from,
            text: payload.text,
            privateTo: payload.privateTo,
            releasedFrom: seq,
            deleted: false,
            clientId: payload.clientId,
          },
          payload.privateTo === "teacher"
            ? { to: "hosts", user: payload.from.userId }
            : { to: "all" },
          { at: now, actorId: payload.from.userId },
        ),
      );
    }
    envelopes.push(
      await repo.appendEvent(
        trx,
        session.id,
        { type: "chat.held_resolved", heldSeq: seq, outcome: release ? "released" : "removed" },
        { to: "hosts", user: payload.from.userId },
        { at: now, actorId: host.userId },
      ),
    );
    await insertAudit(trx, {
      actorId: host.userId,
      action: release ? "live.held_released" : "live.held_removed",
      targetType: "class_session",
      targetId: session.id,
      orgUnitId: session.school_id,
      detail: { seq, authorId: payload.from.userId },
    });
    return { envelopes };
  });
}

// ---------------------------------------------------------------------------------------------
// Teacher controls.

async function stateChange(
  ctx: AppContext,
  session: SessionRow,
  host: Doer,
  action: string,
  change: (
    trx: Db,
    state: NonNullable<Awaited<ReturnType<typeof repo.lockSession>>>,
  ) => Promise<LiveEventBody[]>,
  detail: Record<string, unknown> = {},
) {
  const now = ctx.now();
  return inSession(ctx, session.id, async (trx, state) => {
    if (state.closed_at) throw new LiveRefusal("class_closed");
    const bodies = await change(trx, state);
    const envelopes: Envelope[] = [];
    for (const body of bodies) {
      envelopes.push(
        await repo.appendEvent(
          trx,
          session.id,
          body,
          { to: "all" },
          { at: now, actorId: host.userId },
        ),
      );
    }
    await insertAudit(trx, {
      actorId: host.userId,
      action,
      targetType: "class_session",
      targetId: session.id,
      orgUnitId: session.school_id,
      detail,
    });
    return { envelopes, seq: envelopes[envelopes.length - 1]?.event.seq };
  });
}

/** `openClass`: students may enter from now on. */
export async function openClass(ctx: AppContext, session: SessionRow, host: Doer) {
  const now = ctx.now();
  const result = await stateChange(ctx, session, host, "live.opened", async (trx, state) => {
    if (state.opened_at) return [];
    await repo.updateSessionState(trx, session.id, { opened_at: now, opened_by: host.userId });
    return [{ type: "class.opened", by: host.name }];
  });
  // Students waiting at the door (on any process) try again now.
  hubFor(ctx)?.io.to(doorRoom(session.id)).emit("door.opened", { sessionId: session.id });
  return result;
}

/** `closeClass`: ends the session for everyone; visits are closed (attendance is kept). */
export async function closeClass(ctx: AppContext, session: SessionRow, host: Doer) {
  const now = ctx.now();
  const result = await inSession(ctx, session.id, async (trx, state) => {
    if (state.closed_at) return { envelopes: [] as Envelope[] };
    await repo.updateSessionState(trx, session.id, { closed_at: now, closed_by: host.userId });
    await repo.closeAllVisits(trx, session.id, now);
    await repo.clearLobbyAndHands(trx, session.id);
    const closed = await repo.appendEvent(
      trx,
      session.id,
      { type: "class.closed", by: host.name },
      { to: "all" },
      { at: now, actorId: host.userId },
    );
    await insertAudit(trx, {
      actorId: host.userId,
      action: "live.closed",
      targetType: "class_session",
      targetId: session.id,
      orgUnitId: session.school_id,
    });
    return { envelopes: [closed] };
  });
  await mediaProviderFor(ctx).endSession(session.id);
  hubFor(ctx)?.kick({ sessionId: session.id, userId: null, reason: "class_closed" });
  return result;
}

export function lockClass(ctx: AppContext, session: SessionRow, host: Doer, locked: boolean) {
  return stateChange(ctx, session, host, locked ? "live.locked" : "live.unlocked", async (trx) => {
    await repo.updateSessionState(trx, session.id, { locked });
    return [{ type: "class.locked", locked }];
  });
}

export function setChatMode(ctx: AppContext, session: SessionRow, host: Doer, mode: ChatMode) {
  return stateChange(
    ctx,
    session,
    host,
    "live.chat_mode",
    async (trx) => {
      await repo.updateSessionState(trx, session.id, { chat_mode: mode });
      return [{ type: "chat.mode_changed", mode }];
    },
    { mode },
  );
}

export function setSlowMode(ctx: AppContext, session: SessionRow, host: Doer, seconds: number) {
  return stateChange(
    ctx,
    session,
    host,
    "live.slow_mode",
    async (trx) => {
      await repo.updateSessionState(trx, session.id, { slow_mode_seconds: seconds });
      return [{ type: "chat.slow_mode_changed", seconds }];
    },
    { seconds },
  );
}

export function muteAll(ctx: AppContext, session: SessionRow, host: Doer, muted: boolean) {
  return stateChange(
    ctx,
    session,
    host,
    muted ? "live.muted_all" : "live.unmuted_all",
    async (trx) => {
      await repo.updateSessionState(trx, session.id, { muted_all: muted });
      return [{ type: "chat.muted_all", muted }];
    },
  );
}

/** `muteParticipant`: applied under the session lock, so no message of theirs that the server
 * accepts afterwards is broadcast. */
export async function muteParticipant(
  ctx: AppContext,
  session: SessionRow,
  host: Doer,
  input: { userId: string; muted: boolean; minutes?: number },
) {
  const now = ctx.now();
  const until = input.muted
    ? input.minutes
      ? new Date(now.getTime() + input.minutes * 60_000)
      : INDEFINITE
    : null;
  return stateChange(
    ctx,
    session,
    host,
    input.muted ? "live.muted" : "live.unmuted",
    async (trx) => {
      const target = await repo.findParticipant(trx, session.id, input.userId);
      if (!target || target.role === "host") throw new LiveRefusal("not_allowed");
      await repo.updateParticipant(trx, session.id, input.userId, {
        muted_until: until,
        ...(input.muted ? {} : { blocked_count: 0 }),
      });
      return [
        {
          type: "participant.muted",
          userId: input.userId,
          muted: input.muted,
          until: untilOrNull(until),
          automatic: false,
        },
      ];
    },
    { userId: input.userId, minutes: input.minutes ?? null },
  );
}

/** `removeParticipant`: out now; back only through the lobby, or never (ban: this session or N
 * days, bound to the account, whatever link, device or browser they come back with). */
export async function removeParticipant(
  ctx: AppContext,
  session: SessionRow,
  host: Doer,
  input: {
    userId: string;
    ban?: { scope: "session" } | { scope: "days"; days: number };
    reason?: string;
  },
) {
  const now = ctx.now();
  const bannedUntil =
    input.ban?.scope === "days" ? new Date(now.getTime() + input.ban.days * 86_400_000) : null;
  const result = await inSession(ctx, session.id, async (trx) => {
    const target = await repo.findParticipant(trx, session.id, input.userId);
    if (!target || target.role === "host") throw new LiveRefusal("not_allowed");
    const name = await repo.rosterName(trx, input.userId);
    const visits = await repo.visitsOfUser(trx, session.id, input.userId);
    await repo.updateParticipant(trx, session.id, input.userId, {
      removed_at: now,
      lobby_state: null,
      hand_raised_at: null,
    });
    await repo.closeUserVisits(trx, session.id, input.userId, now);
    if (input.ban) {
      await repo.insertBan(trx, {
        classId: session.class_id,
        userId: input.userId,
        sessionId: input.ban.scope === "session" ? session.id : null,
        until: bannedUntil,
        reason: input.reason ?? null,
        createdBy: host.userId,
      });
    }
    await security(trx, {
      kind: input.ban ? "banned_participant" : "removed_participant",
      severity: input.ban ? "medium" : "low",
      schoolId: session.school_id,
      classId: session.class_id,
      classSessionId: session.id,
      actorId: host.userId,
      subjectUserId: input.userId,
      summary: translate("vi", input.ban ? "live.security.banned" : "live.security.removed", {
        name,
        className: session.class_name,
      }),
      evidence: { reason: input.reason ?? null, ban: input.ban ?? null, visits },
    });
    await insertAudit(trx, {
      actorId: host.userId,
      action: input.ban ? "live.banned" : "live.removed",
      targetType: "user",
      targetId: input.userId,
      orgUnitId: session.school_id,
      detail: { sessionId: session.id, ban: input.ban ?? null },
    });
    const removed = await repo.appendEvent(
      trx,
      session.id,
      {
        type: "participant.removed",
        userId: input.userId,
        name,
        banned: Boolean(input.ban),
        bannedUntil: bannedUntil?.toISOString() ?? null,
      },
      { to: "all" },
      { at: now, actorId: host.userId },
    );
    return { envelopes: [removed], seq: removed.event.seq };
  });
  hubFor(ctx)?.kick({
    sessionId: session.id,
    userId: input.userId,
    reason: input.ban ? "banned" : "removed",
    bannedUntil: bannedUntil?.toISOString() ?? null,
  });
  await mediaAfterRemoval(ctx, session.id, input.userId);
  return result;
}

/** `suspendClass`: one action stops everything but the teacher — everyone muted, chat and
 * screen stopped, the class locked — and records a security event with the evidence. */
export async function suspendClass(
  ctx: AppContext,
  session: SessionRow,
  host: Doer,
  note: string | undefined,
) {
  const now = ctx.now();
  const result = await inSession(ctx, session.id, async (trx, state) => {
    if (state.closed_at) throw new LiveRefusal("class_closed");
    await repo.updateSessionState(trx, session.id, {
      suspended_at: now,
      locked: true,
      muted_all: true,
      chat_mode: "off",
    });
    const messages = await repo.recentChat(trx, session.id, 50);
    const visits = await repo.visitsOfSession(trx, session.id);
    const securityEventId = await security(trx, {
      kind: "suspend_all",
      severity: "high",
      schoolId: session.school_id,
      classId: session.class_id,
      classSessionId: session.id,
      actorId: host.userId,
      ip: host.ip ?? null,
      userAgent: host.userAgent ?? null,
      summary: translate("vi", "live.security.suspend", {
        teacher: host.name,
        className: session.class_name,
      }),
      evidence: {
        note: note ?? null,
        sessionTitle: session.title,
        suspendedAt: now.toISOString(),
        lastMessages: messages.reverse().map((message) => ({
          seq: message.seq,
          type: message.type,
          at: message.created_at.toISOString(),
          username: message.username,
          deleted: message.deleted_at !== null,
          ...(typeof message.payload === "string" ? JSON.parse(message.payload) : message.payload),
        })),
        participants: visits.map((visit) => ({
          userId: visit.user_id,
          username: visit.username,
          name: visit.display_name,
          role: visit.role,
          joinedAt: visit.joined_at.toISOString(),
          leftAt: visit.left_at?.toISOString() ?? null,
          ip: visit.ip,
          userAgent: visit.user_agent,
          viaLink: visit.link_id !== null,
        })),
      },
    });
    const envelopes: Envelope[] = [];
    const bodies: LiveEventBody[] = [
      { type: "class.locked", locked: true },
      { type: "chat.muted_all", muted: true },
      { type: "chat.mode_changed", mode: "off" },
      { type: "class.suspended", by: host.name, securityEventId },
    ];
    for (const body of bodies) {
      envelopes.push(
        await repo.appendEvent(
          trx,
          session.id,
          body,
          { to: "all" },
          { at: now, actorId: host.userId },
        ),
      );
    }
    await insertAudit(trx, {
      actorId: host.userId,
      action: "live.suspended",
      targetType: "class_session",
      targetId: session.id,
      orgUnitId: session.school_id,
      detail: { securityEventId },
    });
    return { envelopes, securityEventId, seq: envelopes[envelopes.length - 1]!.event.seq };
  });
  await mediaAfterSuspend(ctx, session.id);
  return result;
}

/** `resumeClass`: lifts the suspension; chat comes back, the class stays locked until unlocked. */
export function resumeClass(ctx: AppContext, session: SessionRow, host: Doer) {
  return stateChange(ctx, session, host, "live.resumed", async (trx, state) => {
    if (!state.suspended_at) return [];
    await repo.updateSessionState(trx, session.id, {
      suspended_at: null,
      muted_all: false,
      chat_mode: "everyone",
    });
    return [
      { type: "chat.muted_all", muted: false },
      { type: "chat.mode_changed", mode: "everyone" },
      { type: "class.resumed", by: host.name },
    ];
  });
}

/** `raiseHand` / `lowerHand`: the queue is ordered by the time hands went up. */
export async function setHand(
  ctx: AppContext,
  session: SessionRow,
  actor: Doer,
  userId: string,
  raised: boolean,
) {
  const now = ctx.now();
  return inSession(ctx, session.id, async (trx, state) => {
    if (state.closed_at) throw new LiveRefusal("class_closed");
    const target = await repo.findParticipant(trx, session.id, userId);
    if (!target || target.removed_at) throw new LiveRefusal("not_allowed");
    if (raised === (target.hand_raised_at !== null)) return { envelopes: [] as Envelope[] };
    if (raised && state.suspended_at) throw new LiveRefusal("suspended");
    await repo.updateParticipant(trx, session.id, userId, { hand_raised_at: raised ? now : null });
    const body: LiveEventBody = raised
      ? { type: "hand.raised", userId, name: actor.name }
      : { type: "hand.lowered", userId };
    const event = await repo.appendEvent(
      trx,
      session.id,
      body,
      { to: "all" },
      {
        at: now,
        actorId: actor.userId,
      },
    );
    return { envelopes: [event], seq: event.event.seq };
  });
}

/** `alertSecondDevice`: tells the teachers, and records the event for the incident desk. */
export async function alertSecondDevice(
  ctx: AppContext,
  session: SessionRow,
  person: {
    userId: string;
    name: string;
    ip: string | null;
    userAgent: string | null;
    linkId: string | null;
  },
) {
  const now = ctx.now();
  return inSession(ctx, session.id, async (trx) => {
    const visits = await repo.openVisitsOfUser(trx, session.id, person.userId);
    const securityEventId = await security(trx, {
      kind: "second_device",
      severity: "medium",
      schoolId: session.school_id,
      classId: session.class_id,
      classSessionId: session.id,
      subjectUserId: person.userId,
      ip: person.ip,
      userAgent: person.userAgent,
      summary: translate("vi", "live.security.secondDevice", {
        name: person.name,
        className: session.class_name,
      }),
      evidence: {
        refusedAt: now.toISOString(),
        refused: { ip: person.ip, userAgent: person.userAgent, viaLink: person.linkId !== null },
        inClass: visits,
      },
    });
    const alert = await repo.appendEvent(
      trx,
      session.id,
      {
        type: "security.alert",
        kind: "second_device",
        userId: person.userId,
        name: person.name,
        securityEventId,
      },
      { to: "hosts" },
      { at: now },
    );
    return { envelopes: [alert] };
  });
}

/** Moves the link's device binding to a new device (the old one is not in class). */
export async function rebindLink(ctx: AppContext, linkId: string, deviceHash: string) {
  await rebindLinkDevice(ctx.db, linkId, deviceHash, ctx.now());
}

// ---------------------------------------------------------------------------------------------
// Sessions and the timetable. A period may name its teacher: one of the class's teachers, which
// only says whose "today's classes" list it; any teacher of the class may still open it.

/** Refuses, as field issues, the named teachers who do not teach the class. */
async function requirePeriodTeachers(
  db: Db,
  classId: string,
  named: Array<{ field: string; teacherId: string | null | undefined }>,
): Promise<void> {
  const wanted = [...new Set(named.flatMap((entry) => (entry.teacherId ? [entry.teacherId] : [])))];
  const teaching = await repo.teachersOfClassAmong(db, classId, wanted);
  const issues = named
    .filter((entry) => entry.teacherId && !teaching.has(entry.teacherId))
    .map((entry) => ({ field: entry.field, messageKey: "live.notTeacherOfClass" }));
  if (issues.length > 0) {
    throw new AppError("validation_failed", 400, "errors.validationFailed", { issues });
  }
}

interface ClassRef {
  id: string;
  school_id: string;
}

/** `scheduleSession`: an extra (ad-hoc) session of the class. Its teacher is the one named, or
 * else the creator when they teach the class (a principal's session names nobody). */
export function scheduleSession(
  ctx: AppContext,
  actorId: string,
  klass: ClassRef,
  input: { title: string; startsAt: Date; endsAt: Date; teacherId?: string | null | undefined },
): Promise<string> {
  return ctx.db.transaction().execute(async (trx) => {
    let teacherId = input.teacherId ?? null;
    if (input.teacherId === undefined) {
      const teaching = await repo.teachersOfClassAmong(trx, klass.id, [actorId]);
      teacherId = teaching.has(actorId) ? actorId : null;
    } else {
      await requirePeriodTeachers(trx, klass.id, [{ field: "teacherId", teacherId }]);
    }
    const created = await repo.insertSession(trx, {
      classId: klass.id,
      schoolId: klass.school_id,
      title: input.title,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      createdBy: actorId,
      teacherId,
    });
    await insertAudit(trx, {
      actorId,
      action: "live.session_created",
      targetType: "class_session",
      targetId: created.id,
      orgUnitId: klass.school_id,
    });
    return created.id;
  });
}

/** `editSession`: a session's title, times or teacher (the caller checked the times). */
export function editSession(
  ctx: AppContext,
  actorId: string,
  session: SessionRow,
  changes: { title?: string; startsAt?: Date; endsAt?: Date; teacherId?: string | null },
  detail: Record<string, unknown>,
): Promise<void> {
  return ctx.db.transaction().execute(async (trx) => {
    if (changes.teacherId !== undefined && changes.teacherId !== session.teacher_id) {
      await requirePeriodTeachers(trx, session.class_id, [
        { field: "teacherId", teacherId: changes.teacherId },
      ]);
    }
    await repo.updateSessionTimes(trx, session.id, changes);
    await insertAudit(trx, {
      actorId,
      action: "live.session_updated",
      targetType: "class_session",
      targetId: session.id,
      orgUnitId: session.school_id,
      detail,
    });
  });
}

/** `setTimetable`: replaces the class's weekly timetable; each rule's sessions will name the
 * rule's teacher. */
export function setTimetable(
  ctx: AppContext,
  actorId: string,
  klass: ClassRef,
  rules: repo.TimetableRuleInput[],
): Promise<void> {
  return ctx.db.transaction().execute(async (trx) => {
    await requirePeriodTeachers(
      trx,
      klass.id,
      rules.map((rule, index) => ({
        field: `rules.${index}.teacherId`,
        teacherId: rule.teacherId,
      })),
    );
    await repo.replaceTimetable(trx, klass.id, rules, actorId, ctx.now());
    await insertAudit(trx, {
      actorId,
      action: "live.timetable_replaced",
      targetType: "class",
      targetId: klass.id,
      orgUnitId: klass.school_id,
      detail: { rules: rules.length },
    });
  });
}
