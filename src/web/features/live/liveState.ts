/**
 * The live class as one client sees it: the snapshot from the admitted `live.join` ack plus every
 * sequenced event applied in order. Pure functions, so a reconnect (new snapshot, then the events
 * after `lastSeq`) and a replay of the same events converge on the same state.
 */
import type {
  ChatHeldEvent,
  ChatMessageEvent,
  JoinAdmitted,
  LiveEvent,
  LobbyEntry,
  Participant,
  ParticipantRole,
  RosterEntry,
  SecurityAlertEvent,
  SessionSnapshot,
} from "../../../shared/live-protocol.ts";
import { LATE_AFTER_MINUTES } from "../../../shared/live.ts";

/** Most chat messages kept in memory; older ones scroll out (they stay on the server). */
export const MAX_KEPT_MESSAGES = 500;

/** A held message as the sender sees it after the teacher removed it. */
export interface ResolvedHeld {
  seq: number;
  outcome: "released" | "removed";
}

export interface RoomState {
  role: ParticipantRole;
  self: { userId: string; name: string };
  session: SessionSnapshot;
  participants: Participant[];
  /** Teachers only (empty for others). */
  roster: RosterEntry[];
  lobby: LobbyEntry[];
  /** Teachers: every pending held message; the sender: their own pending ones. */
  held: ChatHeldEvent[];
  /** The sender's held messages the teacher removed (shown struck through). */
  removedHeld: ChatHeldEvent[];
  messages: ChatMessageEvent[];
  alerts: SecurityAlertEvent[];
  /** Highest seq applied. */
  lastSeq: number;
}

/** The room right after an admitted join. On a reconnect `previous` keeps the chat already seen
 * (the server only sends what came after `lastSeq`). */
export function roomFromAck(ack: JoinAdmitted, previous?: RoomState | null): RoomState {
  const samePerson = previous && previous.self.userId === ack.self.userId;
  return {
    role: ack.role,
    self: ack.self,
    session: ack.session,
    participants: ack.participants,
    roster: ack.roster ?? [],
    lobby: ack.lobby ?? [],
    held: ack.held ?? (samePerson ? previous.held : []),
    removedHeld: samePerson ? previous.removedHeld : [],
    messages: samePerson ? previous.messages : [],
    alerts: samePerson ? previous.alerts : [],
    lastSeq: samePerson ? Math.max(previous.lastSeq, 0) : 0,
  };
}

function upsertBy<T>(list: T[], item: T, same: (a: T) => boolean): T[] {
  const index = list.findIndex(same);
  if (index < 0) return [...list, item];
  const copy = list.slice();
  copy[index] = item;
  return copy;
}

function updateParticipant(
  state: RoomState,
  userId: string,
  change: (participant: Participant) => Participant,
): Participant[] {
  return state.participants.map((participant) =>
    participant.userId === userId ? change(participant) : participant,
  );
}

function rosterOnline(
  state: RoomState,
  userId: string,
  online: boolean,
  at: string,
): RosterEntry[] {
  return state.roster.map((entry) => {
    if (entry.userId !== userId) return entry;
    if (!online) return { ...entry, online: false };
    if (entry.firstJoinedAt) return { ...entry, online: true };
    const lateAfter = Date.parse(state.session.startsAt) + LATE_AFTER_MINUTES * 60_000;
    return {
      ...entry,
      online: true,
      firstJoinedAt: at,
      status: Date.parse(at) > lateAfter ? "late" : "present",
    };
  });
}

function withSession(state: RoomState, change: Partial<SessionSnapshot>): RoomState {
  return { ...state, session: { ...state.session, ...change } };
}

/** Applies one sequenced event. Events at or below `lastSeq` were already applied: unchanged. */
export function applyEvent(state: RoomState, event: LiveEvent): RoomState {
  if (event.seq <= state.lastSeq) return state;
  const next = applyBody(state, event);
  return { ...next, lastSeq: event.seq };
}

