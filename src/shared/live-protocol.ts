/**
 * The live class wire protocol (Socket.IO, main namespace), shared by server and web.
 *
 * Shape of a conversation:
 * 1. The socket connects with the session cookie (`sc_session`) or a join grant (`sc_join`,
 *    set by `POST /api/live/join` from a personal link) and the device cookie (`sc_device`).
 *    A handshake without either, or from a foreign Origin, is refused.
 * 2. `live.join` → ack `JoinAck`: admitted (snapshot), in the lobby, or refused with a reason.
 *    Nothing about a class (chat, participants) reaches a socket before it is admitted.
 * 3. After an admitted ack the server sends the sequenced events (`LiveEvent`) with
 *    `seq > lastSeq` (oldest first; on a first join, without `lastSeq`, the last 200 chat
 *    events only), then every new one as it happens: strictly
 *    increasing `seq`, never the same `seq` twice on one socket. Sequence numbers are per class
 *    session and shared by everyone, so a socket sees gaps (events for the teachers only).
 * 4. On reconnect (network drop, server restart, another server process) the client sends
 *    `live.join` again with the last `seq` it saw and misses nothing. Snapshot state in the ack
 *    is as of `ack.seq` or later; state events are idempotent "set" events, so applying every
 *    event received after the ack converges. Chat events with `seq <= ack.seq` are history.
 * 5. Commands (`chat.send`, `class.lock`...) are acknowledged with `{ ok: true, ... }` or
 *    `{ ok: false, reason, message }` where `message` is translated for the sender.
 *
 * 6. Audio, video and screen sharing use the `media.*` events on the same socket (payloads and
 *    server events in `media.ts`); only admitted participants get media.
 */
import { z } from "zod";
import {
  mediaGrantPayload,
  mediaJoinPayload,
  mediaReceivePayload,
  mediaSignalPayload,
  mediaStopPayload,
} from "./media.ts";

export const PROTOCOL_VERSION = 1;

/** Longest chat message, in characters. */
export const MAX_CHAT_LENGTH = 2000;
/** Largest Socket.IO frame the server accepts (bigger frames close the connection). */
export const MAX_FRAME_BYTES = 64 * 1024;

/** Why the server refused a join or a command. One string per situation the user can act on. */
export const refusalReasons = [
  /** Unknown, revoked or expired link, another class's link, a class that does not exist or
   * that the caller may not see: one answer for all. */
  "not_found_or_invalid",
  /** No signed-in session and no join grant. */
  "unauthenticated",
  /** The client speaks another protocol version: reload the page. */
  "protocol_mismatch",
  /** Students cannot enter before a teacher opens the class; the socket is told `door.opened`. */
  "waiting_for_teacher",
  /** The class is locked: nobody new enters, even with a valid link. */
  "class_locked",
  /** The session has ended (closed by the teacher). */
  "class_closed",
  /** Outside the session's time window. */
  "outside_window",
  /** Banned from the class (this session or for some days); bound to the account. */
  "banned",
  /** The same student is in class on another device right now; the teacher has been told. */
  "second_device",
  /** The school's class rules must be acknowledged first (`rulesId`, `schoolId` in the refusal). */
  "rules_not_acknowledged",
  /** Denied twice in the lobby of this session: no more knocking. */
  "lobby_denied_twice",
  /** The teacher denied entry (first denial: the person may knock once more). */
  "lobby_denied",
  /** Too many attempts or messages; `retryAfterSeconds` says when to try again. */
  "rate_limited",
  /** The sender is muted (by the teacher, by mute-all, or automatically after blocked messages). */
  "muted",
  /** Chat is off. */
  "chat_off",
  /** Slow mode: wait `retryAfterSeconds` before the next message. */
  "slow_mode",
  /** The message was blocked by moderation and never left the server; `message` says why. */
  "blocked",
  /** The class has been suspended by the teacher. */
  "suspended",
  /** Not (or no longer) admitted to this session. */
  "not_admitted",
  /** The command needs the teacher's role, or the target is not in this class. */
  "not_allowed",
  /** The payload does not match the schema; `field` names the first bad field. */
  "invalid_input",
  /** Unexpected server error; the client may retry. */
  "internal",
] as const;
export type RefusalReason = (typeof refusalReasons)[number];

export type ParticipantRole = "host" | "student" | "guest";
export type ChatMode = "everyone" | "teacher_only" | "off";
export const chatModes = ["everyone", "teacher_only", "off"] as const;

// ---------------------------------------------------------------------------------------------
// Client → server payloads (validated with these schemas on arrival).

const uuid = z.string().uuid();
const sessionRef = { sessionId: uuid };

