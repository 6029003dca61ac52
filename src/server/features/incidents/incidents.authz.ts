/** Authorization probes of incidents, evidence, anonymous follow-up and deadline settings.
 * Each state-changing probe works on its own incident so that probes do not disturb each
 * other; incidents are opened through the public action `openIncident`. */
import { allBut, demo, everyone, type AuthzProbe } from "../../testing/authz.ts";
import type { TestServer } from "../../testing/harness.ts";
import { findClassByName, listEvidence } from "./incidents.repo.ts";
import { openIncident } from "./index.ts";

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
const vmdStaff = [principalVmd, teacherVmd, teacherVmd2];
const handlers = [principalVmd];

const fixtures = new WeakMap<
  TestServer,
  Map<string, Promise<{ id: string; evidenceId?: string }>>
>();

/** An incident of class 10A1 (THPT Võ Minh Đức) reported by gv.lan, opened once per name. */
function incident(t: TestServer, name: string, reporter: "teacher" | "student" = "teacher") {
  let byName = fixtures.get(t);
  if (!byName) fixtures.set(t, (byName = new Map()));
  let found = byName.get(name);
  if (!found) {
    found = (async () => {
      const schoolId = await t.orgId("THPT-VMD");
      const classRow = await findClassByName(t.ctx.db, schoolId, "10A1");
      const opened = await openIncident(t.ctx, {
        schoolId,
        classId: classRow.id,
        category: "harassment",
        severity: "medium",
        title: `Kiểm tra phân quyền (${name})`,
        reporter: {
          kind: "person",
          userId: await t.userId(reporter === "teacher" ? "gv.lan" : "hs.vmd1001"),
          role: reporter,
        },
        evidence: [{ kind: "note", content: { text: "Ghi chú kiểm tra" } }],
      });
      const [evidence] = await listEvidence(t.ctx.db, opened.id);
      if (!evidence) throw new Error(`incident ${opened.id} was opened without its evidence`);
      return { id: opened.id, evidenceId: evidence.id };
    })();
    byName.set(name, found);
  }
  return found;
}

const on =
  (name: string, suffix = "", body?: unknown) =>
  async (t: TestServer) => ({
    url: `/api/incidents/${(await incident(t, name)).id}${suffix}`,
    ...(body !== undefined ? { body } : {}),
  });
const notStaff = allBut(...vmdStaff);
const notHandlers = allBut(...handlers);

