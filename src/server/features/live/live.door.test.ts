import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import {
  acknowledgeRules,
  call,
  connected,
  join,
  rawSocket,
  recorder,
  redeem,
  sessionNow,
  studentInClass,
  teacherInClass,
} from "./live.testkit.ts";
import { countQueries } from "./live.querycount.ts";

let t: TestServer;
let teacher: TestClient;

beforeAll(async () => {
  t = await startTestServer();
  teacher = await t.login("gv.lan");
});
afterAll(async () => {
  await t?.close();
});

async function issue(studentCodes: string[], className = "10A1") {
  const studentIds = await Promise.all(studentCodes.map((code) => t.studentId(code)));
  const response = await teacher.post(`/api/classes/${await t.classId(className)}/join-links`, {
    studentIds,
    format: "json",
  });
  expect(response.status).toBe(201);
  return response.body.items as Array<{
    token: string;
    studentId: string;
    fullName: string;
    url: string;
  }>;
}

const withoutRequestId = (body: { error: Record<string, unknown> }) => {
  const { requestId: _ignored, ...rest } = body.error;
  return rest;
};

describe("Socket.IO handshake", () => {
  it("refuses a socket with neither a session nor a join grant", async () => {
    const socket = rawSocket(t, "");
    await expect(connected(socket)).rejects.toThrow(/unauthenticated/);
    socket.close();
  });

  it("refuses a foreign Origin even with a valid session", async () => {
    const socket = rawSocket(t, teacher.cookie, "https://evil.example");
    await expect(connected(socket)).rejects.toThrow();
    socket.close();
  });
});

describe("live.join for enrolled students", () => {
  it("keeps students out until the teacher opens the class, then tells them the door is open", async () => {
    const sessionId = await sessionNow(t, teacher);
    await acknowledgeRules(t, "hs.vmd1001");
    const student = await t.login("hs.vmd1001");
    const socket = await connected(student.socket());
    const seen = recorder(socket);
    const early = await join(socket, sessionId);
    expect(early).toMatchObject({ ok: false, reason: "waiting_for_teacher" });
    expect(early.ok === false && early.message).toMatch(/chưa mở lớp/);
    expect(seen.events).toEqual([]);

    const host = await teacherInClass(t, teacher, sessionId);
    expect(await seen.waitForDirect("door.opened")).toEqual({ sessionId });
    const ack = await join(socket, sessionId);
    expect(ack).toMatchObject({ ok: true, status: "admitted", role: "student" });
    if (!ack.ok || ack.status !== "admitted") throw new Error("not admitted");
    // Roster name, not something the student chose.
    const roster = await t.ctx.db
      .selectFrom("students")
      .select("full_name")
      .where("student_code", "=", "VMD1001")
      .executeTakeFirstOrThrow();
    expect(ack.self.name).toBe(roster.full_name);
    expect(ack.roster).toBeUndefined();
    const joined = await host.events.waitFor(
      (event) => event.type === "participant.joined" && event.participant.name === roster.full_name,
    );
    expect(joined.seq).toBeGreaterThan(0);
    socket.close();
    host.socket.close();
  });

  it("refuses a student who has not acknowledged the school's rules", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const student = await t.login("hs.vmd1002");
    const socket = await connected(student.socket());
    const ack = await join(socket, sessionId);
    expect(ack).toMatchObject({ ok: false, reason: "rules_not_acknowledged" });
    expect(ack.ok === false && ack.rulesId).toBeTruthy();
    socket.close();
    host.socket.close();
  });

  it("answers a class session that does not exist like any other miss", async () => {
    const student = await t.login("hs.vmd1001");
    const socket = await connected(student.socket());
    const ack = await join(socket, "00000000-0000-4000-8000-000000000000");
    expect(ack).toMatchObject({ ok: false, reason: "not_found_or_invalid" });
    socket.close();
  });

  it("refuses outside the session window", async () => {
    const sessionId = await sessionNow(t, teacher, "10A1", 5 * 3_600_000);
    await acknowledgeRules(t, "hs.vmd1001");
    const student = await t.login("hs.vmd1001");
    const socket = await connected(student.socket());
    expect(await join(socket, sessionId)).toMatchObject({ ok: false, reason: "outside_window" });
    socket.close();
  });

  it("refuses the same student on a second device at the same time and alerts the teacher", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const first = await studentInClass(t, "hs.vmd1001", sessionId);
    const secondLogin = await t.login("hs.vmd1001");
    const second = await connected(secondLogin.socket());
    const ack = await join(second, sessionId);
    expect(ack).toMatchObject({ ok: false, reason: "second_device" });
    const alert = await host.events.waitFor(
      (event) => event.type === "security.alert" && event.kind === "second_device",
    );
    expect(first.events.events.some((event) => event.seq === alert.seq)).toBe(false);
    const recorded = await t.ctx.db
      .selectFrom("security_events")
      .select(["kind", "class_session_id"])
      .where("kind", "=", "second_device")
      .where("class_session_id", "=", sessionId)
      .execute();
    expect(recorded).toHaveLength(1);
    second.close();
    first.socket.close();
    host.socket.close();
  });

  it("refuses new entries when the class is locked, even with a valid link", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    expect(await call(host.socket, "class.lock", { sessionId, locked: true })).toMatchObject({
      ok: true,
    });
    await acknowledgeRules(t, "hs.vmd1001");
    const student = await t.login("hs.vmd1001");
    const socket = await connected(student.socket());
    expect(await join(socket, sessionId)).toMatchObject({ ok: false, reason: "class_locked" });
    const [link] = await issue(["VMD1004"]);
    await acknowledgeRules(t, "hs.vmd1004");
    const redeemed = await redeem(t, link!.token);
    const viaLink = await connected(rawSocket(t, redeemed.cookie));
    expect(await join(viaLink, sessionId)).toMatchObject({ ok: false, reason: "class_locked" });
    viaLink.close();
    socket.close();
    host.socket.close();
  });
});

