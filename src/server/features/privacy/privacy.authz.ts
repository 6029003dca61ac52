import { allBut, demo, everyone, type AuthzProbe } from "../../testing/authz.ts";

const { department, districtTdm, districtDiAn, principalVmd, principalCva } = demo;
const { teacherVmd, teacherVmd2, teacherCva, studentVmd, parentVmd } = demo;
const vmdManagers = [department, districtTdm, principalVmd];
const childTeachers = [teacherVmd, teacherVmd2];
const child = (t: Parameters<AuthzProbe["request"]>[0]) => t.studentId("VMD1001");
const school = (t: Parameters<AuthzProbe["request"]>[0]) => t.orgId("THPT-VMD");

export const privacyAuthz: AuthzProbe[] = [
  {
    route: "GET /api/consent-notices/current",
    request: async () => ({ url: "/api/consent-notices/current?audience=parent" }),
    allow: everyone,
    deny: [],
    public: true,
  },
  {
    route: "GET /api/students/:id/consent",
    request: async (t) => ({ url: `/api/students/${await child(t)}/consent` }),
    allow: [...vmdManagers, ...childTeachers, studentVmd, parentVmd],
    deny: [districtDiAn, principalCva, teacherCva],
  },
  {
    route: "GET /api/me/consent",
    request: async () => ({ url: "/api/me/consent" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "POST /api/students/:id/consent",
    request: async (t) => ({
      url: `/api/students/${await child(t)}/consent`,
      body: { noticeVersion: 1, purposes: ["attendance_alerts"], accept: true },
    }),
    allow: [parentVmd, studentVmd],
    deny: allBut(parentVmd, studentVmd),
  },
  {
    route: "POST /api/students/:id/consent/withdraw",
    request: async (t) => ({
      url: `/api/students/${await child(t)}/consent/withdraw`,
      body: { confirm: true },
    }),
    allow: [parentVmd, studentVmd],
    deny: allBut(parentVmd, studentVmd),
  },
  {
    route: "GET /api/classes/:id/consent-coverage",
    request: async (t) => ({ url: `/api/classes/${await t.classId("10A1")}/consent-coverage` }),
    allow: [...vmdManagers, ...childTeachers],
    deny: [districtDiAn, principalCva, teacherCva, studentVmd, parentVmd],
  },
  {
    route: "GET /api/schools/:id/consent-coverage",
    request: async (t) => ({ url: `/api/schools/${await school(t)}/consent-coverage` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/students/:id/data-export.json",
    request: async (t) => ({ url: `/api/students/${await child(t)}/data-export.json` }),
    allow: [principalVmd, parentVmd],
    deny: allBut(principalVmd, parentVmd),
  },
  {
    route: "GET /api/students/:id/data-export.pdf",
    request: async (t) => ({ url: `/api/students/${await child(t)}/data-export.pdf` }),
    allow: [principalVmd, parentVmd],
    deny: allBut(principalVmd, parentVmd),
  },
  {
    route: "POST /api/students/:id/deletion-requests",
    request: async (t) => ({
      url: `/api/students/${await child(t)}/deletion-requests`,
      body: { scope: ["chat_history"], confirm: true },
    }),
    allow: [principalVmd, parentVmd],
    deny: allBut(principalVmd, parentVmd),
  },
  {
    route: "GET /api/students/:id/deletion-requests",
    request: async (t) => ({ url: `/api/students/${await child(t)}/deletion-requests` }),
    allow: [principalVmd, parentVmd],
    deny: allBut(principalVmd, parentVmd),
  },
  {
    route: "GET /api/schools/:id/deletion-requests",
    request: async (t) => ({ url: `/api/schools/${await school(t)}/deletion-requests` }),
    allow: [principalVmd],
    deny: allBut(principalVmd),
  },
  {
    route: "GET /api/schools/:id/access-log",
    request: async (t) => ({ url: `/api/schools/${await school(t)}/access-log` }),
    allow: [principalVmd],
    deny: allBut(principalVmd),
  },
  {
    route: "GET /api/schools/:id/retention",
    request: async (t) => ({ url: `/api/schools/${await school(t)}/retention` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "PATCH /api/schools/:id/retention",
    request: async (t) => ({
      url: `/api/schools/${await school(t)}/retention`,
      body: { chatDays: 30 },
    }),
    allow: [principalVmd],
    deny: allBut(principalVmd),
  },
];
