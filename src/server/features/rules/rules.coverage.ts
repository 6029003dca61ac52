/** Rules acknowledgement coverage per school and class, for dashboards and Department reports. */
import type { AppContext } from "../../context.ts";
import type { Ratio, RulesCoverage } from "../../../shared/rules.ts";
import * as repo from "./rules.repo.ts";

/** How many students, parents and teachers of each school acknowledged its current rules. */
export async function rulesCoverage(
  ctx: AppContext,
  input: { schoolIds: string[] },
): Promise<RulesCoverage[]> {
  const schools = await repo.schoolNames(ctx.db, input.schoolIds);
  let current = await repo.currentRulesBySchool(
    ctx.db,
    schools.map((school) => school.id),
  );
  const missing = schools.filter((school) => !current.some((row) => row.school_id === school.id));
  if (missing.length > 0) {
    for (const school of missing) await repo.currentRules(ctx.db, school.id, ctx.now());
    current = await repo.currentRulesBySchool(
      ctx.db,
      schools.map((school) => school.id),
    );
  }
  const rulesIds = current.map((row) => row.id);
  const counts = await repo.schoolAcknowledgementCounts(ctx.db, rulesIds);
  const classes = await repo.classAcknowledgementCounts(ctx.db, rulesIds);
  const empty = (): Ratio => ({ total: 0, acknowledged: 0 });
  return schools.map((school) => {
    const rules = current.find((row) => row.school_id === school.id);
    const studentRow = counts.students.find((row) => row.schoolId === school.id);
    const peopleRows = counts.people.filter((row) => row.schoolId === school.id);
    const ratio = (role: string): Ratio => {
      const row = peopleRows.find((candidate) => candidate.role === role);
      return row ? { total: row.total, acknowledged: row.acknowledged } : empty();
    };
    return {
      schoolId: school.id,
      schoolName: school.name,
      rulesVersion: rules?.version ?? null,
      students: studentRow
        ? { total: studentRow.total, acknowledged: studentRow.acknowledged }
        : empty(),
      parents: ratio("parent"),
      teachers: ratio("teacher"),
      classes: classes
        .filter((row) => row.schoolId === school.id)
        .map((row) => ({
          classId: row.classId,
          className: row.className,
          grade: row.grade,
          students: { total: row.students, acknowledged: row.studentsAcknowledged },
          parents: { total: row.parents, acknowledged: row.parentsAcknowledged },
        })),
    };
  });
}
