/** Socket.IO server: Origin check and session resolution on the handshake, Redis adapter when
 * REDIS_URL is set, and the publisher features use after their transactions commit. */
import type { Server as HttpServer } from "node:http";
import { Server as SocketServer, type Socket } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient, type RedisClientType } from "redis";
import type { AppContext, RealtimePublisher } from "../context.ts";
import type { Actor } from "../features/accounts/actor.ts";
import { resolveSession } from "../features/accounts/accounts.actions.ts";
import { loadActor } from "../features/accounts/accounts.repo.ts";
import { features } from "../features/index.ts";
import { originAllowed, SESSION_COOKIE } from "../http/auth.ts";
import { userRoom } from "./rooms.ts";

export interface SocketData {
  actor: Actor | null;
  sessionId: string | null;
  ip: string;
  userAgent: string | null;
  /** A device cookie value sent at the handshake (join-link binding). */
  cookies: Record<string, string>;
}

export type AppSocket = Socket<
  Record<string, never>,
  Record<string, never>,
  Record<string, never>,
  SocketData
>;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export { userRoom } from "./rooms.ts";

export interface Realtime {
  io: SocketServer;
  publisher: RealtimePublisher;
  close(): Promise<void>;
}

/** Socket.IO servers that are shutting down (their disconnect handlers still run). */
const closingServers = new WeakSet<SocketServer>();

/** The adapter's publishing client, publishing nothing once the server is closing: disconnect
 * handlers still run then (a leave is stored and published), and a publish on a client that has
 * quit rejects a promise the adapter never awaits. The events are stored; other processes read
 * them back. */
function quietAfterClose(client: RedisClientType, io: SocketServer): RedisClientType {
  const publishing = new Set<PropertyKey>(["publish", "PUBLISH", "sPublish", "SPUBLISH"]);
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (publishing.has(property) && closingServers.has(io)) return async () => 0;
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

/** Attaches Socket.IO to the HTTP server. Frames over 64 KiB are refused by the transport. */
export async function startRealtime(httpServer: HttpServer, ctx: AppContext): Promise<Realtime> {
  const io = new SocketServer(httpServer, {
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    pingTimeout: 20_000,
    serveClient: false,
    connectionStateRecovery: undefined,
    allowRequest: (request, callback) => {
      callback(null, originAllowed(ctx, request.headers.origin));
    },
  });

  const redisClients: RedisClientType[] = [];
  if (ctx.config.redisUrl) {
    const pub = createClient({ url: ctx.config.redisUrl }) as RedisClientType;
    const sub = pub.duplicate() as RedisClientType;
    await Promise.all([pub.connect(), sub.connect()]);
    redisClients.push(pub, sub);
    io.adapter(
      createAdapter(quietAfterClose(pub, io), sub, { key: `${ctx.config.redisPrefix}socket.io` }),
    );
  }

  io.use(async (socket, next) => {
    const request = socket.request;
    const cookies = parseCookies(request.headers.cookie);
    const forwarded = ctx.config.trustProxy
      ? String(request.headers["x-forwarded-for"] ?? "")
          .split(",")[0]
          ?.trim()
      : undefined;
    const data: SocketData = {
      actor: null,
      sessionId: null,
      ip: forwarded || request.socket.remoteAddress || "unknown",
      userAgent: (request.headers["user-agent"] as string | undefined) ?? null,
      cookies,
    };
    try {
      const token = cookies[SESSION_COOKIE];
      if (token) {
        const session = await resolveSession(ctx, token);
        if (session) {
          data.actor = await loadActor(ctx.db, session.userId);
          data.sessionId = session.sessionId;
        }
      }
      socket.data = data;
      next();
    } catch (error) {
      ctx.log.error({ err: error }, "socket handshake failed");
      next(new Error("internal"));
    }
  });

  // Every signed-in socket listens to its person's room (notifications, forced sign-out).
  io.on("connection", (socket) => {
    const actor = (socket.data as SocketData).actor;
    if (actor) void socket.join(userRoom(actor.userId));
  });

  for (const feature of features) feature.realtime?.(io, ctx);

  const publisher: RealtimePublisher = {
    toRoom(room, event, payload) {
      io.to(room).emit(event, payload);
    },
  };

  return {
    io,
    publisher,
    async close() {
      closingServers.add(io);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      for (const client of redisClients) await client.quit().catch(() => undefined);
    },
  };
}
