/** Sessions over HTTP (open, close, times, the teacher of a period), held messages with their
 * marks, the rules refusal and today's classes: through the real API and real sockets. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  sessionRelation,
  type LiveSessionSummary,
  type TimetableRuleView,
  type TodayResponse,
} from "../../../shared/live.ts";
import type { ChatHeldEvent } from "../../../shared/live-protocol.ts";
import { vietnamDate, vietnamWeekday } from "../../../shared/vietnam-time.ts";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import {
  acknowledgeRules,
  call,
  connected,
  join,
  recorder,
  sessionNow,
  signedIn,
  studentInClass,
  teacherInClass,
} from "./live.testkit.ts";

let t: TestServer;
let teacher: TestClient;

beforeAll(async () => {
  t = await startTestServer();
  teacher = await t.login("gv.lan");
});
afterAll(async () => {
  await t?.close();
});

const audits = (sessionId: string) =>
  t.ctx.db
    .selectFrom("audit_log")
    .select("action")
    .where("target_id", "=", sessionId)
    .execute()
    .then((rows) => rows.map((row) => row.action));

describe("POST /api/live/sessions/:id/open and /close", () => {
  it("lets the class's teacher open and close over HTTP, with the effects of the socket commands", async () => {
    const sessionId = await sessionNow(t, teacher);
    await acknowledgeRules(t, "hs.vmd1001");
    const student = await signedIn(t, "hs.vmd1001");
    const socket = await connected(student.socket());
    const seen = recorder(socket);
    expect(await join(socket, sessionId)).toMatchObject({
      ok: false,
      reason: "waiting_for_teacher",
    });

    const opened = await teacher.post(`/api/live/sessions/${sessionId}/open`);
    expect(opened.status).toBe(200);
    expect(opened.body.session).toMatchObject({ id: sessionId, state: "open" });
    expect(await seen.waitForDirect("door.opened")).toEqual({ sessionId });
    expect(await join(socket, sessionId)).toMatchObject({ ok: true, status: "admitted" });
    // Opening twice changes nothing.
    expect((await teacher.post(`/api/live/sessions/${sessionId}/open`)).status).toBe(200);

    const closed = await teacher.post(`/api/live/sessions/${sessionId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.session).toMatchObject({ id: sessionId, state: "ended" });
    await seen.waitFor((event) => event.type === "class.closed");
    expect(await seen.waitForDirect("live.kicked")).toMatchObject({
      sessionId,
      reason: "class_closed",
    });
    expect(await join(socket, sessionId)).toMatchObject({ ok: false, reason: "class_closed" });
    const open = await t.ctx.db
      .selectFrom("live_visits")
      .select("id")
      .where("session_id", "=", sessionId)
      .where("left_at", "is", null)
      .execute();
    expect(open).toEqual([]);

    const reopened = await teacher.post(`/api/live/sessions/${sessionId}/open`);
    expect(reopened.status).toBe(409);
    expect(reopened.body.error.messageKey).toBe("live.refusal.class_closed");
    expect(reopened.body.error.message).toMatch(/kết thúc/);
    expect(await audits(sessionId)).toEqual(expect.arrayContaining(["live.opened", "live.closed"]));
    socket.close();
  });

  it("answers not found to anyone who does not teach the class, and changes nothing", async () => {
    const sessionId = await sessionNow(t, teacher);
    for (const username of ["ht.vominhduc", "gv.thao", "hs.vmd1001", "ph.demo"]) {
      const other = await signedIn(t, username);
      for (const action of ["open", "close"]) {
        const response = await other.post(`/api/live/sessions/${sessionId}/${action}`);
        expect(response.status, `${username} ${action}`).toBe(404);
      }
    }
    const missing = await teacher.post(
      "/api/live/sessions/00000000-0000-4000-8000-000000000000/open",
    );
    expect(missing.status).toBe(404);
    const row = await t.ctx.db
      .selectFrom("class_sessions")
      .select(["opened_at", "closed_at"])
      .where("id", "=", sessionId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ opened_at: null, closed_at: null });
  });
});

describe("PATCH /api/live-sessions/:id", () => {
  it("moves a session that has not opened, and refuses impossible times in the caller's language", async () => {
    const tomorrow = new Date(t.ctx.now().getTime() + 86_400_000);
    const created = await teacher.post(`/api/classes/${await t.classId("10A1")}/live-sessions`, {
      title: "Ôn tập chương 1",
      startsAt: tomorrow.toISOString(),
      endsAt: new Date(tomorrow.getTime() + 45 * 60_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const id = created.body.session.id as string;
    const startsAt = new Date(tomorrow.getTime() + 3_600_000);
    const endsAt = new Date(startsAt.getTime() + 90 * 60_000);
    const moved = await teacher.patch(`/api/live-sessions/${id}`, {
      title: "Ôn tập chương 1 và 2",
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.session).toMatchObject({
      title: "Ôn tập chương 1 và 2",
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
    });

    const backwards = await teacher.patch(`/api/live-sessions/${id}`, {
      startsAt: endsAt.toISOString(),
      endsAt: startsAt.toISOString(),
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.issues).toEqual([
      expect.objectContaining({ field: "endsAt", messageKey: "validation.endBeforeStart" }),
    ]);
    expect(backwards.body.error.issues[0].message).toBe("Giờ kết thúc phải sau giờ bắt đầu.");
    // Only the end, before the (stored) start.
    const beforeStart = await teacher.request(
      "PATCH",
      `/api/live-sessions/${id}`,
      { endsAt: new Date(startsAt.getTime() - 60_000).toISOString() },
      { "accept-language": "en" },
    );
    expect(beforeStart.status).toBe(400);
    expect(beforeStart.body.error.issues[0]).toMatchObject({
      field: "endsAt",
      messageKey: "validation.endBeforeStart",
    });

    const running = await sessionNow(t, teacher);
    const past = await teacher.patch(`/api/live-sessions/${running}`, {
      endsAt: new Date(t.ctx.now().getTime() - 30_000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(past.body.error.issues[0]).toMatchObject({
      field: "endsAt",
      messageKey: "validation.endInPast",
    });
    expect((await teacher.post(`/api/live/sessions/${running}/open`)).status).toBe(200);
    const later = new Date(t.ctx.now().getTime() + 10 * 60_000).toISOString();
    const startMoved = await teacher.patch(`/api/live-sessions/${running}`, { startsAt: later });
    expect(startMoved.status).toBe(409);
    expect(startMoved.body.error.messageKey).toBe("live.sessionAlreadyOpened");
    const extended = await teacher.patch(`/api/live-sessions/${running}`, {
      endsAt: new Date(t.ctx.now().getTime() + 60 * 60_000).toISOString(),
    });
    expect(extended.status).toBe(200);
  });
});

describe("held messages", () => {
  it("marks the phone number and the unknown link the teacher has to look at", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const student = await studentInClass(t, "hs.vmd1001", sessionId);
    const phone = "Số của em là 0912 345 678 nhé cô";
    const link = "Cô xem giúp em http://bai-tap-hay.example/de-1 ạ";
    for (const [index, text] of [phone, link].entries()) {
      const ack = await call(student.socket, "chat.send", {
        sessionId,
        clientId: `held-${index}`,
        text,
      });
      expect(ack).toMatchObject({ ok: true, status: "held" });
    }
    const held = (await Promise.all(
      [phone, link].map((text) =>
        host.events.waitFor((event) => event.type === "chat.held" && event.text === text),
      ),
    )) as ChatHeldEvent[];
    const marked = held.map((event) =>
      event.spans.map(([start, end]) => event.text.slice(start, end)),
    );
    expect(marked[0]!.join(" ")).toContain("0912 345 678");
    expect(marked[1]!.join(" ")).toContain("bai-tap-hay.example");
    expect(held[0]!.categories).toContain("personal_data");
    expect(held[1]!.categories).toContain("link");
    // The student's copy of their own held message is not shown to classmates; a teacher who
    // joins later gets the same marks in the snapshot.
    host.socket.close();
    const again = await teacherInClass(t, teacher, sessionId);
    if (!again.ack.ok || again.ack.status !== "admitted") throw new Error("not admitted");
    const pending = again.ack.held ?? [];
    expect(pending.map((event) => event.spans)).toEqual(held.map((event) => event.spans));
    for (const socket of [again.socket, student.socket]) socket.close();
  });
});

describe("the rules refusal", () => {
  it("names the school whose rules are still to be acknowledged", async () => {
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const userId = await t.userId("hs.vmd1002");
    await t.ctx.db.deleteFrom("rules_acknowledgements").where("user_id", "=", userId).execute();
    const student = await signedIn(t, "hs.vmd1002");
    const socket = await connected(student.socket());
    const ack = await join(socket, sessionId);
    const school = await t.orgId("THPT-VMD");
    expect(ack).toMatchObject({
      ok: false,
      reason: "rules_not_acknowledged",
      schoolId: school,
    });
    expect(ack.ok === false && ack.rulesId).toEqual(expect.any(String));
    for (const open of [socket, host.socket]) open.close();
  });
});

describe("GET /api/live/today", () => {
  it("says for each session whether the caller teaches or attends it", async () => {
    const sessionId = await sessionNow(t, teacher);
    const asTeacher = await teacher.get("/api/live/today");
    expect(asTeacher.status).toBe(200);
    const teacherView = asTeacher.body as TodayResponse;
    const mine = teacherView.items.find((item) => item.id === sessionId);
    expect(mine?.relation).toBe("teacher");
    const student = await signedIn(t, "hs.vmd1001");
    const studentView = (await student.get("/api/live/today")).body as TodayResponse;
    expect(studentView.items.find((item) => item.id === sessionId)?.relation).toBe("student");
    for (const item of [...teacherView.items, ...studentView.items]) {
      expect(sessionRelation.safeParse(item.relation).success).toBe(true);
    }
  });
});

describe("the teacher of a period", () => {
  const titlesOf = (response: { body: unknown }) =>
    (response.body as TodayResponse).items.map((item) => item.title);

  it("names the rule's teacher on the sessions of the timetable, and lists a teacher's /today their own periods and those naming nobody", async () => {
    const classId = await t.classId("10A1");
    const lan = await t.userId("gv.lan");
    const hung = await t.userId("gv.hung");
    const weekday = vietnamWeekday(t.ctx.now());
    const principal = await signedIn(t, "ht.vominhduc");
    const put = await principal.request("PUT", `/api/classes/${classId}/timetable`, {
      rules: [
        { weekday, startTime: "06:00", endTime: "06:45", title: "Toán riêng", teacherId: lan },
        { weekday, startTime: "06:50", endTime: "07:35", title: "Văn riêng", teacherId: hung },
        { weekday, startTime: "07:40", endTime: "08:25", title: "Chào cờ chung" },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body.rules as TimetableRuleView[]).toEqual([
      expect.objectContaining({
        title: "Toán riêng",
        teacherId: lan,
        teacherName: "Nguyễn Thị Lan",
      }),
      expect.objectContaining({
        title: "Văn riêng",
        teacherId: hung,
        teacherName: "Trần Văn Hùng",
      }),
      expect.objectContaining({ title: "Chào cờ chung", teacherId: null, teacherName: null }),
    ]);

    const today = vietnamDate(t.ctx.now());
    const listed = await teacher.get(
      `/api/classes/${classId}/live-sessions?from=${today}&to=${today}`,
    );
    expect(listed.status).toBe(200);
    const sessions = listed.body.items as LiveSessionSummary[];
    expect(sessions.find((session) => session.title === "Văn riêng")).toMatchObject({
      timetableRuleId: expect.any(String),
      teacherId: hung,
      teacherName: "Trần Văn Hùng",
    });
    expect(sessions.find((session) => session.title === "Chào cờ chung")?.teacherId).toBeNull();

    const ours = ["Toán riêng", "Văn riêng", "Chào cờ chung"];
    const lansDay = titlesOf(await teacher.get("/api/live/today"));
    expect(lansDay.filter((title) => ours.includes(title)).sort()).toEqual(
      ["Chào cờ chung", "Toán riêng"].sort(),
    );
    const hungsDay = titlesOf(await (await signedIn(t, "gv.hung")).get("/api/live/today"));
    expect(hungsDay.filter((title) => ours.includes(title)).sort()).toEqual(
      ["Chào cờ chung", "Văn riêng"].sort(),
    );
    // Students see every session of their class, whoever teaches it.
    const studentsDay = titlesOf(await (await signedIn(t, "hs.vmd1001")).get("/api/live/today"));
    expect(studentsDay.filter((title) => ours.includes(title)).sort()).toEqual([...ours].sort());
  });

  it("names the creator of an extra session, lets the period change hands, and any teacher of the class still opens it", async () => {
    const classId = await t.classId("10A1");
    const lan = await t.userId("gv.lan");
    const hung = await t.userId("gv.hung");
    const mine = await sessionNow(t, teacher);
    const created = (await teacher.get(`/api/live-sessions/${mine}`)).body.session;
    expect(created).toMatchObject({ teacherId: lan, teacherName: "Nguyễn Thị Lan" });

    // A principal does not teach the class: their session names nobody unless they say.
    const principal = await signedIn(t, "ht.vominhduc");
    const startsAt = new Date(t.ctx.now().getTime() + 2 * 3_600_000);
    const body = {
      title: "Phụ đạo",
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString(),
    };
    const unnamed = await principal.post(`/api/classes/${classId}/live-sessions`, body);
    expect(unnamed.status).toBe(201);
    expect(unnamed.body.session).toMatchObject({ teacherId: null, teacherName: null });
    const named = await principal.post(`/api/classes/${classId}/live-sessions`, {
      ...body,
      teacherId: hung,
    });
    expect(named.body.session).toMatchObject({ teacherId: hung, teacherName: "Trần Văn Hùng" });

    const handedOver = await teacher.patch(`/api/live-sessions/${mine}`, { teacherId: hung });
    expect(handedOver.status).toBe(200);
    expect(handedOver.body.session).toMatchObject({ teacherId: hung, title: created.title });
    const lansDay = (await teacher.get("/api/live/today")).body as TodayResponse;
    expect(lansDay.items.map((item) => item.id)).not.toContain(mine);
    // A substitute: gv.lan still opens a period named for gv.hung, and then finds it on her day.
    expect((await teacher.post(`/api/live/sessions/${mine}/open`)).status).toBe(200);
    const substituting = (await teacher.get("/api/live/today")).body as TodayResponse;
    expect(substituting.items.map((item) => item.id)).toContain(mine);
    const hungsDay = (await (await signedIn(t, "gv.hung")).get("/api/live/today"))
      .body as TodayResponse;
    expect(hungsDay.items.map((item) => item.id)).toContain(mine);
    const cleared = await teacher.patch(`/api/live-sessions/${mine}`, { teacherId: null });
    expect(cleared.body.session).toMatchObject({ teacherId: null, teacherName: null });
    const again = (await teacher.get("/api/live/today")).body as TodayResponse;
    expect(again.items.map((item) => item.id)).toContain(mine);
  });

  it("refuses as a period's teacher someone who does not teach the class, in the caller's language, and changes nothing", async () => {
    const classId = await t.classId("10A2");
    const thao = await t.userId("gv.thao"); // a teacher of another school
    const student = await t.userId("hs.vmd1001");
    const before = (await teacher.get(`/api/classes/${classId}/timetable`)).body.rules;
    const put = await teacher.request("PUT", `/api/classes/${classId}/timetable`, {
      rules: [
        { weekday: 1, startTime: "07:00", endTime: "07:45", title: "Toán" },
        { weekday: 1, startTime: "07:50", endTime: "08:35", title: "Tin học", teacherId: thao },
      ],
    });
    expect(put.status).toBe(400);
    expect(put.body.error.issues).toEqual([
      {
        field: "rules.1.teacherId",
        messageKey: "live.notTeacherOfClass",
        message: "Người này không phải giáo viên của lớp.",
      },
    ]);
    expect((await teacher.get(`/api/classes/${classId}/timetable`)).body.rules).toEqual(before);

    const startsAt = new Date(t.ctx.now().getTime() + 3_600_000);
    const create = await teacher.request(
      "POST",
      `/api/classes/${classId}/live-sessions`,
      {
        title: "Tin học",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 45 * 60_000).toISOString(),
        teacherId: student,
      },
      { "accept-language": "en" },
    );
    expect(create.status).toBe(400);
    expect(create.body.error.issues).toEqual([
      expect.objectContaining({
        field: "teacherId",
        message: "This person is not a teacher of the class.",
      }),
    ]);
    const sessionId = await sessionNow(t, teacher, "10A2");
    const patch = await teacher.patch(`/api/live-sessions/${sessionId}`, { teacherId: thao });
    expect(patch.status).toBe(400);
    expect(patch.body.error.issues[0]).toMatchObject({ messageKey: "live.notTeacherOfClass" });
    const row = await t.ctx.db
      .selectFrom("class_sessions")
      .select("teacher_id")
      .where("id", "=", sessionId)
      .executeTakeFirstOrThrow();
    expect(row.teacher_id).toBe(await t.userId("gv.lan"));
  });
});
