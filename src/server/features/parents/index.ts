/** Public face of school–family. Other features use:
 * - `alertAbsencesForSession(ctx, session, attendance)`: the live class may call it when a
 *   session ends (the feature's job also finds ended sessions itself, see parents.feature.ts);
 * - `alertParentsOfIncident(ctx, {studentIds, incidentNumber, schoolId})`: incidents call it
 *   after commit when a child is involved. */
export {
  alertAbsencesForSession,
  alertParentsOfIncident,
  type EndedSession,
} from "./parents.actions.ts";
export { parentsFeature, runAbsenceAlerts } from "./parents.feature.ts";
