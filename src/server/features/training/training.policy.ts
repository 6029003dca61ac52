/** Who takes, previews and edits which course. Courses are a Department-wide catalogue. */
import type { AppContext } from "../../context.ts";
import { AppError, notFound } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import { hasRole } from "../accounts/actor.ts";
import * as repo from "./training.repo.ts";
import type { CourseAudience } from "./training.tables.ts";

/** The audiences whose courses the actor takes: principals take the teachers' courses. */
export function audiencesOf(actor: Actor): CourseAudience[] {
  const audiences: CourseAudience[] = [];
  if (hasRole(actor, "student")) audiences.push("student");
  if (hasRole(actor, "teacher", "principal")) audiences.push("teacher");
  if (hasRole(actor, "parent")) audiences.push("parent");
  return audiences;
}

export const isDepartment = (actor: Actor): boolean => hasRole(actor, "department_officer");
export const isManager = (actor: Actor): boolean =>
  hasRole(actor, "department_officer", "district_officer", "principal");

type Course = NonNullable<Awaited<ReturnType<typeof repo.findCourse>>>;

/** A course the actor may read: their audiences' published courses; managers preview every
 * published course; the Department also sees drafts and archived ones. */
export async function requireCourseReader(
  ctx: AppContext,
  actor: Actor,
  courseId: string,
): Promise<Course> {
  const course = await repo.findCourse(ctx.db, courseId);
  if (!course) throw notFound();
  if (isDepartment(actor)) return course;
  if (course.status !== "published") throw notFound();
  if (isManager(actor) || audiencesOf(actor).includes(course.audience)) return course;
  throw notFound();
}

/** A course the actor takes (progress, quiz). Another audience's course is refused plainly. */
export async function requireCourseLearner(
  ctx: AppContext,
  actor: Actor,
  courseId: string,
): Promise<Course> {
  const course = await repo.findCourse(ctx.db, courseId);
  if (!course || course.status !== "published") throw notFound();
  if (!audiencesOf(actor).includes(course.audience)) {
    throw new AppError("forbidden", 403, "training.notYourAudience");
  }
  return course;
}

/** Only the Department writes the catalogue. */
export function requireCatalogueEditor(actor: Actor): void {
  if (!isDepartment(actor)) throw notFound();
}
