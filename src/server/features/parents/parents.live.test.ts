/** The family side of the live class and incidents: absence alerts after a session ends, the
 * child's timetable, and the incidents a parent is told about. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import {
  call,
  sessionNow,
  signedIn,
  studentInClass,
  teacherInClass,
} from "../live/live.testkit.ts";
import { openIncident } from "../incidents/index.ts";
import { runAbsenceAlerts } from "./index.ts";

let t: TestServer;
let principal: TestClient;
let teacher: TestClient;
let absentChild: string;
let presentChild: string;
/** A parent registered with a code and an e-mail address, for VMD1001. */
let parent: TestClient;
let parentEmail: string;

async function registerParentOf(studentCode: string, username: string, email: string) {
  const studentId = await t.studentId(studentCode);
  const codes = await principal.post(`/api/classes/${await t.classId("10A1")}/link-codes`, {
    studentIds: [studentId],
  });
  expect(codes.status).toBe(201);
  const registered = await t.anonymous().post("/api/parents/register", {
    code: codes.body.codes[0].code,
    displayName: "Trần Thị Mai",
    username,
    email,
    password: "MatKhau2026!",
  });
  expect(registered.status).toBe(201);
  return t.login(username, "MatKhau2026!");
}

async function consent(client: TestClient, studentId: string, purposes: string[]) {
  const response = await client.post(`/api/students/${studentId}/consent`, {
    noticeVersion: 1,
    purposes,
    accept: true,
  });
  expect(response.status).toBe(201);
}

async function notesOf(userId: string, kind: string) {
  return t.ctx.db
    .selectFrom("notifications")
    .selectAll()
    .where("user_id", "=", userId)
    .where("kind", "=", kind)
    .execute();
}

beforeAll(async () => {
  t = await startTestServer();
  principal = await signedIn(t, "ht.vominhduc");
  teacher = await signedIn(t, "gv.lan");
  absentChild = await t.studentId("VMD1001");
  presentChild = await t.studentId("VMD1002");
  parentEmail = "tran.thi.mai.1001@example.vn";
  parent = await registerParentOf("VMD1001", "ph.mai.1001", parentEmail);
});
afterAll(async () => {
  await t.close();
});

describe("absence alerts", () => {
  it("tells the linked parents of a child who missed a class that ended, once, in the app and by e-mail", async () => {
    await consent(parent, absentChild, ["attendance_alerts"]);
    await consent(await signedIn(t, "hs.vmd1001"), absentChild, ["attendance_alerts"]);
    // ph.demo is the other parent of VMD1001 and never consented: the child's consent state is
    // what counts (both a parent's and the child's), so ph.demo is alerted too.
    const demoParent = await t.userId("ph.demo");

    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const present = await studentInClass(t, "hs.vmd1002", sessionId);
    // Nothing is sent while the class runs.
    expect(await runAbsenceAlerts(t.ctx)).toBe(0);
    const closed = await call(host.socket, "class.close", { sessionId });
    expect(closed.ok).toBe(true);
    present.socket.disconnect();
    host.socket.disconnect();

    expect(await runAbsenceAlerts(t.ctx)).toBe(1);
    const parentId = await t.userId("ph.mai.1001");
    const [note] = await notesOf(parentId, "attendance.absent");
    expect(note).toBeDefined();
    expect(note!.link).toBe(`/children/${absentChild}`);
    expect((await notesOf(demoParent, "attendance.absent")).length).toBe(1);
    const listed = await parent.get("/api/notifications");
    const rendered = listed.body.items.find(
      (item: { kind: string }) => item.kind === "attendance.absent",
    );
    expect(rendered.body).toContain("Toán — Hàm số bậc hai");
    const mails = await t.ctx.db
      .selectFrom("mail_outbox")
      .select(["subject", "text_body"])
      .where("to_address", "=", parentEmail)
      .execute();
    expect(mails.some((mail) => mail.text_body.includes("Toán — Hàm số bậc hai"))).toBe(true);

    // The present child's family hears nothing, and a second run alerts no one again.
    const presentAlerts = await t.ctx.db
      .selectFrom("absence_alerts")
      .select("student_id")
      .where("session_id", "=", sessionId)
      .execute();
    expect(presentAlerts.map((row) => row.student_id)).not.toContain(presentChild);
    expect(await runAbsenceAlerts(t.ctx)).toBe(0);
    expect((await notesOf(parentId, "attendance.absent")).length).toBe(1);

    // The parent sees the missed session on the child's page.
    const overview = await parent.get(`/api/students/${absentChild}/overview`);
    expect(overview.status).toBe(200);
    const missed = overview.body.attendance.find(
      (row: { sessionId: string }) => row.sessionId === sessionId,
    );
    expect(missed.status).toBe("absent");
    expect(overview.body.attendanceSummary.absent).toBeGreaterThanOrEqual(1);
  });

  it("stays silent for children whose family did not consent to attendance alerts", async () => {
    const sessionId = await sessionNow(t, teacher, "10A1", -30_000);
    const host = await teacherInClass(t, teacher, sessionId);
    expect((await call(host.socket, "class.close", { sessionId })).ok).toBe(true);
    host.socket.disconnect();
    // 24 other students are absent, none of their families consented; VMD1001's did.
    expect(await runAbsenceAlerts(t.ctx)).toBe(1);
    const alerted = await t.ctx.db
      .selectFrom("absence_alerts")
      .select("student_id")
      .where("session_id", "=", sessionId)
      .execute();
    expect(alerted.map((row) => row.student_id)).toEqual([absentChild]);
  });
});

