/** The consent state of a child: who has accepted which notice, for which purposes, and what
 * may run now. Decree 13/2023/NĐ-CP art. 20: a parent's consent, and the child's from age 7. */
import { consentPurposes, type ConsentPurpose, type ConsentState } from "../../../shared/family.ts";

export const CHILD_CONSENT_AGE = 7;

/** Whole years between a YYYY-MM-DD birth date and `now`; null when unknown. */
export function ageOn(dateOfBirth: string | null, now: Date): number | null {
  if (!dateOfBirth) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(dateOfBirth);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = now.getUTCFullYear() - year;
  const beforeBirthday =
    now.getUTCMonth() + 1 < month || (now.getUTCMonth() + 1 === month && now.getUTCDate() < day);
  if (beforeBirthday) age -= 1;
  return age;
}

export interface ConsentRow {
  role: "parent" | "student";
  given_by_name: string;
  notice_version: number;
  purposes: string[];
  given_at: Date;
  withdrawn_at: Date | null;
}

const asPurposes = (values: unknown): ConsentPurpose[] =>
  Array.isArray(values)
    ? consentPurposes.filter((purpose) => (values as unknown[]).includes(purpose))
    : [];

export function computeConsentState(input: {
  studentId: string;
  dateOfBirth: string | null;
  now: Date;
  parentNoticeVersion: number;
  studentNoticeVersion: number;
  latestParent: ConsentRow | undefined;
  latestStudent: ConsentRow | undefined;
}): ConsentState {
  const age = ageOn(input.dateOfBirth, input.now);
  // Without a birth date the child is asked too: the safer reading of the law.
  const studentConsentRequired = age === null || age >= CHILD_CONSENT_AGE;
  const active = (row: ConsentRow | undefined, version: number) =>
    row && !row.withdrawn_at && row.notice_version === version ? row : undefined;
  const parent = active(input.latestParent, input.parentNoticeVersion);
  const student = active(input.latestStudent, input.studentNoticeVersion);
  const missing: Array<"parent" | "student"> = [];
  if (!parent) missing.push("parent");
  if (studentConsentRequired && !student) missing.push("student");
  const parentPurposes = parent ? asPurposes(parent.purposes) : [];
  const studentPurposes = student ? asPurposes(student.purposes) : [];
  const effectivePurposes =
    missing.length > 0
      ? []
      : parentPurposes.filter(
          (purpose) => !studentConsentRequired || studentPurposes.includes(purpose),
        );
  return {
    studentId: input.studentId,
    age,
    parentNoticeVersion: input.parentNoticeVersion,
    studentNoticeVersion: input.studentNoticeVersion,
    parent: parent
      ? {
          givenAt: parent.given_at.toISOString(),
          by: parent.given_by_name,
          noticeVersion: parent.notice_version,
          purposes: parentPurposes,
        }
      : null,
    student: student
      ? {
          givenAt: student.given_at.toISOString(),
          noticeVersion: student.notice_version,
          purposes: studentPurposes,
        }
      : null,
    studentConsentRequired,
    missing,
    effectivePurposes,
  };
}
