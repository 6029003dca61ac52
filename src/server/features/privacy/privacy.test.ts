import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import { openIncident } from "../incidents/index.ts";
import {
  acknowledgeRules,
  call,
  connected,
  join,
  sessionNow,
  teacherInClass,
} from "../live/live.testkit.ts";
import { purgeChat } from "../live/index.ts";
import { alertAbsencesForSession } from "../parents/index.ts";
import { consentCoverage, consentGate, purposeAllowed, runRetention } from "./index.ts";
import { dailyRunDue } from "./privacy.actions.ts";

let t: TestServer;
let principal: TestClient;
let parent: TestClient;
let student: TestClient;
let child: string;
let schoolId: string;
const DAY = 86_400_000;

/** Signed-in clients, one per person (argon2 makes each sign-in cost a fraction of a second). */
const signedIn = new Map<string, Promise<TestClient>>();
function as(username: string): Promise<TestClient> {
  let client = signedIn.get(username);
  if (!client) {
    client = t.login(username);
    signedIn.set(username, client);
  }
  return client;
}

beforeAll(async () => {
  t = await startTestServer();
  [principal, parent, student] = await Promise.all([
    as("ht.vominhduc"),
    as("ph.demo"),
    as("hs.vmd1001"),
  ]);
  child = await t.studentId("VMD1001");
  schoolId = await t.orgId("THPT-VMD");
});
afterAll(async () => {
  await t.close();
});

const allPurposes = ["attendance_alerts", "chat_history", "training_records"];

async function consentBoth(purposes = allPurposes) {
  const byParent = await parent.post(`/api/students/${child}/consent`, {
    noticeVersion: 1,
    purposes,
    accept: true,
  });
  expect(byParent.status).toBe(201);
  const byChild = await student.post(`/api/students/${child}/consent`, {
    noticeVersion: 1,
    purposes,
    accept: true,
  });
  expect(byChild.status).toBe(201);
  return byChild.body.consent;
}

describe("consent notices", () => {
  it("publishes a plain-Vietnamese parent notice and a simpler one for children, to anyone", async () => {
    const forParents = await t.anonymous().get("/api/consent-notices/current?audience=parent");
    expect(forParents.status).toBe(200);
    expect(forParents.body.notice.version).toBe(1);
    for (const words of ["Nghị định 13/2023/NĐ-CP", "Rút lại", "bao lâu", "Quyền"]) {
      expect(forParents.body.notice.body).toContain(words);
    }
    const forChildren = await t.anonymous().get("/api/consent-notices/current?audience=student");
    expect(forChildren.body.notice.body).toContain("Chào em");
    const english = await t
      .anonymous()
      .request("GET", "/api/consent-notices/current?audience=parent", undefined, {
        "accept-language": "en",
      });
    expect(english.body.notice.body).toContain("withdraw");
  });
});