export const joinPayload = z.object({
  protocolVersion: z.number().int(),
  sessionId: uuid,
  /** The last `seq` this client saw in this session (reconnect); omitted on a first join. */
  lastSeq: z.number().int().min(0).optional(),
});

export const leavePayload = z.object(sessionRef);

export const chatSendPayload = z.object({
  ...sessionRef,
  /** Idempotency key chosen by the client: a resend with the same key is not posted twice. */
  clientId: z.string().min(1).max(64),
  text: z.string().trim().min(1).max(MAX_CHAT_LENGTH),
  /** Private message: a student writes to "teacher"; a teacher writes to a participant's id.
   * Students cannot write privately to each other. */
  privateTo: z.union([z.literal("teacher"), uuid]).optional(),
});

export const chatTargetPayload = z.object({ ...sessionRef, seq: z.number().int().min(1) });
export const chatModePayload = z.object({ ...sessionRef, mode: z.enum(chatModes) });
export const slowModePayload = z.object({
  ...sessionRef,
  seconds: z.number().int().min(0).max(600),
});
export const muteAllPayload = z.object({ ...sessionRef, muted: z.boolean() });
export const mutePayload = z.object({
  ...sessionRef,
  userId: uuid,
  muted: z.boolean(),
  /** Minutes of mute; omitted = until unmuted or the session ends. */
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
});
export const removePayload = z.object({
  ...sessionRef,
  userId: uuid,
  /** Without `ban` a removed person may only come back through the lobby. */
  ban: z
    .discriminatedUnion("scope", [
      z.object({ scope: z.literal("session") }),
      z.object({ scope: z.literal("days"), days: z.number().int().min(1).max(365) }),
    ])
    .optional(),
  reason: z.string().trim().max(300).optional(),
});
export const lockPayload = z.object({ ...sessionRef, locked: z.boolean() });
export const suspendPayload = z.object({
  ...sessionRef,
  note: z.string().trim().max(500).optional(),
});
export const sessionOnlyPayload = z.object(sessionRef);
/** `hand.lower`: a student lowers their own hand; a teacher may lower anyone's (`userId`). */
export const handPayload = z.object({ ...sessionRef, userId: uuid.optional() });
export const lobbyDecisionPayload = z.object({ ...sessionRef, userId: uuid });

/** Every client → server event with its payload schema. */
export const clientEventSchemas = {
  "live.join": joinPayload,
  "live.leave": leavePayload,
  "chat.send": chatSendPayload,
  "chat.delete": chatTargetPayload,
  "chat.release": chatTargetPayload,
  "chat.reject": chatTargetPayload,
  "chat.mode": chatModePayload,
  "chat.slow_mode": slowModePayload,
  "chat.mute_all": muteAllPayload,
  "participant.mute": mutePayload,
  "participant.remove": removePayload,
  "class.open": sessionOnlyPayload,
  "class.close": sessionOnlyPayload,
  "class.lock": lockPayload,
  "class.suspend": suspendPayload,
  "class.resume": sessionOnlyPayload,
  "hand.raise": sessionOnlyPayload,
  "hand.lower": handPayload,
  "lobby.admit": lobbyDecisionPayload,
  "lobby.deny": lobbyDecisionPayload,
  // Audio, video and screen sharing (src/shared/media.ts).
  "media.join": mediaJoinPayload,
  "media.signal": mediaSignalPayload,
  "media.receive": mediaReceivePayload,
  "media.grant": mediaGrantPayload,
  "media.stop": mediaStopPayload,
} as const;
export type ClientEventName = keyof typeof clientEventSchemas;
export type ClientPayload<E extends ClientEventName> = z.input<(typeof clientEventSchemas)[E]>;

/** Commands only a teacher of the class may send. */
export const hostCommands: readonly ClientEventName[] = [
  "chat.delete",
  "chat.release",
  "chat.reject",
  "chat.mode",
  "chat.slow_mode",
  "chat.mute_all",
  "participant.mute",
  "participant.remove",
  "class.open",
  "class.close",
  "class.lock",
  "class.suspend",
  "class.resume",
  "lobby.admit",
  "lobby.deny",
  "media.grant",
  "media.stop",
];

// ---------------------------------------------------------------------------------------------
// Acknowledgements.

