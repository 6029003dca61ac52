import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import {
  acknowledgeRules,
  call,
  sessionNow,
  studentInClass,
  teacherInClass,
} from "../live/live.testkit.ts";

let t: TestServer;
const c: Record<string, TestClient> = {};
let studentA: string;
let studentB: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await startTestServer();
  for (const name of ["gv.lan", "ht.vominhduc", "ph.demo"]) c[name] = await t.login(name);
  await acknowledgeRules(t, "hs.vmd1001");
  await acknowledgeRules(t, "hs.vmd1002");
  studentA = await t.userId("hs.vmd1001");
  studentB = await t.userId("hs.vmd1002");
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await t?.close();
});

let clientIds = 0;
async function say(socket: Socket, sessionId: string, text: string, privateTo?: string) {
  const ack = await call(socket, "chat.send", {
    sessionId,
    clientId: `r${(clientIds += 1)}`,
    text,
    ...(privateTo ? { privateTo } : {}),
  });
  expect(ack, text).toMatchObject({ ok: true, status: "sent" });
  return ack.seq as number;
}

/** A class with the teacher and both demo students in it. */
async function classInSession() {
  const sessionId = await sessionNow(t, c["gv.lan"]!);
  const host = await teacherInClass(t, c["gv.lan"]!, sessionId);
  const a = await studentInClass(t, "hs.vmd1001", sessionId);
  const b = await studentInClass(t, "hs.vmd1002", sessionId);
  sockets.push(host.socket, a.socket, b.socket);
  return { sessionId, host, a, b };
}

const report = (client: TestClient, body: Record<string, unknown>) =>
  client.post("/api/incidents", {
    category: "harassment",
    title: "Bạn ấy nói xấu em trong giờ học",
    ...body,
  });

async function staffView(id: string) {
  const detail = await c["ht.vominhduc"]!.get(`/api/incidents/${id}`);
  expect(detail.status).toBe(200);
  return detail.body;
}

type Excerpt = {
  reportedSeq: number;
  messages: Array<{
    seq: number;
    text: string;
    reported: boolean;
    audience: string;
    from: { userId: string; username: string; name: string };
    moderation: { action: string };
  }>;
};