describe("POST /api/students/:id/consent", () => {
  it("needs the parent and, from age 7, the child; processing runs only on both", async () => {
    const before = await consentGate(t.ctx, { studentId: child });
    expect(before.age).toBeGreaterThanOrEqual(7);
    expect(before.missing).toEqual(["parent", "student"]);
    const own = await student.get("/api/me/consent");
    expect(own.body.notice.audience).toBe("student");

    const byParent = await parent.post(`/api/students/${child}/consent`, {
      noticeVersion: 1,
      purposes: ["attendance_alerts", "chat_history"],
      accept: true,
    });
    expect(byParent.status).toBe(201);
    expect(byParent.body.consent.missing).toEqual(["student"]);
    expect(await purposeAllowed(t.ctx, child, "attendance_alerts")).toBe(false);

    const byChild = await student.post(`/api/students/${child}/consent`, {
      noticeVersion: 1,
      purposes: ["attendance_alerts", "training_records"],
      accept: true,
    });
    expect(byChild.status).toBe(201);
    // Only what both accepted runs.
    expect(byChild.body.consent.effectivePurposes).toEqual(["attendance_alerts"]);
    expect(await purposeAllowed(t.ctx, child, "attendance_alerts")).toBe(true);
    expect(await purposeAllowed(t.ctx, child, "chat_history")).toBe(false);

    const stored = await t.ctx.db
      .selectFrom("consents")
      .select(["role", "notice_version", "given_at"])
      .where("student_id", "=", child)
      .execute();
    expect(stored.map((row) => row.role).sort()).toEqual(["parent", "student"]);
    expect(stored.every((row) => row.notice_version === 1 && row.given_at)).toBe(true);
  });

  it("refuses an outdated notice version, an unticked box and an unknown purpose", async () => {
    const outdated = await parent.post(`/api/students/${child}/consent`, {
      noticeVersion: 2,
      purposes: [],
      accept: true,
    });
    expect(outdated.status).toBe(409);
    expect(outdated.body.error.message).toContain("phiên bản 1");
    const bad = await parent.post(`/api/students/${child}/consent`, {
      noticeVersion: 1,
      purposes: ["advertising"],
      accept: false,
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.error.issues.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["purposes.0", "accept"]));
  });

  it("does not let a teacher consent for a child", async () => {
    const teacher = await as("gv.lan");
    const response = await teacher.post(`/api/students/${child}/consent`, {
      noticeVersion: 1,
      purposes: allPurposes,
      accept: true,
    });
    expect(response.status).toBe(404);
    const view = await teacher.get(`/api/students/${child}/consent`);
    expect(view.status).toBe(200);
    expect(view.body.history).toEqual([]);
  });
});

