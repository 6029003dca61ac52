/** The demo province's live classes: each class's weekly timetable with the teacher of each
 * period, today's classes of demo teachers and a student, and the practice session of the day
 * that `npm start` adds. */
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TimetableRuleView, TodayResponse } from "../../shared/live.ts";
import { loadConfig } from "../config.ts";
import { openDatabase, type DatabaseHandle } from "../db/database.ts";
import { acknowledgeRules, connected, join } from "../features/live/live.testkit.ts";
import { vietnamDate, vietnamWeekday } from "../../shared/vietnam-time.ts";
import { repoRoot, startServer } from "../main.ts";
import { startTestServer, type TestServer } from "../testing/harness.ts";
import { PRACTICE_SESSION_TITLE, seedDemoProvince } from "./demo.ts";

const DAY = 86_400_000;
const classesBySchool = { "THPT-VMD": ["10A1", "10A2", "11A1"], "THCS-CVA": ["8A1", "9A1"] };
const demoClasses = ["10A1", "10A2", "11A1", "8A1", "9A1", "10B1"];

/** The next `weekday` (1 = Monday … 7 = Sunday) after `now`, at `time` in Vietnam. */
function nextVietnam(now: Date, weekday: number, time: string): Date {
  const days = (weekday - vietnamWeekday(now) + 7) % 7 || 7;
  return new Date(`${vietnamDate(new Date(now.getTime() + days * DAY))}T${time}:00+07:00`);
}

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

describe("the demo province's weekly timetables", () => {
  it("gives every class four periods a day, Monday to Saturday, of its teachers' subjects, each naming its teacher, and the homeroom period on Saturday", async () => {
    const officer = await t.login("so.admin");
    const timetables = new Map<string, TimetableRuleView[]>();
    for (const name of demoClasses) {
      const classId = await t.classId(name);
      const response = await officer.get(`/api/classes/${classId}/timetable`);
      expect(response.status).toBe(200);
      const rules = response.body.rules as TimetableRuleView[];
      timetables.set(name, rules);
      const subjects = await t.ctx.db
        .selectFrom("class_teachers")
        .select(["subject", "teacher_id"])
        .where("class_id", "=", classId)
        .execute();
      const { homeroom_teacher_id: homeroomId } = await t.ctx.db
        .selectFrom("classes")
        .select("homeroom_teacher_id")
        .where("id", "=", classId)
        .executeTakeFirstOrThrow();
      expect(rules, name).toHaveLength(6 * 4 + 1);
      for (let weekday = 1; weekday <= 7; weekday += 1) {
        const count = rules.filter((rule) => rule.weekday === weekday).length;
        expect(count, `${name} weekday ${weekday}`).toBe(weekday === 7 ? 0 : weekday === 6 ? 5 : 4);
      }
      for (const rule of rules) {
        const [subject, teacher] = rule.title.split(" — ");
        expect([...subjects.map((row) => row.subject), "Sinh hoạt lớp"]).toContain(subject);
        expect(teacher).toMatch(/^(cô|thầy) \p{L}+$/u);
        // The period names the teacher the title calls by name, who teaches its subject here.
        expect(rule.teacherName!.split(" ").at(-1)).toBe(teacher!.split(" ")[1]);
        expect(rule.teacherId).toBe(
          subject === "Sinh hoạt lớp"
            ? homeroomId
            : subjects.find((row) => row.subject === subject)!.teacher_id,
        );
        expect(rule.startTime < rule.endTime).toBe(true);
      }
      const homeroom = rules.filter((rule) => rule.title.startsWith("Sinh hoạt lớp"));
      expect(homeroom.map((rule) => rule.weekday)).toEqual([6]);
    }
    expect(timetables.get("10A1")!.at(-1)!.title).toBe("Sinh hoạt lớp — cô Lan");
    expect(timetables.get("10A1")![0]).toMatchObject({ startTime: "07:00", endTime: "07:45" });
    expect(timetables.get("8A1")![0]).toMatchObject({ startTime: "13:30", endTime: "14:15" });
    // A teacher of several classes of a school is never due in two of them at once.
    for (const names of Object.values(classesBySchool)) {
      const slots = new Map<string, string[]>();
      for (const name of names) {
        for (const rule of timetables.get(name)!) {
          const key = `${rule.weekday} ${rule.startTime}`;
          slots.set(key, [...(slots.get(key) ?? []), rule.title.split(" — ")[1]!]);
        }
      }
      for (const [slot, teachers] of slots) {
        expect(new Set(teachers).size, slot).toBe(teachers.length);
      }
    }
  });
});

