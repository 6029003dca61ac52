/** The demo province: a Department, two districts, three schools, six classes, 150 students with
 * Vietnamese names, their teachers, principals, officers and some parents. Deterministic. */
import type { AppContext } from "../context.ts";
import type { Db } from "../db/database.ts";
import { hashPassword, temporaryPassword } from "../features/accounts/passwords.ts";
import { insertOrg } from "../features/orgs/orgs.repo.ts";

export const DEMO_PASSWORD = "SafeClass2026";

export interface DemoLogins {
  password: string;
  accounts: Array<{ role: string; username: string; description: string }>;
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

/** Seeds the demo province unless it is already there; returns the demo logins. */
export async function seedDemoProvince(ctx: AppContext): Promise<DemoLogins> {
  const db = ctx.db;
  const accounts: DemoLogins["accounts"] = [];
  const existing = await db
    .selectFrom("org_units")
    .select("id")
    .where("code", "=", "SGDDT-BD")
    .executeTakeFirst();
  const logins = (): DemoLogins => ({ password: DEMO_PASSWORD, accounts });
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
  if (existing) return logins();

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const next = random(556);
    const department = await insertOrg(trx, {
      kind: "department",
      parentId: null,
      parentPath: "/",
      name: "Sở Giáo dục và Đào tạo Bình Dương",
      code: "SGDDT-BD",
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

    const teacherSpecs: Record<string, Array<[string, string, string, string]>> = {
      vmd: [
        ["gv.lan", "Nguyễn Thị Lan", "GV-VMD-01", "Toán"],
        ["gv.hung", "Trần Văn Hùng", "GV-VMD-02", "Ngữ văn"],
        ["gv.khoa", "Lê Minh Khoa", "GV-VMD-03", "Tiếng Anh"],
        ["gv.phuong", "Phạm Thu Phương", "GV-VMD-04", "Lịch sử"],
      ],
      cva: [
        ["gv.thao", "Hoàng Thị Thảo", "GV-CVA-01", "Tin học"],
        ["gv.nam", "Bùi Hoài Nam", "GV-CVA-02", "Toán"],
      ],
      gdtx: [
        ["gv.duong", "Dương Văn Dương", "GV-GDTX-01", "Vật lí"],
        ["gv.yen", "Hồ Thị Yến", "GV-GDTX-02", "Sinh học"],
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
      const teacherIds: string[] = [];
      for (const [username, name, code, subject] of teacherSpecs[school.key] ?? []) {
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
        teacherIds.push(id);
      }
      let classIndex = 0;
      for (const [className, grade] of school.classes) {
        const homeroom = teacherIds[classIndex % teacherIds.length]!;
        const klass = await trx
          .insertInto("classes")
          .values({
            school_id: created.id,
            name: className,
            grade,
            school_year: "2026-2027",
            homeroom_teacher_id: homeroom,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        for (const [index, teacherId] of teacherIds.entries()) {
          const spec = teacherSpecs[school.key]![index]!;
          await trx
            .insertInto("class_teachers")
            .values({ class_id: klass.id, teacher_id: teacherId, subject: spec[3] })
            .execute();
        }
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
    return logins();
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
