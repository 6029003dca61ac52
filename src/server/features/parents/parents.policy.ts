/** Who may issue link codes, talk in a family thread and publish notices to families. */
import type { AppContext } from "../../context.ts";
import { notFound } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import { managesPath, requireClass, requireOrg, requireStudent } from "../orgs/orgs.policy.ts";
import * as repo from "./parents.repo.ts";

/** School managers and the class's homeroom teacher hand out the class's link codes. */
export async function requireCodeIssuer(ctx: AppContext, actor: Actor, classId: string) {
  const access = await requireClass(ctx, actor, classId, ["manager", "teacher"]);
  if (access.relation === "teacher" && access.classRow.homeroom_teacher_id !== actor.userId) {
    throw notFound();
  }
  return access.classRow;
}

/** Teachers the roster says teach the child now (homeroom first). */
export async function rosterTeachersOf(ctx: AppContext, studentId: string) {
  const rows = await repo.teachersOfStudent(ctx.db, studentId);
  const homeroom = rows.map((row) => row.homeroomId).filter((id): id is string => !!id);
  const subject = rows.map((row) => row.teacherId).filter((id): id is string => !!id);
  return { homeroom: [...new Set(homeroom)], all: [...new Set([...homeroom, ...subject])] };
}

export interface ThreadAccess {
  student: Awaited<ReturnType<typeof requireStudent>>;
  teacherId: string;
  side: "parent" | "teacher";
  /** The teacher of the thread teaches the child according to the roster. */
  verified: boolean;
}

/** A family thread (child + teacher) the actor belongs to: a linked parent with one of the
 * child's teachers (the homeroom teacher by default), or that teacher. */
export async function requireThread(
  ctx: AppContext,
  actor: Actor,
  studentId: string,
  teacherId: string | undefined,
): Promise<ThreadAccess> {
  const teachers = await rosterTeachersOf(ctx, studentId);
  try {
    const student = await requireStudent(ctx, actor, studentId, ["parent"]);
    const chosen = teacherId ?? teachers.homeroom[0];
    if (!chosen || !teachers.all.includes(chosen)) throw notFound();
    return { student, teacherId: chosen, side: "parent", verified: true };
  } catch {
    // not the child's parent: perhaps one of their teachers
  }
  if (teacherId && teacherId !== actor.userId) throw notFound();
  const student = await requireStudent(ctx, actor, studentId, ["teacher"]);
  return {
    student,
    teacherId: actor.userId,
    side: "teacher",
    verified: teachers.all.includes(actor.userId),
  };
}

/** Principals publish to the whole school; teachers to a class they teach. */
export async function requireNoticeAuthor(
  ctx: AppContext,
  actor: Actor,
  schoolId: string,
  classId: string | undefined,
) {
  const school = await requireOrg(ctx, actor, schoolId, "view");
  if (school.kind !== "school") throw notFound();
  const manager = managesPath(actor, school.path);
  if (!classId) {
    if (!manager) throw notFound();
    return { school, classId: null };
  }
  const access = await requireClass(ctx, actor, classId, ["manager", "teacher"]);
  if (access.classRow.school_id !== school.id) throw notFound();
  return { school, classId };
}