describe("the parent's home", () => {
  it("counts a class the teacher opened early and closed before its start as taken place", async () => {
    const early = await sessionNow(t, teacher, "10A1", 10 * 60_000);
    const still = await sessionNow(t, teacher, "10A1", 20 * 60_000);
    const host = await teacherInClass(t, teacher, early);
    expect((await call(host.socket, "class.close", { sessionId: early })).ok).toBe(true);
    host.socket.disconnect();
    const overview = await parent.get(`/api/students/${absentChild}/overview`);
    const past = overview.body.attendance.map((row: { sessionId: string }) => row.sessionId);
    expect(past).toContain(early);
    expect(past).not.toContain(still);
    const coming = overview.body.timetable.map((row: { sessionId: string }) => row.sessionId);
    expect(coming).toContain(still);
    expect(coming).not.toContain(early);
  });

  it("lists the child's coming sessions from the weekly timetable", async () => {
    const classId = await t.classId("10A1");
    const rules = await teacher.request("PUT", `/api/classes/${classId}/timetable`, {
      rules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
        weekday,
        startTime: "23:00",
        endTime: "23:45",
        title: "Sinh hoạt lớp",
      })),
    });
    expect(rules.status).toBe(200);
    const overview = await parent.get(`/api/students/${absentChild}/overview`);
    expect(overview.body.timetableAvailable).toBe(true);
    const coming = overview.body.timetable as Array<{ title: string; startsAt: string }>;
    expect(coming.filter((row) => row.title === "Sinh hoạt lớp").length).toBeGreaterThanOrEqual(13);
    expect(coming.every((row) => Date.parse(row.startsAt) >= t.ctx.now().getTime() - 1000)).toBe(
      true,
    );
  });

  it("lists the incidents involving the child, without the reporter or other children", async () => {
    const classId = await t.classId("10A1");
    // The principal reports: the parent must not learn who did.
    const reporter = await t.ctx.db
      .selectFrom("users")
      .select("display_name")
      .where("username", "=", "ht.vominhduc")
      .executeTakeFirstOrThrow();
    const reported = await principal.post("/api/incidents", {
      schoolId: await t.orgId("THPT-VMD"),
      classId,
      category: "harassment",
      severity: "medium",
      title: "Bị nhắn tin trêu chọc",
      description: "Một học sinh bị bạn nhắn tin trêu chọc nhiều lần trong giờ học.",
      studentIds: [absentChild],
    });
    expect(reported.status).toBe(201);
    const number = reported.body.incident.number as number;
    const other = await teacher.post("/api/incidents", {
      schoolId: await t.orgId("THPT-VMD"),
      classId,
      category: "data_leak",
      severity: "low",
      title: "Lộ số điện thoại",
      description: "Số điện thoại của một học sinh bị đăng trong nhóm lớp.",
      studentIds: [presentChild],
    });
    expect(other.status).toBe(201);

    const overview = await parent.get(`/api/students/${absentChild}/overview`);
    const incidents = overview.body.incidents as Array<Record<string, unknown>>;
    expect(incidents.map((row) => row.number)).toContain(number);
    expect(incidents.map((row) => row.number)).not.toContain(other.body.incident.number);
    const mine = incidents.find((row) => row.number === number)!;
    expect(mine).toMatchObject({ category: "harassment", status: "new", closedAt: null });
    expect(Object.keys(mine).sort()).toEqual(
      ["category", "closedAt", "createdAt", "number", "status"].sort(),
    );
    expect(JSON.stringify(incidents)).not.toContain(reporter.display_name);

    // Both linked parents are told once, with the category, after the incident was recorded.
    const parentId = await t.userId("ph.mai.1001");
    const notes = await notesOf(parentId, "incident.child_involved");
    expect(notes).toHaveLength(1);
    const listed = await parent.get("/api/notifications");
    const rendered = listed.body.items.find(
      (item: { kind: string }) => item.kind === "incident.child_involved",
    );
    expect(rendered.body).toContain(`#${number}`);
    expect(rendered.body).toContain("Quấy rối, bắt nạt");
    expect(`${rendered.title} ${rendered.body}`).not.toContain(reporter.display_name);
    expect(rendered.body).not.toContain("Lộ số điện thoại");
  });

  it("tells the parents once when an automatic incident grows with the same child", async () => {
    const parentId = await t.userId("ph.mai.1001");
    const before = (await notesOf(parentId, "incident.child_involved")).length;
    const input = {
      schoolId: await t.orgId("THPT-VMD"),
      category: "offensive_content" as const,
      severity: "low" as const,
      title: "Tin nhắn bị chặn lặp lại",
      reporter: { kind: "system" as const },
      students: [{ id: absentChild, role: "involved" as const }],
      dedupeKey: `parents-live-test:${Date.now()}`,
    };
    const first = await openIncident(t.ctx, input);
    const second = await openIncident(t.ctx, input);
    expect(second).toMatchObject({ id: first.id, created: false });
    expect((await notesOf(parentId, "incident.child_involved")).length).toBe(before + 1);
  });
});
