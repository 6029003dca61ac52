/** Who may do what with class sessions. Not found and not allowed look the same. */
import type { AppContext } from "../../context.ts";
import { notFound } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import { managesPath, requireClass, type ClassRelation } from "../orgs/orgs.policy.ts";
import { teachesClass } from "../orgs/orgs.repo.ts";
import * as repo from "./live.repo.ts";

/** A session the actor relates to as one of `allowed` (through its class). */
export async function requireSession(
  ctx: AppContext,
  actor: Actor,
  sessionId: string,
  allowed: ClassRelation[],
) {
  const session = await repo.findSession(ctx.db, sessionId);
  if (!session) throw notFound();
  const access = await requireClass(ctx, actor, session.class_id, allowed);
  return { session, relation: access.relation, studentId: access.studentId };
}

/** Teachers of the class run its sessions; managers of the school watch attendance. */
export const runsClass = (ctx: AppContext, userId: string, classId: string) =>
  teachesClass(ctx.db, userId, classId);

export const managesSchoolOf = (actor: Actor, session: repo.SessionRow) =>
  managesPath(actor, session.school_path);
