import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessageEvent } from "../../../shared/live-protocol.ts";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import { setLiveLimits } from "./index.ts";
import {
  acknowledgeRules,
  call,
  connected,
  join,
  recorder,
  sessionNow,
  sleep,
  studentInClass,
  teacherInClass,
} from "./live.testkit.ts";

let t: TestServer;
let teacher: TestClient;

beforeAll(async () => {
  t = await startTestServer();
  teacher = await t.login("gv.lan");
  await acknowledgeRules(t, "hs.vmd1001");
  await acknowledgeRules(t, "hs.vmd1002");
});
afterAll(async () => {
  await t?.close();
});

async function classWithTwoStudents() {
  const sessionId = await sessionNow(t, teacher);
  const host = await teacherInClass(t, teacher, sessionId);
  const a = await studentInClass(t, "hs.vmd1001", sessionId);
  const b = await studentInClass(t, "hs.vmd1002", sessionId);
  const close = () => [host.socket, a.socket, b.socket].forEach((socket) => socket.close());
  return { sessionId, host, a, b, close };
}

const messages = (list: { events: Array<{ type: string }> }) =>
  list.events.filter((event): event is ChatMessageEvent => event.type === "chat.message");

describe("chat.send", () => {
  it("stores each message with a sequence number before everyone in class receives it", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    const ack = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "m1",
      text: "Em chào cô ạ",
    });
    expect(ack).toMatchObject({ ok: true, status: "sent" });
    for (const viewer of [host.events, b.events, a.events]) {
      const got = await viewer.waitFor(
        (event) => event.type === "chat.message" && event.seq === ack.seq,
      );
      expect(got).toMatchObject({
        text: "Em chào cô ạ",
        from: { role: "student" },
        privateTo: null,
      });
    }
    const stored = await t.ctx.db
      .selectFrom("class_session_events")
      .select(["seq", "type"])
      .where("session_id", "=", sessionId)
      .where("seq", "=", ack.seq)
      .executeTakeFirstOrThrow();
    expect(stored.type).toBe("chat.message");
    // A resend with the same client id is not posted twice.
    const again = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "m1",
      text: "Em chào cô ạ",
    });
    expect(again).toMatchObject({ ok: true, seq: ack.seq, duplicate: true });
    // Seqs on one socket strictly increase.
    const seqs = b.events.events.map((event) => event.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    close();
  });

  it("never lets a blocked message leave the server, tells the sender why, and mutes repeat senders", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    const blocked = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "x1",
      text: "đm thằng ngu",
    });
    expect(blocked).toMatchObject({
      ok: false,
      reason: "blocked",
      reasonKey: "moderation.reason.insult",
    });
    expect(blocked.message).toMatch(/xúc phạm/);
    await call(a.socket, "chat.send", { sessionId, clientId: "x2", text: "vcl" });
    const third = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "x3",
      text: "địt mẹ mày",
    });
    expect(third).toMatchObject({ ok: false, reason: "blocked" });
    const muted = await host.events.waitFor((event) => event.type === "participant.muted");
    expect(muted).toMatchObject({ automatic: true, muted: true });
    await host.events.waitFor(
      (event) => event.type === "security.alert" && event.kind === "repeated_blocks",
    );
    expect(
      await call(a.socket, "chat.send", { sessionId, clientId: "x4", text: "Em xin lỗi" }),
    ).toMatchObject({
      ok: false,
      reason: "muted",
    });
    await sleep(100);
    expect(messages(b.events)).toEqual([]);
    expect(messages(host.events)).toEqual([]);
    const kinds = await t.ctx.db
      .selectFrom("security_events")
      .select("kind")
      .where("class_session_id", "=", sessionId)
      .execute();
    expect(kinds.filter((row) => row.kind === "blocked_message")).toHaveLength(3);
    expect(kinds.filter((row) => row.kind === "repeated_blocks")).toHaveLength(1);
    close();
  });

  it("holds messages with personal data for the teacher, who releases or removes them", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    const held = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "h1",
      text: "số điện thoại của mình là 0912345678",
    });
    expect(held).toMatchObject({ ok: true, status: "held" });
    const seenByTeacher = await host.events.waitFor((event) => event.type === "chat.held");
    expect(seenByTeacher).toMatchObject({ reasonKey: "moderation.reason.personalData" });
    await a.events.waitFor((event) => event.type === "chat.held");
    expect(await call(host.socket, "chat.release", { sessionId, seq: held.seq })).toMatchObject({
      ok: true,
    });
    const released = await b.events.waitFor((event) => event.type === "chat.message");
    expect(released).toMatchObject({
      releasedFrom: held.seq,
      text: "số điện thoại của mình là 0912345678",
    });
    expect(b.events.events.some((event) => event.type === "chat.held")).toBe(false);

    const second = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "h2",
      text: "xem ở http://bit.ly/abc nhé",
    });
    expect(await call(host.socket, "chat.reject", { sessionId, seq: second.seq })).toMatchObject({
      ok: true,
    });
    await a.events.waitFor(
      (event) => event.type === "chat.held_resolved" && event.outcome === "removed",
    );
    await sleep(50);
    expect(messages(b.events)).toHaveLength(1);
    close();
  });

  it("never broadcasts a muted student's message after the mute, even at 50 messages a second", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    const userId = await t.userId("hs.vmd1001");
    // Lift the per-user limit for this test: the point is the race with the mute.
    setLiveLimits(t.ctx, { chatPerTenSecondsStudent: 1000 });
    const burst = (async () => {
      const acks = [];
      for (let index = 0; index < 50; index += 1) {
        acks.push(
          call(a.socket, "chat.send", { sessionId, clientId: `f${index}`, text: `Câu ${index}` }),
        );
        await sleep(20);
      }
      return Promise.all(acks);
    })();
    await sleep(200);
    const mute = await call(host.socket, "participant.mute", { sessionId, userId, muted: true });
    expect(mute).toMatchObject({ ok: true });
    const acks = await burst;
    await sleep(200);
    const fromStudent = messages(b.events).filter((event) => event.from.userId === userId);
    expect(fromStudent.every((event) => event.seq < mute.seq)).toBe(true);
    expect(acks.filter((ack) => ack.ok === false && ack.reason === "muted").length).toBeGreaterThan(
      0,
    );
    const stored = await t.ctx.db
      .selectFrom("class_session_events")
      .select("seq")
      .where("session_id", "=", sessionId)
      .where("type", "=", "chat.message")
      .where("actor_id", "=", userId)
      .where("seq", ">", mute.seq)
      .execute();
    expect(stored).toEqual([]);
    setLiveLimits(t.ctx, { chatPerTenSecondsStudent: 8 });
    close();
  });

  it("applies chat modes, slow mode and private messages to the teacher only", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    const bId = await t.userId("hs.vmd1002");
    expect(
      await call(a.socket, "chat.send", {
        sessionId,
        clientId: "p0",
        text: "Bạn ơi",
        privateTo: bId,
      }),
    ).toMatchObject({ ok: false, reason: "not_allowed" });
    const toTeacher = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "p1",
      text: "Cô ơi em bị mất mạng lúc nãy",
      privateTo: "teacher",
    });
    expect(toTeacher).toMatchObject({ ok: true, status: "sent" });
    await host.events.waitFor((event) => event.seq === toTeacher.seq);
    await a.events.waitFor((event) => event.seq === toTeacher.seq);

    await call(host.socket, "chat.mode", { sessionId, mode: "teacher_only" });
    const onlyTeacher = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "p2",
      text: "Em hiểu rồi ạ",
    });
    await host.events.waitFor((event) => event.seq === onlyTeacher.seq);
    await call(host.socket, "chat.mode", { sessionId, mode: "off" });
    expect(
      await call(a.socket, "chat.send", { sessionId, clientId: "p3", text: "Alo" }),
    ).toMatchObject({
      ok: false,
      reason: "chat_off",
    });
    await call(host.socket, "chat.mode", { sessionId, mode: "everyone" });
    await call(host.socket, "chat.slow_mode", { sessionId, seconds: 30 });
    expect(
      await call(a.socket, "chat.send", { sessionId, clientId: "p4", text: "Một" }),
    ).toMatchObject({ ok: true });
    const slow = await call(a.socket, "chat.send", { sessionId, clientId: "p5", text: "Hai" });
    expect(slow).toMatchObject({ ok: false, reason: "slow_mode" });
    expect(slow.retryAfterSeconds).toBeGreaterThan(25);
    await sleep(100);
    expect(
      b.events.events.some((event) => event.seq === toTeacher.seq || event.seq === onlyTeacher.seq),
    ).toBe(false);
    close();
  });

  it("refuses malformed and oversized input without harm to the class", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    expect(
      await call(a.socket, "chat.send", { sessionId, clientId: "z", text: "x".repeat(2001) }),
    ).toMatchObject({
      ok: false,
      reason: "invalid_input",
      field: "text",
    });
    expect(await call(a.socket, "chat.send", "garbage")).toMatchObject({
      ok: false,
      reason: "invalid_input",
    });
    expect(await call(a.socket, "class.lock", { sessionId, locked: true })).toMatchObject({
      ok: false,
      reason: "not_allowed",
    });
    // A frame over 64 KB closes that connection only.
    const big = await t.login("hs.vmd1002");
    const flooder = await connected(big.socket());
    const closed = new Promise((resolve) => flooder.on("disconnect", resolve));
    flooder.emit("chat.send", { sessionId, clientId: "big", text: "y".repeat(70_000) });
    await closed;
    const ack = await call(host.socket, "chat.send", {
      sessionId,
      clientId: "ok",
      text: "Cả lớp vẫn học bình thường",
    });
    expect(ack).toMatchObject({ ok: true });
    await a.events.waitFor((event) => event.seq === ack.seq);
    await b.events.waitFor((event) => event.seq === ack.seq);
    close();
  });
});

