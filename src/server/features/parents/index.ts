/** Public face of school–family. Other features use:
 * - `alertAbsencesForSession(ctx, session, attendance)`: the live class may call it when a
 *   session ends (the feature's job also finds ended sessions itself, see parents.feature.ts);
 * - `alertParentsOfIncident(ctx, {studentIds, incidentNumber, category, schoolId})`: incidents call it
 *   after commit when a child is involved;
 * - `classRosterWithParents(db, classId)`: the class roster with linked parents per student. */
export {
  alertAbsencesForSession,
  alertParentsOfIncident,
  type EndedSession,
} from "./parents.actions.ts";
export { parentsFeature, runAbsenceAlerts } from "./parents.feature.ts";
export { classRosterWithParents } from "./parents.repo.ts";
