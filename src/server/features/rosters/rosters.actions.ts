/** Roster import: the preview (nothing written but the preview itself) and the import (one
 * transaction, idempotent by student / teacher code). */
import type { RosterKind } from "../../../shared/api.ts";
import { compareVietnamese } from "../../../shared/names.ts";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/database.ts";
import { conflict, notFound, type IssueKey } from "../../http/errors.ts";
import { insertAudit } from "../accounts/accounts.repo.ts";
import { hashPassword, temporaryPassword } from "../accounts/passwords.ts";
import { parseRoster, type StudentData, type TeacherData } from "./parse.ts";
import * as repo from "./rosters.repo.ts";
import type { Sheet } from "./spreadsheet.ts";

export const PREVIEW_TTL_MS = 60 * 60 * 1000;

/** What is kept of each row between preview and import. */
export interface StoredRow {
  row: number;
  cells: string[];
  values: Record<string, string>;
  issues: IssueKey[];
  data?: StudentData | TeacherData;
}
export interface StoredPreview {
  headers: string[];
  rows: StoredRow[];
}

export type RowAction = "create" | "update" | "reject";
export interface RowPlan {
  action: RowAction;
  issues: IssueKey[];
  /** Information that is not a problem ("class 10A5 will be created"). */
  notes: IssueKey[];
}

/** The school year a date falls in: a new year starts on 1 August ("2026-2027"). */
export function schoolYearOf(date: Date): string {
  const year = date.getUTCFullYear();
  const start = date.getUTCMonth() >= 7 ? year : year - 1;
  return `${start}-${start + 1}`;
}

const classKey = (name: string) => name.replace(/\s+/g, "").toUpperCase();

interface StudentPlan extends RowPlan {
  existing?: { id: string; userId: string };
  className?: string;
}

/** Decides create / update / reject for student rows against the current database. */
async function planStudents(
  db: Db,
  schoolId: string,
  schoolYear: string,
  rows: StoredRow[],
): Promise<{
  plans: StudentPlan[];
  classes: Map<string, string>;
  missingClasses: Map<string, number>;
}> {
  const valid = rows.filter((row) => row.data && row.issues.length === 0);
  const codes = valid.map((row) => (row.data as StudentData).studentCode.toLowerCase());
  const existing = new Map(
    (await repo.studentsByCodes(db, schoolId, codes)).map((student) => [
      student.student_code.toLowerCase(),
      { id: student.id, userId: student.user_id },
    ]),
  );
  const classes = new Map<string, string>();
  const archivedClasses = new Set<string>();
  for (const klass of await repo.classesOfYear(db, schoolId, schoolYear)) {
    if (klass.archived_at) archivedClasses.add(classKey(klass.name));
    else classes.set(classKey(klass.name), klass.id);
  }
  const missingClasses = new Map<string, number>();
  const plans = rows.map((row): StudentPlan => {
    if (!row.data || row.issues.length > 0)
      return { action: "reject", issues: row.issues, notes: [] };
    const data = row.data as StudentData;
    const key = classKey(data.className);
    if (archivedClasses.has(key)) {
      return {
        action: "reject",
        issues: [
          {
            field: "className",
            messageKey: "rosters.classArchived",
            params: { className: data.className },
          },
        ],
        notes: [],
      };
    }
    const notes: IssueKey[] = [];
    if (!classes.has(key)) {
      missingClasses.set(key, data.grade);
      notes.push({
        field: "className",
        messageKey: "rosters.classWillBeCreated",
        params: { className: data.className, schoolYear },
      });
    }
    const found = existing.get(data.studentCode.toLowerCase());
    return {
      action: found ? "update" : "create",
      issues: [],
      notes,
      ...(found ? { existing: found } : {}),
      className: key,
    };
  });
  return { plans, classes, missingClasses };
}

interface TeacherPlan extends RowPlan {
  /** The account to update (matched by teacher code) or link (matched by e-mail). */
  userId?: string;
  linkedByEmail?: boolean;
}

