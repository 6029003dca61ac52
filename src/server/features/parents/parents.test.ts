import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINK_CODE_ALPHABET } from "../../../shared/family.ts";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";
import { CODE_FAILURES_PER_IP } from "./parents.actions.ts";

let t: TestServer;
let principal: TestClient;
let homeroom: TestClient;
let class10A1: string;

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
  principal = await as("ht.vominhduc");
  homeroom = await as("gv.lan");
  class10A1 = await t.classId("10A1");
});
afterAll(async () => {
  await t.close();
});

async function codesFor(studentCodes: string[], client = principal) {
  const studentIds = await Promise.all(studentCodes.map((code) => t.studentId(code)));
  const response = await client.post(`/api/classes/${class10A1}/link-codes`, { studentIds });
  expect(response.status).toBe(201);
  return response.body.codes as Array<{ studentId: string; code: string; fullName: string }>;
}

async function register(code: string, username: string) {
  return t.anonymous().post("/api/parents/register", {
    code,
    displayName: "Nguyễn Thị Hoa",
    username,
    password: "MatKhau2026!",
  });
}

describe("POST /api/classes/:id/link-codes", () => {
  it("gives every student of the class a 65-bit, human-typable one-time code", async () => {
    const response = await principal.post(`/api/classes/${class10A1}/link-codes`, {});
    expect(response.status).toBe(201);
    const codes = response.body.codes as Array<{ code: string; expiresAt: string }>;
    expect(codes).toHaveLength(25);
    for (const { code } of codes) {
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{5}$/);
      expect([...code.replace(/-/g, "")].every((char) => LINK_CODE_ALPHABET.includes(char))).toBe(
        true,
      );
    }
    expect(new Set(codes.map((item) => item.code)).size).toBe(25);
    const days = (Date.parse(codes[0]!.expiresAt) - t.ctx.now().getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    const stored = await t.ctx.db.selectFrom("parent_link_codes").select("code_hash").execute();
    expect(stored.some((row) => codes.some((item) => row.code_hash.includes(item.code)))).toBe(
      false,
    );
  });

  it("lets the homeroom teacher issue codes, not another teacher of the class", async () => {
    expect((await homeroom.post(`/api/classes/${class10A1}/link-codes`, {})).status).toBe(201);
    const other = await as("gv.hung");
    expect((await other.post(`/api/classes/${class10A1}/link-codes`, {})).status).toBe(404);
  });

  it("prints a PDF sheet and an .xlsx list whose codes work", async () => {
    const pdf = await principal.request("POST", `/api/classes/${class10A1}/link-codes`, {
      format: "pdf",
      studentIds: [await t.studentId("VMD1003")],
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.raw.subarray(0, 5).toString()).toBe("%PDF-");
    const xlsx = await principal.request("POST", `/api/classes/${class10A1}/link-codes`, {
      format: "xlsx",
      studentIds: [await t.studentId("VMD1004")],
    });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.raw as unknown as ArrayBuffer);
    const row = workbook.worksheets[0]!.getRow(2);
    expect(row.getCell(2).text).toBe("VMD1004");
    const registered = await register(row.getCell(4).text, "ph.xlsx.code");
    expect(registered.status).toBe(201);
  });

  it("e-mails codes to the parent addresses of the roster", async () => {
    const studentId = await t.studentId("VMD1005");
    await t.ctx.db
      .updateTable("students")
      .set({ parent_email: "me.cua.hs1005@example.vn" })
      .where("id", "=", studentId)
      .execute();
    const response = await principal.post(`/api/classes/${class10A1}/link-codes`, {
      format: "email",
    });
    expect(response.status).toBe(201);
    expect(response.body.emailed).toBe(1);
    const mail = await t.ctx.db
      .selectFrom("mail_outbox")
      .selectAll()
      .where("to_address", "=", "me.cua.hs1005@example.vn")
      .executeTakeFirstOrThrow();
    const code = /\n {4}([A-Z0-9-]{15})\n/.exec(mail.text_body)?.[1];
    expect(code).toBeDefined();
    expect((await register(code!, "ph.email.code")).status).toBe(201);
  });

  it("answers an unknown format naming the field", async () => {
    const response = await principal.post(`/api/classes/${class10A1}/link-codes`, {
      format: "docx",
    });
    expect(response.status).toBe(400);
    expect(response.body.error.issues[0].field).toBe("format");
  });
});