describe("POST /api/incidents with a live-class source", () => {
  it("attaches the message, its visible neighbours and the sender as chained evidence", async () => {
    const { sessionId, host, a, b } = await classInSession();
    const before: number[] = [];
    for (let i = 1; i <= 6; i += 1) {
      before.push(await say(i % 2 ? a.socket : b.socket, sessionId, `Câu trả lời số ${i}`));
    }
    const privateToB = await say(host.socket, sessionId, "Em B ở lại sau giờ nhé", studentB);
    const target = await say(b.socket, sessionId, "Không ai thèm chơi với cậu đâu");
    const privateToA = await say(host.socket, sessionId, "Cô đã thấy, em yên tâm", studentA);
    const after: number[] = [];
    for (let i = 7; i <= 11; i += 1) after.push(await say(a.socket, sessionId, `Bài ${i}`));

    const response = await report(a.client, {
      source: { kind: "chat_message", sessionId, seq: target },
    });
    expect(response.status).toBe(201);
    const detail = await staffView(response.body.incident.id);
    expect(detail.incident.className).toBe("10A1");
    expect(detail.incident.classSessionId).toBe(sessionId);
    const excerpt = detail.evidence.find((item: { kind: string }) => item.kind === "chat_excerpt")
      .content as Excerpt;
    // What student A saw: five class messages before (not the teacher's private message to B),
    // the reported one, the teacher's private message to A and four class messages after.
    expect(excerpt.messages.map((m) => m.seq)).toEqual([
      ...before.slice(1),
      target,
      privateToA,
      ...after.slice(0, 4),
    ]);
    expect(excerpt.messages.map((m) => m.seq)).not.toContain(privateToB);
    const reported = excerpt.messages.find((m) => m.reported)!;
    expect(reported).toMatchObject({
      seq: target,
      text: "Không ai thèm chơi với cậu đâu",
      audience: "all",
      from: { userId: studentB, username: "hs.vmd1002" },
      moderation: { action: "allow" },
    });
    const participant = detail.evidence.find(
      (item: { kind: string }) => item.kind === "participants",
    ).content;
    expect(participant.participant).toMatchObject({
      userId: studentB,
      username: "hs.vmd1002",
      role: "student",
    });
    expect(participant.participant.firstJoinedAt).toEqual(expect.any(String));
    expect(participant.visits.length).toBeGreaterThanOrEqual(1);
    expect(participant.visits[0].ip).toEqual(expect.any(String));
    expect(detail.students.map((s: { code: string }) => s.code)).toEqual(["VMD1002"]);
    // Both items are entries of the hash chain, and the chain verifies.
    const added = detail.timeline.filter((e: { type: string }) => e.type === "evidence.added");
    expect(added.map((e: { payload: { kind: string } }) => e.payload.kind).sort()).toEqual([
      "chat_excerpt",
      "participants",
    ]);
    const verified = await c["ht.vominhduc"]!.get(
      `/api/incidents/${response.body.incident.id}/verify`,
    );
    expect(verified.body).toMatchObject({ ok: true, evidence: 2 });

    // The teacher sees every message: the private message to B is in their excerpt.
    const byTeacher = await report(c["gv.lan"]!, {
      source: { kind: "chat_message", sessionId, seq: target },
    });
    expect(byTeacher.status).toBe(201);
    const teacherExcerpt = (await staffView(byTeacher.body.incident.id)).evidence.find(
      (item: { kind: string }) => item.kind === "chat_excerpt",
    ).content as Excerpt;
    expect(teacherExcerpt.messages.map((m) => m.seq)).toContain(privateToB);
  });

  it("refuses messages the reporter could not see, their own, and sessions they were not in", async () => {
    const { sessionId, host, a, b } = await classInSession();
    const privateToB = await say(host.socket, sessionId, "Em B nộp bài muộn", studentB);
    const own = await say(a.socket, sessionId, "Em nộp rồi ạ");
    const fromB = await say(b.socket, sessionId, "Nộp gì mà nộp");

    // A student cannot attach the teacher's private message to someone else.
    const hidden = await report(a.client, {
      source: { kind: "chat_message", sessionId, seq: privateToB },
    });
    expect(hidden.status).toBe(404);
    const mine = await report(a.client, {
      source: { kind: "chat_message", sessionId, seq: own },
    });
    expect(mine.status).toBe(400);
    expect(mine.body.error.issues[0]).toMatchObject({ field: "source" });
    expect(
      (await report(a.client, { source: { kind: "participant", sessionId, userId: studentA } }))
        .status,
    ).toBe(400);
    // Nobody outside the class: a parent, and a student of a session they never joined.
    expect(
      (await report(c["ph.demo"]!, { source: { kind: "chat_message", sessionId, seq: fromB } }))
        .status,
    ).toBe(404);
    const other = await sessionNow(t, c["gv.lan"]!);
    const otherHost = await teacherInClass(t, c["gv.lan"]!, other);
    const otherA = await studentInClass(t, "hs.vmd1001", other);
    sockets.push(otherHost.socket, otherA.socket);
    const elsewhere = await say(otherA.socket, other, "Chỉ mình em trong lớp này");
    const outsider = await report(b.client, {
      source: { kind: "chat_message", sessionId: other, seq: elsewhere },
    });
    expect(outsider.status).toBe(404);
    expect(
      (
        await report(b.client, {
          source: { kind: "participant", sessionId: other, userId: studentA },
        })
      ).status,
    ).toBe(404);
    // A message number that does not exist, and a wrong shape.
    expect(
      (await report(a.client, { source: { kind: "chat_message", sessionId, seq: 999_999 } }))
        .status,
    ).toBe(404);
    const malformed = await report(a.client, { source: { kind: "chat_message", sessionId } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0].field).toBe("source.seq");
  });

  it("keeps an anonymous report anonymous, with only the class's messages attached", async () => {
    const { sessionId, host, a, b } = await classInSession();
    // Student A stays silent; only B and the teacher write.
    await say(b.socket, sessionId, "Hôm nay học gì vậy");
    const privateToA = await say(host.socket, sessionId, "Em A bật mic nhé", studentA);
    const target = await say(b.socket, sessionId, "Đứa nào mách cô thì biết tay");
    await say(host.socket, sessionId, "Cả lớp trật tự");

    // The teacher's private message would name the reporter: not anonymously.
    const privately = await report(a.client, {
      anonymous: true,
      source: { kind: "chat_message", sessionId, seq: privateToA },
    });
    expect(privately.status).toBe(400);
    expect(privately.body.error.issues[0].message).toMatch(/ẩn danh/);

    const response = await report(a.client, {
      anonymous: true,
      category: "threats_violence",
      source: { kind: "chat_message", sessionId, seq: target },
    });
    expect(response.status).toBe(201);
    expect(response.body.code).toMatch(/^[A-Z2-7]{5}(-[A-Z2-7]{5}){4}$/);
    const id = response.body.incident.id as string;
    const detail = await staffView(id);
    const excerpt = detail.evidence.find((item: { kind: string }) => item.kind === "chat_excerpt")
      .content as Excerpt;
    expect(excerpt.messages.map((m) => m.seq)).not.toContain(privateToA);
    expect(excerpt.messages.every((m) => m.audience === "all")).toBe(true);
    expect(detail.incident.reporter).toEqual({ name: "Người báo cáo ẩn danh", role: "student" });

    // Nothing the staff can read names student A: not the detail (incident, evidence,
    // timeline), not the database rows behind it, not the audit log.
    const account = await t.ctx.db
      .selectFrom("users")
      .select(["id", "username", "display_name"])
      .where("id", "=", studentA)
      .executeTakeFirstOrThrow();
    const seen = JSON.stringify(detail);
    for (const trace of [account.id, account.username, account.display_name]) {
      expect(seen).not.toContain(trace);
    }
    const row = await t.ctx.db
      .selectFrom("incidents")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.reporter_id).toBeNull();
    const events = await t.ctx.db
      .selectFrom("incident_events")
      .select(["actor_id", "payload"])
      .where("incident_id", "=", id)
      .execute();
    expect(events.every((event) => event.actor_id === null)).toBe(true);
    expect(JSON.stringify(events)).not.toContain(studentA);
    const evidence = await t.ctx.db
      .selectFrom("evidence")
      .select(["added_by", "content"])
      .where("incident_id", "=", id)
      .execute();
    expect(evidence.map((item) => item.added_by)).toEqual([null, null]);
    const audit = await t.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("actor_id", "=", studentA)
      .where("target_id", "=", id)
      .execute();
    expect(audit).toEqual([]);
    expect((await c["ht.vominhduc"]!.get(`/api/incidents/${id}/verify`)).body).toMatchObject({
      ok: true,
      evidence: 2,
    });

    // The reporter follows the case with the code alone.
    const followed = await t.server.app.inject({
      method: "POST",
      url: "/api/reports/follow",
      payload: { code: response.body.code },
      headers: { origin: "http://localhost:3000" },
    });
    expect(followed.statusCode).toBe(200);
    expect(followed.json().incident.id).toBe(id);
  });

  it("lets the teacher report a participant from the roster, with account, IP and times", async () => {
    const { sessionId } = await classInSession();
    const response = await report(c["gv.lan"]!, {
      category: "scam_impersonation",
      title: "Tài khoản có dấu hiệu bị người khác dùng",
      source: { kind: "participant", sessionId, userId: studentB },
    });
    expect(response.status).toBe(201);
    const detail = await staffView(response.body.incident.id);
    expect(detail.evidence.map((item: { kind: string }) => item.kind)).toEqual(["participants"]);
    const content = detail.evidence[0].content;
    expect(content.participant).toMatchObject({ username: "hs.vmd1002", role: "student" });
    expect(content.visits[0]).toMatchObject({ joinedAt: expect.any(String) });
    expect(detail.students.map((s: { code: string }) => s.code)).toEqual(["VMD1002"]);
    expect(detail.incident.reporter.name).toBe("Nguyễn Thị Lan");
  });
});

