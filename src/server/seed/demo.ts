/** The demo province: a Department, two districts, three schools, six classes, 150 students with
 * Vietnamese names, their teachers, principals, officers and some parents, and each class's
 * weekly live-class timetable. Deterministic, but for the practice session of the day it is
 * seeded on (see `seedDemoProvince`). */
import { sql } from "kysely";
import type { AppContext } from "../context.ts";
import type { Db } from "../db/database.ts";
import { hashPassword, temporaryPassword } from "../features/accounts/passwords.ts";
import {
  insertSession,
  listSessions,
  replaceTimetable,
  type TimetableRuleInput,
} from "../features/live/live.repo.ts";
import { insertOrg } from "../features/orgs/orgs.repo.ts";
import { vietnamDateTime } from "../../shared/vietnam-time.ts";

export const DEMO_PASSWORD = "SafeClass2026";

export interface DemoLogins {
  password: string;
  accounts: Array<{ role: string; username: string; description: string }>;
  /** What today's classes (/today) show, one line each. */
  todayNotes: string[];
}

export interface DemoSeedOptions {
  /** A practice session from now on in every class, so that today's classes are never empty
   * (Sundays, evenings). Tests leave it out: they reason about the sessions they create. */
  practiceSessions?: boolean;
}

/** The code of the demo province's Department, by which a database is known to hold the demo. */
const DEMO_DEPARTMENT_CODE = "SGDDT-BD";
/** The advisory lock that seeding holds (any number, the same in every process). */
const DEMO_SEED_LOCK = 556_2020;

/** The title of the practice sessions, which the demo recognises when it is seeded again. */
export const PRACTICE_SESSION_TITLE = "Buổi học thử (demo) — Sinh hoạt lớp";
const PRACTICE_SESSION_HOURS = 4;

/** Periods of a Vietnamese school day (45 minutes, a longer break after the second). */
const periods = {
  morning: [
    ["07:00", "07:45"],
    ["07:50", "08:35"],
    ["08:50", "09:35"],
    ["09:40", "10:25"],
    ["10:30", "11:15"],
  ],
  afternoon: [
    ["13:30", "14:15"],
    ["14:20", "15:05"],
    ["15:20", "16:05"],
    ["16:10", "16:55"],
    ["17:00", "17:45"],
  ],
} as const;
type Shift = keyof typeof periods;
/** Subject periods a day (Monday to Saturday); Saturday's next period is the homeroom's. */
const SUBJECT_PERIODS = 4;
const SCHOOL_DAYS = [1, 2, 3, 4, 5, 6] as const;

interface DemoTeacher {
  userId: string;
  subject: string;
  /** "cô Lan", "thầy Hùng": how the timetable names the teacher. */
  called: string;
}

/** A class's week: four subject periods a day, Monday to Saturday, and the homeroom period
 * (Sinh hoạt lớp) last on Saturday, each naming its teacher. The subjects rotate by the class's
 * index, so that a teacher of several classes of the school is never in two of them at once. */
function demoTimetable(
  teachers: readonly DemoTeacher[],
  classIndex: number,
  homeroom: DemoTeacher,
  shift: Shift,
): TimetableRuleInput[] {
  const rules: TimetableRuleInput[] = [];
  for (const weekday of SCHOOL_DAYS) {
    for (let period = 0; period < SUBJECT_PERIODS; period += 1) {
      const teacher = teachers[(period + weekday + classIndex) % teachers.length]!;
      const [startTime, endTime] = periods[shift][period]!;
      rules.push({
        weekday,
        startTime,
        endTime,
        title: `${teacher.subject} — ${teacher.called}`,
        teacherId: teacher.userId,
      });
    }
  }
  const [startTime, endTime] = periods[shift][SUBJECT_PERIODS]!;
  rules.push({
    weekday: 6,
    startTime,
    endTime,
    title: `Sinh hoạt lớp — ${homeroom.called}`,
    teacherId: homeroom.userId,
  });
  return rules;
}

