/** Who may read, edit and acknowledge a school's rules. Not found and not allowed look alike. */
import type { AppContext } from "../../context.ts";
import { AppError, notFound } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import { managesPath, requireOrg } from "../orgs/orgs.policy.ts";

/** A school whose rules the actor may read: its managers and its members. */
export async function requireRulesReader(ctx: AppContext, actor: Actor, schoolId: string) {
  const school = await requireOrg(ctx, actor, schoolId, "view");
  if (school.kind !== "school") throw notFound();
  return school;
}

/** Managers above the school (principal, district, Department) see history and coverage. */
export async function requireRulesManager(ctx: AppContext, actor: Actor, schoolId: string) {
  const school = await requireOrg(ctx, actor, schoolId, "manage");
  if (school.kind !== "school") throw notFound();
  return school;
}

/** Only the school's principal writes and publishes its rules. */
export async function requireRulesEditor(ctx: AppContext, actor: Actor, schoolId: string) {
  const school = await requireRulesManager(ctx, actor, schoolId);
  if (!managesPath(actor, school.path, ["principal"])) throw notFound();
  return school;
}

export type AckRole = "student" | "parent" | "teacher";

/** The roles in which the actor acknowledges the rules of this school. */
export function ackRolesAt(actor: Actor, schoolId: string): AckRole[] {
  const roles = new Set<AckRole>();
  for (const role of actor.roles) {
    if (role.orgUnitId !== schoolId) continue;
    if (role.role === "student" || role.role === "parent" || role.role === "teacher") {
      roles.add(role.role);
    }
  }
  return [...roles];
}

export function requireAckRole(actor: Actor, schoolId: string): AckRole[] {
  const roles = ackRolesAt(actor, schoolId);
  if (roles.length === 0) throw new AppError("forbidden", 403, "rules.notYourRole");
  return roles;
}
