import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../testing/harness.ts";
import { notify } from "./index.ts";

interface Received {
  to: string[];
  data: string;
}
let smtp: SMTPServer;
const received: Received[] = [];
let t: TestServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          data: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as { port: number }).port;
  t = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true` } });
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The text of a mail body (quoted-printable or base64), enough to compare Vietnamese text. */
function decodeMail(raw: string): string {
  const body = raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join("\n\n");
  if (/Content-Transfer-Encoding: base64/i.test(raw)) {
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  }
  const text = body.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const hex = text.slice(index + 1, index + 3);
    if (text[index] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(text[index]!));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

describe("notify()", () => {
  it("stores the notification, pushes it to the person's sockets and e-mails them in their language", async () => {
    const teacher = await t.login("gv.lan");
    const teacherId = await t.userId("gv.lan");
    const socket = teacher.socket();
    const pushed = new Promise<Record<string, string>>((resolve) =>
      socket.on("notification.created", (payload: Record<string, string>) => resolve(payload)),
    );
    await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
    await notify(t.ctx, {
      userIds: [teacherId],
      kind: "incident.assigned",
      titleKey: "incidents.notify.assignedTitle",
      bodyKey: "incidents.notify.assignedBody",
      params: {
        number: 42,
        title: "Quấy rối trong lớp",
        by: "Hiệu trưởng",
        categoryKey: "incidents.category.harassment",
        severityKey: "incidents.severity.high",
      },
      link: "/incidents/abc",
      email: true,
    });
    const payload = await pushed;
    socket.close();
    expect(payload.title).toBe("Bạn được giao xử lý sự cố #42");
    expect(payload.body).toContain("Quấy rối, bắt nạt");
    expect(payload.body).toContain("mức độ Cao");

    const mail = received.find((item) => item.to.some((to) => to.startsWith("gv.lan@")))!;
    expect(mail).toBeDefined();
    expect(mail.data).toMatch(/Subject: =\?UTF-8\?/i);
    expect(decodeMail(mail.data)).toContain("Quấy rối, bắt nạt");
    expect(decodeMail(mail.data)).toContain("http://localhost:3000/incidents/abc");
    const outbox = await t.ctx.db
      .selectFrom("mail_outbox")
      .selectAll()
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(outbox.sent_at).not.toBeNull();
    expect(outbox.subject).toBe("[SafeClass] Bạn được giao xử lý sự cố #42");

    // English readers get English.
    await t.ctx.db.updateTable("users").set({ locale: "en" }).where("id", "=", teacherId).execute();
    await notify(t.ctx, {
      userIds: [teacherId],
      kind: "incident.assigned",
      titleKey: "incidents.notify.assignedTitle",
      bodyKey: "incidents.notify.assignedBody",
      params: {
        number: 43,
        title: "x",
        by: "y",
        categoryKey: "incidents.category.other",
        severityKey: "incidents.severity.low",
      },
      email: true,
    });
    await t.ctx.db.updateTable("users").set({ locale: "vi" }).where("id", "=", teacherId).execute();
    const english = await t.ctx.db
      .selectFrom("mail_outbox")
      .select("subject")
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(english.subject).toBe("[SafeClass] You are handling incident #43");
  });
});

describe("/api/notifications", () => {
  it("lists one's own notifications, marks one or all read, and never another person's", async () => {
    const principal = await t.login("ht.vominhduc");
    const other = await t.login("ht.chuvanan");
    const principalId = await t.userId("ht.vominhduc");
    for (const number of [1, 2, 3]) {
      await notify(t.ctx, {
        userIds: [principalId],
        kind: "incident.opened",
        titleKey: "incidents.notify.openedTitle",
        bodyKey: "incidents.notify.openedBody",
        params: {
          number,
          title: `Sự cố ${number}`,
          school: "THPT",
          class: "10A1",
          categoryKey: "incidents.category.intrusion",
          severityKey: "incidents.severity.medium",
        },
        link: `/incidents/${number}`,
      });
    }
    const list = await principal.get("/api/notifications");
    expect(list.status).toBe(200);
    expect(list.body.unread).toBe(3);
    expect(list.body.items[0].title).toBe("Sự cố mới #3: Xâm nhập lớp học trái phép");
    const english = await principal.request("GET", "/api/notifications", undefined, {
      "accept-language": "en",
    });
    expect(english.body.items[0].title).toBe("New incident #3: Intrusion into the class");

    const first = list.body.items[2].id;
    expect((await other.post(`/api/notifications/${first}/read`)).status).toBe(404);
    expect((await principal.post(`/api/notifications/${first}/read`)).status).toBe(204);
    expect((await principal.get("/api/notifications?unread=true")).body.items.length).toBe(2);
    expect((await principal.post("/api/notifications/read-all")).body.marked).toBe(2);
    expect((await principal.get("/api/notifications")).body.unread).toBe(0);
    expect((await principal.get("/api/notifications?limit=1000")).status).toBe(400);
  });
});

describe("GET /api/admin/outbox", () => {
  it("shows each manager the mail of their own scope", async () => {
    const vmd = await t.orgId("THPT-VMD");
    const cva = await t.orgId("THCS-CVA");
    await t.ctx.mailer.send({ to: "a@vmd.test", subject: "Thư VMD", text: "x", orgUnitId: vmd });
    await t.ctx.mailer.send({ to: "b@cva.test", subject: "Thư CVA", text: "y", orgUnitId: cva });
    const subjects = async (username: string) =>
      (
        (await (await t.login(username)).get("/api/admin/outbox?pageSize=100")).body
          .items as Array<{ subject: string }>
      ).map((item) => item.subject);
    const vmdSees = await subjects("ht.vominhduc");
    expect(vmdSees).toContain("Thư VMD");
    expect(vmdSees).not.toContain("Thư CVA");
    expect(await subjects("so.admin")).toEqual(expect.arrayContaining(["Thư VMD", "Thư CVA"]));
    expect((await (await t.login("gv.lan")).get("/api/admin/outbox")).status).toBe(404);
  });
});