describe("teacher controls", () => {
  it("deletes a message for everyone; a replay carries only a tombstone", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    const sent = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "d1",
      text: "Tin nhắn gửi nhầm",
    });
    await b.events.waitFor((event) => event.seq === sent.seq);
    expect(await call(host.socket, "chat.delete", { sessionId, seq: sent.seq })).toMatchObject({
      ok: true,
    });
    await b.events.waitFor(
      (event) => event.type === "chat.deleted" && event.targetSeq === sent.seq,
    );
    b.socket.close();
    const again = await t.login("hs.vmd1002");
    const socket = await connected(again.socket());
    const replay = recorder(socket);
    expect(await join(socket, sessionId)).toMatchObject({ ok: true });
    const tombstone = await replay.waitFor((event) => event.seq === sent.seq);
    expect(tombstone).toMatchObject({ deleted: true, text: "" });
    socket.close();
    close();
  });

  it("suspends all activity in one action and records the evidence for an incident", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    await call(a.socket, "chat.send", { sessionId, clientId: "s1", text: "Bài này khó quá" });
    const ack = await call(host.socket, "class.suspend", {
      sessionId,
      note: "Có người lạ chia sẻ màn hình",
    });
    expect(ack).toMatchObject({ ok: true });
    const suspended = await b.events.waitFor((event) => event.type === "class.suspended");
    expect(
      await call(b.socket, "chat.send", { sessionId, clientId: "s2", text: "Sao vậy ạ" }),
    ).toMatchObject({
      ok: false,
    });
    expect(await call(b.socket, "hand.raise", { sessionId })).toMatchObject({
      ok: false,
      reason: "suspended",
    });
    const newcomer = await t.login("hs.vmd1002");
    const late = await connected(newcomer.socket());
    expect(await join(late, sessionId)).toMatchObject({ ok: false });
    const event = await t.ctx.db
      .selectFrom("security_events")
      .selectAll()
      .where("id", "=", suspended.type === "class.suspended" ? suspended.securityEventId : "")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      kind: "suspend_all",
      severity: "high",
      class_session_id: sessionId,
    });
    const evidence = event.evidence as {
      lastMessages: unknown[];
      participants: Array<{ username: string; ip: string }>;
    };
    expect(evidence.lastMessages.length).toBeGreaterThan(0);
    expect(evidence.participants.map((p) => p.username)).toEqual(
      expect.arrayContaining(["gv.lan", "hs.vmd1001", "hs.vmd1002"]),
    );
    expect(evidence.participants[0]!.ip).toBeTruthy();
    // The teacher still talks.
    expect(
      await call(host.socket, "chat.send", { sessionId, clientId: "s3", text: "Cả lớp chờ cô" }),
    ).toMatchObject({
      ok: true,
    });
    late.close();
    close();
  });

  it("keeps a raise-hand queue that the teacher can clear", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    await call(b.socket, "hand.raise", { sessionId });
    await call(a.socket, "hand.raise", { sessionId });
    const raised = await host.events.waitFor((event) => event.type === "hand.raised");
    expect(raised).toMatchObject({ userId: await t.userId("hs.vmd1002") });
    const aId = await t.userId("hs.vmd1001");
    expect(await call(b.socket, "hand.lower", { sessionId, userId: aId })).toMatchObject({
      ok: false,
      reason: "not_allowed",
    });
    expect(await call(host.socket, "hand.lower", { sessionId, userId: aId })).toMatchObject({
      ok: true,
    });
    await a.events.waitFor((event) => event.type === "hand.lowered" && event.userId === aId);
    close();
  });
});

