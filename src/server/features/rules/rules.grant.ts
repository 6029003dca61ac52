/** Rules for students who enter by personal link only (no password, no session): the live
 * door shows them the current rules and they acknowledge through their join grant. */
import type { AppContext } from "../../context.ts";
import * as actions from "./rules.actions.ts";
import * as repo from "./rules.repo.ts";

/** The school's current rules if `userId` (a student) has not acknowledged them yet. */
export async function pendingStudentRules(ctx: AppContext, userId: string, schoolId: string) {
  const current = await repo.currentRules(ctx.db, schoolId, ctx.now());
  if (!current) return null;
  const ack = await repo.findAcknowledgement(ctx.db, current.id, userId, "student");
  if (ack) return null;
  return {
    id: current.id,
    schoolId: current.school_id,
    version: current.version,
    title: current.title,
    document: current.document,
    publishedAt: current.published_at,
  };
}

/** Records a student's acknowledgement of the current version (older versions are refused). */
export function acknowledgeAsStudent(
  ctx: AppContext,
  input: { userId: string; schoolId: string; rulesId: string; ip: string | null },
) {
  return actions.acknowledgeRules(ctx, {
    actorId: input.userId,
    rulesId: input.rulesId,
    schoolId: input.schoolId,
    roles: ["student"],
    studentIds: undefined,
    ip: input.ip,
  });
}
