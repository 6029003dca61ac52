/** SQL for school rules, acknowledgements and teacher checklists. */
import { sql } from "kysely";
import type { RulesDocument } from "../../../shared/rules.ts";
import type { Db } from "../../db/database.ts";
import { rulesTemplate } from "./rules.template.ts";

const rulesColumns = [
  "id",
  "school_id",
  "version",
  "title",
  "document",
  "created_at",
  "updated_at",
  "published_at",
  "published_by",
] as const;

/** The school's current published version; creates version 1 from the template on first use. */
export async function currentRules(db: Db, schoolId: string, now: Date) {
  const found = await latestPublished(db, schoolId);
  if (found) return found;
  const any = await db
    .selectFrom("school_rules")
    .select("id")
    .where("school_id", "=", schoolId)
    .executeTakeFirst();
  if (any) return undefined; // only a draft exists (the template was replaced before publishing)
  await db
    .insertInto("school_rules")
    .values({
      school_id: schoolId,
      version: 1,
      title: rulesTemplate.title,
      document: JSON.stringify(rulesTemplate),
      created_at: now,
      updated_at: now,
      published_at: now,
    })
    .onConflict((oc) => oc.columns(["school_id", "version"]).doNothing())
    .execute();
  return latestPublished(db, schoolId);
}

