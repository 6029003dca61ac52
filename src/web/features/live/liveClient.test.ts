/**
 * The web's live client (src/web/features/live/liveClient.ts) against a real SafeClass server and
 * database: the same module the pages use, driven through real Socket.IO connections.
 * (A test may reach the server harness; the web code itself never imports the server.)
 */
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startTestServer,
  type TestClient,
  type TestServer,
} from "../../../server/testing/harness.ts";
import { LiveClient, type LiveSnapshot } from "./liveClient.ts";

let t: TestServer;
let teacher: TestClient;
let classId: string;
const sockets: Socket[] = [];
const clients: LiveClient[] = [];

/** The demo students acknowledge their school's class rules (the door asks for it first). */
async function acknowledgeRules(user: TestClient): Promise<void> {
  const pending = await user.get("/api/rules/pending");
  for (const item of (pending.body?.items ?? []) as Array<{ rulesId: string }>) {
    const response = await user.post(`/api/rules/${item.rulesId}/acknowledge`, {});
    expect(response.status).toBe(201);
  }
}

let student1: TestClient;
let student2: TestClient;

beforeAll(async () => {
  t = await startTestServer();
  teacher = await t.login("gv.lan");
  classId = await t.classId("10A1");
  student1 = await t.login("hs.vmd1001");
  student2 = await t.login("hs.vmd1002");
  await acknowledgeRules(student1);
  await acknowledgeRules(student2);
});

afterAll(async () => {
  for (const client of clients) client.stop();
  for (const socket of sockets) socket.close();
  await t?.close();
});

async function newSession(title: string): Promise<string> {
  const now = t.ctx.now().getTime();
  const response = await teacher.post(`/api/classes/${classId}/live-sessions`, {
    title,
    startsAt: new Date(now - 5 * 60_000).toISOString(),
    endsAt: new Date(now + 60 * 60_000).toISOString(),
  });
  expect(response.status).toBe(201);
  return response.body.session.id as string;
}

function connect(user: TestClient, sessionId: string, cookie?: string): LiveClient {
  const socket = user.socket(cookie ? { cookie } : {});
  sockets.push(socket);
  const client = new LiveClient(socket, sessionId);
  clients.push(client);
  return client;
}

