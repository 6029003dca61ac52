/** The public face of the training feature: what other features may call. */
import type { Db } from "../../db/database.ts";
import * as repo from "./training.repo.ts";

export { trainingCoverage } from "./training.coverage.ts";
export type { TrainingCoverage } from "../../../shared/training.ts";
export { trainingFeature } from "./training.feature.ts";

/** A person's training records (export of a child's data). */
export function trainingRecordsOfUser(db: Db, userId: string) {
  return repo.recordsOfUser(db, userId);
}

/** Erases a person's training records (progress, attempts, certificates); returns rows removed. */
export function eraseTrainingRecords(db: Db, userId: string): Promise<number> {
  return repo.eraseRecordsOfUsers(db, [userId]);
}

/** Retention: removes the school's students' training records older than `before`. */
export async function purgeTrainingRecords(
  db: Db,
  input: { schoolId: string; before: Date },
): Promise<number> {
  const students = await repo.studentUserIdsOfSchool(db, input.schoolId);
  return repo.eraseRecordsOfUsers(
    db,
    students.map((row) => row.user_id),
    input.before,
  );
}