describe("personal join links", () => {
  it("lets a student without an account enter through their link, under the roster name", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const [link] = await issue(["VMD1005"]);
    expect(link!.token.length).toBeGreaterThanOrEqual(8 + 1 + 32);
    expect(link!.url).toBe(`http://localhost:3000/join/${link!.token}`);
    const stored = await t.ctx.db
      .selectFrom("join_links")
      .select("token_hash")
      .where("student_id", "=", link!.studentId)
      .where("revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(link!.token.split(".")[1]);

    const redeemed = await redeem(t, link!.token);
    expect(redeemed.status).toBe(200);
    expect(redeemed.body).toMatchObject({ className: "10A1", studentName: link!.fullName });
    // The class has several sessions under way in this test file: the link offers the one its
    // teacher opened last.
    expect(redeemed.body.session).toMatchObject({
      id: sessionId,
      classId: await t.classId("10A1"),
      joinable: true,
    });
    expect(redeemed.cookie).toMatch(/sc_join=/);
    expect(redeemed.cookie).toMatch(/sc_device=/);
    await acknowledgeRules(t, "hs.vmd1005");
    const socket = await connected(rawSocket(t, redeemed.cookie));
    const ack = await join(socket, sessionId);
    expect(ack).toMatchObject({ ok: true, status: "admitted", role: "student" });
    expect(ack.ok && ack.status === "admitted" && ack.self.name).toBe(link!.fullName);
    const roster = host.events;
    await roster.waitFor(
      (event) => event.type === "participant.joined" && event.participant.name === link!.fullName,
    );
    socket.close();
    host.socket.close();
  });

  it("lets a link-only student read and acknowledge the school's rules through the join grant", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const [link] = await issue(["VMD1006"]);
    const redeemed = await redeem(t, link!.token);
    const socket = await connected(rawSocket(t, redeemed.cookie));
    expect(await join(socket, sessionId)).toMatchObject({
      ok: false,
      reason: "rules_not_acknowledged",
    });
    const withGrant = { cookie: redeemed.cookie };
    const anonymous = t.anonymous();
    // Without this device's grant there is nothing to read or acknowledge.
    expect((await anonymous.get("/api/live/grant/rules")).status).toBe(404);
    const pending = await anonymous.request("GET", "/api/live/grant/rules", undefined, withGrant);
    expect(pending.status).toBe(200);
    expect(pending.body.rules.version).toBeGreaterThanOrEqual(1);
    const stale = await anonymous.request(
      "POST",
      "/api/live/grant/rules/acknowledge",
      { rulesId: "00000000-0000-4000-8000-000000000000" },
      withGrant,
    );
    expect(stale.status).toBe(409);
    const acknowledged = await anonymous.request(
      "POST",
      "/api/live/grant/rules/acknowledge",
      { rulesId: pending.body.rules.id },
      withGrant,
    );
    expect(acknowledged.status).toBe(201);
    const after = await anonymous.request("GET", "/api/live/grant/rules", undefined, withGrant);
    expect(after.body.rules).toBeNull();
    expect(await join(socket, sessionId)).toMatchObject({ ok: true, status: "admitted" });
    socket.close();
    host.socket.close();
  });

  it("gives invalid, revoked, expired, other-class and malformed links the same answer", async () => {
    const [revoked, expired] = await issue(["VMD1006", "VMD1007"]);
    const [otherClass] = await issue(["VMD1026"], "10A2");
    await t.ctx.db
      .updateTable("join_links")
      .set({ revoked_at: new Date() })
      .where("student_id", "=", revoked!.studentId)
      .execute();
    await t.ctx.db
      .updateTable("join_links")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("student_id", "=", expired!.studentId)
      .execute();
    const candidates = [
      "AAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      revoked!.token,
      expired!.token,
      "not a token at all",
    ];
    const answers = [];
    for (const token of candidates) answers.push(await redeem(t, token));
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.cookie).not.toMatch(/sc_join=/);
      expect(withoutRequestId(answer.body)).toEqual(withoutRequestId(answers[0]!.body));
    }
    // Another class's link gets the grant for that class only: at this class's door it is a miss.
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const other = await redeem(t, otherClass!.token);
    await acknowledgeRules(t, "hs.vmd1026");
    const socket = await connected(rawSocket(t, other.cookie));
    expect(await join(socket, sessionId)).toMatchObject({
      ok: false,
      reason: "not_found_or_invalid",
    });
    socket.close();
    host.socket.close();
  });

  it("takes no measurably different time for a revoked link than for an unknown one", async () => {
    const [link] = await issue(["VMD1008"]);
    await t.ctx.db
      .updateTable("join_links")
      .set({ revoked_at: new Date() })
      .where("student_id", "=", link!.studentId)
      .execute();
    const guess = `${link!.token.slice(0, 8)}.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB`;
    const time = async (token: string) => {
      const started = performance.now();
      await t.server.app.inject({
        method: "POST",
        url: "/api/live/join",
        payload: { token },
        remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      });
      return performance.now() - started;
    };
    // Both kinds of miss run the same query and the same failure path. Medians of alternating
    // samples; the bound is relative because a busy 2-core test machine makes each request
    // take anywhere from a few to 200 ms (far above any difference between the two paths).
    for (let warm = 0; warm < 4; warm += 1) await time(guess);
    const revokedTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let round = 0; round < 30; round += 1) {
      revokedTimes.push(await time(link!.token));
      unknownTimes.push(await time(guess));
    }
    const median = (list: number[]) =>
      [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const difference = Math.abs(median(revokedTimes) - median(unknownTimes));
    expect(difference).toBeLessThan(Math.max(5, 0.35 * median(unknownTimes)));
  });

  it("rate-limits guesses per IP and records link guessing against the class", async () => {
    const [link] = await issue(["VMD1009"]);
    const tag = link!.token.slice(0, 8);
    let last = 0;
    for (let attempt = 0; attempt < 21; attempt += 1) {
      const response = await t.server.app.inject({
        method: "POST",
        url: "/api/live/join",
        payload: { token: `${tag}.${"C".repeat(31)}${attempt % 10}` },
        remoteAddress: "10.20.30.40",
      });
      last = response.statusCode;
    }
    expect(last).toBe(429);
    const events = await t.ctx.db
      .selectFrom("security_events")
      .select(["kind", "ip"])
      .where("kind", "=", "link_guessing")
      .execute();
    expect(events.some((event) => event.ip === "10.20.30.40")).toBe(true);
    // The real link from that address is refused too while the window lasts (per-IP limit).
    const blocked = await t.server.app.inject({
      method: "POST",
      url: "/api/live/join",
      payload: { token: link!.token },
      remoteAddress: "10.20.30.40",
    });
    expect(blocked.statusCode).toBe(429);
  });

  it("exports the class's links as a spreadsheet and as a printable sheet with QR codes", async () => {
    const classId = await t.classId("10A2");
    const xlsx = await teacher.post(`/api/classes/${classId}/join-links`, { format: "xlsx" });
    expect(xlsx.status).toBe(200);
    expect(String(xlsx.headers["content-type"])).toContain("spreadsheetml");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const values = workbook.worksheets[0]!.getSheetValues().flat().map(String).join("\n");
    expect(values).toMatch(/Liên kết vào lớp 10A2/);
    expect(values.match(/http:\/\/localhost:3000\/join\//g)).toHaveLength(25);

    const pdf = await teacher.post(`/api/classes/${classId}/join-links`, { format: "pdf" });
    expect(pdf.status).toBe(200);
    expect(pdf.raw.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.raw.length).toBeGreaterThan(20_000);
    // Exporting again issued new links: the spreadsheet's links no longer work.
    const token = values.match(/\/join\/([^\s"]+)/)![1]!;
    expect((await redeem(t, token)).status).toBe(404);
    const statuses = await teacher.get(`/api/classes/${classId}/join-links`);
    expect(statuses.body.items).toHaveLength(25);
    expect(statuses.body.items.every((item: { linkId: string | null }) => item.linkId)).toBe(true);
  });
});

describe("lobby", () => {
  it("holds people not on the roster until a teacher decides; two denials end their knocking", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const guest = await t.login("gv.thao");
    const socket = await connected(guest.socket());
    const seen = recorder(socket);
    const first = await join(socket, sessionId);
    expect(first).toMatchObject({ ok: true, status: "lobby", knocks: 1 });
    const knock = await host.events.waitFor((event) => event.type === "lobby.knock");
    expect(knock.type === "lobby.knock" && knock.entry).toMatchObject({
      name: "Hoàng Thị Thảo",
      username: "gv.thao",
      organisation: "Trường THCS Chu Văn An",
    });
    // Nothing from the class reaches the lobby.
    await call(host.socket, "chat.send", { sessionId, clientId: "c1", text: "Chào cả lớp" });
    const userId = await t.userId("gv.thao");
    expect(await call(host.socket, "lobby.deny", { sessionId, userId })).toMatchObject({
      ok: true,
    });
    expect(await seen.waitForDirect("lobby.denied")).toMatchObject({ final: false });
    expect(await join(socket, sessionId)).toMatchObject({ ok: true, status: "lobby", knocks: 2 });
    expect(await call(host.socket, "lobby.deny", { sessionId, userId })).toMatchObject({
      ok: true,
    });
    await host.events.waitFor(
      (event) => event.type === "security.alert" && event.kind === "lobby_denied_twice",
    );
    expect(await join(socket, sessionId)).toMatchObject({
      ok: false,
      reason: "lobby_denied_twice",
    });
    expect(seen.events).toEqual([]);
    socket.close();

    // Someone else is admitted and then sees the class.
    const principal = await t.login("ht.vominhduc");
    const observer = await connected(principal.socket());
    const observed = recorder(observer);
    expect(await join(observer, sessionId)).toMatchObject({ ok: true, status: "lobby" });
    const principalId = await t.userId("ht.vominhduc");
    await call(host.socket, "lobby.admit", { sessionId, userId: principalId });
    expect(await observed.waitForDirect("lobby.admitted")).toEqual({ sessionId });
    expect(await join(observer, sessionId)).toMatchObject({
      ok: true,
      status: "admitted",
      role: "guest",
    });
    await observed.waitFor((event) => event.type === "chat.message");
    // An admitted guest speaks like anyone in class: one statement, and the teacher reads it.
    const counter = countQueries(t.ctx);
    try {
      expect(
        await call(observer, "chat.send", { sessionId, clientId: "guest-1", text: "Chào cả lớp" }),
      ).toMatchObject({ ok: true, status: "sent" });
      expect(counter.statements).toBe(1);
    } finally {
      counter.detach();
    }
    await host.events.waitFor(
      (event) => event.type === "chat.message" && event.text === "Chào cả lớp",
    );
    observer.close();
    host.socket.close();
  });
});

describe("remove and ban", () => {
  it("keeps a banned student out through a new link, another device, another browser or no cookies", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const student = await studentInClass(t, "hs.vmd1001", sessionId);
    const userId = await t.userId("hs.vmd1001");
    expect(
      await call(host.socket, "participant.remove", {
        sessionId,
        userId,
        ban: { scope: "days", days: 7 },
        reason: "Gửi nội dung không phù hợp",
      }),
    ).toMatchObject({ ok: true });
    const kicked = await student.events.waitForDirect("live.kicked");
    expect(kicked).toMatchObject({ reason: "banned" });
    expect(kicked.message).toMatch(/chặn/);
    // Same account, new sign-in (another browser / device, cookies deleted).
    const again = await t.login("hs.vmd1001");
    const socket = await connected(again.socket());
    expect(await join(socket, sessionId)).toMatchObject({ ok: false, reason: "banned" });
    // A brand-new personal link, on a device the server never saw.
    const [link] = await issue(["VMD1001"]);
    const redeemed = await redeem(t, link!.token);
    const viaLink = await connected(rawSocket(t, redeemed.cookie));
    expect(await join(viaLink, sessionId)).toMatchObject({ ok: false, reason: "banned" });
    // The ban is bound to the account and the class: the next session too.
    const nextSession = await sessionNow(t, teacher);
    const nextHost = await teacherInClass(t, teacher, nextSession);
    expect(await join(socket, nextSession)).toMatchObject({ ok: false, reason: "banned" });
    const bans = await teacher.get(`/api/classes/${await t.classId("10A1")}/live-bans`);
    expect(bans.body.items[0]).toMatchObject({ userId, reason: "Gửi nội dung không phù hợp" });
    expect((await teacher.post(`/api/live-bans/${bans.body.items[0].id}/lift`)).status).toBe(204);
    expect(await join(socket, nextSession)).toMatchObject({ ok: true, status: "admitted" });
    const events = await t.ctx.db
      .selectFrom("security_events")
      .select("kind")
      .where("class_session_id", "=", sessionId)
      .execute();
    expect(events.map((event) => event.kind)).toContain("banned_participant");
    for (const open of [socket, viaLink, student.socket, host.socket, nextHost.socket])
      open.close();
  });

  it("sends a removed (not banned) student back to the lobby", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const student = await studentInClass(t, "hs.vmd1002", sessionId);
    const userId = await t.userId("hs.vmd1002");
    await call(host.socket, "participant.remove", { sessionId, userId });
    expect(await student.events.waitForDirect("live.kicked")).toMatchObject({ reason: "removed" });
    expect(await join(student.socket, sessionId)).toMatchObject({ ok: true, status: "lobby" });
    student.socket.close();
    host.socket.close();
  });
});

describe("GET /api/live/today", () => {
  it("lists the timetable's sessions of today for the class's students and teachers", async () => {
    const classId = await t.classId("11A1");
    const now = t.ctx.now();
    const local = new Date(now.getTime() + 7 * 3_600_000);
    const weekday = ((local.getUTCDay() + 6) % 7) + 1;
    const put = await teacher.request("PUT", `/api/classes/${classId}/timetable`, {
      rules: [{ weekday, startTime: "00:00", endTime: "23:59", title: "Tin học" }],
    });
    expect(put.status).toBe(200);
    const today = await teacher.get("/api/live/today");
    const entry = today.body.items.find((item: { classId: string }) => item.classId === classId);
    expect(entry).toMatchObject({
      title: "Tin học",
      state: "scheduled",
      relation: "teacher",
      joinable: true,
    });
    const again = await teacher.get("/api/live/today");
    expect(
      again.body.items.filter((item: { classId: string }) => item.classId === classId),
    ).toHaveLength(1);
  });
});
