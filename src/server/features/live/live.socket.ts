/** Socket.IO handlers of the live class: every event is parsed with its zod schema, flood
 * limited, authorised on arrival (membership, teacher role re-checked), and acknowledged. */
import type { Server as SocketServer } from "socket.io";
import type { z } from "zod";
import {
  clientEventSchemas,
  hostCommands,
  PROTOCOL_VERSION,
  type ClientEventName,
  type JoinAck,
  type LobbyDeniedDirect,
  type Participant,
  type Refusal,
} from "../../../shared/live-protocol.ts";
import type { AppContext } from "../../context.ts";
import { pickLocale, translate, type Locale } from "../../i18n/i18n.ts";
import { LANG_COOKIE } from "../../http/auth.ts";
import type { AppSocket, SocketData } from "../../realtime/realtime.ts";
import { sha256Hex } from "../../lib/tokens.ts";
import { teachesClass } from "../orgs/orgs.repo.ts";
import { rulesGate } from "../rules/index.ts";
import * as actions from "./live.actions.ts";
import * as mediaActions from "./media.actions.ts";
import { mediaAfterLeave } from "./media.hooks.ts";
import { mediaProviderFor } from "./media.ts";
import { LiveRefusal, type Doer } from "./live.actions.ts";
import {
  doorRoom,
  LiveHub,
  lobbyRoom,
  memberRoom,
  registerHub,
  type LiveMember,
} from "./live.hub.ts";
import * as repo from "./live.repo.ts";
import { rosterStatus } from "./attendance.ts";
import { DEVICE_COOKIE, deviceHash, JOIN_COOKIE, resolveGrant, type JoinGrant } from "./links.ts";
import { insideWindow, sessionSnapshot } from "./sessions.ts";

/** What the live class keeps on a socket (visible to other processes through fetchSockets). */
interface LiveSocketData extends SocketData {
  joinGrant?: JoinGrant | null;
  locale?: Locale;
  /** Session id → device hash of this socket's membership (second-device checks). */
  liveDevices?: Record<string, string>;
}

/** Events per socket per 2 seconds before refusals, and before the socket is cut off. */
const FLOOD_SOFT_LIMIT = 40;
const FLOOD_HARD_LIMIT = 200;
const FLOOD_WINDOW_MS = 2000;

function refusal(locale: Locale, error: LiveRefusal): Refusal {
  const params: Record<string, string | number> = {
    seconds: error.extra.retryAfterSeconds ?? 1,
    field: error.extra.field ?? "",
  };
  const { messageKey, ...extra } = error.extra;
  return {
    ok: false,
    reason: error.reason,
    message: translate(locale, messageKey ?? `live.refusal.${error.reason}`, params),
    ...extra,
  };
}

const data = (socket: AppSocket) => socket.data as LiveSocketData;