async function planTeachers(db: Db, schoolId: string, rows: StoredRow[]): Promise<TeacherPlan[]> {
  const valid = rows.filter((row) => row.data && row.issues.length === 0);
  const datas = valid.map((row) => row.data as TeacherData);
  const byCode = new Map(
    (
      await repo.teachersByCodes(
        db,
        schoolId,
        datas.map((data) => data.teacherCode.toLowerCase()),
      )
    ).map((profile) => [profile.teacher_code.toLowerCase(), profile.user_id]),
  );
  const byEmail = new Map(
    (
      await repo.accountsByEmails(
        db,
        schoolId,
        datas.map((data) => data.email),
      )
    ).map((account) => [account.email, account]),
  );
  return rows.map((row): TeacherPlan => {
    if (!row.data || row.issues.length > 0)
      return { action: "reject", issues: row.issues, notes: [] };
    const data = row.data as TeacherData;
    const emailTaken: TeacherPlan = {
      action: "reject",
      issues: [{ field: "email", messageKey: "rosters.emailTaken" }],
      notes: [],
    };
    const account = byEmail.get(data.email);
    const userId = byCode.get(data.teacherCode.toLowerCase());
    if (userId) {
      if (account && account.id !== userId) return emailTaken;
      return { action: "update", issues: [], notes: [], userId };
    }
    if (account) {
      // A teacher who already teaches at another school keeps one account for both.
      if (account.hasProfileHere || !account.onlyTeacher) return emailTaken;
      return {
        action: "update",
        issues: [],
        notes: [{ field: "email", messageKey: "rosters.existingAccount" }],
        userId: account.id,
        linkedByEmail: true,
      };
    }
    return { action: "create", issues: [], notes: [] };
  });
}

export interface PreviewResult {
  previewId: string;
  kind: RosterKind;
  rows: Array<StoredRow & RowPlan>;
  classesToCreate: string[];
}

/** Reads and checks a roster file and keeps it as a one-use preview for an hour. */
export async function previewRoster(
  ctx: AppContext,
  input: { actorId: string; schoolId: string; kind: RosterKind; sheet: Sheet; filename: string },
): Promise<PreviewResult> {
  const now = ctx.now();
  const parsed = parseRoster(input.kind, input.sheet, now);
  const stored: StoredRow[] = parsed.rows.map((row) => ({
    row: row.row,
    cells: row.cells,
    values: row.values,
    issues: row.issues,
    ...(row.data ? { data: row.data } : {}),
  }));
  let plans: RowPlan[];
  let classesToCreate: string[] = [];
  if (input.kind === "students") {
    const planned = await planStudents(ctx.db, input.schoolId, schoolYearOf(now), stored);
    plans = planned.plans;
    classesToCreate = [...planned.missingClasses.keys()].sort();
  } else {
    plans = await planTeachers(ctx.db, input.schoolId, stored);
  }
  // Problems found against the database are kept with the row for the file of rejected rows.
  stored.forEach((row, index) => {
    if (plans[index]!.action === "reject") row.issues = plans[index]!.issues;
  });
  const { id } = await repo.insertPreview(ctx.db, {
    schoolId: input.schoolId,
    kind: input.kind,
    createdBy: input.actorId,
    rows: { headers: parsed.headers, rows: stored } satisfies StoredPreview,
    createdAt: now,
  });
  const counts = {
    total: stored.length,
    invalid: plans.filter((p) => p.action === "reject").length,
  };
  await insertAudit(ctx.db, {
    actorId: input.actorId,
    action: "roster.previewed",
    targetType: "org_unit",
    targetId: input.schoolId,
    orgUnitId: input.schoolId,
    detail: { kind: input.kind, previewId: id, filename: input.filename.slice(0, 200), ...counts },
  });
  return {
    previewId: id,
    kind: input.kind,
    rows: stored.map((row, index) => ({ ...row, ...plans[index]! })),
    classesToCreate,
  };
}

/** A preview of the school that is still within its hour (used or not). */
export async function loadPreview(ctx: AppContext, schoolId: string, previewId: string) {
  const row = await repo.findPreview(
    ctx.db,
    previewId,
    schoolId,
    new Date(ctx.now().getTime() - PREVIEW_TTL_MS),
  );
  if (!row) throw notFound();
  return { kind: row.kind as RosterKind, preview: row.rows as StoredPreview };
}

export interface ImportResult {
  created: number;
  updated: number;
  rejected: number;
  classesCreated: string[];
  /** New teacher accounts and their temporary passwords, shown once. */
  accounts: Array<{
    teacherCode: string;
    fullName: string;
    username: string;
    temporaryPassword: string;
  }>;
}

const isUniqueViolation = (error: unknown) =>
  String((error as { code?: unknown })?.code) === "23505" ||
  String(error).includes("duplicate key");

