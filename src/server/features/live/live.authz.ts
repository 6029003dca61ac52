import { allBut, demo, type AuthzProbe } from "../../testing/authz.ts";
import type { TestServer } from "../../testing/harness.ts";
import { insertJoinLink } from "./live.links.repo.ts";
import { classSchoolId, insertBan, insertSession } from "./live.repo.ts";

const { department, districtTdm, principalVmd, teacherVmd, teacherVmd2 } = demo;
const vmdManagers = [department, districtTdm, principalVmd];
// Every Võ Minh Đức teacher teaches 10A1 in the demo province.
const staff10A1 = [...vmdManagers, teacherVmd, teacherVmd2];
const members10A1 = [...staff10A1, demo.studentVmd, demo.parentVmd];
const class10A1 = (t: TestServer) => t.classId("10A1");

const fixtures = new WeakMap<
  TestServer,
  Promise<{ sessionId: string; linkId: string; banId: string }>
>();

/** A session, a link and a ban of 10A1 made straight in the database (once per server). */
function fixture(t: TestServer) {
  let made = fixtures.get(t);
  if (!made) {
    made = (async () => {
      const classId = await class10A1(t);
      const schoolId = await classSchoolId(t.ctx.db, classId);
      const now = t.ctx.now();
      const session = await insertSession(t.ctx.db, {
        classId,
        schoolId,
        title: "Toán — authz",
        startsAt: now,
        endsAt: new Date(now.getTime() + 3_600_000),
        createdBy: null,
      });
      const studentId = await t.studentId("VMD1002");
      const link = await insertJoinLink(t.ctx.db, {
        classId,
        studentId,
        classTag: "authz000",
        tokenHash: `authz-${Math.random()}`,
        createdBy: null,
        expiresAt: new Date(now.getTime() + 86_400_000),
      });
      const ban = await insertBan(t.ctx.db, {
        classId,
        userId: await t.userId("hs.vmd1002"),
        sessionId: null,
        until: new Date(now.getTime() + 86_400_000),
        reason: null,
        createdBy: await t.userId("gv.lan"),
      });
      return { sessionId: session.id, linkId: link.id, banId: ban.id };
    })();
    fixtures.set(t, made);
  }
  return made;
}

/** A session of 10A1 starting now, made for one probe (opening and closing change it). */
async function freshSession(t: TestServer): Promise<string> {
  const classId = await class10A1(t);
  const schoolId = await classSchoolId(t.ctx.db, classId);
  const now = t.ctx.now();
  const session = await insertSession(t.ctx.db, {
    classId,
    schoolId,
    title: "Toán — authz open/close",
    startsAt: now,
    endsAt: new Date(now.getTime() + 3_600_000),
    createdBy: null,
  });
  return session.id;
}

// Opening and closing a class is for its teachers only: school managers watch, they do not run it.
const teachers10A1 = [teacherVmd, teacherVmd2];

export const liveAuthz: AuthzProbe[] = [
  {
    route: "POST /api/live/sessions/:id/open",
    request: async (t) => ({ url: `/api/live/sessions/${await freshSession(t)}/open` }),
    allow: teachers10A1,
    deny: allBut(...teachers10A1),
  },
  {
    route: "POST /api/live/sessions/:id/close",
    request: async (t) => ({ url: `/api/live/sessions/${await freshSession(t)}/close` }),
    allow: teachers10A1,
    deny: allBut(...teachers10A1),
  },
  {
    route: "POST /api/live/join",
    request: async () => ({
      url: "/api/live/join",
      body: { token: "AAAAAAAA.not-a-real-token-at-all-0000" },
    }),
    allow: [],
    deny: [],
    public: true,
  },
  {
    route: "GET /api/live/today",
    request: async () => ({ url: "/api/live/today" }),
    allow: allBut(),
    deny: [],
  },
  {
    route: "GET /api/classes/:id/live-sessions",
    request: async (t) => ({ url: `/api/classes/${await class10A1(t)}/live-sessions` }),
    allow: members10A1,
    deny: allBut(...members10A1),
  },
  {
    route: "POST /api/classes/:id/live-sessions",
    request: async (t) => {
      const startsAt = new Date(t.ctx.now().getTime() + 86_400_000);
      return {
        url: `/api/classes/${await class10A1(t)}/live-sessions`,
        body: {
          title: "Ôn tập",
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2_700_000).toISOString(),
        },
      };
    },
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  {
    route: "GET /api/live-sessions/:id",
    request: async (t) => ({ url: `/api/live-sessions/${(await fixture(t)).sessionId}` }),
    allow: members10A1,
    deny: allBut(...members10A1),
  },
  {
    route: "PATCH /api/live-sessions/:id",
    request: async (t) => ({
      url: `/api/live-sessions/${(await fixture(t)).sessionId}`,
      body: { title: "Toán — đổi tên" },
    }),
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  {
    route: "GET /api/classes/:id/timetable",
    request: async (t) => ({ url: `/api/classes/${await class10A1(t)}/timetable` }),
    allow: members10A1,
    deny: allBut(...members10A1),
  },
  {
    route: "PUT /api/classes/:id/timetable",
    request: async (t) => ({
      url: `/api/classes/${await class10A1(t)}/timetable`,
      body: { rules: [{ weekday: 1, startTime: "07:30", endTime: "08:15", title: "Toán" }] },
    }),
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  {
    route: "GET /api/classes/:id/join-links",
    request: async (t) => ({ url: `/api/classes/${await class10A1(t)}/join-links` }),
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  {
    route: "POST /api/classes/:id/join-links",
    request: async (t) => ({
      url: `/api/classes/${await class10A1(t)}/join-links`,
      body: { studentIds: [await t.studentId("VMD1003")], format: "json" },
    }),
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  {
    route: "POST /api/join-links/:id/revoke",
    request: async (t) => ({ url: `/api/join-links/${(await fixture(t)).linkId}/revoke` }),
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  {
    route: "GET /api/live-sessions/:id/attendance",
    request: async (t) => ({
      url: `/api/live-sessions/${(await fixture(t)).sessionId}/attendance`,
    }),
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  {
    route: "GET /api/classes/:id/attendance",
    request: async (t) => ({ url: `/api/classes/${await class10A1(t)}/attendance` }),
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  {
    route: "GET /api/students/:id/live-attendance",
    request: async (t) => ({
      url: `/api/students/${await t.studentId("VMD1001")}/live-attendance`,
    }),
    allow: [...staff10A1, demo.studentVmd, demo.parentVmd],
    deny: allBut(...staff10A1, demo.studentVmd, demo.parentVmd),
  },
  {
    route: "GET /api/classes/:id/live-bans",
    request: async (t) => ({ url: `/api/classes/${await class10A1(t)}/live-bans` }),
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  {
    route: "POST /api/live-bans/:id/lift",
    request: async (t) => ({ url: `/api/live-bans/${(await fixture(t)).banId}/lift` }),
    allow: staff10A1,
    deny: allBut(...staff10A1),
  },
  // Grant-only routes: a signed-in session is not enough, only this device's join grant.
  {
    route: "GET /api/live/grant/rules",
    request: async () => ({ url: "/api/live/grant/rules" }),
    allow: [],
    deny: allBut(),
    public: true,
  },
  {
    route: "POST /api/live/grant/rules/acknowledge",
    request: async () => ({
      url: "/api/live/grant/rules/acknowledge",
      body: { rulesId: "00000000-0000-4000-8000-000000000000" },
    }),
    allow: [],
    deny: allBut(),
    public: true,
  },
];
