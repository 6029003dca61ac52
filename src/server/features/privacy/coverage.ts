/** Consent coverage: per class for the school, per school for the reports. */
import { consentPurposes, type ConsentPurpose, type ConsentState } from "../../../shared/family.ts";
import type { AppContext } from "../../context.ts";
import { classRosterWithParents } from "../parents/index.ts";
import { consentStates } from "./privacy.actions.ts";
import * as repo from "./privacy.repo.ts";
import { compareVietnamese } from "../../../shared/names.ts";

export interface CoverageTotals {
  students: number;
  /** Students with at least one linked parent account. */
  linked: number;
  parentConsent: number;
  studentConsentRequired: number;
  studentConsent: number;
  /** Every consent needed is there. */
  complete: number;
  byPurpose: Record<ConsentPurpose, number>;
}

function emptyTotals(): CoverageTotals {
  return {
    students: 0,
    linked: 0,
    parentConsent: 0,
    studentConsentRequired: 0,
    studentConsent: 0,
    complete: 0,
    byPurpose: Object.fromEntries(consentPurposes.map((p) => [p, 0])) as Record<
      ConsentPurpose,
      number
    >,
  };
}

function add(totals: CoverageTotals, state: ConsentState, linkedParents: number) {
  totals.students += 1;
  if (linkedParents > 0) totals.linked += 1;
  if (state.parent) totals.parentConsent += 1;
  if (state.studentConsentRequired) totals.studentConsentRequired += 1;
  if (state.studentConsentRequired && state.student) totals.studentConsent += 1;
  if (state.missing.length === 0) totals.complete += 1;
  for (const purpose of state.effectivePurposes) totals.byPurpose[purpose] += 1;
}

export async function classCoverage(ctx: AppContext, classId: string) {
  const students = await classRosterWithParents(ctx.db, classId);
  const states = await consentStates(ctx.db, ctx.now(), students);
  const totals = emptyTotals();
  const rows = students.map((student) => {
    const state = states.get(student.id)!;
    const linkedParents = Number(student.linkedParents ?? 0);
    add(totals, state, linkedParents);
    return {
      id: student.id,
      fullName: student.fullName,
      studentCode: student.studentCode,
      age: state.age,
      linkedParents,
      parentConsentAt: state.parent?.givenAt ?? null,
      studentConsentRequired: state.studentConsentRequired,
      studentConsentAt: state.student?.givenAt ?? null,
      missing: state.missing,
      effectivePurposes: state.effectivePurposes,
    };
  });
  return { totals, students: rows };
}

export interface SchoolCoverage extends CoverageTotals {
  schoolId: string;
  classes: Array<{ classId: string; className: string } & CoverageTotals>;
}

/** Consent coverage per school (and per class inside it), for dashboards and reports. */
export async function consentCoverage(
  ctx: AppContext,
  input: { schoolIds: string[] },
): Promise<SchoolCoverage[]> {
  const students = await repo.studentsOfSchools(ctx.db, input.schoolIds);
  const unique = [...new Map(students.map((s) => [s.id, s])).values()];
  const states = await consentStates(ctx.db, ctx.now(), unique);
  const schools = new Map<string, SchoolCoverage>();
  for (const schoolId of input.schoolIds) {
    schools.set(schoolId, { schoolId, ...emptyTotals(), classes: [] });
  }
  const counted = new Set<string>();
  for (const student of students) {
    const school = schools.get(student.schoolId)!;
    const state = states.get(student.id)!;
    const linked = Number(student.linkedParents ?? 0);
    if (!counted.has(student.id)) {
      counted.add(student.id);
      add(school, state, linked);
    }
    if (student.classId && student.className) {
      let klass = school.classes.find((item) => item.classId === student.classId);
      if (!klass) {
        klass = { classId: student.classId, className: student.className, ...emptyTotals() };
        school.classes.push(klass);
      }
      add(klass, state, linked);
    }
  }
  for (const school of schools.values()) {
    school.classes.sort((a, b) => compareVietnamese(a.className, b.className));
  }
  return [...schools.values()];
}
