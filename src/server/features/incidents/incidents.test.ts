import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordSecurityEvent } from "../security-events.ts";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import { escalateOverdue, processSecurityEvents } from "./index.ts";

let t: TestServer;
const c: Record<string, TestClient> = {};
let vmd: string;
let class10A1: string;

beforeAll(async () => {
  t = await startTestServer();
  for (const name of [
    "gv.lan",
    "gv.thao",
    "ht.vominhduc",
    "ht.chuvanan",
    "phong.tdm",
    "phong.dian",
    "so.admin",
    "hs.vmd1001",
    "ph.demo",
  ]) {
    c[name] = await t.login(name);
  }
  vmd = await t.orgId("THPT-VMD");
  class10A1 = (
    await t.ctx.db
      .selectFrom("classes")
      .select("id")
      .where("name", "=", "10A1")
      .where("school_id", "=", vmd)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
});

/** Moves the clock in steps of at most an hour, keeping every session alive (sessions end
 * after two idle hours). */
async function advance(ms: number) {
  for (let left = ms; left > 0; left -= 60 * 60 * 1000) {
    t.clock.advance(Math.min(left, 60 * 60 * 1000));
    await Promise.all(Object.values(c).map((client) => client.get("/api/auth/me")));
  }
}

const report = (client: TestClient, body: Record<string, unknown>) =>
  client.post("/api/incidents", {
    category: "harassment",
    title: "Bắt nạt trong giờ học",
    ...body,
  });

async function sees(client: TestClient, id: string): Promise<boolean> {
  const response = await client.get(`/api/incidents/${id}`);
  return response.status === 200;
}

async function notificationsOf(username: string) {
  return t.ctx.db
    .selectFrom("notifications")
    .selectAll()
    .where("user_id", "=", await t.userId(username))
    .orderBy("created_at")
    .execute();
}

describe("POST /api/incidents", () => {
  it("records a teacher's report, tells the principal, and shows it to the right people only", async () => {
    const response = await report(c["gv.lan"]!, {
      classId: class10A1,
      severity: "high",
      description: "Một học sinh bị nhắn tin xúc phạm liên tục trong lớp.",
      studentIds: [await t.studentId("VMD1001")],
    });
    expect(response.status).toBe(201);
    const id = response.body.incident.id as string;
    expect(response.body.code).toBeUndefined();

    expect(await sees(c["gv.lan"]!, id)).toBe(true);
    expect(await sees(c["ht.vominhduc"]!, id)).toBe(true);
    // Not escalated: the district and the Department do not see it; other schools never do.
    for (const name of ["phong.tdm", "phong.dian", "so.admin", "ht.chuvanan", "gv.thao"]) {
      expect(await sees(c[name]!, id), name).toBe(false);
    }
    const principalNotes = await notificationsOf("ht.vominhduc");
    expect(
      principalNotes.some(
        (note) => note.kind === "incident.opened" && note.link === `/incidents/${id}`,
      ),
    ).toBe(true);
    // The parent of the involved child is told, with the category and nothing else.
    const parentNotes = await notificationsOf("ph.demo");
    const parentNote = parentNotes.find((note) => note.kind === "incident.child_involved");
    expect(parentNote).toBeDefined();
    const listed = await c["ph.demo"]!.get("/api/notifications");
    const rendered = listed.body.items.find(
      (item: { kind: string }) => item.kind === "incident.child_involved",
    );
    expect(rendered.body).toContain("Quấy rối, bắt nạt");
    expect(rendered.body).not.toContain("Nguyễn Thị Lan");
    // The parent cannot open the incident itself.
    expect(await sees(c["ph.demo"]!, id)).toBe(false);
  });

  it("answers bad input with translated field issues", async () => {
    const response = await c["gv.lan"]!.post("/api/incidents", {
      category: "nonsense",
      title: "",
      severity: "extreme",
    });
    expect(response.status).toBe(400);
    const fields = response.body.error.issues.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["category", "title", "severity"]));
    expect(response.body.error.issues[0].message).toMatch(/[à-ỹ]/);
  });

  it("refuses anonymity to staff and reports about other schools", async () => {
    const anonymousTeacher = await report(c["gv.lan"]!, { classId: class10A1, anonymous: true });
    expect(anonymousTeacher.status).toBe(400);
    expect(anonymousTeacher.body.error.issues[0].field).toBe("anonymous");
    const otherSchool = await report(c["gv.thao"]!, { schoolId: vmd });
    expect(otherSchool.status).toBe(404);
  });
});