function applyBody(state: RoomState, event: LiveEvent): RoomState {
  switch (event.type) {
    case "chat.message": {
      const messages = [...state.messages, event].slice(-MAX_KEPT_MESSAGES);
      const held =
        event.releasedFrom === null
          ? state.held
          : state.held.filter((item) => item.seq !== event.releasedFrom);
      return { ...state, messages, held };
    }
    case "chat.held":
      return { ...state, held: upsertBy(state.held, event, (item) => item.seq === event.seq) };
    case "chat.held_resolved": {
      const item = state.held.find((held) => held.seq === event.heldSeq);
      const held = state.held.filter((entry) => entry.seq !== event.heldSeq);
      const mine = item && item.from.userId === state.self.userId;
      const removedHeld =
        item && mine && event.outcome === "removed"
          ? [...state.removedHeld, item]
          : state.removedHeld;
      return { ...state, held, removedHeld };
    }
    case "chat.deleted":
      return {
        ...state,
        messages: state.messages.map((message) =>
          message.seq === event.targetSeq ? { ...message, deleted: true, text: "" } : message,
        ),
      };
    case "chat.mode_changed":
      return withSession(state, { chatMode: event.mode });
    case "chat.slow_mode_changed":
      return withSession(state, { slowModeSeconds: event.seconds });
    case "chat.muted_all":
      return withSession(state, { mutedAll: event.muted });
    case "participant.joined":
      return {
        ...state,
        participants: upsertBy(
          state.participants,
          event.participant,
          (participant) => participant.userId === event.participant.userId,
        ),
        roster: rosterOnline(state, event.participant.userId, true, event.at),
        lobby: state.lobby.filter((entry) => entry.userId !== event.participant.userId),
      };
    case "participant.left":
    case "participant.removed":
      return {
        ...state,
        participants: state.participants.filter(
          (participant) => participant.userId !== event.userId,
        ),
        roster: rosterOnline(state, event.userId, false, event.at),
      };
    case "participant.muted":
      return {
        ...state,
        participants: updateParticipant(state, event.userId, (participant) => ({
          ...participant,
          muted: event.muted,
        })),
      };
    case "class.opened":
      return withSession(state, { openedAt: state.session.openedAt ?? event.at, closedAt: null });
    case "class.locked":
      return withSession(state, { locked: event.locked });
    case "class.suspended":
      return withSession(state, { suspendedAt: event.at });
    case "class.resumed":
      return withSession(state, { suspendedAt: null });
    case "class.closed":
      return withSession(state, { closedAt: event.at });
    case "hand.raised":
      return {
        ...state,
        participants: updateParticipant(state, event.userId, (participant) => ({
          ...participant,
          handRaisedAt: participant.handRaisedAt ?? event.at,
        })),
      };
    case "hand.lowered":
      return {
        ...state,
        participants: updateParticipant(state, event.userId, (participant) => ({
          ...participant,
          handRaisedAt: null,
        })),
      };
    case "lobby.knock":
      return {
        ...state,
        lobby: upsertBy(state.lobby, event.entry, (entry) => entry.userId === event.entry.userId),
      };
    case "lobby.resolved":
      return { ...state, lobby: state.lobby.filter((entry) => entry.userId !== event.userId) };
    case "security.alert":
      return { ...state, alerts: [...state.alerts, event].slice(-50) };
    default:
      return state;
  }
}

/** Raised hands, first raised first. */
export function handQueue(state: RoomState): Participant[] {
  return state.participants
    .filter((participant) => participant.handRaisedAt !== null)
    .sort((a, b) => Date.parse(a.handRaisedAt ?? "") - Date.parse(b.handRaisedAt ?? ""));
}

/** People in class who are not on the roster (admitted guests). */
export function guestsInClass(state: RoomState): Participant[] {
  return state.participants.filter((participant) => participant.role === "guest");
}

export function selfParticipant(state: RoomState): Participant | undefined {
  return state.participants.find((participant) => participant.userId === state.self.userId);
}

/** Roster counts for the teacher's header: here now, late, absent, not on the roster. */
export function rosterCounts(state: RoomState) {
  let present = 0;
  let late = 0;
  let absent = 0;
  for (const entry of state.roster) {
    if (entry.status === "present") present += 1;
    else if (entry.status === "late") late += 1;
    else absent += 1;
  }
  const online = state.roster.filter((entry) => entry.online).length;
  return { present, late, absent, online, guests: guestsInClass(state).length };
}

/** Whether an object received on the socket is a sequenced live event. */
export function isLiveEvent(value: unknown, types: readonly string[]): value is LiveEvent {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { type?: unknown; seq?: unknown; sessionId?: unknown };
  return (
    typeof candidate.type === "string" &&
    types.includes(candidate.type) &&
    typeof candidate.seq === "number" &&
    typeof candidate.sessionId === "string"
  );
}
