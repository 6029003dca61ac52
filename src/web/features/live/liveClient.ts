/**
 * The socket side of a live class for one browser tab: joins, rejoins after every reconnect with
 * the last seq it saw (so nothing is missed and nothing shown twice), follows the lobby and the
 * door, and sends commands with their acknowledgements. Transport-agnostic enough to run in
 * Node against a real server in tests: it is given a socket.io-client `Socket`.
 */
import type { Socket } from "socket.io-client";
import {
  PROTOCOL_VERSION,
  liveEventTypes,
  type Ack,
  type ChatSendAck,
  type ClientEventName,
  type ClientPayload,
  type CommandAck,
  type DoorOpenedDirect,
  type JoinAck,
  type KickedDirect,
  type LiveEvent,
  type LobbyAdmittedDirect,
  type LobbyDeniedDirect,
  type Refusal,
} from "../../../shared/live-protocol.ts";
import { applyEvent, isLiveEvent, roomFromAck, type RoomState } from "./liveState.ts";

/** How long a command may wait for its acknowledgement. */
export const ACK_TIMEOUT_MS = 10_000;

/** Where this tab stands with the class. */
export type LivePhase =
  /** Connecting or waiting for the join ack. */
  | { kind: "joining" }
  | { kind: "admitted" }
  /** Waiting for a teacher to admit. */
  | { kind: "lobby"; knocks: number }
  /** Refused at the door (waiting_for_teacher included: the door opening rejoins by itself). */
  | { kind: "refused"; refusal: Refusal }
  /** Denied in the lobby; `final` = no more knocking. */
  | { kind: "denied"; final: boolean; message: string }
  /** Removed, banned, class closed, replaced by another tab or device. */
  | { kind: "kicked"; kicked: KickedDirect }
  /** Left on purpose. */
  | { kind: "left" };

export interface LiveSnapshot {
  phase: LivePhase;
  /** Socket transport up (false while reconnecting). */
  connected: boolean;
  /** The room, once admitted (kept while reconnecting, and after a kick for context). */
  room: RoomState | null;
}

/** Shape of a command's ack when the transport itself failed (timeout, disconnected). */
export function transportFailure(message: string): Refusal {
  return { ok: false, reason: "internal", message };
}

type Listener = (snapshot: LiveSnapshot) => void;

export interface LiveClientOptions {
  /** Translated text for a command that got no answer (network). */
  noAnswerMessage?: string;
  /** Called for every sequenced event applied (after dedupe), e.g. to play a sound. */
  onEvent?: (event: LiveEvent, room: RoomState) => void;
}

/** One tab's connection to one class session. */
export class LiveClient {
  readonly sessionId: string;
  /** The class socket (media signalling shares it). */
  readonly socket: Socket;
  private readonly options: LiveClientOptions;
  private snapshot: LiveSnapshot;
  private readonly listeners = new Set<Listener>();
  /** Events that arrived while a join was in flight (applied after its ack). */
  private buffered: LiveEvent[] = [];
  private joining = false;
  private stopped = false;
  private joinAttempt = 0;

  constructor(socket: Socket, sessionId: string, options: LiveClientOptions = {}) {
    this.socket = socket;
    this.sessionId = sessionId;
    this.options = options;
    this.snapshot = { phase: { kind: "joining" }, connected: socket.connected, room: null };

    socket.on("connect", this.onConnect);
    socket.on("disconnect", this.onDisconnect);
    socket.onAny(this.onAnyEvent);
    socket.on("lobby.admitted", this.onLobbyAdmitted);
    socket.on("door.opened", this.onDoorOpened);
    socket.on("lobby.denied", this.onLobbyDenied);
    socket.on("live.kicked", this.onKicked);
    if (socket.connected) void this.join();
  }

  /** The last seq applied (what a reconnect asks to resume after). */
  get lastSeq(): number | undefined {
    return this.snapshot.room?.lastSeq;
  }

  getSnapshot = (): LiveSnapshot => this.snapshot;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Sends `live.join` (first time, after a reconnect, after the door opened or admission). */
  async join(): Promise<JoinAck> {
    if (this.stopped) return transportFailure("stopped");
    const attempt = ++this.joinAttempt;
    this.joining = true;
    const lastSeq = this.snapshot.room?.lastSeq;
    const payload: ClientPayload<"live.join"> = {
      protocolVersion: PROTOCOL_VERSION,
      sessionId: this.sessionId,
      ...(lastSeq !== undefined && lastSeq > 0 ? { lastSeq } : {}),
    };
    let ack: JoinAck;
    try {
      ack = (await this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck("live.join", payload)) as JoinAck;
    } catch {
      ack = transportFailure(this.options.noAnswerMessage ?? "no answer");
    }
    if (attempt !== this.joinAttempt || this.stopped) return ack;
    this.joining = false;
    const buffered = this.buffered;
    this.buffered = [];
    if (ack.ok && ack.status === "admitted") {
      let room = roomFromAck(ack, this.snapshot.room);
      for (const event of buffered) room = applyEvent(room, event);
      this.set({ phase: { kind: "admitted" }, room });
    } else if (ack.ok && ack.status === "lobby") {
      this.set({ phase: { kind: "lobby", knocks: ack.knocks } });
    } else if (!ack.ok) {
      // a transport failure while connected: try again once the socket reconnects
      this.set({ phase: { kind: "refused", refusal: ack } });
    }
    return ack;
  }

