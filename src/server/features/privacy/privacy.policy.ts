/** Who may see and decide about a child's consent and data. Everything else looks "not found". */
import type { AppContext } from "../../context.ts";
import { notFound } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import { managesPath, requireOrg, requireStudent } from "../orgs/orgs.policy.ts";
import * as repo from "./privacy.repo.ts";

export type ChildRelation = "parent" | "self" | "principal" | "manager" | "teacher";

/** The child's record and how the actor relates to it, if one of `allowed`. */
export async function requireChild(
  ctx: AppContext,
  actor: Actor,
  studentId: string,
  allowed: ChildRelation[],
) {
  const student = await repo.findStudent(ctx.db, studentId);
  if (!student) throw notFound();
  let relation: ChildRelation | null = null;
  if (allowed.includes("self") && student.user_id === actor.userId) relation = "self";
  else if (allowed.includes("principal") && managesPath(actor, student.school_path, ["principal"]))
    relation = "principal";
  else if (allowed.includes("manager") && managesPath(actor, student.school_path))
    relation = "manager";
  if (!relation && allowed.includes("parent")) {
    try {
      await requireStudent(ctx, actor, studentId, ["parent"]);
      relation = "parent";
    } catch {
      relation = null;
    }
  }
  if (!relation && allowed.includes("teacher")) {
    try {
      await requireStudent(ctx, actor, studentId, ["teacher"]);
      relation = "teacher";
    } catch {
      relation = null;
    }
  }
  if (!relation) throw notFound();
  return { student, relation };
}

/** A school the actor leads as principal (access log, deletion requests, retention). */
export async function requirePrincipalOf(ctx: AppContext, actor: Actor, schoolId: string) {
  const school = await requireOrg(ctx, actor, schoolId, "manage");
  if (school.kind !== "school" || !managesPath(actor, school.path, ["principal"])) {
    throw notFound();
  }
  return school;
}

/** A school the actor manages (principal, its district, the Department). */
export async function requireSchoolManager(ctx: AppContext, actor: Actor, schoolId: string) {
  const school = await requireOrg(ctx, actor, schoolId, "manage");
  if (school.kind !== "school") throw notFound();
  return school;
}
