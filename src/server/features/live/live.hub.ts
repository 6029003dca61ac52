/** Delivery of sequenced class events to the sockets of this process, in order, exactly once.
 *
 * Events are stored (with their per-session seq) before they are published. Publishing goes to
 * this process directly and to the other processes through `io.serverSideEmit` (the Redis
 * adapter when REDIS_URL is set). Each process keeps, per session with local sockets, the highest
 * seq it delivered: later events wait until the gap is filled (pub/sub order is not commit
 * order), and a gap that does not fill itself is read back from the database. A joining or
 * reconnecting socket first gets what it missed from the database, then live events, each seq
 * once and in increasing order. */
import { randomUUID } from "node:crypto";
import type { Server as SocketServer } from "socket.io";
import type { AppContext } from "../../context.ts";
import type { AppSocket } from "../../realtime/realtime.ts";
import type { KickedDirect, ParticipantRole } from "../../../shared/live-protocol.ts";
import type { Locale } from "../../i18n/i18n.ts";
import { translate } from "../../i18n/i18n.ts";
import * as repo from "./live.repo.ts";
import type { Envelope } from "./live.repo.ts";

/** How long a missing seq may hold later events back before it is read from the database. */
const GAP_WAIT_MS = 150;
/** History sent on a first join (no lastSeq). */
const FIRST_JOIN_HISTORY = 200;

export interface LiveMember {
  socket: AppSocket;
  sessionId: string;
  classId: string;
  schoolId: string;
  userId: string;
  name: string;
  role: ParticipantRole;
  studentId: string | null;
  deviceHash: string | null;
  locale: Locale;
  /** The session as read at join: static fields (class, school, moderation policy) for the
   * chat path; changing state is always read under the session lock. */
  session: repo.SessionRow;
  /** Highest seq sent to this socket (or known to the client). */
  lastSeq: number;
  resuming: boolean;
  buffer: Envelope[];
}

interface Channel {
  sessionId: string;
  delivered: number;
  ready: Promise<void>;
  members: Set<LiveMember>;
  pending: Map<number, Envelope>;
  gapTimer: ReturnType<typeof setTimeout> | null;
}

interface KickCommand {
  sessionId: string;
  userId: string | null;
  reason: KickedDirect["reason"];
  bannedUntil?: string | null;
  exceptSocketId?: string;
}

/** Server → client events are typed in the shared protocol, not on the generic AppSocket. */
function emitTo(socket: AppSocket, event: string, payload: unknown): void {
  (socket as unknown as { emit(name: string, value: unknown): void }).emit(event, payload);
}

export function visibleTo(envelope: Envelope, member: { userId: string; role: ParticipantRole }) {
  return (
    envelope.audience === "all" ||
    (envelope.audience === "hosts" && member.role === "host") ||
    envelope.audienceUser === member.userId
  );
}

/** True (and the member's mark moves on) when the member has not been sent this seq yet: each
 * seq reaches a socket once, in increasing order. */
function takes(member: LiveMember, envelope: Envelope): boolean {
  if (envelope.event.seq <= member.lastSeq) return false;
  member.lastSeq = envelope.event.seq;
  return true;
}

export const sessionRoom = (sessionId: string) => `live:${sessionId}`;
export const memberRoom = (sessionId: string, userId: string) => `live:${sessionId}:u:${userId}`;
export const doorRoom = (sessionId: string) => `live:${sessionId}:door`;
export const lobbyRoom = (sessionId: string, userId: string) => `live:${sessionId}:lobby:${userId}`;

export class LiveHub {
  private readonly channels = new Map<string, Channel>();
  private readonly bySocket = new Map<string, Map<string, LiveMember>>();
  /** Other processes exist only behind the Redis adapter. */
  private readonly shared: boolean;
  /** This process in `live_processes`: its heartbeat keeps the visits of its sockets open. */
  readonly processId = randomUUID();

  constructor(
    readonly io: SocketServer,
    private readonly ctx: AppContext,
  ) {
    this.shared = Boolean(ctx.config.redisUrl);
    io.on("live:events", (envelopes: Envelope[]) => this.receive(envelopes));
    io.on("live:kick", (command: KickCommand) => this.kickLocal(command));
  }