describe("GET /api/live/today in the demo province", () => {
  it("shows demo teachers their own Monday periods and a student all of the class's, which a teacher opens and the student joins", async () => {
    // The tests' province has no session until someone looks at a day.
    expect(await t.ctx.db.selectFrom("class_sessions").select("id").execute()).toEqual([]);
    const monday = nextVietnam(t.ctx.now(), 1, "07:55");
    t.clock.advance(monday.getTime() - t.ctx.now().getTime());
    const at = (time: string) => new Date(`${vietnamDate(monday)}T${time}:00+07:00`).toISOString();
    const teacher = await t.login("gv.lan");
    const today = (await teacher.get("/api/live/today")).body as TodayResponse;
    const classOf = new Map<string, string>();
    for (const name of ["10A1", "10A2", "11A1"]) classOf.set(await t.classId(name), name);
    // gv.lan teaches Toán in the three classes: one period in each on Monday, not her
    // colleagues' eleven others.
    const lan = await t.userId("gv.lan");
    expect(
      today.items.map((item) => [classOf.get(item.classId), item.startsAt, item.title]),
    ).toEqual([
      ["11A1", at("07:50"), "Toán — cô Lan"],
      ["10A2", at("08:50"), "Toán — cô Lan"],
      ["10A1", at("09:40"), "Toán — cô Lan"],
    ]);
    for (const item of today.items) {
      expect(item).toMatchObject({
        relation: "teacher",
        timetableRuleId: expect.any(String),
        teacherId: lan,
        teacherName: "Nguyễn Thị Lan",
        state: "scheduled",
      });
    }
    // Her 11A1 period is under way; her host window opens an hour before each start.
    expect(today.items.map((item) => item.joinable)).toEqual([true, true, false]);
    // gv.khoa's first period (10A2, 07:00) is over; his second, 10A1's, is about to start.
    const tenA1 = await t.classId("10A1");
    const khoa = await t.login("gv.khoa");
    const khoasDay = ((await khoa.get("/api/live/today")).body as TodayResponse).items;
    expect(khoasDay).toHaveLength(3);
    expect(khoasDay[0]).toMatchObject({
      classId: await t.classId("10A2"),
      startsAt: at("07:00"),
      state: "ended",
      joinable: false,
    });
    const second = khoasDay.find((item) => item.classId === tenA1);
    expect(second).toMatchObject({
      startsAt: at("07:50"),
      title: "Tiếng Anh — thầy Khoa",
      state: "scheduled",
      joinable: true,
    });

    const opened = await khoa.post(`/api/live/sessions/${second!.id}/open`);
    expect(opened.status).toBe(200);
    expect(opened.body.session).toMatchObject({ id: second!.id, state: "open" });

    await acknowledgeRules(t, "hs.vmd1001");
    const student = await t.login("hs.vmd1001");
    const mine = (await student.get("/api/live/today")).body as TodayResponse;
    expect(mine.items).toHaveLength(4);
    expect(mine.items.every((item) => item.classId === tenA1 && item.relation === "student")).toBe(
      true,
    );
    expect(mine.items.find((item) => item.id === second!.id)).toMatchObject({
      title: second!.title,
      state: "open",
      joinable: true,
    });
    const socket = await connected(student.socket());
    expect(await join(socket, second!.id)).toMatchObject({ ok: true, status: "admitted" });
    socket.close();

    // Looking again makes no second copy of the day's sessions (three classes, four periods).
    const again = (await teacher.get("/api/live/today")).body as TodayResponse;
    expect(again.items.map((item) => item.id).sort()).toEqual(
      today.items.map((item) => item.id).sort(),
    );
    expect(await t.ctx.db.selectFrom("class_sessions").select("id").execute()).toHaveLength(3 * 4);
  });

  it("has no timetabled class on Sunday, and seeding the demo again adds a practice session named for the homeroom teacher", async () => {
    const sunday = nextVietnam(t.ctx.now(), 7, "20:10");
    t.clock.advance(sunday.getTime() - t.ctx.now().getTime());
    const teacher = await t.login("gv.thao");
    expect(((await teacher.get("/api/live/today")).body as TodayResponse).items).toEqual([]);

    // `npm start` with SEED_DEMO=true on the existing province.
    const logins = await seedDemoProvince(t.ctx);
    expect(logins.todayNotes.join("\n")).toContain("until 00:10");
    // gv.thao is the homeroom teacher of 8A1, gv.nam of 9A1; both teach the two classes.
    const today = (await teacher.get("/api/live/today")).body as TodayResponse;
    expect(today.items.map((item) => item.classId)).toEqual([await t.classId("8A1")]);
    const nam = await t.login("gv.nam");
    const namsDay = ((await nam.get("/api/live/today")).body as TodayResponse).items;
    expect(namsDay.map((item) => item.classId)).toEqual([await t.classId("9A1")]);
    for (const item of [...today.items, ...namsDay]) {
      expect(item).toMatchObject({
        title: PRACTICE_SESSION_TITLE,
        timetableRuleId: null,
        relation: "teacher",
        state: "scheduled",
        joinable: true,
        startsAt: sunday.toISOString(),
      });
      expect(Date.parse(item.endsAt) - Date.parse(item.startsAt)).toBe(4 * 3_600_000);
    }
    // Seeding once more while they run adds none.
    await seedDemoProvince(t.ctx);
    const practice = await t.ctx.db
      .selectFrom("class_sessions")
      .select("class_id")
      .where("title", "=", PRACTICE_SESSION_TITLE)
      .execute();
    expect(practice).toHaveLength(demoClasses.length);
  });
});

