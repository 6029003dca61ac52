import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../testing/harness.ts";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

const entry = {
  name: "Lớp học số tỉnh",
  vendor: "Công ty phần mềm giáo dục",
  licence: "Thương mại, Sở mua bản quyền",
  website: "https://example.edu.vn",
  recommendedUse: "Dạy học trực tuyến THCS, THPT",
  checklist: {
    perPersonLinks: "yes",
    waitingRoom: "yes",
    hostControls: "yes",
    chatControls: "yes",
    encryption: "yes",
    licensed: "yes",
    dataLocation: "Trung tâm dữ liệu tại Việt Nam",
    encryptionNote: "Mã hóa khi truyền",
  },
  status: "recommended",
  notes: "",
  lastReviewedAt: "2026-11-20",
};

describe("GET /api/software", () => {
  it("shows every signed-in person the seeded list, recommended first, with its checklist", async () => {
    const student = await t.login("hs.vmd1001");
    const response = await student.get("/api/software");
    expect(response.status).toBe(200);
    expect(response.body.canEdit).toBe(false);
    const names = response.body.items.map((item: { name: string }) => item.name);
    expect(names).toEqual(
      expect.arrayContaining(["Microsoft Teams for Education", "Zoom Meetings", "BigBlueButton"]),
    );
    const statuses = response.body.items.map((item: { status: string }) => item.status);
    expect(statuses).toEqual([...statuses].sort((a, b) => rank(a) - rank(b)));
    const zoom = response.body.items.find(
      (item: { name: string }) => item.name === "Zoom Meetings",
    );
    expect(zoom.checklist).toMatchObject({ waitingRoom: "yes", perPersonLinks: "partial" });
    expect(zoom.notes).toContain("2020");
    const filtered = await student.get("/api/software?status=not_recommended");
    expect(
      filtered.body.items.every((i: { status: string }) => i.status === "not_recommended"),
    ).toBe(true);
  });
});

const rank = (status: string) => ["recommended", "allowed", "not_recommended"].indexOf(status);

describe("the Department edits the catalogue", () => {
  it("adds, revises (status and review date) and removes a tool, with an audit trail", async () => {
    const department = await t.login("so.admin");
    const created = await department.post("/api/software", entry);
    expect(created.status).toBe(201);
    const id = created.body.item.id;
    expect(created.body.item).toMatchObject({
      status: "recommended",
      updatedByName: "Phạm Minh Tuấn",
    });

    const duplicate = await department.post("/api/software", entry);
    expect(duplicate.status).toBe(409);

    const revised = await department.patch(`/api/software/${id}`, {
      status: "not_recommended",
      lastReviewedAt: "2026-11-27",
      notes: "Nhà cung cấp chuyển dữ liệu ra nước ngoài.",
    });
    expect(revised.body.item).toMatchObject({
      status: "not_recommended",
      lastReviewedAt: "2026-11-27",
    });

    const teacher = await t.login("gv.lan");
    const seen = await teacher.get(`/api/software/${id}`);
    expect(seen.body.item.status).toBe("not_recommended");
    expect((await teacher.patch(`/api/software/${id}`, { status: "recommended" })).status).toBe(
      404,
    );

    expect((await department.del(`/api/software/${id}`)).status).toBe(204);
    expect((await teacher.get(`/api/software/${id}`)).status).toBe(404);
    const audit = await t.ctx.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_id", "=", id)
      .orderBy("at")
      .execute();
    expect(audit.map((row) => row.action)).toEqual([
      "software.added",
      "software.revised",
      "software.removed",
    ]);
  });

  it("changes only what a revision sends (the notes stay), and refuses an empty one", async () => {
    const department = await t.login("so.admin");
    const created = await department.post("/api/software", {
      ...entry,
      name: "Phòng học ảo",
      notes: "Đã kiểm tra bản quyền năm 2026.",
    });
    const id = created.body.item.id;
    const revised = await department.patch(`/api/software/${id}`, { status: "allowed" });
    expect(revised.status).toBe(200);
    expect(revised.body.item).toMatchObject({
      status: "allowed",
      notes: "Đã kiểm tra bản quyền năm 2026.",
    });
    const empty = await department.patch(`/api/software/${id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues[0].message).toBe("Không có thay đổi nào để lưu.");
  });

  it("refuses a bad checklist and date, naming the fields", async () => {
    const department = await t.login("so.admin");
    const response = await department.post("/api/software", {
      ...entry,
      name: "Khác",
      checklist: { ...entry.checklist, waitingRoom: "maybe" },
      lastReviewedAt: "27/11/2026",
    });
    expect(response.status).toBe(400);
    const fields = response.body.error.issues.map((issue: { field: string }) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(["checklist.waitingRoom", "lastReviewedAt"]));
    const dateIssue = response.body.error.issues.find(
      (i: { field: string }) => i.field === "lastReviewedAt",
    );
    expect(dateIssue.message).toContain("năm-tháng-ngày");
  });
});
