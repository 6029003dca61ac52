import { allBut, demo, type AuthzProbe } from "../../testing/authz.ts";

const {
  department,
  districtTdm,
  districtDiAn,
  principalVmd,
  principalCva,
  teacherVmd,
  teacherCva,
} = demo;
const vmdManagers = [department, districtTdm, principalVmd];
const class10A1 = async (t: Parameters<AuthzProbe["request"]>[0]) => t.classId("10A1");

export const classesAuthz: AuthzProbe[] = [
  {
    route: "GET /api/classes",
    request: async () => ({ url: "/api/classes" }),
    allow: allBut(),
    deny: [],
  },
  {
    route: "POST /api/classes",
    request: async (t) => ({
      url: "/api/classes",
      body: {
        schoolId: await t.orgId("THPT-VMD"),
        name: "12A9",
        grade: 12,
        schoolYear: "2026-2027",
      },
    }),
    allow: vmdManagers,
    deny: [districtDiAn, principalCva, teacherVmd, teacherCva, demo.studentVmd, demo.parentVmd],
  },
  {
    route: "GET /api/classes/:id",
    request: async (t) => ({ url: `/api/classes/${await class10A1(t)}` }),
    allow: [...vmdManagers, teacherVmd, demo.studentVmd, demo.parentVmd],
    deny: [districtDiAn, principalCva, teacherCva],
  },
  {
    route: "PATCH /api/classes/:id",
    request: async (t) => ({ url: `/api/classes/${await class10A1(t)}`, body: { grade: 10 } }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "POST /api/classes/:id/archive",
    request: async () => ({ url: "/api/classes/00000000-0000-4000-8000-000000000000/archive" }),
    allow: [],
    deny: allBut(),
  },
  {
    route: "POST /api/classes/:id/teachers",
    request: async (t) => ({
      url: `/api/classes/${await class10A1(t)}/teachers`,
      body: { teacherId: await t.userId("gv.lan"), subject: "Toán" },
    }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "DELETE /api/classes/:id/teachers/:teacherId",
    request: async (t) => ({
      url: `/api/classes/${await class10A1(t)}/teachers/00000000-0000-4000-8000-000000000000`,
    }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "POST /api/classes/:id/students",
    request: async (t) => ({
      url: `/api/classes/${await class10A1(t)}/students`,
      body: { studentId: await t.studentId("VMD1001") },
    }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "DELETE /api/classes/:id/students/:studentId",
    request: async (t) => ({
      url: `/api/classes/${await class10A1(t)}/students/00000000-0000-4000-8000-000000000000`,
    }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/schools/:id/students",
    request: async (t) => ({ url: `/api/schools/${await t.orgId("THPT-VMD")}/students` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "GET /api/schools/:id/teachers",
    request: async (t) => ({ url: `/api/schools/${await t.orgId("THPT-VMD")}/teachers` }),
    allow: vmdManagers,
    deny: allBut(...vmdManagers),
  },
  {
    route: "POST /api/users/:id/reset-password",
    // Resetting a real account would change its password; a missing one is refused to all.
    request: async () => ({
      url: "/api/users/00000000-0000-4000-8000-000000000000/reset-password",
    }),
    allow: [],
    deny: allBut(),
  },
];