export interface Refusal {
  ok: false;
  reason: RefusalReason;
  /** Translated for the sender (vi/en). */
  message: string;
  retryAfterSeconds?: number;
  /** invalid_input: the first bad field. */
  field?: string;
  /** rules_not_acknowledged: the rules to acknowledge. */
  rulesId?: string;
  /** rules_not_acknowledged: the school whose rules they are (the page `/rules/<schoolId>`). */
  schoolId?: string;
  /** waiting_for_teacher / outside_window: when the session starts (ISO). */
  startsAt?: string;
  /** banned: until when (ISO; null = the rest of this session). */
  bannedUntil?: string | null;
  /** blocked: the moderation reason key (moderation.reason.*). */
  reasonKey?: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | Refusal;

export interface SessionSnapshot {
  id: string;
  classId: string;
  className: string;
  schoolName: string;
  title: string;
  startsAt: string;
  endsAt: string;
  openedAt: string | null;
  closedAt: string | null;
  locked: boolean;
  chatMode: ChatMode;
  slowModeSeconds: number;
  mutedAll: boolean;
  suspendedAt: string | null;
}

export interface Participant {
  userId: string;
  /** Roster name for students, account name for others: nobody renames themselves. */
  name: string;
  role: ParticipantRole;
  joinedAt: string;
  muted: boolean;
  handRaisedAt: string | null;
}

export type AttendanceStatus = "present" | "late" | "absent";

/** Teachers only: the roster with who is here, late or absent. */
export interface RosterEntry {
  studentId: string;
  userId: string;
  name: string;
  studentCode: string;
  status: AttendanceStatus;
  /** True while connected now. */
  online: boolean;
  firstJoinedAt: string | null;
}

export interface LobbyEntry {
  userId: string;
  name: string;
  username: string;
  /** School (or unit) of the person's first role. */
  organisation: string | null;
  knocks: number;
  deniedCount: number;
  since: string;
}

export interface JoinAdmitted {
  status: "admitted";
  protocolVersion: number;
  role: ParticipantRole;
  self: { userId: string; name: string };
  session: SessionSnapshot;
  participants: Participant[];
  /** Teachers only. */
  roster?: RosterEntry[];
  /** Teachers only: people waiting in the lobby. */
  lobby?: LobbyEntry[];
  /** Teachers only: held messages not yet released or removed. */
  held?: ChatHeldEvent[];
  /** Highest seq of the session when the snapshot was taken. */
  seq: number;
}

export interface JoinInLobby {
  status: "lobby";
  sessionId: string;
  knocks: number;
}

export type JoinAck = Ack<JoinAdmitted> | Ack<JoinInLobby>;
export type ChatSendAck = Ack<{ seq: number; status: "sent" | "held"; duplicate?: boolean }>;
export type CommandAck = Ack<{ seq?: number }>;

// ---------------------------------------------------------------------------------------------
// Server → client sequenced events (stored before they are sent; resumable by seq).

interface Sequenced {
  seq: number;
  sessionId: string;
  /** ISO time the server recorded the event. */
  at: string;
}

export interface ChatAuthor {
  userId: string;
  name: string;
  role: ParticipantRole;
}

export interface ChatMessageEvent extends Sequenced {
  type: "chat.message";
  from: ChatAuthor;
  text: string;
  /** Set on private messages: to the teachers ("teacher") or to one participant. */
  privateTo: "teacher" | { userId: string; name: string } | null;
  /** A held message released by the teacher: the seq of the `chat.held` event. */
  releasedFrom: number | null;
  /** True once deleted: replays carry no text. */
  deleted: boolean;
  clientId: string | null;
}

/** Teachers and the sender only: a message waiting for the teacher's decision. */
export interface ChatHeldEvent extends Sequenced {
  type: "chat.held";
  from: ChatAuthor;
  text: string;
  privateTo: "teacher" | null;
  reasonKey: string | null;
  categories: string[];
  /** UTF-16 offsets [start, end) of the spans to highlight. */
  spans: Array<[number, number]>;
  clientId: string | null;
}

export interface ChatHeldResolvedEvent extends Sequenced {
  type: "chat.held_resolved";
  heldSeq: number;
  outcome: "released" | "removed";
}

export interface ChatDeletedEvent extends Sequenced {
  type: "chat.deleted";
  targetSeq: number;
  by: string;
}

export interface ChatModeEvent extends Sequenced {
  type: "chat.mode_changed";
  mode: ChatMode;
}

export interface SlowModeEvent extends Sequenced {
  type: "chat.slow_mode_changed";
  seconds: number;
}

export interface MutedAllEvent extends Sequenced {
  type: "chat.muted_all";
  muted: boolean;
}

export interface ParticipantJoinedEvent extends Sequenced {
  type: "participant.joined";
  participant: Participant;
}

export interface ParticipantLeftEvent extends Sequenced {
  type: "participant.left";
  userId: string;
}

export interface ParticipantRemovedEvent extends Sequenced {
  type: "participant.removed";
  userId: string;
  name: string;
  banned: boolean;
  /** ISO end of a ban for some days; null for the session (or no ban). */
  bannedUntil: string | null;
}

export interface ParticipantMutedEvent extends Sequenced {
  type: "participant.muted";
  userId: string;
  muted: boolean;
  until: string | null;
  /** True when the server muted the sender after repeated blocked messages. */
  automatic: boolean;
}

export interface ClassOpenedEvent extends Sequenced {
  type: "class.opened";
  by: string;
}

export interface ClassLockedEvent extends Sequenced {
  type: "class.locked";
  locked: boolean;
}

export interface ClassSuspendedEvent extends Sequenced {
  type: "class.suspended";
  by: string;
  /** The security event recorded with the evidence (for the incident). */
  securityEventId: string;
}

export interface ClassResumedEvent extends Sequenced {
  type: "class.resumed";
  by: string;
}

export interface ClassClosedEvent extends Sequenced {
  type: "class.closed";
  by: string;
}

export interface HandRaisedEvent extends Sequenced {
  type: "hand.raised";
  userId: string;
  name: string;
}

export interface HandLoweredEvent extends Sequenced {
  type: "hand.lowered";
  userId: string;
}

/** Teachers only: someone not on the roster knocks. */
export interface LobbyKnockEvent extends Sequenced {
  type: "lobby.knock";
  entry: LobbyEntry;
}

/** Teachers only: a lobby request was decided (by any teacher) or withdrawn. */
export interface LobbyResolvedEvent extends Sequenced {
  type: "lobby.resolved";
  userId: string;
  outcome: "admitted" | "denied" | "left";
}

/** Teachers only: something to look at now (second device, repeated blocked messages...). */
export interface SecurityAlertEvent extends Sequenced {
  type: "security.alert";
  kind: "second_device" | "repeated_blocks" | "lobby_denied_twice";
  userId: string;
  name: string;
  securityEventId: string;
}

export type LiveEvent =
  | ChatMessageEvent
  | ChatHeldEvent
  | ChatHeldResolvedEvent
  | ChatDeletedEvent
  | ChatModeEvent
  | SlowModeEvent
  | MutedAllEvent
  | ParticipantJoinedEvent
  | ParticipantLeftEvent
  | ParticipantRemovedEvent
  | ParticipantMutedEvent
  | ClassOpenedEvent
  | ClassLockedEvent
  | ClassSuspendedEvent
  | ClassResumedEvent
  | ClassClosedEvent
  | HandRaisedEvent
  | HandLoweredEvent
  | LobbyKnockEvent
  | LobbyResolvedEvent
  | SecurityAlertEvent;
export type LiveEventType = LiveEvent["type"];

/** A sequenced event without its envelope, as the server builds it before storing. */
export type LiveEventBody = LiveEvent extends infer E
  ? E extends LiveEvent
    ? Omit<E, "seq" | "sessionId" | "at">
    : never
  : never;

export const liveEventTypes: readonly LiveEventType[] = [
  "chat.message",
  "chat.held",
  "chat.held_resolved",
  "chat.deleted",
  "chat.mode_changed",
  "chat.slow_mode_changed",
  "chat.muted_all",
  "participant.joined",
  "participant.left",
  "participant.removed",
  "participant.muted",
  "class.opened",
  "class.locked",
  "class.suspended",
  "class.resumed",
  "class.closed",
  "hand.raised",
  "hand.lowered",
  "lobby.knock",
  "lobby.resolved",
  "security.alert",
];

// ---------------------------------------------------------------------------------------------
// Server → client direct events (not sequenced: about this socket only).

/** The lobby request was admitted: send `live.join` again. */
export interface LobbyAdmittedDirect {
  sessionId: string;
}
/** The lobby request was denied; `final` when no more knocking is allowed. */
export interface LobbyDeniedDirect {
  sessionId: string;
  final: boolean;
  message: string;
}
/** A teacher opened the class this socket was waiting for: send `live.join` again. */
export interface DoorOpenedDirect {
  sessionId: string;
}
/** This socket's participation ended (removed, banned, class closed, replaced by a newer
 * connection of the same device). The client must not rejoin automatically unless told so. */
export interface KickedDirect {
  sessionId: string;
  reason: "removed" | "banned" | "class_closed" | "replaced" | "session_ended";
  message: string;
  bannedUntil?: string | null;
}

export interface ServerToClientEvents {
  "lobby.admitted": (event: LobbyAdmittedDirect) => void;
  "lobby.denied": (event: LobbyDeniedDirect) => void;
  "door.opened": (event: DoorOpenedDirect) => void;
  "live.kicked": (event: KickedDirect) => void;
}

/** Typed handlers for every sequenced event, by name. */
export type LiveEventHandlers = {
  [K in LiveEventType]: (event: Extract<LiveEvent, { type: K }>) => void;
};
