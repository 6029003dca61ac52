/** Training coverage per school and class: who passed which course. For dashboards and the
 * Department's reports. */
import type { AppContext } from "../../context.ts";
import * as repo from "./training.repo.ts";
import type { GroupCoverage, TrainingCoverage } from "../../../shared/training.ts";

const roleGroup = { student: "students", teacher: "teachers", parent: "parents" } as const;

/** Who in each school started and passed which published course. */
export async function trainingCoverage(
  ctx: AppContext,
  input: { schoolIds: string[] },
): Promise<TrainingCoverage[]> {
  const schools = await repo.schoolsByIds(ctx.db, input.schoolIds);
  const ids = schools.map((school) => school.id);
  const courses = await repo.listCourses(ctx.db, { audiences: "all", statuses: ["published"] });
  const counts = await repo.coverageCounts(ctx.db, ids);
  const courseIds = new Set(courses.map((course) => course.id));
  return schools.map((school) => {
    const group = (): GroupCoverage => ({ total: 0, started: {}, passed: {} });
    const result: TrainingCoverage = {
      schoolId: school.id,
      schoolName: school.name,
      courses: courses.map((course) => ({
        id: course.id,
        title: course.title,
        audience: course.audience,
      })),
      students: group(),
      teachers: group(),
      parents: group(),
      classes: [],
    };
    for (const row of counts.people) {
      if (row.schoolId !== school.id) continue;
      const key = roleGroup[row.role as keyof typeof roleGroup];
      if (key) result[key].total += row.total;
    }
    for (const row of counts.passed) {
      if (row.schoolId !== school.id || !courseIds.has(row.courseId)) continue;
      const key = roleGroup[row.role as keyof typeof roleGroup];
      if (!key) continue;
      result[key].started[row.courseId] = (result[key].started[row.courseId] ?? 0) + row.started;
      result[key].passed[row.courseId] = (result[key].passed[row.courseId] ?? 0) + row.passed;
    }
    result.classes = counts.classes
      .filter((row) => row.schoolId === school.id)
      .map((row) => ({
        classId: row.classId,
        className: row.className,
        grade: row.grade,
        students: row.students,
        passed: Object.fromEntries(
          counts.classPassed
            .filter((entry) => entry.classId === row.classId && courseIds.has(entry.courseId))
            .map((entry) => [entry.courseId, entry.passed]),
        ),
      }));
    return result;
  });
}
