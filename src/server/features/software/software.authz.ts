import { allBut, demo, everyone, type AuthzProbe } from "../../testing/authz.ts";
import type { TestServer } from "../../testing/harness.ts";

const { department } = demo;

const teams = async (t: TestServer) =>
  (
    await t.ctx.db
      .selectFrom("software_catalog")
      .select("id")
      .where("name", "=", "Microsoft Teams for Education")
      .executeTakeFirstOrThrow()
  ).id;

/** An entry of the Department's own that the probes may change and remove. */
async function scratch(t: TestServer): Promise<string> {
  const row = await t.ctx.db
    .insertInto("software_catalog")
    .values({
      name: `Phần mềm thử ${Math.random().toString(36).slice(2, 8)}`,
      vendor: "Thử",
      licence: "Thử",
      recommended_use: "Thử",
      checklist: JSON.stringify(entry.checklist),
      status: "allowed",
      last_reviewed_at: "2026-11-01",
      updated_by: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const entry = {
  name: "Phần mềm lớp học mới",
  vendor: "Nhà cung cấp",
  licence: "Thương mại",
  recommendedUse: "Dạy học trực tuyến",
  checklist: {
    perPersonLinks: "yes",
    waitingRoom: "yes",
    hostControls: "yes",
    chatControls: "partial",
    encryption: "yes",
    licensed: "yes",
    dataLocation: "Việt Nam",
  },
  status: "allowed",
  lastReviewedAt: "2026-11-01",
};

export const softwareAuthz: AuthzProbe[] = [
  {
    route: "GET /api/software",
    request: async () => ({ url: "/api/software" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "GET /api/software/:id",
    request: async (t) => ({ url: `/api/software/${await teams(t)}` }),
    allow: everyone,
    deny: [],
  },
  {
    route: "POST /api/software",
    request: async () => ({
      url: "/api/software",
      body: { ...entry, name: `${entry.name} ${Math.random().toString(36).slice(2, 8)}` },
    }),
    allow: [department],
    deny: allBut(department),
  },
  {
    route: "PATCH /api/software/:id",
    request: async (t) => ({
      url: `/api/software/${await scratch(t)}`,
      body: { notes: "Đã rà soát" },
    }),
    allow: [department],
    deny: allBut(department),
  },
  {
    route: "DELETE /api/software/:id",
    request: async (t) => ({ url: `/api/software/${await scratch(t)}` }),
    allow: [department],
    deny: allBut(department),
  },
];