export const incidentsAuthz: AuthzProbe[] = [
  {
    route: "GET /api/incidents/report-options",
    request: async () => ({ url: "/api/incidents/report-options" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "POST /api/incidents",
    request: async (t) => ({
      url: "/api/incidents",
      body: {
        schoolId: await t.orgId("THPT-VMD"),
        category: "other",
        title: "Kiểm tra quyền báo cáo",
      },
    }),
    allow: [department, districtTdm, principalVmd, teacherVmd, teacherVmd2, studentVmd, parentVmd],
    deny: [districtDiAn, principalCva, teacherCva],
  },
  {
    route: "GET /api/incidents",
    request: async () => ({ url: "/api/incidents" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "GET /api/incidents/:id",
    request: on("view"),
    allow: vmdStaff,
    deny: notStaff,
  },
  {
    route: "PATCH /api/incidents/:id",
    request: on("patch", "", { severity: "high", reason: "Đánh giá lại" }),
    allow: handlers,
    deny: notHandlers,
  },
  {
    route: "POST /api/incidents/:id/transition",
    request: on("transition", "/transition", { to: "acknowledged", reason: "Tiếp nhận" }),
    allow: handlers,
    deny: notHandlers,
  },
  {
    route: "GET /api/incidents/:id/assignees",
    request: on("view", "/assignees"),
    allow: handlers,
    deny: notHandlers,
  },
  {
    route: "POST /api/incidents/:id/assign",
    request: async (t) => ({
      url: `/api/incidents/${(await incident(t, "assign")).id}/assign`,
      body: { assigneeId: await t.userId("gv.hung") },
    }),
    allow: handlers,
    deny: notHandlers,
  },
  {
    route: "POST /api/incidents/:id/escalate",
    // Handlers escalate; teachers of the class pass it to the principal.
    request: on("escalate", "/escalate", { reason: "Vượt thẩm quyền" }),
    allow: vmdStaff,
    deny: notStaff,
  },
  {
    route: "POST /api/incidents/:id/comments",
    request: on("comment", "/comments", { body: "Ghi chú" }),
    allow: vmdStaff,
    deny: notStaff,
  },
  {
    // The handler writes to the reporter; the (named) student reporter answers; nobody else.
    route: "POST /api/incidents/:id/messages",
    request: async (t) => ({
      url: `/api/incidents/${(await incident(t, "student-report", "student")).id}/messages`,
      body: { body: "Xin chào" },
    }),
    allow: [principalVmd, studentVmd],
    deny: allBut(principalVmd, studentVmd),
  },
  {
    // Allowed callers pass authorization and then meet the multipart check (415).
    route: "POST /api/incidents/:id/evidence",
    request: on("evidence", "/evidence"),
    allow: vmdStaff,
    deny: notStaff,
  },
  {
    route: "GET /api/incidents/:id/evidence/:evidenceId",
    request: async (t) => {
      const found = await incident(t, "view");
      return { url: `/api/incidents/${found.id}/evidence/${found.evidenceId}` };
    },
    allow: vmdStaff,
    deny: notStaff,
  },
  {
    route: "GET /api/incidents/:id/verify",
    request: on("view", "/verify"),
    allow: vmdStaff,
    deny: notStaff,
  },
  {
    route: "POST /api/incidents/:id/police",
    request: on("police", "/police", {
      agency: "Công an TP Thủ Dầu Một",
      officer: "Đại úy Nguyễn Văn A",
      caseNumber: "123/2026",
      referredOn: "2026-04-13",
    }),
    allow: handlers,
    deny: notHandlers,
  },
  {
    route: "GET /api/incidents/:id/package.pdf",
    request: on("view", "/package.pdf"),
    allow: handlers,
    deny: notHandlers,
  },
  {
    route: "GET /api/incidents/:id/package.zip",
    request: on("view", "/package.zip"),
    allow: handlers,
    deny: notHandlers,
  },
  {
    // The code is the only key: anyone may try (rate-limited), a wrong code finds nothing.
    route: "POST /api/reports/follow",
    request: async () => ({
      url: "/api/reports/follow",
      body: { code: "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE" },
    }),
    allow: [],
    deny: everyone,
    public: true,
  },
  {
    route: "POST /api/reports/follow/messages",
    request: async () => ({
      url: "/api/reports/follow/messages",
      body: { code: "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE", body: "Xin chào" },
    }),
    allow: [],
    deny: everyone,
    public: true,
  },
  {
    route: "GET /api/incident-settings/:id",
    request: async (t) => ({ url: `/api/incident-settings/${await t.orgId("THPT-VMD")}` }),
    allow: [department, districtTdm, principalVmd],
    deny: allBut(department, districtTdm, principalVmd),
  },
  {
    route: "PUT /api/incident-settings/:id",
    request: async (t) => ({
      url: `/api/incident-settings/${await t.orgId("THPT-VMD")}`,
      body: {
        deadlines: {
          critical: { ackHours: 1, resolveHours: 24 },
          high: { ackHours: 24, resolveHours: 72 },
          medium: { ackHours: 48, resolveHours: 168 },
          low: { ackHours: 72, resolveHours: 336 },
        },
      },
    }),
    allow: [department, districtTdm, principalVmd],
    deny: allBut(department, districtTdm, principalVmd),
  },
  {
    route: "DELETE /api/incident-settings/:id",
    request: async (t) => ({ url: `/api/incident-settings/${await t.orgId("THPT-VMD")}` }),
    allow: [department, districtTdm, principalVmd],
    deny: allBut(department, districtTdm, principalVmd),
  },
];
