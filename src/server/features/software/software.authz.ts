import { allBut, demo, everyone, type AuthzProbe } from "../../testing/authz.ts";
import type { TestServer } from "../../testing/harness.ts";
import { findSoftwareByName, insertSoftwareEntry } from "./software.repo.ts";

const { department } = demo;

async function teams(t: TestServer): Promise<string> {
  const found = await findSoftwareByName(t.ctx.db, "Microsoft Teams for Education");
  if (!found) throw new Error("Microsoft Teams for Education is not in the catalogue");
  return found.id;
}

/** An entry of the Department's own that the probes may change and remove. */
async function scratch(t: TestServer): Promise<string> {
  const row = await insertSoftwareEntry(t.ctx.db, {
    name: `Phần mềm thử ${Math.random().toString(36).slice(2, 8)}`,
    vendor: "Thử",
    licence: "Thử",
    recommendedUse: "Thử",
    checklist: entry.checklist,
    status: "allowed",
    lastReviewedAt: "2026-11-01",
    updatedBy: null,
  });
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
