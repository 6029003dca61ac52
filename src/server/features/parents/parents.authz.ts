import { allBut, demo, everyone, type AuthzProbe } from "../../testing/authz.ts";

const { department, districtTdm, districtDiAn, principalVmd, principalCva } = demo;
const { teacherVmd, teacherVmd2, teacherCva, studentVmd, parentVmd } = demo;
const vmdManagers = [department, districtTdm, principalVmd];
/** gv.lan is homeroom teacher of 10A1, gv.hung teaches it too. */
const childTeachers = [teacherVmd, teacherVmd2];
const child = (t: Parameters<AuthzProbe["request"]>[0]) => t.studentId("VMD1001");

export const parentsAuthz: AuthzProbe[] = [
  {
    route: "POST /api/parents/register",
    // A malformed code: every caller gets the same 400, nobody is refused.
    request: async () => ({
      url: "/api/parents/register",
      body: {
        code: "x",
        displayName: "Phụ huynh",
        username: "ph.matrix",
        password: "MatKhau2026!",
      },
    }),
    allow: everyone,
    deny: [],
    public: true,
  },
  {
    route: "POST /api/parents/link",
    request: async () => ({ url: "/api/parents/link", body: { code: "ZZZZ-ZZZZ-ZZZZZ" } }),
    allow: [parentVmd],
    deny: allBut(parentVmd),
  },
  {
    route: "GET /api/parents/children",
    request: async () => ({ url: "/api/parents/children" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "GET /api/students/:id/overview",
    request: async (t) => ({ url: `/api/students/${await child(t)}/overview` }),
    allow: [parentVmd],
    deny: allBut(parentVmd),
  },
  {
    route: "POST /api/classes/:id/link-codes",
    request: async (t) => ({
      url: `/api/classes/${await t.classId("10A1")}/link-codes`,
      body: { studentIds: [await t.studentId("VMD1020")] },
    }),
    allow: [...vmdManagers, teacherVmd],
    deny: [districtDiAn, principalCva, teacherVmd2, teacherCva, studentVmd, parentVmd],
  },
  {
    route: "GET /api/classes/:id/link-codes",
    request: async (t) => ({ url: `/api/classes/${await t.classId("10A1")}/link-codes` }),
    allow: [...vmdManagers, teacherVmd],
    deny: [districtDiAn, principalCva, teacherVmd2, teacherCva, studentVmd, parentVmd],
  },
  {
    route: "GET /api/students/:id/messages",
    request: async (t) => ({ url: `/api/students/${await child(t)}/messages` }),
    allow: [parentVmd, ...childTeachers],
    deny: allBut(parentVmd, ...childTeachers),
  },
  {
    route: "POST /api/students/:id/messages",
    request: async (t) => ({
      url: `/api/students/${await child(t)}/messages`,
      body: { body: "Kiểm tra quyền" },
    }),
    allow: [parentVmd, ...childTeachers],
    deny: allBut(parentVmd, ...childTeachers),
  },
  {
    route: "POST /api/students/:id/messages/read",
    request: async (t) => ({ url: `/api/students/${await child(t)}/messages/read`, body: {} }),
    allow: [parentVmd, ...childTeachers],
    deny: allBut(parentVmd, ...childTeachers),
  },
  {
    route: "GET /api/family-messages/threads",
    request: async () => ({ url: "/api/family-messages/threads" }),
    allow: everyone,
    deny: [],
  },
  {
    route: "POST /api/schools/:id/notices",
    request: async (t) => ({
      url: `/api/schools/${await t.orgId("THPT-VMD")}/notices`,
      body: { title: "Thông báo kiểm tra", body: "Nội dung" },
    }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/schools/:id/notices",
    request: async (t) => ({ url: `/api/schools/${await t.orgId("THPT-VMD")}/notices` }),
    allow: [...vmdManagers, ...childTeachers],
    deny: [districtDiAn, principalCva, teacherCva, studentVmd, parentVmd],
  },
  {
    route: "DELETE /api/notices/:id",
    request: async () => ({ url: "/api/notices/00000000-0000-4000-8000-000000000000" }),
    allow: [],
    deny: allBut(),
  },
];