/** Writes the preview's valid rows in one transaction; re-checks each row against the database. */
export async function importRoster(
  ctx: AppContext,
  input: { actorId: string; schoolId: string; previewId: string },
): Promise<ImportResult> {
  const now = ctx.now();
  const notBefore = new Date(now.getTime() - PREVIEW_TTL_MS);
  // Hashing is slow: passwords of teachers who look new are prepared before the transaction.
  const peek = await repo.findPreview(ctx.db, input.previewId, input.schoolId, notBefore);
  if (!peek || peek.consumed_at) throw notFound();
  const prepared = new Map<number, { password: string; hash: string }>();
  if (peek.kind === "teachers") {
    const stored = peek.rows as StoredPreview;
    const plans = await planTeachers(ctx.db, input.schoolId, stored.rows);
    for (const [index, plan] of plans.entries()) {
      if (plan.action !== "create") continue;
      const password = temporaryPassword();
      prepared.set(stored.rows[index]!.row, { password, hash: await hashPassword(password) });
    }
  }
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const consumed = await repo.consumePreview(
        trx,
        input.previewId,
        input.schoolId,
        notBefore,
        now,
      );
      if (!consumed) throw notFound();
      const stored = consumed.rows as StoredPreview;
      const result =
        consumed.kind === "students"
          ? await importStudents(trx, input.schoolId, stored, now)
          : await importTeachers(trx, input.schoolId, stored, now, prepared);
      await repo.savePreviewRows(trx, input.previewId, stored);
      await insertAudit(trx, {
        actorId: input.actorId,
        action: "roster.imported",
        targetType: "org_unit",
        targetId: input.schoolId,
        orgUnitId: input.schoolId,
        detail: {
          kind: consumed.kind,
          previewId: input.previewId,
          created: result.created,
          updated: result.updated,
          rejected: result.rejected,
          classesCreated: result.classesCreated,
          accounts: result.accounts.map((account) => account.username),
        },
      });
      return result;
    });
  } catch (error) {
    // Another import wrote the same codes at the same moment; nothing of this one was kept.
    if (isUniqueViolation(error)) throw conflict("rosters.concurrentImport");
    throw error;
  }
}

/** Picks usernames that are free in the database and in this import: base, then base<sep>2...
 * `expected` are the bases about to be asked for, checked in one query. */
async function usernamePicker(db: Db, expected: string[]) {
  const takenBases = await repo.usernamesTaken(db, expected);
  const used = new Set<string>();
  return async (base: string, separator = ""): Promise<string> => {
    if (!takenBases.has(base) && !used.has(base)) {
      used.add(base);
      return base;
    }
    const taken = await repo.usernamesLike(db, base);
    for (let suffix = 2; ; suffix += 1) {
      const candidate = `${base}${separator}${suffix}`;
      if (!taken.has(candidate) && !used.has(candidate)) {
        used.add(candidate);
        return candidate;
      }
    }
  };
}

async function importStudents(
  db: Db,
  schoolId: string,
  stored: StoredPreview,
  now: Date,
): Promise<ImportResult> {
  const schoolYear = schoolYearOf(now);
  const { plans, classes, missingClasses } = await planStudents(
    db,
    schoolId,
    schoolYear,
    stored.rows,
  );
  const classesCreated: string[] = [];
  for (const [name, grade] of [...missingClasses].sort(([a], [b]) => compareVietnamese(a, b))) {
    const created = await repo.insertClass(db, { schoolId, name, grade, schoolYear });
    classes.set(name, created.id);
    classesCreated.push(name);
  }
  const studentBase = (data: StudentData) => `hs.${data.studentCode.toLowerCase()}`;
  const pickUsername = await usernamePicker(
    db,
    plans.flatMap((plan, index) =>
      plan.action === "create" ? [studentBase(stored.rows[index]!.data as StudentData)] : [],
    ),
  );
  // Written in batches: a school's whole roster (thousands of rows) imports in seconds.
  const creates: Array<
    repo.StudentValues & { username: string; studentCode: string; classId: string }
  > = [];
  const updates: Array<repo.StudentValues & { id: string; userId: string }> = [];
  const placements: Array<{ studentId: string; classId: string }> = [];
  for (const [index, plan] of plans.entries()) {
    const row = stored.rows[index]!;
    if (plan.action === "reject") {
      row.issues = plan.issues;
      continue;
    }
    const data = row.data as StudentData;
    const classId = classes.get(plan.className!)!;
    const values = {
      fullName: data.fullName,
      dateOfBirth: data.dateOfBirth,
      gender: data.gender,
      parentPhone: data.parentPhone,
      parentEmail: data.parentEmail,
    };
    if (plan.existing) {
      updates.push({ ...values, id: plan.existing.id, userId: plan.existing.userId });
      placements.push({ studentId: plan.existing.id, classId });
    } else {
      // Students sign in through personal join links, or get a password from an admin reset.
      // The dot keeps "hs.vmd1001.2" apart from the username of a future code "VMD10012".
      const username = await pickUsername(studentBase(data), ".");
      creates.push({ ...values, username, studentCode: data.studentCode, classId });
    }
  }
  await repo.updateStudents(db, updates, now);
  const userIds = await repo.insertUsers(
    db,
    creates.map((create) => ({ username: create.username, displayName: create.fullName })),
  );
  await repo.grantRoles(
    db,
    [...updates.map((update) => update.userId), ...userIds.values()],
    "student",
    schoolId,
  );
  const studentIds = await repo.insertStudents(
    db,
    schoolId,
    creates.map((create) => ({ ...create, userId: userIds.get(create.username)! })),
  );
  for (const create of creates) {
    placements.push({
      studentId: studentIds.get(userIds.get(create.username)!)!,
      classId: create.classId,
    });
  }
  await repo.placeInClasses(db, placements, schoolId, now);
  const rejected = plans.filter((plan) => plan.action === "reject").length;
  return {
    created: creates.length,
    updated: updates.length,
    rejected,
    classesCreated,
    accounts: [],
  };
}

