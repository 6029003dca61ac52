/** Who may do what in the organisation tree. "Not found" and "not allowed" look the same. */
import type { Role } from "../../../shared/roles.ts";
import type { AppContext } from "../../context.ts";
import { notFound } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import * as repo from "./orgs.repo.ts";

const managers: Role[] = ["department_officer", "district_officer", "principal"];

/** Paths of the subtrees the actor manages. */
export function managedPaths(actor: Actor): string[] {
  return actor.roles.filter((role) => managers.includes(role.role)).map((role) => role.orgPath);
}

/** True when one of the actor's manager roles covers the unit at `path`. */
export function managesPath(actor: Actor, path: string, only: Role[] = managers): boolean {
  return actor.roles.some((role) => only.includes(role.role) && path.startsWith(role.orgPath));
}

/** Schools where the actor holds any role (teachers, students and parents see their school). */
export function memberOfSchool(actor: Actor, schoolId: string): boolean {
  return actor.roles.some((role) => role.orgUnitId === schoolId);
}

/** An organisation unit the actor may see (`view`) or manage (`manage`). */
export async function requireOrg(
  ctx: AppContext,
  actor: Actor,
  orgId: string,
  mode: "view" | "manage",
) {
  const org = await repo.findOrg(ctx.db, orgId);
  if (!org) throw notFound();
  if (managesPath(actor, org.path)) return org;
  if (mode === "view" && memberOfSchool(actor, org.id)) return org;
  throw notFound();
}

export type ClassRelation = "manager" | "teacher" | "student" | "parent";

export interface ClassAccess {
  classRow: NonNullable<Awaited<ReturnType<typeof repo.findClassWithSchool>>>;
  relation: ClassRelation;
  /** The student record when relation is "student". */
  studentId: string | null;
}

/** The class, if the actor stands in one of the `allowed` relations to it. */
export async function requireClass(
  ctx: AppContext,
  actor: Actor,
  classId: string,
  allowed: ClassRelation[],
): Promise<ClassAccess> {
  const classRow = await repo.findClassWithSchool(ctx.db, classId);
  if (!classRow) throw notFound();
  if (allowed.includes("manager") && managesPath(actor, classRow.school_path)) {
    return { classRow, relation: "manager", studentId: null };
  }
  if (allowed.includes("teacher") && (await repo.teachesClass(ctx.db, actor.userId, classId))) {
    return { classRow, relation: "teacher", studentId: null };
  }
  if (allowed.includes("student")) {
    const student = await repo.enrolledStudent(ctx.db, actor.userId, classId);
    if (student) return { classRow, relation: "student", studentId: student.id };
  }
  if (allowed.includes("parent")) {
    const children = await repo.childrenInClass(ctx.db, actor.userId, classId);
    if (children.length > 0) return { classRow, relation: "parent", studentId: null };
  }
  throw notFound();
}

/** A student record the actor may see: school managers, the student, their linked parents,
 * and teachers of one of the student's classes. */
export async function requireStudent(
  ctx: AppContext,
  actor: Actor,
  studentId: string,
  allowed: Array<"manager" | "self" | "parent" | "teacher">,
) {
  const student = await repo.findStudentWithSchool(ctx.db, studentId);
  if (!student) throw notFound();
  if (allowed.includes("manager") && managesPath(actor, student.school_path)) return student;
  if (allowed.includes("self") && student.user_id === actor.userId) return student;
  if (allowed.includes("parent") && (await repo.parentOfStudent(ctx.db, actor.userId, studentId))) {
    return student;
  }
  if (allowed.includes("teacher") && (await repo.teachesStudent(ctx.db, actor.userId, studentId))) {
    return student;
  }
  throw notFound();
}