const familyNames = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Huỳnh",
  "Phan",
  "Vũ",
  "Võ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
  "Dương",
  "Lý",
];
const middleMale = ["Văn", "Minh", "Đức", "Quốc", "Gia", "Hoàng", "Thành", "Anh", "Hữu", "Nhật"];
const middleFemale = [
  "Thị",
  "Ngọc",
  "Thu",
  "Thanh",
  "Khánh",
  "Bảo",
  "Phương",
  "Mai",
  "Diệu",
  "Hoài",
];
const givenMale = [
  "An",
  "Bảo",
  "Cường",
  "Dũng",
  "Duy",
  "Đạt",
  "Hải",
  "Hiếu",
  "Huy",
  "Khang",
  "Khoa",
  "Kiên",
  "Long",
  "Minh",
  "Nam",
  "Nghĩa",
  "Phát",
  "Phúc",
  "Quân",
  "Sơn",
  "Tài",
  "Thắng",
  "Thịnh",
  "Trí",
  "Tuấn",
  "Vinh",
];
const givenFemale = [
  "Anh",
  "Chi",
  "Diệp",
  "Giang",
  "Hà",
  "Hân",
  "Hằng",
  "Hương",
  "Lan",
  "Linh",
  "Ly",
  "Mai",
  "My",
  "Ngân",
  "Ngọc",
  "Nhi",
  "Như",
  "Oanh",
  "Phương",
  "Quyên",
  "Thảo",
  "Trang",
  "Trâm",
  "Uyên",
  "Vy",
  "Yến",
];

/** Small deterministic generator (mulberry32) so the demo is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, list: readonly T[]): T =>
  list[Math.floor(next() * list.length)]!;

async function createUser(
  db: Db,
  values: { username: string; displayName: string; email?: string; passwordHash: string | null },
) {
  const row = await db
    .insertInto("users")
    .values({
      username: values.username,
      display_name: values.displayName,
      email: values.email ?? null,
      password_hash: values.passwordHash,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function grant(db: Db, userId: string, role: string, orgUnitId: string) {
  await db
    .insertInto("role_assignments")
    .values({ user_id: userId, role, org_unit_id: orgUnitId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The classes of the demo province, with their school and homeroom teacher. */
function demoClasses(db: Db) {
  return db
    .selectFrom("classes as c")
    .innerJoin("org_units as s", "s.id", "c.school_id")
    .select(["c.id", "c.school_id", "c.homeroom_teacher_id"])
    .where("s.code", "in", ["THPT-VMD", "THCS-CVA", "GDTX-TDM"])
    .where("c.archived_at", "is", null)
    .orderBy("c.name_sort_key")
    .execute();
}

/** Gives every demo class that has none a practice session from now on, for a few hours, named
 * for its homeroom teacher, which its teachers can open at once; returns when the sessions end. */
async function addPracticeSessions(db: Db, now: Date): Promise<Date> {
  const classes = await demoClasses(db);
  const startsAt = new Date(Math.floor(now.getTime() / 300_000) * 300_000);
  let endsAt = new Date(startsAt.getTime() + PRACTICE_SESSION_HOURS * 3_600_000);
  const running = await listSessions(
    db,
    classes.map((klass) => klass.id),
    now,
    new Date(now.getTime() + 1),
  );
  for (const klass of classes) {
    const current = running.find(
      (session) =>
        session.class_id === klass.id &&
        session.timetable_rule_id === null &&
        session.title === PRACTICE_SESSION_TITLE &&
        session.closed_at === null,
    );
    if (current) {
      if (current.ends_at < endsAt) endsAt = current.ends_at;
      continue;
    }
    await insertSession(db, {
      classId: klass.id,
      schoolId: klass.school_id,
      title: PRACTICE_SESSION_TITLE,
      startsAt,
      endsAt,
      createdBy: klass.homeroom_teacher_id,
      teacherId: klass.homeroom_teacher_id,
    });
  }
  return endsAt;
}

