import { allBut, demo, type AuthzProbe } from "../../testing/authz.ts";
import type { TestServer } from "../../testing/harness.ts";
import { insertPreview } from "./rosters.repo.ts";

const { department, districtTdm, principalVmd, teacherVmd } = demo;
const vmdManagers = [department, districtTdm, principalVmd];
const managers = [department, districtTdm, demo.districtDiAn, principalVmd, demo.principalCva];

/** A fresh, empty preview of THPT Võ Minh Đức, so that each allowed caller has one to use. */
async function emptyPreview(t: TestServer): Promise<{ schoolId: string; previewId: string }> {
  const schoolId = await t.orgId("THPT-VMD");
  const row = await insertPreview(t.ctx.db, {
    schoolId,
    kind: "students",
    createdBy: await t.userId(principalVmd),
    rows: { headers: ["Mã học sinh"], rows: [] },
    createdAt: t.ctx.now(),
  });
  return { schoolId, previewId: row.id };
}

export const rostersAuthz: AuthzProbe[] = [
  {
    route: "POST /api/schools/:id/roster/preview",
    // A JSON body instead of a file: allowed callers get 415, everyone else 401/404 first.
    request: async (t) => ({
      url: `/api/schools/${await t.orgId("THPT-VMD")}/roster/preview?kind=students`,
      body: {},
    }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "POST /api/schools/:id/roster/import",
    request: async (t) => {
      const { schoolId, previewId } = await emptyPreview(t);
      return { url: `/api/schools/${schoolId}/roster/import`, body: { previewId } };
    },
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/schools/:id/roster/preview/:previewId/rejected.xlsx",
    request: async (t) => {
      const { schoolId, previewId } = await emptyPreview(t);
      return { url: `/api/schools/${schoolId}/roster/preview/${previewId}/rejected.xlsx` };
    },
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/roster/template.xlsx",
    request: async () => ({ url: "/api/roster/template.xlsx?kind=students" }),
    allow: managers,
    deny: allBut(...managers),
  },
  {
    route: "GET /api/classes/:id/roster.xlsx",
    request: async (t) => ({ url: `/api/classes/${await t.classId("10A1")}/roster.xlsx` }),
    // Every demo teacher of the school teaches 10A1.
    allow: [...vmdManagers, teacherVmd, demo.teacherVmd2],
    deny: allBut(...vmdManagers, teacherVmd, demo.teacherVmd2),
  },
  {
    route: "GET /api/schools/:id/students.xlsx",
    request: async (t) => ({ url: `/api/schools/${await t.orgId("THPT-VMD")}/students.xlsx` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
];
