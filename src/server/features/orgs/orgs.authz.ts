import { allBut, demo, everyone, type AuthzProbe } from "../../testing/authz.ts";

const { department, districtTdm, districtDiAn, principalVmd, principalCva } = demo;

export const orgsAuthz: AuthzProbe[] = [
  {
    route: "GET /api/orgs/tree",
    request: async () => ({ url: "/api/orgs/tree" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "GET /api/orgs/:id",
    request: async (t) => ({ url: `/api/orgs/${await t.orgId("THPT-VMD")}` }),
    // Members of the school see it; another district's officer and another school's staff do not.
    allow: [
      department,
      districtTdm,
      principalVmd,
      demo.teacherVmd,
      demo.studentVmd,
      demo.parentVmd,
    ],
    deny: [districtDiAn, principalCva, demo.teacherCva],
  },
  {
    route: "POST /api/orgs",
    // The first allowed caller creates the school; the next one gets 409 (the code is taken).
    request: async (t) => ({
      url: "/api/orgs",
      body: {
        kind: "school",
        parentId: await t.orgId("TDM"),
        name: "Trường THPT Thử nghiệm",
        code: "THPT-TN",
        schoolType: "THPT",
      },
    }),
    allow: [department, districtTdm],
    deny: allBut(department, districtTdm),
  },
  {
    route: "PATCH /api/orgs/:id",
    request: async (t) => ({
      url: `/api/orgs/${await t.orgId("THPT-VMD")}`,
      body: { name: "Trường THPT Võ Minh Đức" },
    }),
    allow: [department, districtTdm, principalVmd],
    deny: allBut(department, districtTdm, principalVmd),
  },
  {
    route: "POST /api/orgs/:id/archive",
    // A unit that does not exist: allowed callers still get 404, so only refusals are checked.
    request: async () => ({ url: "/api/orgs/00000000-0000-4000-8000-000000000000/archive" }),
    allow: [],
    deny: everyone,
  },
  {
    route: "GET /api/dashboard",
    request: async () => ({ url: "/api/dashboard" }),
    allow: everyone,
    deny: [],
  },
];