  /** Sends a command and resolves with its ack (a transport failure is a refusal too). */
  async command<E extends Exclude<ClientEventName, "live.join">>(
    name: E,
    payload: Omit<ClientPayload<E>, "sessionId">,
  ): Promise<CommandAck> {
    return this.emit<CommandAck>(name, payload);
  }

  /** Sends a chat message; the same `clientId` is safe to resend (the server posts it once). */
  async sendChat(text: string, privateTo?: "teacher" | string, clientId = newClientId()) {
    return this.emit<ChatSendAck>("chat.send", {
      clientId,
      text,
      ...(privateTo ? { privateTo } : {}),
    });
  }

  /** Leaves the class on purpose and stops rejoining. */
  async leave(): Promise<void> {
    if (this.stopped) return;
    if (this.socket.connected && this.snapshot.phase.kind === "admitted") {
      await this.emit("live.leave", {}).catch(() => undefined);
    }
    this.set({ phase: { kind: "left" } });
    this.stop();
  }

  /** Detaches from the socket (the caller closes it). */
  stop(): void {
    this.stopped = true;
    this.socket.off("connect", this.onConnect);
    this.socket.off("disconnect", this.onDisconnect);
    this.socket.offAny(this.onAnyEvent);
    this.socket.off("lobby.admitted", this.onLobbyAdmitted);
    this.socket.off("door.opened", this.onDoorOpened);
    this.socket.off("lobby.denied", this.onLobbyDenied);
    this.socket.off("live.kicked", this.onKicked);
  }

  private async emit<T extends Ack>(name: string, payload: object): Promise<T> {
    try {
      return (await this.socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck(name, { ...payload, sessionId: this.sessionId })) as T;
    } catch {
      return transportFailure(this.options.noAnswerMessage ?? "no answer") as T;
    }
  }

  private set(change: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener(this.snapshot);
  }

  /** Whether the socket should (re)join on connect: not after a kick, a final denial or leaving. */
  private shouldRejoin(): boolean {
    const phase = this.snapshot.phase.kind;
    if (phase === "kicked" || phase === "left") return false;
    if (phase === "denied") return !this.deniedFinal();
    if (phase === "refused") {
      const reason = (this.snapshot.phase as { refusal: Refusal }).refusal.reason;
      // refusals that another try may lift
      return ["waiting_for_teacher", "internal", "rate_limited", "second_device"].includes(reason);
    }
    return true;
  }

  private deniedFinal(): boolean {
    const phase = this.snapshot.phase;
    return phase.kind === "denied" && phase.final;
  }

  private onConnect = () => {
    this.set({ connected: true });
    if (this.shouldRejoin()) void this.join();
  };

  private onDisconnect = () => {
    this.joining = false;
    this.set({ connected: false });
  };

  private onAnyEvent = (name: string, payload: unknown) => {
    const event = isLiveEvent(payload, liveEventTypes)
      ? payload
      : // sequenced events may also arrive under a generic name with the event as payload
        null;
    if (!event || event.sessionId !== this.sessionId) return;
    void name;
    if (this.joining) {
      this.buffered.push(event);
      return;
    }
    const room = this.snapshot.room;
    if (!room || this.snapshot.phase.kind !== "admitted") return;
    const next = applyEvent(room, event);
    if (next === room) return; // a duplicate (seq already applied)
    this.set({ room: next });
    this.options.onEvent?.(event, next);
  };

  private onLobbyAdmitted = (payload: LobbyAdmittedDirect) => {
    if (payload?.sessionId === this.sessionId) void this.join();
  };

  private onDoorOpened = (payload: DoorOpenedDirect) => {
    if (payload?.sessionId === this.sessionId) void this.join();
  };

  private onLobbyDenied = (payload: LobbyDeniedDirect) => {
    if (payload?.sessionId !== this.sessionId) return;
    this.set({ phase: { kind: "denied", final: payload.final, message: payload.message } });
  };

  private onKicked = (payload: KickedDirect) => {
    if (payload?.sessionId !== this.sessionId) return;
    this.set({ phase: { kind: "kicked", kicked: payload } });
  };
}

/** A random idempotency key for one chat message. */
export function newClientId(): string {
  const cryptoApi = globalThis.crypto;
  if (cryptoApi && "randomUUID" in cryptoApi) return cryptoApi.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