export function liveRealtime(io: SocketServer, ctx: AppContext): void {
  const hub = new LiveHub(io, ctx);
  registerHub(ctx, hub);

  // The handshake needs a signed-in session or a join grant (personal link + its device).
  // Runs after the session middleware of realtime.ts, which resolved `socket.data.actor`.
  io.use(async (socket, next) => {
    try {
      const socketData = socket.data as LiveSocketData;
      socketData.locale =
        socketData.actor?.locale ??
        pickLocale(
          socketData.cookies?.[LANG_COOKIE],
          socket.request.headers["accept-language"] as string | undefined,
        );
      if (socketData.cookies?.[JOIN_COOKIE]) {
        socketData.joinGrant = await resolveGrant(
          ctx,
          socketData.cookies[JOIN_COOKIE],
          socketData.cookies[DEVICE_COOKIE],
        );
      }
      if (socketData.actor || socketData.joinGrant) return next();
      next(new Error("unauthenticated"));
    } catch (error) {
      ctx.log.error({ err: error }, "live handshake failed");
      next(new Error("internal"));
    }
  });

  io.on("connection", (rawSocket) => {
    const socket = rawSocket as unknown as AppSocket;
    const lobbies = new Map<string, string>();
    let windowStart = Date.now();
    let eventsInWindow = 0;

    const flooding = (): boolean => {
      const at = Date.now();
      if (at - windowStart > FLOOD_WINDOW_MS) {
        windowStart = at;
        eventsInWindow = 0;
      }
      eventsInWindow += 1;
      if (eventsInWindow > FLOOD_HARD_LIMIT) {
        ctx.log.warn({ socket: socket.id, ip: data(socket).ip }, "live: flooding socket cut off");
        socket.disconnect(true);
        return true;
      }
      return eventsInWindow > FLOOD_SOFT_LIMIT;
    };

    const locale = () => data(socket).locale ?? "vi";

    function on<E extends ClientEventName>(
      name: E,
      handler: (
        payload: z.output<(typeof clientEventSchemas)[E]>,
        reply: (value: object) => void,
      ) => Promise<object | void>,
    ): void {
      socket.on(
        name as never,
        (async (...args: unknown[]) => {
          const last = args[args.length - 1];
          const ack =
            typeof last === "function" ? (last as (value: object) => void) : () => undefined;
          let answered = false;
          const reply = (value: object) => {
            if (answered) return;
            answered = true;
            ack(value);
          };
          if (flooding()) {
            return reply(
              refusal(locale(), new LiveRefusal("rate_limited", { retryAfterSeconds: 2 })),
            );
          }
          const parsed = clientEventSchemas[name].safeParse(args[0]);
          if (!parsed.success) {
            const field = parsed.error.issues[0]?.path.map(String).join(".") || "payload";
            return reply(refusal(locale(), new LiveRefusal("invalid_input", { field })));
          }
          try {
            const result = await handler(parsed.data as never, reply);
            if (result) reply({ ok: true, ...result });
          } catch (error) {
            if (error instanceof LiveRefusal) return reply(refusal(locale(), error));
            ctx.log.error({ err: error, event: name }, "live event failed");
            reply(refusal(locale(), new LiveRefusal("internal")));
          }
        }) as never,
      );
    }

    /** The socket's membership of a session; host commands re-check the teacher role. */
    async function requireMember(sessionId: string, command: ClientEventName): Promise<LiveMember> {
      const member = hub.member(socket.id, sessionId);
      if (!member) throw new LiveRefusal("not_admitted");
      if (hostCommands.includes(command)) {
        if (
          member.role !== "host" ||
          !(await teachesClass(ctx.db, member.userId, member.classId))
        ) {
          throw new LiveRefusal("not_allowed");
        }
      }
      return member;
    }

    const doer = (member: LiveMember): Doer => ({
      userId: member.userId,
      name: member.name,
      role: member.role,
      ip: data(socket).ip,
      userAgent: data(socket).userAgent,
    });

    async function sessionOf(member: LiveMember) {
      const session = await repo.findSession(ctx.db, member.sessionId);
      if (!session) throw new LiveRefusal("not_found_or_invalid");
      return session;
    }

    async function leave(sessionId: string) {
      const member = hub.member(socket.id, sessionId);
      if (member) {
        hub.detach(member);
        await mediaAfterLeave(ctx, sessionId, member.userId, socket.id);
        delete data(socket).liveDevices?.[sessionId];
        await actions.leaveSession(ctx, sessionId, socket.id);
      }
      const lobbyUser = lobbies.get(sessionId);
      if (lobbyUser) {
        lobbies.delete(sessionId);
        void socket.leave(lobbyRoom(sessionId, lobbyUser));
        await actions.leaveLobby(ctx, sessionId, lobbyUser);
      }
      void socket.leave(doorRoom(sessionId));
    }

    socket.on("disconnect", () => {
      const sessionIds = new Set([
        ...hub.membersOfSocket(socket.id).map((member) => member.sessionId),
        ...lobbies.keys(),
      ]);
      for (const sessionId of sessionIds) {
        leave(sessionId).catch((error) =>
          ctx.log.warn({ err: error, sessionId }, "live: recording a departure failed"),
        );
      }
    });

    on("live.join", async (payload, reply) => {
      const joinAck: JoinAck = await join(payload);
      reply(joinAck);
      if (joinAck.ok && joinAck.status === "admitted") {
        const member = hub.member(socket.id, payload.sessionId);
        if (member) await hub.attach(member, payload.lastSeq, joinAck.seq);
      }
    });

    async function join(
      payload: z.output<(typeof clientEventSchemas)["live.join"]>,
    ): Promise<JoinAck> {
      if (payload.protocolVersion !== PROTOCOL_VERSION) throw new LiveRefusal("protocol_mismatch");
      const socketData = data(socket);
      const limiterKey = `live:join:${socketData.actor?.userId ?? socketData.joinGrant?.userId}`;
      const rate = await ctx.rateLimiter.hit(limiterKey, 30, 60);
      if (!rate.allowed) {
        throw new LiveRefusal("rate_limited", { retryAfterSeconds: rate.retryAfterSeconds });
      }
      // One statement reads the session, the class, the school and the person's standing in it.
      const actor = socketData.actor;
      const grant = socketData.joinGrant ?? null;
      const now = ctx.now();
      const factsFor = (userId: string) =>
        repo.doorFacts(ctx.db, {
          sessionId: payload.sessionId,
          userId,
          linkId: grant?.linkId ?? null,
          now,
        });
      let facts = await factsFor(actor?.userId ?? grant!.userId);
      if (!facts || facts.class_archived_at) throw new LiveRefusal("not_found_or_invalid");
      const session: repo.SessionRow = facts;

      // Who is this, for this class: a teacher, a student (account or personal link), a guest.
      let role: "host" | "student" | "guest";
      let userId: string;
      let studentId: string | null = null;
      let name: string;
      let linkId: string | null = null;
      if (actor && facts.is_teacher) {
        role = "host";
        userId = actor.userId;
        name = actor.displayName;
      } else if (actor && facts.enrolled_student_id) {
        role = "student";
        userId = actor.userId;
        studentId = facts.enrolled_student_id;
        name = facts.enrolled_name!;
      } else if (grant && grant.classId === session.class_id) {
        role = "student";
        userId = grant.userId;
        studentId = grant.studentId;
        name = grant.studentName;
        linkId = grant.linkId;
        // Signed in as someone else on this browser: the door checks the link's student.
        if (actor && actor.userId !== grant.userId) {
          facts = await factsFor(grant.userId);
          if (!facts) throw new LiveRefusal("not_found_or_invalid");
        }
      } else if (actor) {
        role = "guest";
        userId = actor.userId;
        name = actor.displayName;
      } else {
        throw new LiveRefusal("not_found_or_invalid");
      }
      const device = linkId
        ? grant!.deviceHash
        : socketData.cookies?.[DEVICE_COOKIE]
          ? deviceHash(socketData.cookies[DEVICE_COOKIE]!)
          : sha256Hex(`auth-session:${socketData.sessionId ?? socket.id}`);

      if (session.closed_at) throw new LiveRefusal("class_closed");
      if (!insideWindow(session, now, role === "host")) {
        throw new LiveRefusal("outside_window", { startsAt: session.starts_at.toISOString() });
      }
      const previous = hub.member(socket.id, session.id);
      if (previous) hub.detach(previous);

      let viaLobby = role === "guest";
      if (role === "student") {
        // The school rules gate: the current rules come with the door facts; a school without
        // published rules yet goes through the rules feature (which publishes its template).
        const pending = facts.rules_id
          ? facts.rules_acknowledged
            ? null
            : { rulesId: facts.rules_id }
          : await rulesGate(ctx, { userId, schoolId: session.school_id, role: "student" });
        if (pending) {
          throw new LiveRefusal("rules_not_acknowledged", {
            rulesId: pending.rulesId,
            schoolId: session.school_id,
          });
        }
        if (facts.ban_id) {
          throw new LiveRefusal("banned", {
            bannedUntil:
              facts.ban_until && facts.ban_until < actions.INDEFINITE
                ? facts.ban_until.toISOString()
                : null,
          });
        }
        // A removed student comes back only through the lobby.
        if (facts.participant_user_id && facts.participant_removed_at) viaLobby = true;
      }
      if (role !== "host" && !session.opened_at) {
        void socket.join(doorRoom(session.id));
        throw new LiveRefusal("waiting_for_teacher", { startsAt: session.starts_at.toISOString() });
      }
      if (viaLobby) {
        const username = actor?.userId === userId ? actor.username : "";
        const knock = await actions.knockAtLobby(ctx, session, {
          userId,
          name,
          username,
          studentId,
        });
        if (knock.state === "waiting") {
          lobbies.set(session.id, userId);
          void socket.join(lobbyRoom(session.id, userId));
          return { ok: true, status: "lobby", sessionId: session.id, knocks: knock.knocks };
        }
      }

      let replaces = false;
      if (role === "student") {
        const others = (await io.in(memberRoom(session.id, userId)).fetchSockets()).filter(
          (other) => other.id !== socket.id,
        );
        const elsewhere = others.filter(
          (other) => (other.data as LiveSocketData).liveDevices?.[session.id] !== device,
        );
        if (elsewhere.length > 0) {
          const alertKey = `live:second-device-alert:${session.id}:${userId}`;
          const alert = await ctx.rateLimiter.hit(alertKey, 1, 60);
          if (alert.allowed) {
            await actions.alertSecondDevice(ctx, session, {
              userId,
              name,
              ip: socketData.ip,
              userAgent: socketData.userAgent,
              linkId,
            });
          }
          throw new LiveRefusal("second_device");
        }
        replaces = others.length > 0;
        if (linkId && facts.link_device_hash !== device) {
          await actions.rebindLink(ctx, linkId, device);
        }
      }
      if (replaces)
        hub.kick({ sessionId: session.id, userId, reason: "replaced", exceptSocketId: socket.id });

      const admission = await actions.admitParticipant(ctx, {
        session,
        userId,
        studentId,
        role,
        name,
        deviceHash: device,
        linkId,
        ip: socketData.ip,
        userAgent: socketData.userAgent,
        socketId: socket.id,
        replacesVisits: replaces,
      });
      lobbies.delete(session.id);
      void socket.leave(doorRoom(session.id));
      socketData.liveDevices = { ...(socketData.liveDevices ?? {}), [session.id]: device };
      // The session as of the admission (state read under its lock), for the chat path too.
      const current: repo.SessionRow = { ...session, ...admission.state };
      const member: LiveMember = {
        socket,
        sessionId: session.id,
        classId: session.class_id,
        schoolId: session.school_id,
        userId,
        name,
        role,
        studentId,
        deviceHash: device,
        session: current,
        locale: locale(),
        lastSeq: payload.lastSeq ?? 0,
        resuming: true,
        buffer: [],
      };
      // Registered now so that commands work at once; events flow after the ack (attach).
      hub.registerPending(member);
      void socket.join(memberRoom(session.id, userId));
      return { ok: true, ...(await snapshot(member, current)) };
    }

    async function snapshot(member: LiveMember, session: repo.SessionRow) {
      const now = ctx.now();
      const present = await repo.presentParticipants(ctx.db, session.id);
      const participants: Participant[] = present.map((row) => ({
        userId: row.user_id,
        name: row.name,
        role: row.role as Participant["role"],
        joinedAt: new Date(row.joined_at).toISOString(),
        muted:
          (row.muted_until !== null && new Date(row.muted_until) > now) ||
          (session.muted_all && row.role !== "host"),
        handRaisedAt: row.hand_raised_at ? new Date(row.hand_raised_at).toISOString() : null,
      }));
      const host = member.role === "host";
      const [roster, lobby, held] = host
        ? await Promise.all([
            rosterStatus(ctx.db, session),
            repo.lobbyEntries(ctx.db, session.id),
            repo.pendingHeld(ctx.db, session.id),
          ])
        : [undefined, undefined, undefined];
      return {
        status: "admitted" as const,
        protocolVersion: PROTOCOL_VERSION,
        role: member.role,
        self: { userId: member.userId, name: member.name },
        session: sessionSnapshot(session),
        participants,
        seq: session.seq,
        ...(host
          ? {
              roster,
              lobby: lobby!.map((entry) => ({
                userId: entry.user_id,
                name: entry.display_name,
                username: entry.username,
                organisation: entry.organisation,
                knocks: entry.knocks,
                deniedCount: entry.denied_count,
                since: (entry.knocked_at ?? now).toISOString(),
              })),
              held: held!.map((envelope) => envelope.event as never),
            }
          : {}),
      };
    }

    on("live.leave", async (payload) => {
      await leave(payload.sessionId);
      return {};
    });

    on("chat.send", async (payload) => {
      const member = await requireMember(payload.sessionId, "chat.send");
      const result = await actions.postChatMessage(ctx, {
        session: member.session,
        sender: doer(member),
        text: payload.text,
        clientId: payload.clientId,
        privateTo: payload.privateTo,
      });
      if (result.status === "blocked") {
        const reasonKey = result.decision.reasonKey ?? "live.refusal.blocked";
        throw new LiveRefusal("blocked", { reasonKey, messageKey: reasonKey });
      }
      return {
        seq: result.seq,
        status: result.status,
        ...(result.duplicate ? { duplicate: true } : {}),
      };
    });

    const hostCommand = <E extends ClientEventName>(
      name: E,
      run: (
        member: LiveMember,
        session: repo.SessionRow,
        payload: z.output<(typeof clientEventSchemas)[E]>,
      ) => Promise<{ seq?: number } | void>,
    ) =>
      on(name, async (payload) => {
        const member = await requireMember((payload as { sessionId: string }).sessionId, name);
        const session = await sessionOf(member);
        const result = await run(member, session, payload);
        return { ...(result?.seq !== undefined ? { seq: result.seq } : {}) };
      });

    hostCommand("chat.delete", (member, session, payload) =>
      actions.deleteMessage(ctx, session, doer(member), payload.seq),
    );
    hostCommand("chat.release", (member, session, payload) =>
      actions
        .resolveHeldMessage(ctx, session, doer(member), payload.seq, true)
        .then(() => undefined),
    );
    hostCommand("chat.reject", (member, session, payload) =>
      actions
        .resolveHeldMessage(ctx, session, doer(member), payload.seq, false)
        .then(() => undefined),
    );
    hostCommand("chat.mode", (member, session, payload) =>
      actions.setChatMode(ctx, session, doer(member), payload.mode),
    );
    hostCommand("chat.slow_mode", (member, session, payload) =>
      actions.setSlowMode(ctx, session, doer(member), payload.seconds),
    );
    hostCommand("chat.mute_all", (member, session, payload) =>
      actions.muteAll(ctx, session, doer(member), payload.muted),
    );
    hostCommand("participant.mute", (member, session, payload) =>
      actions.muteParticipant(ctx, session, doer(member), payload),
    );
    hostCommand("participant.remove", (member, session, payload) =>
      actions.removeParticipant(ctx, session, doer(member), payload),
    );
    hostCommand("class.open", async (member, session) => {
      const result = await actions.openClass(ctx, session, doer(member));
      return result;
    });
    hostCommand("class.close", (member, session) =>
      actions.closeClass(ctx, session, doer(member)).then(() => undefined),
    );
    hostCommand("class.lock", (member, session, payload) =>
      actions.lockClass(ctx, session, doer(member), payload.locked),
    );
    hostCommand("class.suspend", (member, session, payload) =>
      actions.suspendClass(ctx, session, doer(member), payload.note),
    );
    hostCommand("class.resume", (member, session) =>
      actions.resumeClass(ctx, session, doer(member)),
    );
    hostCommand("lobby.admit", async (member, session, payload) => {
      await actions.decideLobby(ctx, session, doer(member), payload.userId, true);
      io.to(lobbyRoom(session.id, payload.userId)).emit("lobby.admitted", {
        sessionId: session.id,
      });
    });
    hostCommand("lobby.deny", async (member, session, payload) => {
      const { final } = await actions.decideLobby(
        ctx,
        session,
        doer(member),
        payload.userId,
        false,
      );
      for (const waiting of await io.in(lobbyRoom(session.id, payload.userId)).fetchSockets()) {
        const waitingLocale = (waiting.data as LiveSocketData).locale ?? "vi";
        const notice: LobbyDeniedDirect = {
          sessionId: session.id,
          final,
          message: translate(
            waitingLocale,
            final ? "live.refusal.lobby_denied_twice" : "live.lobby.denied",
          ),
        };
        waiting.emit("lobby.denied", notice);
        waiting.leave(lobbyRoom(session.id, payload.userId));
      }
    });

    on("hand.raise", async (payload) => {
      const member = await requireMember(payload.sessionId, "hand.raise");
      const session = await sessionOf(member);
      const result = await actions.setHand(ctx, session, doer(member), member.userId, true);
      return { ...(result.seq !== undefined ? { seq: result.seq } : {}) };
    });
    on("hand.lower", async (payload) => {
      const member = await requireMember(payload.sessionId, "hand.lower");
      const target = payload.userId ?? member.userId;
      if (target !== member.userId) await requireMember(payload.sessionId, "lobby.admit");
      const session = await sessionOf(member);
      const result = await actions.setHand(ctx, session, doer(member), target, false);
      return { ...(result.seq !== undefined ? { seq: result.seq } : {}) };
    });

    // Audio, video and screen sharing: admitted members only (lobby sockets have no member).
    on("media.join", async (payload) => {
      const member = await requireMember(payload.sessionId, "media.join");
      return mediaActions.joinMedia(ctx, member, payload.receiveMode ?? "full");
    });
    on("media.signal", async (payload) => {
      const member = await requireMember(payload.sessionId, "media.signal");
      const provider = mediaProviderFor(ctx);
      if (!provider.signal) throw new LiveRefusal("not_allowed");
      await provider.signal(member.sessionId, member.userId, socket.id, payload);
      return {};
    });
    on("media.receive", async (payload) => {
      const member = await requireMember(payload.sessionId, "media.receive");
      await mediaProviderFor(ctx).setReceiveMode?.(member.sessionId, member.userId, payload.mode);
      return { mode: payload.mode };
    });
    hostCommand("media.grant", (member, session, payload) =>
      mediaActions.grantMedia(ctx, session, doer(member), payload),
    );
    hostCommand("media.stop", (member, session, payload) =>
      mediaActions.stopMedia(ctx, session, doer(member), payload),
    );
  });
}
