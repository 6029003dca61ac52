import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../testing/harness.ts";
import {
  acknowledgeRules,
  call,
  connected,
  join,
  recorder,
  sessionNow,
  signedIn,
  sleep,
} from "./live.testkit.ts";

let first: TestServer;

beforeAll(async () => {
  first = await startTestServer();
  await acknowledgeRules(first, "hs.vmd1001");
  await acknowledgeRules(first, "hs.vmd1002");
});
afterAll(async () => {
  await first?.close();
});

/** A socket of `username` on server `t` (sessions live in the shared database). */
async function socketOn(t: TestServer, username: string) {
  const client = await signedIn(first, username);
  const { io } = await import("socket.io-client");
  const socket = io(t.url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { origin: "http://localhost:3000", cookie: client.cookie },
  });
  await connected(socket);
  return { socket, events: recorder(socket) };
}

describe("server restart mid-class", () => {
  it("lets clients resume on the restarted server without losing or repeating a message", async () => {
    const teacher = await signedIn(first, "gv.lan");
    const sessionId = await sessionNow(first, teacher);
    let server = await startTestServer({ shareWith: first });
    const host = await socketOn(server, "gv.lan");
    expect(await join(host.socket, sessionId)).toMatchObject({ ok: true });
    await call(host.socket, "class.open", { sessionId });
    const student = await socketOn(server, "hs.vmd1001");
    expect(await join(student.socket, sessionId)).toMatchObject({ ok: true, status: "admitted" });
    const before: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      before.push(
        (
          await call(host.socket, "chat.send", {
            sessionId,
            clientId: `b${index}`,
            text: `Trước ${index}`,
          })
        ).seq,
      );
    }
    await student.events.waitFor((event) => event.seq === before[2]);
    const studentSeen = student.events.lastSeq();
    const hostSeen = host.events.lastSeq();

    await server.close();
    server = await startTestServer({ shareWith: first });

    const hostAgain = await socketOn(server, "gv.lan");
    expect(await join(hostAgain.socket, sessionId, hostSeen)).toMatchObject({ ok: true });
    const during: number[] = [];
    for (let index = 0; index < 3; index += 1) {
      during.push(
        (
          await call(hostAgain.socket, "chat.send", {
            sessionId,
            clientId: `d${index}`,
            text: `Trong lúc mất kết nối ${index}`,
          })
        ).seq,
      );
    }
    const studentAgain = await socketOn(server, "hs.vmd1001");
    expect(await join(studentAgain.socket, sessionId, studentSeen)).toMatchObject({ ok: true });
    // A message the student sent just before the restart, resent with its id: posted once.
    const resend = await call(studentAgain.socket, "chat.send", {
      sessionId,
      clientId: "b-last",
      text: "Em đây ạ",
    });
    const resendAgain = await call(studentAgain.socket, "chat.send", {
      sessionId,
      clientId: "b-last",
      text: "Em đây ạ",
    });
    expect(resendAgain).toMatchObject({ ok: true, seq: resend.seq, duplicate: true });
    await studentAgain.events.waitFor((event) => event.seq === resend.seq);
    const seqs = studentAgain.events.events.map((event) => event.seq);
    for (const seq of during) expect(seqs).toContain(seq);
    for (const seq of before) expect(seqs).not.toContain(seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    hostAgain.socket.close();
    studentAgain.socket.close();
    await server.close();
  });
});

// Several processes share classes only through Redis (Socket.IO adapter + server-side events).
describe.runIf(Boolean(process.env.REDIS_URL))("two server processes", () => {
  let second: TestServer;
  beforeAll(async () => {
    second = await startTestServer({ shareWith: first });
  });
  afterAll(async () => {
    await second?.close();
  });

  it("delivers messages across processes, in order, and applies a ban everywhere within a second", async () => {
    const teacher = await signedIn(first, "gv.lan");
    const sessionId = await sessionNow(first, teacher);
    const host = await socketOn(second, "gv.lan");
    expect(await join(host.socket, sessionId)).toMatchObject({ ok: true });
    await call(host.socket, "class.open", { sessionId });
    const student = await socketOn(first, "hs.vmd1001");
    expect(await join(student.socket, sessionId)).toMatchObject({ ok: true, status: "admitted" });
    const other = await socketOn(second, "hs.vmd1002");
    expect(await join(other.socket, sessionId)).toMatchObject({ ok: true, status: "admitted" });

    const fromA = await call(student.socket, "chat.send", {
      sessionId,
      clientId: "a1",
      text: "Em gửi từ máy chủ A",
    });
    const fromB = await call(host.socket, "chat.send", {
      sessionId,
      clientId: "b1",
      text: "Cô gửi từ máy chủ B",
    });
    await host.events.waitFor((event) => event.seq === fromA.seq);
    await student.events.waitFor((event) => event.seq === fromB.seq);
    await other.events.waitFor((event) => event.seq === fromA.seq);
    // Interleaved senders on both processes: every socket sees one increasing sequence.
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        call(index % 2 ? student.socket : host.socket, "chat.send", {
          sessionId,
          clientId: `x${index}`,
          text: `Tin ${index}`,
        }),
      ),
    );
    await sleep(300);
    for (const viewer of [host.events, student.events, other.events]) {
      const seqs = viewer.events.map((event) => event.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    expect(student.events.events.filter((event) => event.type === "chat.message")).toHaveLength(12);

    // A lock on B refuses a newcomer on A.
    await call(host.socket, "class.lock", { sessionId, locked: true });
    const newcomer = await socketOn(first, "gv.thao");
    expect(await join(newcomer.socket, sessionId)).toMatchObject({
      ok: false,
      reason: "class_locked",
    });
    newcomer.socket.close();

    // A ban from B reaches the student's socket on A within a second.
    const userId = await first.userId("hs.vmd1001");
    const started = Date.now();
    await call(host.socket, "participant.remove", { sessionId, userId, ban: { scope: "session" } });
    await student.events.waitForDirect("live.kicked", 1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(
      await call(student.socket, "chat.send", { sessionId, clientId: "after", text: "Em vào lại" }),
    ).toMatchObject({ ok: false, reason: "not_admitted" });
    for (const open of [host.socket, student.socket, other.socket]) open.close();
  });
});