describe("POST /api/parents/register", () => {
  it("creates the parent account, links the child and signs the parent in", async () => {
    const [issued] = await codesFor(["VMD1006"]);
    const response = await register(issued!.code.toLowerCase().replace(/-/g, " "), "ph.hoa");
    expect(response.status).toBe(201);
    expect(response.body.user.roles.map((role: { role: string }) => role.role)).toEqual(["parent"]);
    expect(String(response.headers["set-cookie"])).toContain("sc_session=");
    const parent = await t.login("ph.hoa", "MatKhau2026!");
    const children = await parent.get("/api/parents/children");
    expect(children.body.children).toHaveLength(1);
    expect(children.body.children[0].fullName).toBe(issued!.fullName);
    expect(children.body.children[0].homeroomTeacher.displayName).toBe("Nguyễn Thị Lan");
    expect(children.body.children[0].consent.missing).toContain("parent");
  });

  it("refuses a reused, an expired, a revoked and an unknown code with the same message", async () => {
    const [used] = await codesFor(["VMD1007"]);
    expect((await register(used!.code, "ph.first")).status).toBe(201);
    const reused = await register(used!.code, "ph.second");
    const [revoked] = await codesFor(["VMD1008"]);
    await codesFor(["VMD1008"]); // a new sheet: the earlier code stops working
    const revokedAnswer = await register(revoked!.code, "ph.third");
    const [expiring] = await codesFor(["VMD1009"]);
    t.clock.advance(31 * 86_400_000);
    signedIn.clear();
    const expired = await register(expiring!.code, "ph.fourth");
    const unknown = await register("ABCD-EFGH-JKLMN", "ph.fifth");
    // Sessions older than the moved clock have expired: sign the staff in again.
    principal = await as("ht.vominhduc");
    homeroom = await as("gv.lan");
    for (const answer of [reused, revokedAnswer, expired, unknown]) {
      expect(answer.status).toBe(400);
      expect(answer.body.error.issues).toEqual([
        expect.objectContaining({ field: "code", messageKey: "parents.codeInvalid" }),
      ]);
      expect(answer.body.error.issues[0].message).toContain("đã hết hạn hoặc đã được sử dụng");
    }
    const nobody = await t.ctx.db
      .selectFrom("users")
      .select("id")
      .where("username", "in", ["ph.second", "ph.third", "ph.fourth", "ph.fifth"])
      .execute();
    expect(nobody).toEqual([]);
  });

  it("explains malformed input per field, in Vietnamese", async () => {
    const response = await t.anonymous().post("/api/parents/register", {
      code: "12",
      displayName: "A",
      password: "short",
    });
    expect(response.status).toBe(400);
    const fields = response.body.error.issues.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["code", "displayName", "password", "username"]));
    const code = response.body.error.issues.find((i: { field: string }) => i.field === "code");
    expect(code.message).toContain("13 ký tự");
  });

  it("refuses a username that is taken without using up the code", async () => {
    const [issued] = await codesFor(["VMD1010"]);
    const taken = await register(issued!.code, "gv.lan");
    expect(taken.status).toBe(409);
    expect(taken.body.error.issues[0].field).toBe("username");
    expect((await register(issued!.code, "ph.retry")).status).toBe(201);
  });
});

describe("POST /api/parents/link", () => {
  it("adds a second child to a signed-in parent, and a second parent to a child", async () => {
    const [issued] = await codesFor(["VMD1002"]);
    const parent = await as("ph.demo");
    const linked = await parent.post("/api/parents/link", { code: issued!.code });
    expect(linked.status).toBe(201);
    const children = await parent.get("/api/parents/children");
    expect(
      children.body.children.map((c: { studentCode: string }) => c.studentCode).sort(),
    ).toEqual(["VMD1001", "VMD1002"]);
    const [again] = await codesFor(["VMD1002"]);
    expect((await register(again!.code, "ph.bo.vmd1002")).status).toBe(201);
    const links = await t.ctx.db
      .selectFrom("parent_links")
      .select("parent_id")
      .where("student_id", "=", await t.studentId("VMD1002"))
      .execute();
    expect(links.length).toBeGreaterThanOrEqual(2);
  });

  it("does not let staff link children to their accounts", async () => {
    const [issued] = await codesFor(["VMD1011"]);
    expect((await homeroom.post("/api/parents/link", { code: issued!.code })).status).toBe(404);
  });
});

describe("a parent and other children", () => {
  it("refuses another child's overview, consent, messages and export", async () => {
    const parent = await as("ph.demo");
    const other = await t.studentId("VMD1012");
    for (const url of [
      `/api/students/${other}/overview`,
      `/api/students/${other}/consent`,
      `/api/students/${other}/messages`,
      `/api/students/${other}/data-export.json`,
    ]) {
      const response = await parent.get(url);
      expect(response.status, url).toBe(404);
    }
    const post = await parent.post(`/api/students/${other}/messages`, { body: "Chào cô" });
    expect(post.status).toBe(404);
  });
});