describe("reconnecting", () => {
  it("resumes from the last seq seen: misses nothing, sees nothing twice", async () => {
    const { sessionId, host, a, b, close } = await classWithTwoStudents();
    const first = await call(host.socket, "chat.send", {
      sessionId,
      clientId: "r1",
      text: "Câu hỏi 1",
    });
    await b.events.waitFor((event) => event.seq === first.seq);
    const lastSeen = b.events.lastSeq();
    b.socket.close();
    const sentWhileAway: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      sentWhileAway.push(
        (
          await call(host.socket, "chat.send", {
            sessionId,
            clientId: `r${index + 2}`,
            text: `Câu ${index + 2}`,
          })
        ).seq,
      );
    }
    const back = await t.login("hs.vmd1002");
    const socket = await connected(back.socket());
    const resumed = recorder(socket);
    expect(await join(socket, sessionId, lastSeen)).toMatchObject({ ok: true, status: "admitted" });
    const after = await call(a.socket, "chat.send", {
      sessionId,
      clientId: "r9",
      text: "Em về rồi",
    });
    await resumed.waitFor((event) => event.seq === after.seq);
    const seqs = resumed.events.map((event) => event.seq);
    expect(seqs.every((seq) => seq > lastSeen)).toBe(true);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    for (const seq of sentWhileAway) expect(seqs).toContain(seq);
    socket.close();
    close();
  });
});

