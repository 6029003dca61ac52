import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../testing/harness.ts";
import { ruleClauseFor, rulesCoverage, rulesGate, teacherChecklistStatus } from "./index.ts";
import { rulesTemplate } from "./rules.template.ts";

let t: TestServer;
let vmdId: string;

beforeAll(async () => {
  t = await startTestServer();
  vmdId = await t.orgId("THPT-VMD");
});
afterAll(async () => {
  await t?.close();
});

describe("rulesGate (the class door)", () => {
  it("holds a student until they acknowledge the school's current rules, then lets them in", async () => {
    const studentId = await t.userId("hs.vmd1002");
    const pending = await rulesGate(t.ctx, { userId: studentId, schoolId: vmdId, role: "student" });
    expect(pending).toMatchObject({ version: 1 });

    const student = await t.login("hs.vmd1002");
    const list = await student.get("/api/rules/pending");
    expect(list.body.items).toEqual([
      expect.objectContaining({ schoolId: vmdId, role: "student", rulesId: pending!.rulesId }),
    ]);
    const read = await student.get(`/api/schools/${vmdId}/rules`);
    expect(read.status).toBe(200);
    expect(read.body.rules.version).toBe(1);
    expect(read.body.rules.document.sections.map((s: { id: string }) => s.id)).toContain("E");
    expect(read.body.me.roles).toEqual([{ role: "student", acknowledgedAt: null }]);

    const ack = await student.post(`/api/rules/${pending!.rulesId}/acknowledge`, {});
    expect(ack.status).toBe(201);
    expect(await rulesGate(t.ctx, { userId: studentId, schoolId: vmdId, role: "student" })).toBe(
      null,
    );
    expect((await student.get("/api/rules/pending")).body.items).toEqual([]);
    const audit = await t.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("actor_id", "=", studentId)
      .where("action", "=", "rules.acknowledged")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("never holds a teacher (teachers tick the pre-class checklist instead)", async () => {
    const teacherId = await t.userId("gv.hung");
    expect(await rulesGate(t.ctx, { userId: teacherId, schoolId: vmdId, role: "teacher" })).toBe(
      null,
    );
  });
});

describe("versions: the principal edits a draft and publishes", () => {
  it("publishes version 2, asks everyone again, and refuses acknowledging version 1", async () => {
    const principal = await t.login("ht.vominhduc");
    const student = await t.login("hs.vmd1001");
    const studentId = await t.userId("hs.vmd1001");
    const v1 = (await student.get(`/api/schools/${vmdId}/rules`)).body.rules;
    expect((await student.post(`/api/rules/${v1.id}/acknowledge`, {})).status).toBe(201);

    const document = structuredClone(rulesTemplate);
    document.sections
      .find((section) => section.id === "E")!
      .clauses.push({
        id: "E.12",
        text: "Dùng trí tuệ nhân tạo để giả giọng, giả mặt người khác.",
      });
    const saved = await principal.request("PUT", `/api/schools/${vmdId}/rules/draft`, {
      document,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.draft).toMatchObject({ version: 2, publishedAt: null });
    // A draft binds nobody yet.
    expect(await rulesGate(t.ctx, { userId: studentId, schoolId: vmdId, role: "student" })).toBe(
      null,
    );

    const stale = await principal.post(`/api/schools/${vmdId}/rules/publish`, {
      draftId: "00000000-0000-4000-8000-000000000000",
    });
    expect(stale.status).toBe(409);
    const published = await principal.post(`/api/schools/${vmdId}/rules/publish`, {
      draftId: saved.body.draft.id,
    });
    expect(published.status).toBe(201);
    expect(published.body.rules.version).toBe(2);

    expect(await rulesGate(t.ctx, { userId: studentId, schoolId: vmdId, role: "student" })).toEqual(
      { rulesId: saved.body.draft.id, version: 2 },
    );
    const old = await student.post(`/api/rules/${v1.id}/acknowledge`, {});
    expect(old.status).toBe(409);
    expect(old.body.error.messageKey).toBe("rules.notCurrentVersion");
    expect(old.body.error.message).toContain("phiên bản 2");

    expect((await student.post(`/api/rules/${saved.body.draft.id}/acknowledge`, {})).status).toBe(
      201,
    );
    const versions = await principal.get(`/api/schools/${vmdId}/rules/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.body.items[0].publishedByName).toBe("Nguyễn Văn Thành");

    const clause = await ruleClauseFor(t.ctx, vmdId, "harassment");
    expect(clause).toMatchObject({ clauseId: "E.5", version: 2, ref: "E.5 (v2)" });
    expect((await ruleClauseFor(t.ctx, vmdId, "no_such_category"))?.clauseId).toBe("E.9");
  });

  it("refuses a document with duplicate clause ids or a category pointing nowhere, naming the fields", async () => {
    const principal = await t.login("ht.vominhduc");
    const document = structuredClone(rulesTemplate);
    document.sections[0]!.clauses[1]!.id = "A.1";
    document.categoryClauses.harassment = "E.99";
    const response = await principal.request("PUT", `/api/schools/${vmdId}/rules/draft`, {
      document,
    });
    expect(response.status).toBe(400);
    const fields = response.body.error.issues.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "document.sections.0.clauses.1.id",
        "document.categoryClauses.harassment",
      ]),
    );
    expect(response.body.error.issues[0].message).toMatch(/quy chế|điều khoản/);
  });

  it("lets only the school's principal edit; a teacher cannot", async () => {
    const teacher = await t.login("gv.lan");
    const response = await teacher.request("PUT", `/api/schools/${vmdId}/rules/draft`, {
      document: rulesTemplate,
    });
    expect(response.status).toBe(404);
  });
});

describe("parents and coverage", () => {
  it("records a parent's acknowledgement for their child and counts it per class", async () => {
    const parent = await t.login("ph.demo");
    const read = await parent.get(`/api/schools/${vmdId}/rules`);
    expect(read.body.me.children).toHaveLength(1);
    const stranger = await t.studentId("VMD1010");
    const wrongChild = await parent.post(`/api/rules/${read.body.rules.id}/acknowledge`, {
      studentIds: [stranger],
    });
    expect(wrongChild.status).toBe(400);
    expect(wrongChild.body.error.issues[0].field).toBe("studentIds");

    const ack = await parent.post(`/api/rules/${read.body.rules.id}/acknowledge`, {});
    expect(ack.status).toBe(201);
    const [coverage] = await rulesCoverage(t.ctx, { schoolIds: [vmdId] });
    const class10A1 = coverage!.classes.find((row) => row.className === "10A1")!;
    expect(class10A1.parents.acknowledged).toBe(1);
    expect(class10A1.students.total).toBe(25);
    expect(coverage!.parents.acknowledged).toBe(1);
    expect(coverage!.rulesVersion).toBe(2);

    const principal = await t.login("ht.vominhduc");
    const viaHttp = await principal.get(`/api/schools/${vmdId}/rules/coverage`);
    expect(viaHttp.body.coverage.classes).toHaveLength(3);
  });
});

describe("teacher pre-class checklist", () => {
  it("is complete only when every item is ticked, and refuses unknown items", async () => {
    const teacher = await t.login("gv.lan");
    const ownClass = await t.classId("10A1");
    const empty = await teacher.get(`/api/classes/${ownClass}/checklist`);
    expect(empty.status).toBe(200);
    expect(empty.body.complete).toBe(false);
    const ids = empty.body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain("controls");

    const partial = await teacher.post(`/api/classes/${ownClass}/checklist`, {
      checked: ids.slice(0, 2),
    });
    expect(partial.status).toBe(201);
    expect(partial.body.complete).toBe(false);
    const teacherId = await t.userId("gv.lan");
    expect(
      (await teacherChecklistStatus(t.ctx, { userId: teacherId, classId: ownClass })).complete,
    ).toBe(false);

    const bad = await teacher.post(`/api/classes/${ownClass}/checklist`, { checked: ["nope"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0]).toMatchObject({ field: "checked" });

    const full = await teacher.post(`/api/classes/${ownClass}/checklist`, { checked: ids });
    expect(full.body.complete).toBe(true);
    expect((await teacher.get(`/api/classes/${ownClass}/checklist`)).body.complete).toBe(true);
    expect(
      (await teacherChecklistStatus(t.ctx, { userId: teacherId, classId: ownClass })).complete,
    ).toBe(true);

    // A teacher of another school cannot see this class's checklist.
    const other = await t.login("gv.thao");
    expect((await other.get(`/api/classes/${ownClass}/checklist`)).status).toBe(404);
  });
});