function todayNotes(practiceUntil: Date | null): string[] {
  const notes = [
    "Weekly timetables, Monday to Saturday: THPT Võ Minh Đức 07:00–11:15, " +
      "THCS Chu Văn An and TT GDNN-GDTX Thủ Dầu Một 13:30–17:45 (Vietnam time).",
  ];
  if (practiceUntil) {
    notes.push(
      `Every class also has a practice session, "${PRACTICE_SESSION_TITLE}", ` +
        `which its teachers can open now, until ${vietnamDateTime(practiceUntil).slice(11)}.`,
    );
  }
  return notes;
}

/** Whether the database holds the demo province (then each start gives its classes the practice
 * sessions of the day). */
export async function hasDemoProvince(db: Db): Promise<boolean> {
  const department = await db
    .selectFrom("org_units")
    .select("id")
    .where("code", "=", DEMO_DEPARTMENT_CODE)
    .executeTakeFirst();
  return department !== undefined;
}

/** Seeds the demo province unless it is already there, and the practice sessions of today
 * (again when the province was there); returns the demo logins. */
export async function seedDemoProvince(
  ctx: Pick<AppContext, "db" | "now">,
  options: DemoSeedOptions = {},
): Promise<DemoLogins> {
  const db = ctx.db;
  const practice = options.practiceSessions ?? true;
  const accounts: DemoLogins["accounts"] = [];
  const existing = await hasDemoProvince(db);
  const logins = (practiceUntil: Date | null): DemoLogins => ({
    password: DEMO_PASSWORD,
    accounts,
    todayNotes: todayNotes(practiceUntil),
  });
  const describe = (role: string, username: string, description: string) =>
    accounts.push({ role, username, description });
  describe("department_officer", "so.admin", "Sở GDĐT Bình Dương");
  describe("district_officer", "phong.tdm", "Phòng GDĐT TP. Thủ Dầu Một");
  describe("district_officer", "phong.dian", "Phòng GDĐT TP. Dĩ An");
  describe("principal", "ht.vominhduc", "Hiệu trưởng THPT Võ Minh Đức");
  describe("principal", "ht.chuvanan", "Hiệu trưởng THCS Chu Văn An");
  describe("principal", "gd.gdtx.tdm", "Giám đốc TT GDNN-GDTX Thủ Dầu Một");
  describe("teacher", "gv.lan", "GV Toán, chủ nhiệm 10A1 (THPT Võ Minh Đức)");
  describe("teacher", "gv.hung", "GV Ngữ văn, chủ nhiệm 10A2 (THPT Võ Minh Đức)");
  describe("teacher", "gv.thao", "GV Tin học, chủ nhiệm 8A1 (THCS Chu Văn An)");
  describe("student", "hs.vmd1001", "Học sinh lớp 10A1");
  describe("student", "hs.vmd1002", "Học sinh lớp 10A1");
  describe("parent", "ph.demo", "Phụ huynh của hs.vmd1001");
  // Server processes starting together on one database seed one after the other: the second
  // finds the province, or the practice sessions, that the first made.
  const oneAtATime = (trx: Db) => sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK})`.execute(trx);
  const addPractice = async (trx: Db) =>
    logins(practice ? await addPracticeSessions(trx, ctx.now()) : null);
  if (existing) {
    if (!practice) return logins(null);
    return db.transaction().execute(async (trx) => {
      await oneAtATime(trx);
      return addPractice(trx);
    });
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    await oneAtATime(trx);
    if (await hasDemoProvince(trx)) return addPractice(trx);
    const next = random(556);
    const department = await insertOrg(trx, {
      kind: "department",
      parentId: null,
      parentPath: "/",
      name: "Sở Giáo dục và Đào tạo Bình Dương",
      code: DEMO_DEPARTMENT_CODE,
      email: "baocao@sgddt.binhduong.edu.vn",
      domain: "sgddt.binhduong.edu.vn",
    });
    const tdm = await insertOrg(trx, {
      kind: "district",
      parentId: department.id,
      parentPath: department.path,
      name: "Phòng GDĐT Thành phố Thủ Dầu Một",
      code: "TDM",
      email: "pgd@thudaumot.edu.vn",
    });
    const dian = await insertOrg(trx, {
      kind: "district",
      parentId: department.id,
      parentPath: department.path,
      name: "Phòng GDĐT Thành phố Dĩ An",
      code: "DA",
      email: "pgd@dian.edu.vn",
    });
    const schools = [
      {
        key: "vmd",
        parent: tdm,
        name: "Trường THPT Võ Minh Đức",
        code: "THPT-VMD",
        type: "THPT",
        domain: "thptvominhduc.edu.vn",
        principal: ["ht.vominhduc", "Nguyễn Văn Thành"],
        shift: "morning",
        classes: [
          ["10A1", 10],
          ["10A2", 10],
          ["11A1", 11],
        ],
      },
      {
        key: "cva",
        parent: dian,
        name: "Trường THCS Chu Văn An",
        code: "THCS-CVA",
        type: "THCS",
        domain: "thcschuvanan.edu.vn",
        principal: ["ht.chuvanan", "Trần Thị Bích Ngọc"],
        shift: "afternoon",
        classes: [
          ["8A1", 8],
          ["9A1", 9],
        ],
      },
      {
        key: "gdtx",
        parent: tdm,
        name: "Trung tâm GDNN-GDTX Thủ Dầu Một",
        code: "GDTX-TDM",
        type: "GDNN-GDTX",
        domain: "gdtxthudaumot.edu.vn",
        principal: ["gd.gdtx.tdm", "Lê Quốc Hưng"],
        shift: "afternoon",
        classes: [["10B1", 10]],
      },
    ] as const;

    const so = await createUser(trx, {
      username: "so.admin",
      displayName: "Phạm Minh Tuấn",
      email: "so.admin@sgddt.binhduong.edu.vn",
      passwordHash,
    });
    await grant(trx, so, "department_officer", department.id);
    const phongTdm = await createUser(trx, {
      username: "phong.tdm",
      displayName: "Võ Thị Hồng",
      passwordHash,
    });
    await grant(trx, phongTdm, "district_officer", tdm.id);
    const phongDa = await createUser(trx, {
      username: "phong.dian",
      displayName: "Đặng Văn Lộc",
      passwordHash,
    });
    await grant(trx, phongDa, "district_officer", dian.id);

    // username, name, code, subject, and "cô" or "thầy" as pupils call them.
    const teacherSpecs: Record<string, Array<[string, string, string, string, string]>> = {
      vmd: [
        ["gv.lan", "Nguyễn Thị Lan", "GV-VMD-01", "Toán", "cô"],
        ["gv.hung", "Trần Văn Hùng", "GV-VMD-02", "Ngữ văn", "thầy"],
        ["gv.khoa", "Lê Minh Khoa", "GV-VMD-03", "Tiếng Anh", "thầy"],
        ["gv.phuong", "Phạm Thu Phương", "GV-VMD-04", "Lịch sử", "cô"],
      ],
      cva: [
        ["gv.thao", "Hoàng Thị Thảo", "GV-CVA-01", "Tin học", "cô"],
        ["gv.nam", "Bùi Hoài Nam", "GV-CVA-02", "Toán", "thầy"],
      ],
      gdtx: [
        ["gv.duong", "Dương Văn Dương", "GV-GDTX-01", "Vật lí", "thầy"],
        ["gv.yen", "Hồ Thị Yến", "GV-GDTX-02", "Sinh học", "cô"],
      ],
    };
    let studentSerial = 1000;
    let parentCount = 0;
    for (const school of schools) {
      const created = await insertOrg(trx, {
        kind: "school",
        parentId: school.parent.id,
        parentPath: school.parent.path,
        name: school.name,
        code: school.code,
        schoolType: school.type,
        domain: school.domain,
        email: `vanthu@${school.domain}`,
      });
      const principal = await createUser(trx, {
        username: school.principal[0],
        displayName: school.principal[1],
        passwordHash,
      });
      await grant(trx, principal, "principal", created.id);
      const teachers: DemoTeacher[] = [];
      for (const [username, name, code, subject, salutation] of teacherSpecs[school.key] ?? []) {
        const id = await createUser(trx, {
          username,
          displayName: name,
          email: `${username}@${school.domain}`,
          passwordHash,
        });
        await grant(trx, id, "teacher", created.id);
        await trx
          .insertInto("teacher_profiles")
          .values({ user_id: id, school_id: created.id, teacher_code: code, subjects: subject })
          .execute();
        teachers.push({ userId: id, subject, called: `${salutation} ${name.split(" ").at(-1)}` });
      }
      let classIndex = 0;
      for (const [className, grade] of school.classes) {
        const homeroom = teachers[classIndex % teachers.length]!;
        const klass = await trx
          .insertInto("classes")
          .values({
            school_id: created.id,
            name: className,
            grade,
            school_year: "2026-2027",
            homeroom_teacher_id: homeroom.userId,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (const teacher of teachers) {
          await trx
            .insertInto("class_teachers")
            .values({ class_id: klass.id, teacher_id: teacher.userId, subject: teacher.subject })
            .execute();
        }
        await replaceTimetable(
          trx,
          klass.id,
          demoTimetable(teachers, classIndex, homeroom, school.shift),
          principal,
          ctx.now(),
        );
        classIndex += 1;
        const birthYear = 2026 - grade - 6;
        for (let seat = 0; seat < 25; seat += 1) {
          studentSerial += 1;
          const female = next() < 0.5;
          const fullName = `${pick(next, familyNames)} ${pick(next, female ? middleFemale : middleMale)} ${pick(next, female ? givenFemale : givenMale)}`;
          const code = `${school.key.toUpperCase()}${studentSerial}`;
          const username = `hs.${code.toLowerCase()}`;
          const demoStudent = username === "hs.vmd1001" || username === "hs.vmd1002";
          const userId = await createUser(trx, {
            username,
            displayName: fullName,
            passwordHash: demoStudent ? passwordHash : null,
          });
          await grant(trx, userId, "student", created.id);
          const month = 1 + Math.floor(next() * 12);
          const day = 1 + Math.floor(next() * 28);
          const student = await trx
            .insertInto("students")
            .values({
              school_id: created.id,
              user_id: userId,
              student_code: code,
              full_name: fullName,
              date_of_birth: `${birthYear}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
              gender: female ? "female" : "male",
              parent_phone: `09${String(10_000_000 + Math.floor(next() * 89_999_999)).slice(0, 8)}`,
            })
            .returning("id")
            .executeTakeFirstOrThrow();
          await trx
            .insertInto("enrolments")
            .values({ class_id: klass.id, student_id: student.id })
            .execute();
          // Every fifth student has a parent account; the first one is the demo parent.
          if (seat % 5 === 0) {
            parentCount += 1;
            const parentName = `${fullName.split(" ")[0]} ${female ? "Văn" : "Thị"} ${pick(next, female ? givenMale : givenFemale)}`;
            const parentUsername = parentCount === 1 ? "ph.demo" : `ph.${code.toLowerCase()}`;
            const parentId = await createUser(trx, {
              username: parentUsername,
              displayName: parentName,
              passwordHash: parentCount === 1 ? passwordHash : null,
            });
            await grant(trx, parentId, "parent", created.id);
            await trx
              .insertInto("parent_links")
              .values({
                parent_id: parentId,
                student_id: student.id,
                relation: female ? "father" : "mother",
              })
              .execute();
          }
        }
      }
    }
    return logins(practice ? await addPracticeSessions(trx, ctx.now()) : null);
  });
}

/** Creates a Department officer with a temporary password (CLI `create-admin`). */
export async function createDepartmentAdmin(
  db: Db,
  input: { username: string; name: string; email?: string; department: string },
): Promise<string> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    let department = await trx
      .selectFrom("org_units")
      .select(["id", "path"])
      .where("kind", "=", "department")
      .orderBy("created_at")
      .executeTakeFirst();
    department ??= await insertOrg(trx, {
      kind: "department",
      parentId: null,
      parentPath: "/",
      name: input.department,
      code: "SGDDT",
    });
    const userId = await createUser(trx, {
      username: input.username,
      displayName: input.name,
      email: input.email,
      passwordHash,
    });
    await trx
      .updateTable("users")
      .set({ must_change_password: true })
      .where("id", "=", userId)
      .execute();
    await grant(trx, userId, "department_officer", department.id);
  });
  return password;
}