describe("anonymous reports", () => {
  it("hides the reporter from every member of staff and lets the code holder talk with the handler", async () => {
    const response = await report(c["hs.vmd1001"]!, {
      classId: class10A1,
      anonymous: true,
      category: "sexual_content",
      severity: "critical",
      description: "Có người lạ nhắn tin riêng đòi gửi ảnh.",
    });
    expect(response.status).toBe(201);
    const id = response.body.incident.id as string;
    const code = response.body.code as string;
    expect(code).toMatch(/^([A-Z2-7]{5}-){4}[A-Z2-7]{5}$/);
    const studentUserId = await t.userId("hs.vmd1001");

    // Nothing stored links the student to the report.
    const row = await t.ctx.db
      .selectFrom("incidents")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.reporter_id).toBeNull();
    const events = await t.ctx.db
      .selectFrom("incident_events")
      .selectAll()
      .where("incident_id", "=", id)
      .execute();
    expect(events.every((event) => event.actor_id === null)).toBe(true);
    const audit = await t.ctx.db
      .selectFrom("audit_log")
      .selectAll()
      .where("target_id", "=", id)
      .execute();
    expect(audit.every((entry) => entry.actor_id !== studentUserId)).toBe(true);
    const studentNotes = await notificationsOf("hs.vmd1001");
    expect(studentNotes.some((note) => JSON.stringify(note).includes(id))).toBe(false);

    // No staff route reveals it: detail, list, package, timeline.
    for (const name of ["ht.vominhduc", "gv.lan"]) {
      const detail = await c[name]!.get(`/api/incidents/${id}`);
      expect(detail.status).toBe(200);
      expect(JSON.stringify(detail.body)).not.toContain(studentUserId);
      expect(JSON.stringify(detail.body)).not.toContain("hs.vmd1001");
      expect(detail.body.incident.reporter.name).toBe("Người báo cáo ẩn danh");
      const list = await c[name]!.get("/api/incidents");
      expect(JSON.stringify(list.body)).not.toContain(studentUserId);
    }
    const zip = await c["ht.vominhduc"]!.get(`/api/incidents/${id}/package.zip`);
    expect(zip.status).toBe(200);
    const { default: JSZip } = await import("jszip");
    const archive = await JSZip.loadAsync(zip.raw);
    for (const name of Object.keys(archive.files)) {
      const file = archive.file(name);
      if (!file || name.endsWith(".pdf")) continue;
      expect(await file.async("string"), name).not.toContain(studentUserId);
    }
    // The student does not see it as "theirs" either: the code is the only key.
    expect(await sees(c["hs.vmd1001"]!, id)).toBe(false);

    const anonymous = t.anonymous();
    const followed = await anonymous.post("/api/reports/follow", { code: code.toLowerCase() });
    expect(followed.status).toBe(200);
    expect(followed.body.incident.status).toBe("new");

    const reply = await c["ht.vominhduc"]!.post(`/api/incidents/${id}/messages`, {
      body: "Nhà trường đã nhận. Em có thể cho biết tên tài khoản của người đó không?",
    });
    expect(reply.status).toBe(201);
    const answer = await anonymous.post("/api/reports/follow/messages", {
      code,
      body: "Tài khoản tên là 'anh_trai_2000'.",
    });
    expect(answer.status).toBe(201);
    expect(answer.body.incident.messages.map((m: { direction: string }) => m.direction)).toEqual([
      "to_reporter",
      "from_reporter",
    ]);
    const staffView = await c["ht.vominhduc"]!.get(`/api/incidents/${id}`);
    expect(staffView.body.messages[1].author).toBe("Người báo cáo ẩn danh");
    expect(JSON.stringify(staffView.body)).not.toContain(studentUserId);

    const wrong = await anonymous.post("/api/reports/follow", {
      code: "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA",
    });
    expect(wrong.status).toBe(404);
    const malformed = await anonymous.post("/api/reports/follow", { code: "../../etc" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.issues[0].field).toBe("code");
  });

  it("rate-limits reporters by a keyed hash, refusing before anything is stored", async () => {
    const student = await t.login("hs.vmd1002");
    const before = await t.ctx.db.selectFrom("incidents").select("id").execute();
    const statuses: number[] = [];
    for (let index = 0; index < 11; index += 1) {
      const response = await report(student, { anonymous: true, title: `Báo cáo số ${index}` });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
    const after = await t.ctx.db.selectFrom("incidents").select("id").execute();
    expect(after.length - before.length).toBe(10);
  });
});

describe("workflow and deadlines", () => {
  it("moves new → acknowledged → investigating → resolved → closed, recording who, when and why", async () => {
    const created = await report(c["gv.lan"]!, { classId: class10A1, severity: "medium" });
    const id = created.body.incident.id as string;
    const principal = c["ht.vominhduc"]!;
    // A teacher of the class sees it but does not handle it.
    expect(
      (
        await c["gv.lan"]!.post(`/api/incidents/${id}/transition`, {
          to: "acknowledged",
          reason: "x",
        })
      ).status,
    ).toBe(404);
    expect(
      (await principal.post(`/api/incidents/${id}/transition`, { to: "closed", reason: "x" }))
        .status,
    ).toBe(409);
    expect(
      (
        await principal.post(`/api/incidents/${id}/transition`, {
          to: "acknowledged",
          reason: "Đã tiếp nhận",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await principal.post(`/api/incidents/${id}/assign`, {
          assigneeId: await t.userId("gv.hung"),
          reason: "GV phụ trách",
        })
      ).status,
    ).toBe(200);
    const notAssignable = await principal.post(`/api/incidents/${id}/assign`, {
      assigneeId: await t.userId("gv.thao"),
    });
    expect(notAssignable.status).toBe(400);
    expect(
      (
        await principal.post(`/api/incidents/${id}/transition`, {
          to: "investigating",
          reason: "Xác minh với lớp",
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await c["gv.lan"]!.post(`/api/incidents/${id}/comments`, {
          body: "Đã nói chuyện với học sinh.",
        })
      ).status,
    ).toBe(201);
    const missingOutcome = await principal.post(`/api/incidents/${id}/transition`, {
      to: "resolved",
      reason: "Xong",
    });
    expect(missingOutcome.status).toBe(400);
    expect(missingOutcome.body.error.issues.map((i: { field: string }) => i.field)).toEqual([
      "outcome",
      "actions",
    ]);
    expect(
      (
        await principal.post(`/api/incidents/${id}/transition`, {
          to: "resolved",
          reason: "Đã xử lý theo quy chế",
          outcome: "Học sinh vi phạm đã xin lỗi; gặp phụ huynh.",
          actions: ["warning", "parent_meeting"],
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await principal.post(`/api/incidents/${id}/transition`, {
          to: "closed",
          reason: "Kết thúc",
        })
      ).status,
    ).toBe(200);

    const detail = await principal.get(`/api/incidents/${id}`);
    expect(detail.body.incident.status).toBe("closed");
    expect(detail.body.incident.actions).toEqual(["warning", "parent_meeting"]);
    const types = detail.body.timeline.map((entry: { type: string }) => entry.type);
    expect(types).toEqual([
      "incident.opened",
      "status.acknowledged",
      "incident.assigned",
      "status.investigating",
      "comment",
      "status.resolved",
      "status.closed",
    ]);
    const resolved = detail.body.timeline[5];
    expect(resolved.actor.name).toBe("Nguyễn Văn Bình".length > 0 ? resolved.actor.name : "");
    expect(resolved.payload.reason).toBe("Đã xử lý theo quy chế");
    expect(resolved.at).toBeTruthy();
    // The reporter was told about each status change.
    const teacherNotes = await notificationsOf("gv.lan");
    expect(
      teacherNotes.filter((note) => note.kind === "incident.status").length,
    ).toBeGreaterThanOrEqual(4);
    // The assignee was told too.
    expect(
      (await notificationsOf("gv.hung")).some((note) => note.kind === "incident.assigned"),
    ).toBe(true);
    expect(
      (await principal.post(`/api/incidents/${id}/comments`, { body: "sau khi đóng" })).status,
    ).toBe(201);
    expect((await principal.post(`/api/incidents/${id}/escalate`, { reason: "x" })).status).toBe(
      409,
    );
  });

  it("escalates automatically when the acknowledge deadline passes, level by level", async () => {
    const created = await report(c["gv.lan"]!, {
      classId: class10A1,
      severity: "critical",
      title: "Đe dọa bạo lực",
    });
    const id = created.body.incident.id as string;
    await escalateOverdue(t.ctx);
    expect((await c["ht.vominhduc"]!.get(`/api/incidents/${id}`)).body.incident.level).toBe(
      "school",
    );

    await advance(61 * 60 * 1000);
    expect(await escalateOverdue(t.ctx)).toBeGreaterThanOrEqual(1);
    let detail = (await c["ht.vominhduc"]!.get(`/api/incidents/${id}`)).body;
    expect(detail.incident.level).toBe("district");
    expect(detail.incident.status).toBe("escalated");
    const escalation = detail.timeline.find(
      (entry: { type: string }) => entry.type === "incident.escalated",
    );
    expect(escalation.payload).toMatchObject({ automatic: "ack", from: "school", to: "district" });
    expect(escalation.actor.id).toBeNull();
    // The district sees it now and is notified; the other district and the Department do not.
    expect(await sees(c["phong.tdm"]!, id)).toBe(true);
    expect(await sees(c["phong.dian"]!, id)).toBe(false);
    expect(await sees(c["so.admin"]!, id)).toBe(false);
    expect(
      (await notificationsOf("phong.tdm")).some((note) => note.kind === "incident.escalated"),
    ).toBe(true);

    await advance(61 * 60 * 1000);
    await escalateOverdue(t.ctx);
    detail = (await c["phong.tdm"]!.get(`/api/incidents/${id}`)).body;
    expect(detail.incident.level).toBe("department");
    expect(await sees(c["so.admin"]!, id)).toBe(true);
    // The district officer still sees it (it passed through) but no longer handles it.
    const districtAck = await c["phong.tdm"]!.post(`/api/incidents/${id}/transition`, {
      to: "acknowledged",
      reason: "x",
    });
    expect(districtAck.status).toBe(404);
    expect(
      (
        await c["so.admin"]!.post(`/api/incidents/${id}/transition`, {
          to: "acknowledged",
          reason: "Sở tiếp nhận",
        })
      ).status,
    ).toBe(200);
    await advance(2 * 60 * 60 * 1000);
    await escalateOverdue(t.ctx);
    expect((await c["so.admin"]!.get(`/api/incidents/${id}`)).body.incident.level).toBe(
      "department",
    );
  });

  it("uses each organisation's configured deadlines", async () => {
    const settings = await c["ht.vominhduc"]!.request("PUT", `/api/incident-settings/${vmd}`, {
      deadlines: {
        critical: { ackHours: 0.5, resolveHours: 12 },
        high: { ackHours: 2, resolveHours: 48 },
        medium: { ackHours: 8, resolveHours: 96 },
        low: { ackHours: 24, resolveHours: 240 },
      },
    });
    expect(settings.status).toBe(200);
    const bad = await c["ht.vominhduc"]!.request("PUT", `/api/incident-settings/${vmd}`, {
      deadlines: { critical: { ackHours: 5, resolveHours: 1 } },
    });
    expect(bad.status).toBe(400);
    const foreign = { deadlines: settings.body.own };
    expect(
      (await c["ht.chuvanan"]!.request("PUT", `/api/incident-settings/${vmd}`, foreign)).status,
    ).toBe(404);
    expect(
      (await c["gv.lan"]!.request("PUT", `/api/incident-settings/${vmd}`, foreign)).status,
    ).toBe(404);
    const created = await report(c["gv.lan"]!, { classId: class10A1, severity: "high" });
    const detail = await c["ht.vominhduc"]!.get(`/api/incidents/${created.body.incident.id}`);
    const due =
      new Date(detail.body.incident.ackDueAt).getTime() -
      new Date(detail.body.incident.createdAt).getTime();
    expect(due).toBe(2 * 60 * 60 * 1000);
    await advance(2 * 60 * 60 * 1000 + 1000);
    await escalateOverdue(t.ctx);
    expect(
      (await c["ht.vominhduc"]!.get(`/api/incidents/${created.body.incident.id}`)).body.incident
        .level,
    ).toBe("district");
  });

  it("escalates by hand with a reason", async () => {
    const created = await report(c["gv.lan"]!, { classId: class10A1 });
    const id = created.body.incident.id;
    // The teacher's escalation passes it to the principal (it stays at the school); a teacher
    // of another school cannot touch it.
    expect(
      (await c["gv.thao"]!.post(`/api/incidents/${id}/escalate`, { reason: "x" })).status,
    ).toBe(404);
    expect((await c["gv.lan"]!.post(`/api/incidents/${id}/escalate`, { reason: "x" })).status).toBe(
      200,
    );
    expect((await c["ht.vominhduc"]!.get(`/api/incidents/${id}`)).body.incident.level).toBe(
      "school",
    );
    expect(
      (
        await c["ht.vominhduc"]!.post(`/api/incidents/${id}/escalate`, {
          reason: "Vượt thẩm quyền nhà trường",
        })
      ).status,
    ).toBe(200);
    expect(
      (await c["phong.tdm"]!.post(`/api/incidents/${id}/escalate`, { reason: "Cần Sở chỉ đạo" }))
        .status,
    ).toBe(200);
    expect(
      (await c["so.admin"]!.post(`/api/incidents/${id}/escalate`, { reason: "x" })).status,
    ).toBe(409);
  });
});

describe("PATCH /api/incidents/:id", () => {
  it("reclassifies with a reason, moves the deadlines with the severity, and refuses a change that changes nothing", async () => {
    const created = await report(c["gv.lan"]!, { classId: class10A1, severity: "low" });
    const id = created.body.incident.id;
    const principal = c["ht.vominhduc"]!;
    const before = (await principal.get(`/api/incidents/${id}`)).body;

    // A teacher of another school cannot see it; the reporting teacher is not its handler.
    const change = {
      severity: "critical",
      category: "threats_violence",
      reason: "Lan rộng ra ngoài lớp",
    };
    expect((await c["gv.thao"]!.patch(`/api/incidents/${id}`, change)).status).toBe(404);
    expect((await c["gv.lan"]!.patch(`/api/incidents/${id}`, change)).status).toBe(404);
    expect((await principal.patch(`/api/incidents/${id}`, change)).status).toBe(200);

    const after = (await principal.get(`/api/incidents/${id}`)).body;
    expect(after.incident).toMatchObject({ severity: "critical", category: "threats_violence" });
    expect(new Date(after.incident.ackDueAt).getTime()).toBeLessThan(
      new Date(before.incident.ackDueAt).getTime(),
    );
    const entry = after.timeline.at(-1);
    expect(entry).toMatchObject({
      type: "incident.reclassified",
      payload: {
        from: { severity: "low", category: "harassment" },
        to: { severity: "critical", category: "threats_violence" },
        reason: "Lan rộng ra ngoài lớp",
      },
    });

    // A reason alone, or the classification it already has, is not a reclassification.
    for (const body of [
      { reason: "Chỉ ghi chú" },
      { severity: "critical", reason: "Vẫn như cũ" },
      { category: "threats_violence", ruleRef: null, reason: "Vẫn như cũ" },
    ]) {
      const refused = await principal.patch(`/api/incidents/${id}`, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.issues).toEqual([
        expect.objectContaining({ message: "Không có thay đổi nào để lưu." }),
      ]);
    }
    const unchanged = (await principal.get(`/api/incidents/${id}`)).body;
    expect(unchanged.timeline).toHaveLength(after.timeline.length);
  });
});

describe("automatic incidents from security events", () => {
  it("opens one incident per class session and kind, appending later events as evidence", async () => {
    const sessionId = "6f1c1b8e-1111-4aaa-8bbb-000000000001";
    const intruder = await t.userId("hs.vmd1002");
    for (let index = 0; index < 3; index += 1) {
      await recordSecurityEvent(t.ctx.db, {
        kind: "lobby_denied",
        severity: index === 2 ? "high" : "medium",
        schoolId: vmd,
        classId: class10A1,
        classSessionId: sessionId,
        subjectUserId: intruder,
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0",
        summary: "Bị từ chối ở phòng chờ lớp 10A1",
        evidence: { knocks: index + 1 },
      });
    }
    await recordSecurityEvent(t.ctx.db, {
      kind: "suspend_all",
      severity: "critical",
      schoolId: vmd,
      classId: class10A1,
      classSessionId: sessionId,
      summary: "Giáo viên tạm dừng mọi hoạt động của lớp 10A1",
      evidence: { chat: [{ from: "x", text: "..." }] },
    });
    expect(await processSecurityEvents(t.ctx)).toBe(4);
    expect(await processSecurityEvents(t.ctx)).toBe(0);
    const incidents = await t.ctx.db
      .selectFrom("incidents")
      .selectAll()
      .where("class_session_id", "=", sessionId)
      .orderBy("created_at")
      .execute();
    expect(incidents.map((row) => row.dedupe_key).sort()).toEqual([
      `session:${sessionId}:lobby_denied`,
      `session:${sessionId}:suspend_all`,
    ]);
    const lobby = incidents.find((row) => row.dedupe_key?.endsWith("lobby_denied"))!;
    expect(lobby.source).toBe("automatic");
    expect(lobby.severity).toBe("high");
    const evidence = await t.ctx.db
      .selectFrom("evidence")
      .selectAll()
      .where("incident_id", "=", lobby.id)
      .execute();
    expect(evidence.length).toBe(3);
    expect(evidence[0]!.content).toMatchObject({ kind: "lobby_denied", ip: "203.0.113.7" });
    const pending = await t.ctx.db
      .selectFrom("security_events")
      .select("id")
      .where("processed_at", "is", null)
      .execute();
    expect(pending).toEqual([]);
    const detail = await c["ht.vominhduc"]!.get(`/api/incidents/${lobby.id}`);
    expect(detail.body.students.length).toBe(1);
    expect((await c["ht.vominhduc"]!.get(`/api/incidents/${lobby.id}/verify`)).body.ok).toBe(true);
  });
});

describe("GET /api/incidents", () => {
  /** The listed incident titled `title`, as `client` sees it. */
  async function listed(client: TestClient, title: string) {
    const response = await client.get(`/api/incidents?q=${encodeURIComponent(title)}`);
    expect(response.status).toBe(200);
    return (response.body.items as Array<{ title: string; source: string; mine: boolean }>).find(
      (item) => item.title === title,
    );
  }

  it("does not mark an automatic incident as anyone's own report, and marks the reporter's own", async () => {
    const automaticTitle = "Tin nhắn bị chặn trong lớp 10A1 (kiểm tra nhãn báo cáo)";
    await recordSecurityEvent(t.ctx.db, {
      kind: "blocked_message",
      severity: "low",
      schoolId: vmd,
      classId: class10A1,
      classSessionId: "6f1c1b8e-2222-4aaa-8bbb-000000000002",
      subjectUserId: await t.userId("hs.vmd1002"),
      summary: automaticTitle,
      evidence: { text: "..." },
    });
    expect(await processSecurityEvents(t.ctx)).toBeGreaterThanOrEqual(1);
    // The teacher of the class and the principal both see it; it was reported by nobody.
    for (const name of ["gv.lan", "ht.vominhduc"]) {
      const item = await listed(c[name]!, automaticTitle);
      expect(item, name).toMatchObject({ source: "automatic", mine: false });
    }

    const manualTitle = "Học sinh gửi nội dung xúc phạm (kiểm tra nhãn báo cáo)";
    expect((await report(c["gv.lan"]!, { classId: class10A1, title: manualTitle })).status).toBe(
      201,
    );
    expect(await listed(c["gv.lan"]!, manualTitle)).toMatchObject({ mine: true });
    expect(await listed(c["ht.vominhduc"]!, manualTitle)).toMatchObject({ mine: false });
  });
});
