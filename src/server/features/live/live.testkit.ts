/** Test helpers for the live class: real Socket.IO clients against a test server. */
import { io as ioClient, type Socket } from "socket.io-client";
import {
  PROTOCOL_VERSION,
  liveEventTypes,
  type JoinAck,
  type LiveEvent,
} from "../../../shared/live-protocol.ts";
import type { TestClient, TestServer } from "../../testing/harness.ts";
import { rulesGate } from "../rules/index.ts";

export async function connected(socket: Socket): Promise<Socket> {
  if (socket.connected) return socket;
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => reject(error));
  });
  return socket;
}

/** Emits with an acknowledgement and resolves with the answer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function call<T = any>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}

/** Records every sequenced event and direct notice a socket receives. */
export function recorder(socket: Socket) {
  const events: LiveEvent[] = [];
  const direct: Array<{ name: string; payload: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const types = new Set<string>(liveEventTypes);
  socket.onAny((name: string, payload: unknown) => {
    if (types.has(name)) events.push(payload as LiveEvent);
    else direct.push({ name, payload });
  });
  return {
    events,
    direct,
    of<K extends LiveEvent["type"]>(type: K) {
      return events.filter(
        (event): event is Extract<LiveEvent, { type: K }> => event.type === type,
      );
    },
    lastSeq: () => events.reduce((max, event) => Math.max(max, event.seq), 0),
    async waitFor(predicate: (event: LiveEvent) => boolean, timeoutMs = 5000): Promise<LiveEvent> {
      const started = Date.now();
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() - started > timeoutMs) throw new Error("timed out waiting for an event");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async waitForDirect(name: string, timeoutMs = 5000) {
      const started = Date.now();
      for (;;) {
        const found = direct.find((entry) => entry.name === name);
        if (found) return found.payload;
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${name}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

export const join = (socket: Socket, sessionId: string, lastSeq?: number) =>
  call<JoinAck>(socket, "live.join", {
    protocolVersion: PROTOCOL_VERSION,
    sessionId,
    ...(lastSeq !== undefined ? { lastSeq } : {}),
  });

/** A session of `className` running now (started a minute ago, 45 minutes long). */
export async function sessionNow(
  t: TestServer,
  teacher: TestClient,
  className = "10A1",
  startOffsetMs = -60_000,
): Promise<string> {
  const startsAt = new Date(t.ctx.now().getTime() + startOffsetMs);
  const response = await teacher.post(`/api/classes/${await t.classId(className)}/live-sessions`, {
    title: "Toán — Hàm số bậc hai",
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString(),
  });
  if (response.status !== 201) throw new Error(`session: ${response.status}`);
  return response.body.session.id as string;
}

/** The student has acknowledged the school's current rules (done through the rules page). */
export async function acknowledgeRules(t: TestServer, username: string): Promise<void> {
  const userId = await t.userId(username);
  const school = await t.ctx.db
    .selectFrom("students")
    .select(["school_id", "id"])
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  const pending = await rulesGate(t.ctx, { userId, schoolId: school.school_id, role: "student" });
  if (!pending) return;
  await t.ctx.db
    .insertInto("rules_acknowledgements")
    .values({
      rules_id: pending.rulesId,
      school_id: school.school_id,
      user_id: userId,
      role: "student",
      student_id: school.id,
    })
    .execute();
}

/** A teacher in class with the class opened; returns their socket and recorder. */
export async function teacherInClass(t: TestServer, teacher: TestClient, sessionId: string) {
  const socket = await connected(teacher.socket());
  const events = recorder(socket);
  const ack = await join(socket, sessionId);
  if (!ack.ok) throw new Error(`teacher join refused: ${ack.reason}`);
  const opened = await call(socket, "class.open", { sessionId });
  if (!opened.ok) throw new Error(`open refused: ${opened.reason}`);
  return { socket, events, ack };
}

const logins = new WeakMap<TestServer, Map<string, Promise<TestClient>>>();

/** One sign-in per person per server (argon2 is slow on purpose); its sockets share a device. */
export function signedIn(t: TestServer, username: string): Promise<TestClient> {
  let byUser = logins.get(t);
  if (!byUser) logins.set(t, (byUser = new Map()));
  let client = byUser.get(username);
  if (!client) byUser.set(username, (client = t.login(username)));
  return client;
}

/** A student signed in, rules acknowledged, in class. */
export async function studentInClass(t: TestServer, username: string, sessionId: string) {
  await acknowledgeRules(t, username);
  const client = await signedIn(t, username);
  const socket = await connected(client.socket());
  const events = recorder(socket);
  const ack = await join(socket, sessionId);
  if (!ack.ok) throw new Error(`student join refused: ${ack.reason}`);
  return { client, socket, events, ack };
}

/** Redeems a personal link like the /join/<token> page does; returns the cookies it set. */
export async function redeem(t: TestServer, token: string, deviceCookie?: string) {
  const response = await t.server.app.inject({
    method: "POST",
    url: "/api/live/join",
    payload: { token },
    headers: {
      origin: "http://localhost:3000",
      ...(deviceCookie ? { cookie: deviceCookie } : {}),
    },
  });
  const cookies = (response.cookies as Array<{ name: string; value: string }>)
    .map((cookie) => `${cookie.name}=${cookie.value}`)
    .join("; ");
  return { status: response.statusCode, body: response.json(), cookie: cookies };
}

/** A socket that carries only the given cookies (a browser with no SafeClass account). */
export function rawSocket(t: TestServer, cookie: string, origin = "http://localhost:3000"): Socket {
  return ioClient(t.url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { origin, ...(cookie ? { cookie } : {}) },
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