/** A new, empty database (an in-memory PGlite, or a private schema when DATABASE_URL is set). */
function openNewDatabase(): Promise<DatabaseHandle> {
  const config = loadConfig();
  return config.databaseUrl
    ? openDatabase({ databaseUrl: config.databaseUrl, isolatedSchema: true, poolSize: 4 })
    : openDatabase({});
}

describe("the demo province seeded by npm start", () => {
  let handle: DatabaseHandle;
  afterAll(async () => {
    await handle?.close();
  });

  it("starts with a practice session in every class, led by its homeroom teacher", async () => {
    handle = await openNewDatabase();
    const now = new Date("2026-09-06T13:02:00Z"); // Sunday 6 September 2026, 20:02 in Vietnam
    const logins = await seedDemoProvince({ db: handle.db, now: () => now });
    expect(logins.accounts.map((account) => account.username)).toContain("gv.lan");
    expect(logins.todayNotes.join("\n")).toMatch(/07:00–11:15.*13:30–17:45/s);
    expect(logins.todayNotes.join("\n")).toContain("until 00:00");
    const sessions = await handle.db
      .selectFrom("class_sessions as cs")
      .innerJoin("classes as c", "c.id", "cs.class_id")
      .select(["c.name", "c.homeroom_teacher_id", "cs.created_by", "cs.starts_at", "cs.ends_at"])
      .select(["cs.title", "cs.timetable_rule_id", "cs.teacher_id"])
      .execute();
    expect(sessions.map((session) => session.name).sort()).toEqual([...demoClasses].sort());
    for (const session of sessions) {
      expect(session).toMatchObject({
        title: PRACTICE_SESSION_TITLE,
        timetable_rule_id: null,
        created_by: session.homeroom_teacher_id,
        teacher_id: session.homeroom_teacher_id,
        starts_at: new Date("2026-09-06T13:00:00Z"),
        ends_at: new Date("2026-09-06T17:00:00Z"),
      });
    }
    const rules = await handle.db
      .selectFrom("live_timetable_rules")
      .select("id")
      .where("archived_at", "is", null)
      .execute();
    expect(rules).toHaveLength(demoClasses.length * 25);
  }, 120_000);

  it("gives every class a new practice session when the server starts again on a later day", async () => {
    const monday = new Date("2026-09-07T02:10:00Z"); // Monday 7 September 2026, 09:10 in Vietnam
    const config = loadConfig();
    const server = await startServer(
      { ...config, env: "test", host: "127.0.0.1", port: 0, logLevel: "silent" },
      {
        // The database as a restart finds it: not fresh, holding the province.
        database: { ...handle, fresh: false },
        now: () => monday,
        log: pino({ level: "silent" }),
        webRoot: path.join(repoRoot, ".tmp/no-web"),
      },
    );
    try {
      expect(server.demoLogins?.accounts.map((account) => account.username)).toContain("gv.lan");
      expect(server.demoLogins?.todayNotes.join("\n")).toContain("until 13:10");
    } finally {
      await server.close();
    }
    const practice = await handle.db
      .selectFrom("class_sessions as cs")
      .innerJoin("classes as c", "c.id", "cs.class_id")
      .select(["c.name", "cs.starts_at", "cs.ends_at"])
      .where("cs.title", "=", PRACTICE_SESSION_TITLE)
      .where("cs.starts_at", "=", new Date("2026-09-07T02:10:00Z"))
      .execute();
    expect(practice.map((session) => session.name).sort()).toEqual([...demoClasses].sort());
    expect(
      practice.every((session) => session.ends_at.getTime() === Date.parse("2026-09-07T06:10:00Z")),
    ).toBe(true);
  }, 120_000);
});

describe("server processes starting together on one new database", () => {
  let handle: DatabaseHandle;
  afterAll(async () => {
    await handle?.close();
  });

  it("seed one demo province between them, with one practice session a class", async () => {
    handle = await openNewDatabase();
    const now = new Date("2026-09-07T02:10:00Z");
    const seeds = await Promise.all(
      [1, 2, 3].map(() => seedDemoProvince({ db: handle.db, now: () => now })),
    );
    for (const logins of seeds) expect(logins.todayNotes.join("\n")).toContain("until 13:10");
    const departments = await handle.db
      .selectFrom("org_units")
      .select("id")
      .where("kind", "=", "department")
      .execute();
    expect(departments).toHaveLength(1);
    const practice = await handle.db
      .selectFrom("class_sessions as cs")
      .innerJoin("classes as c", "c.id", "cs.class_id")
      .select("c.name")
      .where("cs.title", "=", PRACTICE_SESSION_TITLE)
      .execute();
    expect(practice.map((session) => session.name).sort()).toEqual([...demoClasses].sort());
  }, 120_000);
});