describe("attendance", () => {
  it("records present, late and absent against the roster and exports it", async () => {
    const sessionId = await sessionNow(t, teacher, "10A1", -20 * 60_000);
    const host = await teacherInClass(t, teacher, sessionId);
    // The class opened 20 minutes after its start time: both arrivals count from the opening.
    const a = await studentInClass(t, "hs.vmd1001", sessionId);
    t.clock.advance(15 * 60_000);
    const b = await studentInClass(t, "hs.vmd1002", sessionId);
    a.socket.close();
    await sleep(200);
    const attendance = await teacher.get(`/api/live-sessions/${sessionId}/attendance`);
    expect(attendance.status).toBe(200);
    const byCode = Object.fromEntries(
      attendance.body.rows.map((row: { studentCode: string; status: string }) => [
        row.studentCode,
        row,
      ]),
    );
    expect(byCode.VMD1001).toMatchObject({ status: "present" });
    expect(byCode.VMD1001.visits[0].leftAt).not.toBeNull();
    expect(byCode.VMD1002).toMatchObject({ status: "late" });
    expect(byCode.VMD1003).toMatchObject({ status: "absent" });
    expect(attendance.body.counts).toMatchObject({ present: 1, late: 1, absent: 23 });

    const principal = await t.login("ht.vominhduc");
    const xlsx = await principal.get(`/api/live-sessions/${sessionId}/attendance?format=xlsx`);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const text = workbook.worksheets[0]!.getSheetValues().flat().map(String).join("\n");
    expect(text).toMatch(/Đi muộn/);
    expect(text).toMatch(/Vắng/);

    const parent = await t.login("ph.demo");
    const own = await parent.get(`/api/students/${await t.studentId("VMD1001")}/live-attendance`);
    expect(own.status).toBe(200);
    expect(
      own.body.items.find((item: { sessionId: string }) => item.sessionId === sessionId),
    ).toMatchObject({
      status: "present",
    });
    const notTheirs = await parent.get(
      `/api/students/${await t.studentId("VMD1002")}/live-attendance`,
    );
    expect(notTheirs.status).toBe(404);

    // Their teacher sees a student's attendance while the student is in the class, not after
    // the student has left it (moved to another class by a roster import).
    const studentId = await t.studentId("VMD1002");
    expect((await teacher.get(`/api/students/${studentId}/live-attendance`)).status).toBe(200);
    const leave = (leftAt: Date | null) =>
      t.ctx.db
        .updateTable("enrolments")
        .set({ left_at: leftAt })
        .where("student_id", "=", studentId)
        .execute();
    await leave(t.ctx.now());
    try {
      const former = await teacher.get(`/api/students/${studentId}/live-attendance`);
      expect(former.status).toBe(404);
      expect((await principal.get(`/api/students/${studentId}/live-attendance`)).status).toBe(200);
    } finally {
      await leave(null);
    }
    b.socket.close();
    host.socket.close();
  });
});
