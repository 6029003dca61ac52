import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../testing/harness.ts";
import { LOCK_MINUTES, MAX_FAILED_LOGINS } from "./accounts.actions.ts";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe("POST /api/auth/login", () => {
  it("signs in with username or e-mail and sets httpOnly session and CSRF cookies", async () => {
    const response = await t.server.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { login: "SO.ADMIN@sgddt.binhduong.edu.vn", password: "SafeClass2026" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().user.username).toBe("so.admin");
    const cookies = response.cookies as Array<{
      name: string;
      httpOnly?: boolean;
      sameSite?: string;
    }>;
    expect(cookies.find((c) => c.name === "sc_session")?.httpOnly).toBe(true);
    expect(cookies.find((c) => c.name === "sc_csrf")?.httpOnly).toBeFalsy();
  });

  it("answers a wrong password and an unknown account the same, translated", async () => {
    const wrong = await t
      .anonymous()
      .post("/api/auth/login", { login: "gv.hung", password: "nope-123456" });
    const unknown = await t
      .anonymous()
      .post("/api/auth/login", { login: "nobody.here", password: "nope-123456" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.body.error.message).toContain("không đúng");
    const english = await t
      .anonymous()
      .request(
        "POST",
        "/api/auth/login",
        { login: "gv.hung", password: "x" },
        { "accept-language": "en-US,en" },
      );
    expect(english.body.error.message).toBe("Wrong username or password.");
  });

  it("locks the account after repeated failures and tells when to retry", async () => {
    for (let attempt = 1; attempt < MAX_FAILED_LOGINS; attempt += 1) {
      const response = await t
        .anonymous()
        .post("/api/auth/login", { login: "gv.khoa", password: "bad-password1" });
      expect(response.status).toBe(401);
    }
    const locked = await t
      .anonymous()
      .post("/api/auth/login", { login: "gv.khoa", password: "bad-password1" });
    expect(locked.status).toBe(423);
    expect(locked.body.error.retryAfterSeconds).toBe(LOCK_MINUTES * 60);
    // Even the right password is refused while locked.
    const right = await t
      .anonymous()
      .post("/api/auth/login", { login: "gv.khoa", password: "SafeClass2026" });
    expect(right.status).toBe(423);
    t.clock.advance((LOCK_MINUTES + 1) * 60_000);
    const after = await t
      .anonymous()
      .post("/api/auth/login", { login: "gv.khoa", password: "SafeClass2026" });
    expect(after.status).toBe(200);
  });

  it("validates the body and names the field", async () => {
    const response = await t.anonymous().post("/api/auth/login", { login: "" });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_failed");
    const fields = response.body.error.issues.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["login", "password"]));
  });
});

describe("sessions", () => {
  it("refuses a state change without the CSRF header, accepts it with", async () => {
    const client = await t.login("gv.lan");
    const without = await client.request(
      "POST",
      "/api/auth/logout-all",
      {},
      { "x-csrf-token": "forged" },
    );
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe("csrf_failed");
    const me = await client.get("/api/auth/me");
    expect(me.status).toBe(200);
  });

  it("refuses a state change from a foreign Origin", async () => {
    const client = await t.login("gv.lan");
    const response = await client.request(
      "PATCH",
      "/api/auth/locale",
      { locale: "en" },
      { origin: "https://evil.example" },
    );
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe("origin_rejected");
  });

  it("logs out everywhere: every session of the person ends", async () => {
    const first = await t.login("gv.phuong");
    const second = await t.login("gv.phuong");
    expect((await second.post("/api/auth/logout-all")).status).toBe(204);
    expect((await first.get("/api/auth/me")).status).toBe(401);
    expect((await second.get("/api/auth/me")).status).toBe(401);
  });

  it("expires an idle session", async () => {
    const client = await t.login("gv.thao");
    expect((await client.get("/api/auth/me")).status).toBe(200);
    t.clock.advance((t.ctx.config.sessionIdleMinutes + 1) * 60_000);
    expect((await client.get("/api/auth/me")).status).toBe(401);
  });

  it("forces a password change after an admin reset, then lets the person in", async () => {
    const principal = await t.login("ht.vominhduc");
    const teacherId = await t.userId("gv.hung");
    const reset = await principal.post(`/api/users/${teacherId}/reset-password`);
    expect(reset.status).toBe(200);
    const temporary = reset.body.temporaryPassword as string;
    const teacher = await t.login("gv.hung", temporary);
    const blocked = await teacher.get("/api/classes");
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe("password_change_required");
    const weak = await teacher.post("/api/auth/change-password", {
      currentPassword: temporary,
      newPassword: "short",
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.issues[0].field).toBe("newPassword");
    const changed = await teacher.post("/api/auth/change-password", {
      currentPassword: temporary,
      newPassword: "Lop10A2-antoan",
    });
    expect(changed.status).toBe(204);
    expect((await teacher.get("/api/classes")).status).toBe(200);
  });
});

describe("operations endpoints", () => {
  it("answers /healthz, /readyz and /metrics", async () => {
    const anonymous = t.anonymous();
    expect((await anonymous.get("/healthz")).status).toBe(200);
    const ready = await anonymous.get("/readyz");
    expect(ready.body.status).toBe("ready");
    const metrics = await anonymous.get("/metrics");
    expect(metrics.raw.toString()).toContain("safeclass_http_request_duration_seconds");
  });

  it("sends security headers", async () => {
    const response = await t.anonymous().get("/healthz");
    expect(String(response.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
    expect(response.headers["referrer-policy"]).toBe("same-origin");
    expect(response.headers["x-request-id"]).toBeTruthy();
  });
});