describe("POST /api/incidents/:id/escalate by a teacher", () => {
  it("passes a school-level incident to the principal, who escalates it to the district", async () => {
    const created = await c["ht.vominhduc"]!.post("/api/incidents", {
      classId: await t.classId("10A1"),
      category: "harassment",
      title: "Bắt nạt qua tin nhắn lớp",
    });
    expect(created.status).toBe(201);
    const id = created.body.incident.id as string;
    const teacherView = await c["gv.lan"]!.get(`/api/incidents/${id}`);
    expect(teacherView.body).toMatchObject({ access: "staff", canEscalate: true });

    const referred = await c["gv.lan"]!.post(`/api/incidents/${id}/escalate`, {
      reason: "Cần hiệu trưởng xử lý",
    });
    expect(referred.status).toBe(200);
    const detail = await staffView(id);
    expect(detail.incident).toMatchObject({ level: "school", status: "escalated" });
    const entry = detail.timeline.find((e: { type: string }) => e.type === "incident.escalated");
    expect(entry.payload).toMatchObject({ from: "teacher", to: "principal" });
    const principalId = await t.userId("ht.vominhduc");
    const told = await t.ctx.db
      .selectFrom("notifications")
      .select("link")
      .where("user_id", "=", principalId)
      .where("kind", "=", "incident.escalated")
      .execute();
    expect(told.map((note) => note.link)).toContain(`/incidents/${id}`);

    // The principal escalates to the district; the teacher cannot go further.
    expect(
      (await c["ht.vominhduc"]!.post(`/api/incidents/${id}/escalate`, { reason: "Vượt quyền" }))
        .status,
    ).toBe(200);
    expect((await staffView(id)).incident.level).toBe("district");
    const again = await c["gv.lan"]!.post(`/api/incidents/${id}/escalate`, { reason: "Lần nữa" });
    expect(again.status).toBe(409);
    expect((await c["gv.lan"]!.get(`/api/incidents/${id}`)).body.canEscalate).toBe(false);
    expect(
      (await c["ph.demo"]!.post(`/api/incidents/${id}/escalate`, { reason: "x" })).status,
    ).toBe(404);
  });
});
