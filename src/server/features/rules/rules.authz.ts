import { allBut, demo, type AuthzProbe } from "../../testing/authz.ts";
import type { TestServer } from "../../testing/harness.ts";
import { currentRules } from "./rules.repo.ts";
import { rulesTemplate } from "./rules.template.ts";

const {
  department,
  districtTdm,
  districtDiAn,
  principalVmd,
  principalCva,
  teacherVmd,
  teacherVmd2,
  teacherCva,
  studentVmd,
  parentVmd,
} = demo;
const vmdManagers = [department, districtTdm, principalVmd];
const vmdMembers = [teacherVmd, teacherVmd2, studentVmd, parentVmd];
const managers = [department, districtTdm, districtDiAn, principalVmd, principalCva];
const vmd = (t: TestServer) => t.orgId("THPT-VMD");
const vmdRulesId = async (t: TestServer) =>
  (await currentRules(t.ctx.db, await vmd(t), t.ctx.now()))!.id;
const missing = "00000000-0000-4000-8000-000000000000";

export const rulesAuthz: AuthzProbe[] = [
  {
    route: "GET /api/schools/:id/rules",
    request: async (t) => ({ url: `/api/schools/${await vmd(t)}/rules` }),
    allow: [...vmdManagers, ...vmdMembers],
    deny: [districtDiAn, principalCva, teacherCva],
  },
  {
    route: "GET /api/schools/:id/rules/versions",
    request: async (t) => ({ url: `/api/schools/${await vmd(t)}/rules/versions` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/schools/:id/rules/draft",
    request: async (t) => ({ url: `/api/schools/${await vmd(t)}/rules/draft` }),
    allow: [principalVmd],
    deny: allBut(principalVmd),
  },
  {
    route: "PUT /api/schools/:id/rules/draft",
    request: async (t) => ({
      url: `/api/schools/${await vmd(t)}/rules/draft`,
      body: { document: rulesTemplate },
    }),
    allow: [principalVmd],
    deny: allBut(principalVmd),
  },
  {
    route: "DELETE /api/schools/:id/rules/draft",
    request: async (t) => ({ url: `/api/schools/${await vmd(t)}/rules/draft` }),
    allow: [principalVmd],
    deny: allBut(principalVmd),
  },
  {
    route: "POST /api/schools/:id/rules/publish",
    // A draft id that never matches: the principal gets 409, nothing is published.
    request: async (t) => ({
      url: `/api/schools/${await vmd(t)}/rules/publish`,
      body: { draftId: missing },
    }),
    allow: [principalVmd],
    deny: allBut(principalVmd),
  },
  {
    route: "GET /api/schools/:id/rules/coverage",
    request: async (t) => ({ url: `/api/schools/${await vmd(t)}/rules/coverage` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/rules/:rulesId",
    request: async (t) => ({ url: `/api/rules/${await vmdRulesId(t)}` }),
    allow: [...vmdManagers, ...vmdMembers],
    deny: [districtDiAn, principalCva, teacherCva],
  },
  {
    route: "POST /api/rules/:rulesId/acknowledge",
    request: async (t) => ({ url: `/api/rules/${await vmdRulesId(t)}/acknowledge`, body: {} }),
    allow: vmdMembers,
    deny: allBut(...vmdMembers),
  },
  {
    route: "GET /api/rules/pending",
    request: async () => ({ url: "/api/rules/pending" }),
    allow: allBut(),
    deny: [],
  },
  {
    route: "GET /api/rules/coverage",
    request: async () => ({ url: "/api/rules/coverage" }),
    allow: managers,
    deny: allBut(...managers),
  },
  {
    route: "GET /api/classes/:id/checklist",
    request: async (t) => ({ url: `/api/classes/${await t.classId("10A1")}/checklist` }),
    allow: [teacherVmd, teacherVmd2],
    deny: allBut(teacherVmd, teacherVmd2),
  },
  {
    route: "POST /api/classes/:id/checklist",
    request: async (t) => ({
      url: `/api/classes/${await t.classId("10A1")}/checklist`,
      body: { checked: ["roster"] },
    }),
    allow: [teacherVmd, teacherVmd2],
    deny: allBut(teacherVmd, teacherVmd2),
  },
];
