import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultDeadlines } from "../../../shared/incidents.ts";
import { startTestServer, type TestClient, type TestServer } from "../../testing/harness.ts";

let t: TestServer;
const c: Record<string, TestClient> = {};
let vmd: string;
let tdm: string;

beforeAll(async () => {
  t = await startTestServer();
  for (const name of ["ht.vominhduc", "ht.chuvanan", "phong.tdm", "so.admin", "gv.lan"]) {
    c[name] = await t.login(name);
  }
  vmd = await t.orgId("THPT-VMD");
  tdm = (
    await t.ctx.db
      .selectFrom("org_units")
      .select("parent_id")
      .where("id", "=", vmd)
      .executeTakeFirstOrThrow()
  ).parent_id!;
});
afterAll(async () => {
  await t?.close();
});

const deadlines = (ack: number, resolve: number) => ({
  critical: { ackHours: ack, resolveHours: resolve },
  high: { ackHours: ack * 2, resolveHours: resolve * 2 },
  medium: { ackHours: ack * 4, resolveHours: resolve * 4 },
  low: { ackHours: ack * 8, resolveHours: resolve * 8 },
});

type Issue = { field: string; messageKey?: string; message: string };
const issuesOf = (body: { error: { issues: Issue[] } }) =>
  Object.fromEntries(body.error.issues.map((issue) => [issue.field, issue.message]));

describe("/api/incident-settings/:id", () => {
  it("tells own, inherited and default deadlines apart, and clears a unit's own", async () => {
    const principal = c["ht.vominhduc"]!;
    const fresh = await principal.get(`/api/incident-settings/${vmd}`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({
      org: { id: vmd, kind: "school" },
      own: null,
      inherited: null,
      effective: defaultDeadlines,
      defaults: defaultDeadlines,
    });

    // The district sets its deadlines: the school inherits them, naming the district.
    const district = deadlines(0.5, 12);
    expect(
      (
        await c["phong.tdm"]!.request("PUT", `/api/incident-settings/${tdm}`, {
          deadlines: district,
        })
      ).status,
    ).toBe(200);
    const inherited = await principal.get(`/api/incident-settings/${vmd}`);
    expect(inherited.body.own).toBeNull();
    expect(inherited.body.inherited).toMatchObject({ orgUnitId: tdm, kind: "district" });
    expect(inherited.body.inherited.name).toMatch(/Thủ Dầu Một/);
    expect(inherited.body.effective).toEqual(district);

    // The school's own deadlines win over the district's.
    const own = deadlines(0.25, 6);
    const saved = await principal.request("PUT", `/api/incident-settings/${vmd}`, {
      deadlines: own,
    });
    expect(saved.status).toBe(200);
    const withOwn = await principal.get(`/api/incident-settings/${vmd}`);
    expect(withOwn.body.own).toEqual(own);
    expect(withOwn.body.effective).toEqual(own);
    expect(withOwn.body.inherited.orgUnitId).toBe(tdm);

    // Cleared: the school inherits the district's again.
    expect((await principal.del(`/api/incident-settings/${vmd}`)).status).toBe(200);
    const cleared = await principal.get(`/api/incident-settings/${vmd}`);
    expect(cleared.body.own).toBeNull();
    expect(cleared.body.effective).toEqual(district);
    // Others cannot read or clear it: another school's principal, a teacher.
    for (const name of ["ht.chuvanan", "gv.lan"]) {
      expect((await c[name]!.get(`/api/incident-settings/${vmd}`)).status, name).toBe(404);
      expect((await c[name]!.del(`/api/incident-settings/${vmd}`)).status, name).toBe(404);
    }
    await c["phong.tdm"]!.del(`/api/incident-settings/${tdm}`);
  });

  it("refuses out-of-range, inverted, missing and mistyped deadlines with specific messages", async () => {
    const principal = c["ht.vominhduc"]!;
    const body = deadlines(1, 24) as Record<string, Record<string, unknown>>;
    const bad = {
      ...body,
      critical: { ackHours: 0.1, resolveHours: 24 },
      high: { ackHours: 48, resolveHours: 24 },
      medium: { ackHours: "8", resolveHours: 96 },
    };
    delete (bad as Record<string, unknown>).low;
    const response = await principal.request("PUT", `/api/incident-settings/${vmd}`, {
      deadlines: bad,
    });
    expect(response.status).toBe(400);
    const issues = issuesOf(response.body);
    expect(issues["deadlines.critical.ackHours"]).toBe("Giá trị phải từ 0.25 trở lên.");
    expect(issues["deadlines.high"]).toBe("Thời hạn xử lý phải dài hơn thời hạn tiếp nhận.");
    expect(issues["deadlines.medium.ackHours"]).toBe("Giá trị không đúng kiểu.");
    expect(issues["deadlines.low"]).toBe("Trường này là bắt buộc.");
    // Nothing was stored.
    expect((await principal.get(`/api/incident-settings/${vmd}`)).body.own).toBeNull();
  });
});

describe("incident validation messages", () => {
  it("gives each schema rule of incidents its own translated message", async () => {
    const principal = c["ht.vominhduc"]!;
    const created = await c["gv.lan"]!.post("/api/incidents", {
      category: "harassment",
      title: "Kiểm tra thông báo lỗi",
    });
    expect(created.status).toBe(201);
    const id = created.body.incident.id as string;

    const resolve = await principal.post(`/api/incidents/${id}/transition`, {
      to: "resolved",
      reason: "Đã xử lý",
    });
    expect(resolve.status).toBe(400);
    expect(issuesOf(resolve.body)).toMatchObject({
      outcome: "Vui lòng ghi kết quả xử lý.",
      actions: expect.stringMatching(/biện pháp|hình thức|chọn/i),
    });

    const police = await principal.post(`/api/incidents/${id}/police`, {
      agency: "Công an phường Phú Cường",
      officer: "Đại úy Trần Văn B",
      caseNumber: "12/2026",
      referredOn: "13/04/2026",
    });
    expect(issuesOf(police.body).referredOn).toBe(
      "Ngày phải có dạng NNNN-TT-NN (ví dụ 2026-04-13).",
    );

    const follow = await t.anonymous().post("/api/reports/follow", { code: "không-phải-mã" });
    expect(follow.status).toBe(400);
    expect(issuesOf(follow.body).code).toMatch(/^Mã theo dõi gồm 25/);
    const english = await t
      .anonymous()
      .request("POST", "/api/reports/follow", { code: "not-a-code" }, { "accept-language": "en" });
    expect(issuesOf(english.body).code).toMatch(/^The follow-up code has 25 letters/);

    const nul = await c["gv.lan"]!.post("/api/incidents", {
      category: "harassment",
      title: "Có ký tự \u0000 lạ",
    });
    expect(issuesOf(nul.body).title).toBe("Giá trị không hợp lệ.");
    // None of them falls back to the generic text.
    for (const response of [resolve, police, follow, nul]) {
      for (const issue of response.body.error.issues as Issue[]) {
        expect(issue.message, issue.field).not.toBe("Dữ liệu không hợp lệ.");
      }
    }
  });
});