  /** Publishes committed events to every process. */
  publish(envelopes: Envelope[]): void {
    if (envelopes.length === 0) return;
    this.receive(envelopes);
    if (this.shared) this.io.serverSideEmit("live:events", envelopes);
  }

  /** Ends the participation of a user's sockets (or everyone's, `userId` null) everywhere. */
  kick(command: KickCommand): void {
    this.kickLocal(command);
    if (this.shared) this.io.serverSideEmit("live:kick", command);
  }

  member(socketId: string, sessionId: string): LiveMember | undefined {
    return this.bySocket.get(socketId)?.get(sessionId);
  }

  membersOfSocket(socketId: string): LiveMember[] {
    return [...(this.bySocket.get(socketId)?.values() ?? [])];
  }

  localMemberCount(): number {
    let count = 0;
    for (const channel of this.channels.values()) count += channel.members.size;
    return count;
  }

  /** Makes the member known to commands before its events start flowing (`attach`). */
  registerPending(member: LiveMember): void {
    member.resuming = true;
    let sockets = this.bySocket.get(member.socket.id);
    if (!sockets) this.bySocket.set(member.socket.id, (sockets = new Map()));
    sockets.set(member.sessionId, member);
  }

  /** Adds the member and sends it what it missed (`lastSeq` given) or the recent history. On a
   * first join, `snapshotSeq` (the seq of the join's snapshot) bounds the history, and every
   * event after it is sent too: events committed between the snapshot and this attach (another
   * student admitted meanwhile) reached no channel member and would be lost otherwise. */
  async attach(
    member: LiveMember,
    lastSeq: number | undefined,
    snapshotSeq?: number,
  ): Promise<void> {
    let channel = this.channel(member.sessionId);
    await channel.ready;
    // A departure while the channel was being read may have dropped it (it had no member yet):
    // join the channel that receives the session's events now.
    while (this.channels.get(member.sessionId) !== channel) {
      channel = this.channel(member.sessionId);
      await channel.ready;
    }
    member.resuming = true;
    member.lastSeq = lastSeq ?? 0;
    channel.members.add(member);
    let sockets = this.bySocket.get(member.socket.id);
    if (!sockets) this.bySocket.set(member.socket.id, (sockets = new Map()));
    sockets.set(member.sessionId, member);
    void member.socket.join([
      sessionRoom(member.sessionId),
      memberRoom(member.sessionId, member.userId),
    ]);
    try {
      if (lastSeq === undefined) {
        const history = await repo.lastVisibleEvents(
          this.ctx.db,
          member.sessionId,
          { userId: member.userId, isHost: member.role === "host" },
          FIRST_JOIN_HISTORY,
          snapshotSeq,
        );
        for (const envelope of history) this.send(member, envelope);
        if (snapshotSeq !== undefined) member.lastSeq = Math.max(member.lastSeq, snapshotSeq);
      }
      // After a snapshot, only when the channel has seen later events (some may predate this
      // member's place in the channel); later ones arrive through fanOut.
      if (lastSeq !== undefined || (snapshotSeq !== undefined && channel.delivered > snapshotSeq)) {
        for (;;) {
          const missed = await repo.eventsBetween(this.ctx.db, member.sessionId, member.lastSeq);
          if (missed.length === 0) break;
          const before = member.lastSeq;
          for (const envelope of missed) {
            if (visibleTo(envelope, member)) this.send(member, envelope);
          }
          member.lastSeq = Math.max(member.lastSeq, missed[missed.length - 1]!.event.seq);
          if (missed.length < 5000 || member.lastSeq === before) break;
        }
      }
    } finally {
      member.resuming = false;
      const buffered = member.buffer.sort((a, b) => a.event.seq - b.event.seq);
      member.buffer = [];
      for (const envelope of buffered) this.send(member, envelope);
    }
  }

  detach(member: LiveMember): void {
    const channel = this.channels.get(member.sessionId);
    channel?.members.delete(member);
    const sockets = this.bySocket.get(member.socket.id);
    sockets?.delete(member.sessionId);
    if (sockets && sockets.size === 0) this.bySocket.delete(member.socket.id);
    void member.socket.leave(sessionRoom(member.sessionId));
    void member.socket.leave(memberRoom(member.sessionId, member.userId));
    if (channel && channel.members.size === 0) {
      if (channel.gapTimer) clearTimeout(channel.gapTimer);
      this.channels.delete(member.sessionId);
    }
  }