export function latestPublished(db: Db, schoolId: string) {
  return db
    .selectFrom("school_rules")
    .select(rulesColumns)
    .where("school_id", "=", schoolId)
    .where("published_at", "is not", null)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

export function findRules(db: Db, id: string) {
  return db.selectFrom("school_rules").select(rulesColumns).where("id", "=", id).executeTakeFirst();
}

export function findDraft(db: Db, schoolId: string) {
  return db
    .selectFrom("school_rules")
    .select(rulesColumns)
    .where("school_id", "=", schoolId)
    .where("published_at", "is", null)
    .executeTakeFirst();
}

export function listVersions(db: Db, schoolId: string) {
  return db
    .selectFrom("school_rules as r")
    .leftJoin("users as u", "u.id", "r.published_by")
    .select([
      "r.id",
      "r.version",
      "r.title",
      "r.published_at as publishedAt",
      "u.display_name as publishedByName",
      (eb) =>
        eb
          .selectFrom("rules_acknowledgements as a")
          .select(sql<number>`count(distinct a.user_id)::int`.as("n"))
          .whereRef("a.rules_id", "=", "r.id")
          .as("acknowledgedBy"),
    ])
    .where("r.school_id", "=", schoolId)
    .orderBy("r.version", "desc")
    .execute();
}

export async function saveDraft(
  db: Db,
  input: { schoolId: string; document: RulesDocument; userId: string; now: Date },
) {
  const draft = await findDraft(db, input.schoolId);
  if (draft) {
    return db
      .updateTable("school_rules")
      .set({
        title: input.document.title,
        document: JSON.stringify(input.document),
        updated_at: input.now,
        created_by: input.userId,
      })
      .where("id", "=", draft.id)
      .returning(rulesColumns)
      .executeTakeFirstOrThrow();
  }
  const top = await db
    .selectFrom("school_rules")
    .select(sql<number>`coalesce(max(version), 0)::int`.as("v"))
    .where("school_id", "=", input.schoolId)
    .executeTakeFirstOrThrow();
  return db
    .insertInto("school_rules")
    .values({
      school_id: input.schoolId,
      version: top.v + 1,
      title: input.document.title,
      document: JSON.stringify(input.document),
      created_by: input.userId,
      created_at: input.now,
      updated_at: input.now,
    })
    .returning(rulesColumns)
    .executeTakeFirstOrThrow();
}

export function publishDraft(db: Db, draftId: string, userId: string, now: Date) {
  return db
    .updateTable("school_rules")
    .set({ published_at: now, published_by: userId, updated_at: now })
    .where("id", "=", draftId)
    .where("published_at", "is", null)
    .returning(rulesColumns)
    .executeTakeFirst();
}

export function deleteDraft(db: Db, draftId: string) {
  return db
    .deleteFrom("school_rules")
    .where("id", "=", draftId)
    .where("published_at", "is", null)
    .executeTakeFirst();
}

export function findAcknowledgement(
  db: Db,
  rulesId: string,
  userId: string,
  role: "student" | "parent" | "teacher",
) {
  return db
    .selectFrom("rules_acknowledgements")
    .select(["id", "acknowledged_at", "student_id"])
    .where("rules_id", "=", rulesId)
    .where("user_id", "=", userId)
    .where("role", "=", role)
    .orderBy("acknowledged_at")
    .executeTakeFirst();
}

export function insertAcknowledgements(
  db: Db,
  rows: Array<{
    rulesId: string;
    schoolId: string;
    userId: string;
    role: "student" | "parent" | "teacher";
    studentId: string | null;
    now: Date;
    ip: string | null;
  }>,
) {
  if (rows.length === 0) return Promise.resolve([]);
  return db
    .insertInto("rules_acknowledgements")
    .values(
      rows.map((row) => ({
        rules_id: row.rulesId,
        school_id: row.schoolId,
        user_id: row.userId,
        role: row.role,
        student_id: row.studentId,
        acknowledged_at: row.now,
        ip: row.ip,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The student records of a parent's children at one school. */
export function childrenAtSchool(db: Db, parentId: string, schoolId: string) {
  return db
    .selectFrom("parent_links as l")
    .innerJoin("students as s", "s.id", "l.student_id")
    .select(["s.id", "s.full_name as fullName"])
    .where("l.parent_id", "=", parentId)
    .where("s.school_id", "=", schoolId)
    .where("s.archived_at", "is", null)
    .orderBy("s.name_sort_key")
    .execute();
}

/** Schools where the person holds a student, parent or teacher role. */
export function memberSchools(db: Db, userId: string) {
  return db
    .selectFrom("role_assignments as r")
    .innerJoin("org_units as o", "o.id", "r.org_unit_id")
    .select(["r.role", "o.id as schoolId", "o.name as schoolName"])
    .where("r.user_id", "=", userId)
    .where("o.kind", "=", "school")
    .where("o.archived_at", "is", null)
    .where("r.role", "in", ["student", "parent", "teacher"])
    .orderBy("o.name_sort_key")
    .execute();
}

export function insertChecklist(
  db: Db,
  values: {
    userId: string;
    classId: string;
    schoolId: string;
    rulesId: string;
    classSessionId: string | null;
    day: string;
    items: Array<{ id: string; text: string; checked: boolean }>;
    complete: boolean;
    now: Date;
  },
) {
  return db
    .insertInto("teacher_checklists")
    .values({
      user_id: values.userId,
      class_id: values.classId,
      school_id: values.schoolId,
      rules_id: values.rulesId,
      class_session_id: values.classSessionId,
      day: values.day,
      items: JSON.stringify(values.items),
      complete: values.complete,
      submitted_at: values.now,
    })
    .returning(["id", "day", "items", "complete", "submitted_at", "class_session_id", "rules_id"])
    .executeTakeFirstOrThrow();
}

export function latestChecklist(db: Db, userId: string, classId: string, day: string) {
  return db
    .selectFrom("teacher_checklists")
    .select(["id", "day", "items", "complete", "submitted_at", "class_session_id", "rules_id"])
    .where("user_id", "=", userId)
    .where("class_id", "=", classId)
    .where("day", "=", day)
    .orderBy("submitted_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The current published version of each school (schools without one are left out). */
export function currentRulesBySchool(db: Db, schoolIds: string[]) {
  if (schoolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("school_rules")
    .distinctOn("school_id")
    .select(["id", "school_id", "version"])
    .where("school_id", "in", schoolIds)
    .where("published_at", "is not", null)
    .orderBy("school_id")
    .orderBy("version", "desc")
    .execute();
}

const acknowledgedBy = (role: "student" | "parent" | "teacher", userColumn: string) =>
  sql<number>`count(distinct ${sql.ref(userColumn)}) filter (where exists (
    select 1 from rules_acknowledgements a
    where a.rules_id = r.id and a.user_id = ${sql.ref(userColumn)} and a.role = ${role}))::int`;

/** Per school: students, parents and teachers, and how many acknowledged the current rules. */
export async function schoolAcknowledgementCounts(db: Db, rulesIds: string[]) {
  if (rulesIds.length === 0) return { students: [], people: [] };
  const students = await db
    .selectFrom("school_rules as r")
    .innerJoin("students as s", (join) =>
      join.onRef("s.school_id", "=", "r.school_id").on("s.archived_at", "is", null),
    )
    .select([
      "r.school_id as schoolId",
      sql<number>`count(distinct s.user_id)::int`.as("total"),
      acknowledgedBy("student", "s.user_id").as("acknowledged"),
    ])
    .where("r.id", "in", rulesIds)
    .groupBy("r.school_id")
    .execute();
  const people = await db
    .selectFrom("school_rules as r")
    .innerJoin("role_assignments as p", "p.org_unit_id", "r.school_id")
    .select([
      "r.school_id as schoolId",
      "p.role",
      sql<number>`count(distinct p.user_id)::int`.as("total"),
      sql<number>`count(distinct p.user_id) filter (where exists (
        select 1 from rules_acknowledgements a
        where a.rules_id = r.id and a.user_id = p.user_id and a.role = p.role))::int`.as(
        "acknowledged",
      ),
    ])
    .where("r.id", "in", rulesIds)
    .where("p.role", "in", ["parent", "teacher"])
    .groupBy(["r.school_id", "p.role"])
    .execute();
  return { students, people };
}

/** Per class: enrolled students and their linked parents, and how many acknowledged. */
export async function classAcknowledgementCounts(db: Db, rulesIds: string[]) {
  if (rulesIds.length === 0) return [];
  return db
    .selectFrom("school_rules as r")
    .innerJoin("classes as c", (join) =>
      join.onRef("c.school_id", "=", "r.school_id").on("c.archived_at", "is", null),
    )
    .innerJoin("enrolments as e", (join) =>
      join.onRef("e.class_id", "=", "c.id").on("e.left_at", "is", null),
    )
    .innerJoin("students as s", (join) =>
      join.onRef("s.id", "=", "e.student_id").on("s.archived_at", "is", null),
    )
    .leftJoin("parent_links as l", "l.student_id", "s.id")
    .select([
      "r.school_id as schoolId",
      "c.id as classId",
      "c.name as className",
      "c.grade",
      sql<number>`count(distinct s.user_id)::int`.as("students"),
      acknowledgedBy("student", "s.user_id").as("studentsAcknowledged"),
      sql<number>`count(distinct l.parent_id)::int`.as("parents"),
      acknowledgedBy("parent", "l.parent_id").as("parentsAcknowledged"),
    ])
    .where("r.id", "in", rulesIds)
    .groupBy(["r.school_id", "c.id", "c.name", "c.grade"])
    .orderBy("c.grade")
    .orderBy("c.name_sort_key")
    .execute();
}

export function schoolNames(db: Db, schoolIds: string[]) {
  if (schoolIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("org_units")
    .select(["id", "name"])
    .where("id", "in", schoolIds)
    .where("kind", "=", "school")
    .orderBy("name_sort_key")
    .execute();
}

/** Schools inside the given subtrees. */
export function schoolsUnder(db: Db, paths: string[]) {
  if (paths.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("org_units")
    .select(["id", "name"])
    .where("kind", "=", "school")
    .where("archived_at", "is", null)
    .where((eb) => eb.or(paths.map((path) => eb("path", "like", `${path}%`))))
    .orderBy("name_sort_key")
    .execute();
}
