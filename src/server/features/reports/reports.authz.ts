/** Authorization probes of the reports: each manager level sees its own subtree; staff,
 * students and parents never see a report. */
import { allBut, demo, type AuthzProbe } from "../../testing/authz.ts";
import type { TestServer } from "../../testing/harness.ts";

const { department, districtTdm, districtDiAn, principalVmd, principalCva } = demo;
const vmdManagers = [department, districtTdm, principalVmd];
const managers = [department, districtTdm, districtDiAn, principalVmd, principalCva];
const vmd = (t: TestServer) => t.orgId("THPT-VMD");
const query = async (t: TestServer) => `period=year&from=2026-01-10&orgId=${await vmd(t)}`;

export const reportsAuthz: AuthzProbe[] = [
  {
    route: "GET /api/reports/incidents",
    request: async (t) => ({ url: `/api/reports/incidents?${await query(t)}` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/reports/incidents/report.xlsx",
    request: async (t) => ({ url: `/api/reports/incidents/report.xlsx?${await query(t)}` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/reports/incidents/report.pdf",
    request: async (t) => ({ url: `/api/reports/incidents/report.pdf?${await query(t)}` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "POST /api/reports/email",
    request: async (t) => ({
      url: "/api/reports/email",
      body: { period: "month", from: "2026-10-01", orgId: await vmd(t) },
    }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    // Without orgId: every manager gets the list of its own unit.
    route: "GET /api/reports/deliveries",
    request: async () => ({ url: "/api/reports/deliveries" }),
    allow: managers,
    deny: allBut(...managers),
  },
];