/** A username from the e-mail's local part: "Lan.Nguyen+x@..." → "lan.nguyen". */
function usernameBase(email: string): string {
  const local = email.split("@")[0]!.split("+")[0]!.toLowerCase();
  const cleaned = local.replace(/[^a-z0-9._-]/g, "").replace(/^[._-]+|[._-]+$/g, "");
  const base = cleaned.length >= 3 ? cleaned : `gv.${cleaned || "giaovien"}`;
  return base.slice(0, 50);
}

async function importTeachers(
  db: Db,
  schoolId: string,
  stored: StoredPreview,
  now: Date,
  prepared: Map<number, { password: string; hash: string }>,
): Promise<ImportResult> {
  const plans = await planTeachers(db, schoolId, stored.rows);
  const pickUsername = await usernamePicker(
    db,
    plans.flatMap((plan, index) =>
      plan.action === "create"
        ? [usernameBase((stored.rows[index]!.data as TeacherData).email)]
        : [],
    ),
  );
  const accounts: ImportResult["accounts"] = [];
  let created = 0;
  let updated = 0;
  for (const [index, plan] of plans.entries()) {
    const row = stored.rows[index]!;
    if (plan.action === "reject") {
      row.issues = plan.issues;
      continue;
    }
    const data = row.data as TeacherData;
    let userId = plan.userId;
    if (userId) {
      // An account found by e-mail belongs to the person already; its name is theirs to keep.
      if (!plan.linkedByEmail) {
        await repo.updateUser(db, userId, { displayName: data.fullName, email: data.email });
      }
      updated += 1;
    } else {
      const secret = prepared.get(row.row) ?? (await prepareSecret());
      const username = await pickUsername(usernameBase(data.email));
      const user = await repo.insertUser(db, {
        username,
        displayName: data.fullName,
        email: data.email,
        passwordHash: secret.hash,
        mustChangePassword: true,
      });
      userId = user.id;
      accounts.push({
        teacherCode: data.teacherCode,
        fullName: data.fullName,
        username,
        temporaryPassword: secret.password,
      });
      created += 1;
    }
    await repo.grantRole(db, userId, "teacher", schoolId);
    await repo.upsertTeacherProfile(db, {
      userId,
      schoolId,
      teacherCode: data.teacherCode,
      phone: data.phone,
      subjects: data.subjects.join(", "),
      now,
    });
  }
  const rejected = plans.filter((plan) => plan.action === "reject").length;
  return { created, updated, rejected, classesCreated: [], accounts };
}

async function prepareSecret() {
  const password = temporaryPassword();
  return { password, hash: await hashPassword(password) };
}

/** Removes previews past their hour: they hold children's data that is no longer needed. */
export async function deleteExpiredPreviews(ctx: AppContext): Promise<number> {
  const result = await repo.deletePreviewsBefore(
    ctx.db,
    new Date(ctx.now().getTime() - PREVIEW_TTL_MS),
  );
  return Number(result.numDeletedRows);
}