/** Resolves once the client's snapshot satisfies `ok` (fails after 5 s with the last phase). */
function until(client: LiveClient, ok: (snapshot: LiveSnapshot) => boolean): Promise<LiveSnapshot> {
  return new Promise((resolve, reject) => {
    if (ok(client.getSnapshot())) return resolve(client.getSnapshot());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out in phase ${JSON.stringify(client.getSnapshot().phase)}`));
    }, 5_000);
    const stop = client.subscribe((snapshot) => {
      if (!ok(snapshot)) return;
      clearTimeout(timer);
      stop();
      resolve(snapshot);
    });
  });
}

const admitted = (snapshot: LiveSnapshot) => snapshot.phase.kind === "admitted";
const texts = (client: LiveClient) =>
  (client.getSnapshot().room?.messages ?? []).map((message) => message.text);

/** A device that opened a personal link: its cookie header (join grant + device). */
async function redeemOnNewDevice(token: string): Promise<string> {
  const response = await t.anonymous().post("/api/live/join", { token });
  expect(response.status).toBe(200);
  const setCookie = response.headers["set-cookie"];
  const list = Array.isArray(setCookie) ? setCookie : [String(setCookie)];
  return list.map((line) => line.split(";")[0]).join("; ");
}

describe("LiveClient", () => {
  it("waits for the teacher, enters by itself when the door opens, and chats", async () => {
    const sessionId = await newSession("Toán");
    const student = connect(student1, sessionId);
    const waiting = await until(student, (s) => s.phase.kind === "refused");
    expect(waiting.phase.kind === "refused" && waiting.phase.refusal.reason).toBe(
      "waiting_for_teacher",
    );

    const host = connect(teacher, sessionId);
    const hostJoined = await until(host, admitted);
    expect(hostJoined.room?.role).toBe("host");
    expect((await host.command("class.open", {})).ok).toBe(true);

    const inClass = await until(student, admitted);
    expect(inClass.room?.role).toBe("student");
    // the roster name, not something the student chose
    expect(inClass.room?.self.name).toBeTruthy();

    const sent = await student.sendChat("Em chào cô ạ");
    expect(sent.ok).toBe(true);
    await until(host, () => texts(host).includes("Em chào cô ạ"));
    // the teacher sees the student as present on the roster
    const entry = host
      .getSnapshot()
      .room?.roster.find((row) => row.userId === inClass.room?.self.userId);
    expect(entry?.online).toBe(true);
    expect(entry?.status).toBe("present");
  });

  it("resumes after a dropped connection with every missed message exactly once", async () => {
    const sessionId = await newSession("Văn");
    const host = connect(teacher, sessionId);
    await until(host, admitted);
    await host.command("class.open", {});
    const student = connect(student2, sessionId);
    await until(student, admitted);
    await host.sendChat("tin 1");
    await until(student, () => texts(student).includes("tin 1"));

    const socket = sockets[sockets.length - 1]!;
    socket.disconnect();
    await until(student, (s) => !s.connected);
    await host.sendChat("tin 2");
    await host.sendChat("tin 3");
    socket.connect();
    await until(student, () => texts(student).includes("tin 3"));
    await host.sendChat("tin 4");
    await until(student, () => texts(student).includes("tin 4"));

    expect(texts(student).filter((text) => text.startsWith("tin "))).toEqual([
      "tin 1",
      "tin 2",
      "tin 3",
      "tin 4",
    ]);
    const seqs = student.getSnapshot().room!.messages.map((message) => message.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it("refuses a copied personal link on a second device and alerts the teacher", async () => {
    const sessionId = await newSession("Lý");
    const host = connect(teacher, sessionId);
    await until(host, admitted);
    await host.command("class.open", {});
    const studentId = (
      await t.ctx.db
        .selectFrom("students")
        .select("id")
        .where("student_code", "=", "VMD1001")
        .executeTakeFirstOrThrow()
    ).id;
    const issued = await teacher.post(`/api/classes/${classId}/join-links`, {
      studentIds: [studentId],
      format: "json",
    });
    expect(issued.status).toBe(201);
    const token = issued.body.items[0].token as string;

    const first = connect(t.anonymous(), sessionId, await redeemOnNewDevice(token));
    const firstIn = await until(first, admitted);
    expect(firstIn.room?.role).toBe("student");

    const copy = connect(t.anonymous(), sessionId, await redeemOnNewDevice(token));
    const refused = await until(copy, (s) => s.phase.kind === "refused");
    expect(refused.phase.kind === "refused" && refused.phase.refusal.reason).toBe("second_device");
    await until(host, (s) =>
      (s.room?.alerts ?? []).some((alert) => alert.kind === "second_device"),
    );
    // the student already in class stays in class
    expect(first.getSnapshot().phase.kind).toBe("admitted");
  });

  it("puts a guest in the lobby until admitted, and a removed student cannot walk back in", async () => {
    const sessionId = await newSession("Hóa");
    const host = connect(teacher, sessionId);
    await until(host, admitted);
    await host.command("class.open", {});

    const guest = connect(await t.login("gv.thao"), sessionId);
    await until(guest, (s) => s.phase.kind === "lobby");
    const knocked = await until(host, (s) => (s.room?.lobby.length ?? 0) > 0);
    const entry = knocked.room!.lobby[0]!;
    expect(entry.username).toBe("gv.thao");
    expect((await host.command("lobby.admit", { userId: entry.userId })).ok).toBe(true);
    const guestIn = await until(guest, admitted);
    expect(guestIn.room?.role).toBe("guest");

    const student = connect(student1, sessionId);
    const studentIn = await until(student, admitted);
    const removed = await host.command("participant.remove", {
      userId: studentIn.room!.self.userId,
      ban: { scope: "session" },
    });
    expect(removed.ok).toBe(true);
    const kicked = await until(student, (s) => s.phase.kind === "kicked");
    expect(kicked.phase.kind === "kicked" && kicked.phase.kicked.reason).toBe("banned");
    await until(
      host,
      (s) => !s.room?.participants.some((p) => p.userId === studentIn.room!.self.userId),
    );

    const again = await student.join();
    expect(again.ok).toBe(false);
    expect(!again.ok && again.reason).toBe("banned");
  });
});