  close(): void {
    for (const channel of this.channels.values()) {
      if (channel.gapTimer) clearTimeout(channel.gapTimer);
    }
    this.channels.clear();
    this.bySocket.clear();
  }

  private send(member: LiveMember, envelope: Envelope): void {
    if (takes(member, envelope)) emitTo(member.socket, envelope.event.type, envelope.event);
  }

  private channel(sessionId: string): Channel {
    const existing = this.channels.get(sessionId);
    if (existing) return existing;
    const created: Channel = {
      sessionId,
      delivered: 0,
      ready: Promise.resolve(),
      members: new Set(),
      pending: new Map(),
      gapTimer: null,
    };
    created.ready = repo.findSession(this.ctx.db, sessionId).then((row) => {
      created.delivered = Math.max(created.delivered, row?.seq ?? 0);
      // Events that arrived while the high-water mark was being read.
      this.drain(created);
    });
    this.channels.set(sessionId, created);
    return created;
  }

  private receive(envelopes: Envelope[]): void {
    for (const envelope of envelopes) {
      const channel = this.channels.get(envelope.event.sessionId);
      if (!channel) continue;
      if (envelope.event.seq <= channel.delivered) continue;
      channel.pending.set(envelope.event.seq, envelope);
      this.drain(channel);
    }
  }

  private drain(channel: Channel): void {
    for (;;) {
      const next = channel.pending.get(channel.delivered + 1);
      if (!next) break;
      channel.pending.delete(next.event.seq);
      channel.delivered = next.event.seq;
      this.fanOut(channel, next);
    }
    for (const seq of channel.pending.keys()) {
      if (seq <= channel.delivered) channel.pending.delete(seq);
    }
    if (channel.pending.size > 0 && !channel.gapTimer) {
      channel.gapTimer = setTimeout(() => void this.fillGap(channel), GAP_WAIT_MS);
    }
  }

  private async fillGap(channel: Channel): Promise<void> {
    channel.gapTimer = null;
    if (channel.pending.size === 0) return;
    const upTo = Math.min(...channel.pending.keys()) - 1;
    try {
      const missing = await repo.eventsBetween(
        this.ctx.db,
        channel.sessionId,
        channel.delivered,
        upTo,
      );
      for (const envelope of missing) {
        if (envelope.event.seq > channel.delivered && !channel.pending.has(envelope.event.seq)) {
          channel.pending.set(envelope.event.seq, envelope);
        }
      }
    } catch (error) {
      this.ctx.log.error({ err: error }, "live: filling an event gap failed");
    }
    this.drain(channel);
  }

  /** One event to the channel's members who may see it. The members in step get it through one
   * local broadcast to their socket ids: Socket.IO encodes the packet and its WebSocket frame
   * once for all of them (per-socket emits encoded it for each). Resuming members buffer it. */
  private fanOut(channel: Channel, envelope: Envelope): void {
    const socketIds: string[] = [];
    for (const member of channel.members) {
      if (!visibleTo(envelope, member)) continue;
      if (member.resuming) member.buffer.push(envelope);
      else if (takes(member, envelope)) socketIds.push(member.socket.id);
    }
    if (socketIds.length > 0) {
      this.io.local.to(socketIds).emit(envelope.event.type as never, envelope.event as never);
    }
  }

  private kickLocal(command: KickCommand): void {
    const channel = this.channels.get(command.sessionId);
    if (!channel) return;
    for (const member of [...channel.members]) {
      if (command.userId !== null && member.userId !== command.userId) continue;
      if (command.exceptSocketId && member.socket.id === command.exceptSocketId) continue;
      const notice: KickedDirect = {
        sessionId: command.sessionId,
        reason: command.reason,
        message: translate(member.locale, `live.kicked.${command.reason}`),
        ...(command.bannedUntil !== undefined ? { bannedUntil: command.bannedUntil } : {}),
      };
      emitTo(member.socket, "live.kicked", notice);
      this.detach(member);
    }
  }
}

const hubs = new WeakMap<AppContext, LiveHub>();

export function registerHub(ctx: AppContext, hub: LiveHub): void {
  hubs.set(ctx, hub);
}

/** The hub of this server (HTTP routes publish through it too). */
export function hubFor(ctx: AppContext): LiveHub | null {
  return hubs.get(ctx) ?? null;
}