describe("GET /api/students/:id/overview", () => {
  it("shows the child's attendance, school notices and consent, and logs the view", async () => {
    const schoolId = await t.orgId("THPT-VMD");
    const notice = await principal.post(`/api/schools/${schoolId}/notices`, {
      title: "Lịch nghỉ lễ 30/4",
      body: "Học sinh nghỉ học trực tuyến từ 30/4 đến 1/5.",
    });
    expect(notice.status).toBe(201);
    const classNotice = await homeroom.post(`/api/schools/${schoolId}/notices`, {
      title: "Họp phụ huynh lớp 10A1",
      body: "Họp trực tuyến tối thứ Sáu.",
      classId: class10A1,
    });
    expect(classNotice.status).toBe(201);
    const otherClass = await t.classId("10A2");
    expect(
      (
        await homeroom.post(`/api/schools/${schoolId}/notices`, {
          title: "Không phải lớp của tôi",
          body: "x",
          classId: otherClass,
        })
      ).status,
    ).toBe(201); // gv.lan teaches 10A2 too (subject teacher)
    const parent = await as("ph.demo");
    const studentId = await t.studentId("VMD1001");
    const response = await parent.get(`/api/students/${studentId}/overview`);
    expect(response.status).toBe(200);
    expect(response.body.student.className).toBe("10A1");
    expect(Array.isArray(response.body.attendance)).toBe(true);
    expect(response.body.attendanceSummary).toEqual({ present: 0, late: 0, absent: 0 });
    const titles = response.body.notices.map((n: { title: string }) => n.title);
    expect(titles).toEqual(expect.arrayContaining(["Lịch nghỉ lễ 30/4", "Họp phụ huynh lớp 10A1"]));
    expect(titles).not.toContain("Không phải lớp của tôi");
    const log = await t.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "student")
      .where("target_id", "=", studentId)
      .where("action", "=", "student.overview_viewed")
      .execute();
    expect(log.length).toBeGreaterThan(0);
  });

  it("lets a teacher publish only to classes they teach, and only principals school-wide", async () => {
    const schoolId = await t.orgId("THPT-VMD");
    const schoolWide = await homeroom.post(`/api/schools/${schoolId}/notices`, {
      title: "Thông báo toàn trường",
      body: "x",
    });
    expect(schoolWide.status).toBe(404);
    const cva = await as("gv.thao");
    const foreign = await cva.post(`/api/schools/${schoolId}/notices`, {
      title: "Thông báo lạ",
      body: "x",
      classId: class10A1,
    });
    expect(foreign.status).toBe(404);
  });
});

describe("family messages with the homeroom teacher", () => {
  it("delivers both ways in real time and marks the teacher as verified by the roster", async () => {
    const parent = await as("ph.demo");
    const studentId = await t.studentId("VMD1001");
    const socket = parent.socket();
    await new Promise<void>((resolve, reject) => {
      socket.on("connect", () => resolve());
      socket.on("connect_error", reject);
    });
    const received = new Promise<{ body: string; verifiedTeacher: boolean }>((resolve) =>
      socket.on("family.message", (message) => {
        if (message.senderRole === "teacher") resolve(message);
      }),
    );
    const sent = await parent.post(`/api/students/${studentId}/messages`, {
      body: "Chào cô, hôm nay cháu bị sốt nên xin nghỉ học ạ.",
    });
    expect(sent.status).toBe(201);
    expect(sent.body.message.teacherId).toBe(await t.userId("gv.lan"));
    expect(sent.body.message.verifiedTeacher).toBe(false);

    const threads = await homeroom.get("/api/family-messages/threads");
    expect(threads.body.asTeacher[0]).toMatchObject({ studentId, unread: 1 });
    const reply = await homeroom.post(`/api/students/${studentId}/messages`, {
      body: "Cô đã nhận được, chúc cháu mau khỏe.",
    });
    expect(reply.status).toBe(201);
    const event = await received;
    expect(event.verifiedTeacher).toBe(true);
    socket.close();

    const thread = await parent.get(`/api/students/${studentId}/messages`);
    expect(thread.body.teacher).toMatchObject({ displayName: "Nguyễn Thị Lan", verified: true });
    expect(thread.body.messages.map((m: { senderRole: string }) => m.senderRole)).toEqual([
      "parent",
      "teacher",
    ]);
    const read = await parent.post(`/api/students/${studentId}/messages/read`, {});
    expect(read.body.read).toBe(1);
    const notes = await t.ctx.db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", await t.userId("ph.demo"))
      .where("kind", "=", "family.message")
      .execute();
    expect(notes.length).toBeGreaterThan(0);
  });

  it("refuses a thread with a teacher who does not teach the child", async () => {
    const parent = await as("ph.demo");
    const studentId = await t.studentId("VMD1001");
    const response = await parent.post(`/api/students/${studentId}/messages`, {
      body: "Xin chào",
      teacherId: await t.userId("gv.thao"),
    });
    expect(response.status).toBe(404);
  });

  it("limits the message rate", async () => {
    const parent = await as("ph.demo");
    const studentId = await t.studentId("VMD1001");
    let last = 0;
    for (let index = 0; index < 21; index += 1) {
      last = (await parent.post(`/api/students/${studentId}/messages`, { body: `Tin ${index}` }))
        .status;
    }
    expect(last).toBe(429);
  });
});

describe("guessing link codes", () => {
  it("is rate-limited per IP address, and per account", async () => {
    const parent = await as("ph.demo");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      statuses.push((await parent.post("/api/parents/link", { code: "ZZZZ-ZZZZ-ZZZZZ" })).status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    for (let attempt = 0; attempt < CODE_FAILURES_PER_IP; attempt += 1) {
      await register("ZZZZ-ZZZZ-ZZZZY", `ph.guess${attempt}`);
    }
    const blocked = await register("ZZZZ-ZZZZ-ZZZZX", "ph.guess.last");
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.retryAfterSeconds).toBeGreaterThan(0);
  });
});