describe("POST /api/students/:id/consent/withdraw", () => {
  it("stops the processing, starts deletion and confirms in the app and by e-mail", async () => {
    await t.ctx.db
      .updateTable("users")
      .set({ email: "ph.demo@example.vn" })
      .where("username", "=", "ph.demo")
      .execute();
    await consentBoth();
    expect(await purposeAllowed(t.ctx, child, "chat_history")).toBe(true);
    const partial = await parent.post(`/api/students/${child}/consent/withdraw`, {
      purposes: ["chat_history"],
      confirm: true,
    });
    expect(partial.status).toBe(200);
    expect(partial.body.withdrawn).toEqual(["chat_history"]);
    expect(partial.body.consent.effectivePurposes).toEqual([
      "attendance_alerts",
      "training_records",
    ]);
    const full = await parent.post(`/api/students/${child}/consent/withdraw`, { confirm: true });
    expect(full.status).toBe(200);
    expect(full.body.consent.missing).toContain("parent");
    expect(await purposeAllowed(t.ctx, child, "attendance_alerts")).toBe(false);
    const requests = await parent.get(`/api/students/${child}/deletion-requests`);
    expect(
      requests.body.items.filter((r: { reason: string }) => r.reason === "withdrawal"),
    ).toHaveLength(2);
    const mail = await t.ctx.db
      .selectFrom("mail_outbox")
      .select("subject")
      .where("to_address", "=", "ph.demo@example.vn")
      .execute();
    expect(mail.some((row) => row.subject.includes("Đã rút lại sự đồng ý"))).toBe(true);
    const again = await parent.post(`/api/students/${child}/consent/withdraw`, { confirm: true });
    expect(again.status).toBe(409);
    const unconfirmed = await parent.post(`/api/students/${child}/consent/withdraw`, {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.issues[0].field).toBe("confirm");
  });
});

describe("consent coverage", () => {
  it("shows each class's coverage to the school, and per school to the reports", async () => {
    await consentBoth();
    const class10A1 = await t.classId("10A1");
    const response = await principal.get(`/api/classes/${class10A1}/consent-coverage`);
    expect(response.status).toBe(200);
    expect(response.body.totals.students).toBe(25);
    expect(response.body.totals.complete).toBe(1);
    expect(response.body.totals.parentConsent).toBe(1);
    const row = response.body.students.find((s: { id: string }) => s.id === child);
    expect(row.missing).toEqual([]);
    const teacher = await as("gv.lan");
    expect((await teacher.get(`/api/classes/${class10A1}/consent-coverage`)).status).toBe(200);
    expect((await parent.get(`/api/classes/${class10A1}/consent-coverage`)).status).toBe(404);

    const [school] = await consentCoverage(t.ctx, { schoolIds: [schoolId] });
    expect(school!.students).toBe(75);
    expect(school!.complete).toBe(1);
    expect(school!.byPurpose.attendance_alerts).toBe(1);
    expect(school!.classes.map((c) => c.className)).toEqual(["10A1", "10A2", "11A1"]);
  });
});

describe("absence alerts", () => {
  it("alerts linked parents once per session, only with consent for attendance alerts", async () => {
    await consentBoth();
    const class10A1 = await t.classId("10A1");
    const session = {
      id: "11111111-1111-4111-8111-111111111111",
      classId: class10A1,
      title: "Toán — Hàm số bậc hai",
      startsAt: t.ctx.now(),
    };
    const first = await alertAbsencesForSession(t.ctx, session, []);
    expect(first).toBe(1); // only VMD1001's family consented
    const second = await alertAbsencesForSession(t.ctx, session, []);
    expect(second).toBe(0);
    const notes = await t.ctx.db
      .selectFrom("notifications")
      .select(["kind", "params"])
      .where("user_id", "=", await t.userId("ph.demo"))
      .where("kind", "=", "attendance.absent")
      .execute();
    expect(notes).toHaveLength(1);
    const present = await alertAbsencesForSession(
      t.ctx,
      { ...session, id: "22222222-2222-4222-8222-222222222222" },
      [{ studentId: child, status: "present" }],
    );
    expect(present).toBe(0);
  });
});

describe("GET /api/students/:id/data-export.json", () => {
  it("holds everything about the child and nothing about other children", async () => {
    await parent.post(`/api/students/${child}/messages`, { body: "Cháu xin nghỉ buổi chiều." });
    const response = await parent.get(`/api/students/${child}/data-export.json`);
    expect(response.status).toBe(200);
    expect(String(response.headers["content-disposition"])).toContain("safeclass-VMD1001.json");
    const data = response.body;
    expect(data.format).toBe("safeclass.child-data");
    expect(data.student).toMatchObject({ studentCode: "VMD1001" });
    expect(data.enrolments[0].className).toBe("10A1");
    expect(data.parents.length).toBeGreaterThan(0);
    expect(data.consentHistory.length).toBeGreaterThan(2);
    expect(data.sections.familyMessages[0].body).toBe("Cháu xin nghỉ buổi chiều.");
    expect(data.sections.absenceAlerts).toHaveLength(1);
    expect(Object.keys(data.sections)).toEqual(
      expect.arrayContaining(["attendance", "chatMessages", "training", "incidents"]),
    );
    expect(data.accessLog.length).toBeGreaterThan(0);
    const classmates = await t.ctx.db
      .selectFrom("students")
      .select("full_name")
      .where("student_code", "in", ["VMD1002", "VMD1003", "VMD1004"])
      .execute();
    const text = JSON.stringify(data);
    for (const classmate of classmates) expect(text).not.toContain(classmate.full_name);
    expect(text).not.toContain("password");
  });

  it("renders the same as a Vietnamese PDF for the principal, and refuses teachers", async () => {
    const pdf = await principal.get(`/api/students/${child}/data-export.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.raw.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.raw.length).toBeGreaterThan(5_000);
    const teacher = await as("gv.lan");
    expect((await teacher.get(`/api/students/${child}/data-export.pdf`)).status).toBe(404);
  });
});

describe("deletion on request and the retention job", () => {
  it("deletes what may be deleted, lists what is kept and why, and tells the parent", async () => {
    const requested = await parent.post(`/api/students/${child}/deletion-requests`, {
      scope: "all",
      reason: "Gia đình chuyển trường",
      confirm: true,
    });
    expect(requested.status).toBe(201);
    const result = await runRetention(t.ctx);
    expect(result.deletionRequests).toBeGreaterThanOrEqual(1);
    const requests = await parent.get(`/api/students/${child}/deletion-requests`);
    const done = requests.body.items.find(
      (item: { id: string }) => item.id === requested.body.deletionRequestId,
    );
    expect(done.status).toBe("completed");
    expect(done.result.deleted.familyMessages).toBeGreaterThan(0);
    expect(done.exceptions.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(["roster", "consents", "access_log"]),
    );
    const messages = await t.ctx.db
      .selectFrom("family_messages")
      .select("id")
      .where("student_id", "=", child)
      .execute();
    expect(messages).toEqual([]);
    const notes = await t.ctx.db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", await t.userId("ph.demo"))
      .where("kind", "=", "privacy.deletion_done")
      .execute();
    expect(notes.length).toBeGreaterThan(0);
  });

  it("purges family messages and notices older than the school's periods", async () => {
    const fresh = await parent.post(`/api/students/${child}/messages`, { body: "Tin mới" });
    expect(fresh.status).toBe(201);
    const settings = await principal.patch(`/api/schools/${schoolId}/retention`, {
      familyMessageDays: 30,
    });
    expect(settings.status).toBe(200);
    t.clock.advance(31 * DAY);
    signedIn.clear();
    parent = await as("ph.demo");
    principal = await as("ht.vominhduc");
    await parent.post(`/api/students/${child}/messages`, { body: "Tin sau 31 ngày" });
    const result = await runRetention(t.ctx);
    expect(result.purged.familyMessages).toBeGreaterThanOrEqual(1);
    const left = await t.ctx.db
      .selectFrom("family_messages")
      .select("body")
      .where("student_id", "=", child)
      .execute();
    expect(left.map((row) => row.body)).toEqual(["Tin sau 31 ngày"]);
  });

  it("validates retention settings field by field, for the principal only", async () => {
    const bad = await principal.patch(`/api/schools/${schoolId}/retention`, { chatDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].field).toBe("chatDays");
    const district = await as("phong.tdm");
    expect(
      (await district.patch(`/api/schools/${schoolId}/retention`, { chatDays: 10 })).status,
    ).toBe(404);
  });
});

describe("GET /api/schools/:id/access-log", () => {
  it("shows the principal who viewed a child's record, filtered by child", async () => {
    const response = await principal.get(`/api/schools/${schoolId}/access-log?studentId=${child}`);
    expect(response.status).toBe(200);
    expect(response.body.total).toBeGreaterThan(0);
    const actions = response.body.items.map((item: { action: string }) => item.action);
    expect(actions).toEqual(expect.arrayContaining(["student.data_exported", "consent.viewed"]));
    const exporter = response.body.items.find(
      (item: { action: string; actorUsername: string }) => item.action === "student.data_exported",
    );
    expect(["ph.demo", "ht.vominhduc"]).toContain(exporter.actorUsername);
    const teacher = await as("gv.lan");
    expect((await teacher.get(`/api/schools/${schoolId}/access-log`)).status).toBe(404);
    const foreign = await t.studentId("CVA1076");
    expect(
      (await principal.get(`/api/schools/${schoolId}/access-log?studentId=${foreign}`)).status,
    ).toBe(404);
  });

  it("finds a child by student code or part of the name, in the principal's own school only", async () => {
    const classmate = await t.studentId("VMD1002");
    const foreign = await t.studentId("CVA1076");
    for (const id of [child, classmate]) {
      expect((await principal.get(`/api/students/${id}/consent`)).status).toBe(200);
    }
    // The other school's principal looks at their own student: a log line of that school.
    const otherPrincipal = await as("ht.chuvanan");
    expect((await otherPrincipal.get(`/api/students/${foreign}/consent`)).status).toBe(200);
    const log = (student: string) =>
      principal.get(
        `/api/schools/${schoolId}/access-log?student=${encodeURIComponent(student)}&pageSize=200`,
      );
    type Line = { studentId: string; studentName: string };

    // By code, in any case: only that child's lines.
    const byCode = await log(" vmd1001 ");
    expect(byCode.status).toBe(200);
    expect(byCode.body.total).toBeGreaterThan(0);
    expect(byCode.body.matchingStudents).toBe(1);
    expect(byCode.body.items.every((item: Line) => item.studentId === child)).toBe(true);

    // By part of the name, in another case: the child is among the lines, and every line is
    // about a student whose name holds the words.
    const names = await t.ctx.db
      .selectFrom("students")
      .select(["id", "full_name"])
      .where("id", "in", [classmate, foreign])
      .execute();
    const classmateName = names.find((row) => row.id === classmate)!.full_name;
    const part = classmateName.split(" ").slice(-2).join(" ").toUpperCase();
    const byName = await log(part);
    expect(byName.status).toBe(200);
    expect(byName.body.items.some((item: Line) => item.studentId === classmate)).toBe(true);
    for (const item of byName.body.items as Line[]) {
      expect(item.studentName.toLowerCase()).toContain(part.toLowerCase());
    }

    // Another school's student is not found by code, nor by full name.
    const foreignByCode = await log("CVA1076");
    expect(foreignByCode.status).toBe(200);
    expect(foreignByCode.body).toMatchObject({ total: 0, items: [], matchingStudents: 0 });
    const foreignName = names.find((row) => row.id === foreign)!.full_name;
    const foreignByName = await log(foreignName);
    expect(foreignByName.status).toBe(200);
    expect(foreignByName.body.items.some((item: Line) => item.studentId === foreign)).toBe(false);

    // The id still works; an over-long filter is refused with a translated field issue.
    const byId = await log(child);
    expect(byId.body.items.every((item: Line) => item.studentId === child)).toBe(true);
    expect(byId.body.total).toBe(byCode.body.total);
    const tooLong = await log("x".repeat(101));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.issues[0].field).toBe("student");
  });

  it("finds a child by a name typed without tones, in any case", async () => {
    const classmate = await t.studentId("VMD1002");
    await t.ctx.db
      .updateTable("students")
      .set({ full_name: "Đặng Nguyễn Thị Ánh Tuyết" })
      .where("id", "=", classmate)
      .execute();
    expect((await principal.get(`/api/students/${classmate}/consent`)).status).toBe(200);
    const log = (student: string) =>
      principal.get(
        `/api/schools/${schoolId}/access-log?student=${encodeURIComponent(student)}&pageSize=200`,
      );
    type Line = { studentId: string; studentName: string };
    for (const typed of ["dang nguyen thi anh tuyet", "ANH TUYET", "nguyễn thi ánh", "Đặng"]) {
      const response = await log(typed);
      expect(response.status).toBe(200);
      expect(response.body.matchingStudents, typed).toBeGreaterThanOrEqual(1);
      const lines = response.body.items as Line[];
      expect(
        lines.some((line) => line.studentId === classmate),
        typed,
      ).toBe(true);
    }
    const exact = await log("dang nguyen thi anh tuyet");
    expect(exact.body.matchingStudents).toBe(1);
    expect(exact.body.items.every((line: Line) => line.studentId === classmate)).toBe(true);
    // Tones are not required, but the letters still are.
    expect((await log("dang nguyen thi anh tuyen")).body).toMatchObject({
      total: 0,
      matchingStudents: 0,
    });
  });
});

describe("live-class chat and attendance under the data rights", () => {
  /** A class of 10A1 now, VMD1001 (the child) and VMD1002 in it, each writing `texts`. */
  async function classWithChat(texts: { child: string[]; classmate: string[] }) {
    const teacher = await t.login("gv.lan");
    const sessionId = await sessionNow(t, teacher);
    const host = await teacherInClass(t, teacher, sessionId);
    const seqs: { child: number[]; classmate: number[] } = { child: [], classmate: [] };
    for (const who of ["child", "classmate"] as const) {
      const username = who === "child" ? "hs.vmd1001" : "hs.vmd1002";
      await acknowledgeRules(t, username);
      const client = await t.login(username);
      const socket = await connected(client.socket());
      const joined = await join(socket, sessionId);
      expect(joined.ok).toBe(true);
      for (const [index, text] of texts[who].entries()) {
        const ack = await call(socket, "chat.send", {
          sessionId,
          clientId: `${who}-${index}`,
          text,
        });
        expect(ack.status).toBe("sent");
        seqs[who].push(ack.seq as number);
      }
      socket.disconnect();
    }
    expect((await call(host.socket, "class.close", { sessionId })).ok).toBe(true);
    host.socket.disconnect();
    return { sessionId, seqs };
  }

  const chatOf = (sessionId: string) =>
    t.ctx.db
      .selectFrom("class_session_events")
      .select(["seq", "actor_id"])
      .where("session_id", "=", sessionId)
      .where("type", "=", "chat.message")
      .orderBy("seq")
      .execute();

  it("exports the child's chat and attendance, and erases the chat except what an open incident cites", async () => {
    parent = await t.login("ph.demo");
    const { sessionId, seqs } = await classWithChat({
      child: ["Em chào cô ạ", "Bạn ấy gửi ảnh của em lên nhóm", "Em cảm ơn cô"],
      classmate: ["Dạ em có mặt"],
    });
    const exported = (await parent.get(`/api/students/${child}/data-export.json`)).body;
    const texts = exported.sections.chatMessages.map((m: { text: string }) => m.text);
    expect(texts).toEqual(
      expect.arrayContaining(["Em chào cô ạ", "Bạn ấy gửi ảnh của em lên nhóm", "Em cảm ơn cô"]),
    );
    expect(texts).not.toContain("Dạ em có mặt");
    const attended = exported.sections.attendance.find(
      (row: { sessionId: string }) => row.sessionId === sessionId,
    );
    expect(attended.status).toBe("present");

    // The teacher reports the second message: the incident's evidence cites it.
    const cited = seqs.child[1]!;
    const opened = await openIncident(t.ctx, {
      schoolId,
      classId: await t.classId("10A1"),
      classSessionId: sessionId,
      category: "data_leak",
      severity: "medium",
      title: "Ảnh của học sinh bị đăng lên nhóm",
      reporter: { kind: "person", userId: await t.userId("gv.lan"), role: "teacher" },
      students: [{ id: child, role: "target" }],
      evidence: [
        {
          kind: "chat_excerpt",
          content: { classSessionId: sessionId, reportedSeq: cited, messages: [{ seq: cited }] },
        },
      ],
    });
    const requested = await parent.post(`/api/students/${child}/deletion-requests`, {
      scope: ["chat_history"],
      confirm: true,
    });
    expect(requested.status).toBe(201);
    await runRetention(t.ctx);
    const done = (await parent.get(`/api/students/${child}/deletion-requests`)).body.items.find(
      (item: { id: string }) => item.id === requested.body.deletionRequestId,
    );
    expect(done.status).toBe("partial");
    expect(done.result.deleted.chatMessages).toBe(2);
    const kept = done.exceptions.find((item: { kind: string }) => item.kind === "chat_messages");
    expect(kept).toMatchObject({ reasonKey: "privacy.kept.heldMessages", count: 1 });
    expect(done.exceptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "incident_evidence", params: { number: opened.number } }),
      ]),
    );
    const left = await chatOf(sessionId);
    const childUser = await t.userId("hs.vmd1001");
    expect(left.filter((row) => row.actor_id === childUser).map((row) => row.seq)).toEqual([cited]);
    // The classmate's message is not the child's data: untouched.
    expect(left.map((row) => row.seq)).toContain(seqs.classmate[0]);
  });

  it("purges chat after the school day without consent, after the school's period otherwise, never what an incident cites", async () => {
    const { sessionId, seqs } = await classWithChat({
      child: ["Hôm nay học chương mấy ạ?"],
      classmate: ["Chương 3 bạn ơi"],
    });
    const withIncident = (await chatOf(sessionId)).length;
    expect(withIncident).toBe(2);
    // Only VMD1001 keeps chat history (both consented); VMD1002's family never did.
    [parent, student] = await Promise.all([t.login("ph.demo"), t.login("hs.vmd1001")]);
    await consentBoth();
    t.clock.advance(DAY);
    let result = await runRetention(t.ctx);
    expect(result.purged.chatMessages).toBeGreaterThanOrEqual(1);
    expect((await chatOf(sessionId)).map((row) => row.seq)).toEqual([seqs.child[0]]);

    principal = await t.login("ht.vominhduc");
    const settings = await principal.patch(`/api/schools/${schoolId}/retention`, {
      chatDays: 1,
      attendanceDays: 30,
    });
    expect(settings.status).toBe(200);
    t.clock.advance(31 * DAY);
    result = await runRetention(t.ctx);
    expect(await chatOf(sessionId)).toEqual([]);
    // The message the open incident cites is still there, and so are the visits of its session.
    const cited = await t.ctx.db
      .selectFrom("class_session_events as e")
      .innerJoin("incidents as i", "i.class_session_id", "e.session_id")
      .select(["e.seq", "e.session_id"])
      .where("e.type", "=", "chat.message")
      .execute();
    expect(cited).toHaveLength(1);
    const visits = (id: string) =>
      t.ctx.db.selectFrom("live_visits").select("id").where("session_id", "=", id).execute();
    expect((await visits(cited[0]!.session_id)).length).toBeGreaterThan(0);
    expect(await visits(sessionId)).toEqual([]);
    expect(result.purged.attendance).toBeGreaterThan(0);
  });
  it("purges chat in short batches until none is left, never what an open incident cites", async () => {
    const { sessionId } = await classWithChat({
      child: ["Em nộp bài rồi ạ", "Em hỏi câu 2", "Em cảm ơn cô"],
      classmate: ["Mình cũng nộp rồi", "Câu 2 khó quá"],
    });
    const childUser = await t.userId("hs.vmd1001");
    // Chat in sessions with an incident: the one message the open incident cites.
    const cited = () =>
      t.ctx.db
        .selectFrom("class_session_events as e")
        .innerJoin("incidents as i", "i.class_session_id", "e.session_id")
        .select("e.seq")
        .where("e.type", "=", "chat.message")
        .execute();
    const citedBefore = await cited();
    expect(citedBefore).toHaveLength(1);
    // Batches of 2: the child's 3 messages take two statements, and all three go.
    const withoutConsent = await purgeChat(t.ctx.db, {
      schoolId,
      before: new Date(0),
      userIdsWithoutHistoryConsent: [childUser],
      dayStart: new Date(t.ctx.now().getTime() + 1000),
      batchSize: 2,
    });
    expect(withoutConsent).toBe(3);
    expect((await chatOf(sessionId)).map((row) => row.actor_id)).not.toContain(childUser);
    expect(await chatOf(sessionId)).toHaveLength(2);
    const byAge = await purgeChat(t.ctx.db, {
      schoolId,
      before: new Date(t.ctx.now().getTime() + 1000),
      batchSize: 1,
    });
    expect(byAge).toBe(2);
    expect(await chatOf(sessionId)).toEqual([]);
    expect(await cited()).toEqual(citedBefore);
  });
});

describe("when the daily retention run starts", () => {
  // 2026-12-04 in Vietnam (UTC+7): 00:30 is 17:30 UTC the day before.
  const at = (utc: string) => new Date(utc);

  it("starts at night, Vietnam time, whatever ran before", () => {
    expect(dailyRunDue(at("2026-12-03T17:30:00Z"), "2026-12-03")).toBe(true);
    expect(dailyRunDue(at("2026-12-03T21:59:00Z"), "2026-12-03")).toBe(true);
  });

  it("waits for the night during the school day when the job ran yesterday or today", () => {
    expect(dailyRunDue(at("2026-12-03T22:00:00Z"), "2026-12-04")).toBe(false);
    expect(dailyRunDue(at("2026-12-04T03:00:00Z"), "2026-12-03")).toBe(false);
    expect(dailyRunDue(at("2026-12-04T16:59:00Z"), "2026-12-04")).toBe(false);
  });

  it("runs at once when it has never run, or the server was off all of last night", () => {
    expect(dailyRunDue(at("2026-12-04T03:00:00Z"), null)).toBe(true);
    expect(dailyRunDue(at("2026-12-04T03:00:00Z"), "2026-12-02")).toBe(true);
  });
});
