/** Public face of incidents: any feature opens an incident through `openIncident`; the intake
 * of security events and the deadline escalation can be run on demand (tests, CLI). */
import type { Feature } from "../feature.ts";
import { incidentJobs } from "./incidents.actions.ts";
import { incidentsMessages } from "./incidents.messages.ts";
import { incidentsRoutes } from "./incidents.routes.ts";

export {
  openIncident,
  processSecurityEvents,
  escalateOverdue,
  type OpenIncidentInput,
  type OpenedIncident,
  type EvidenceInput,
} from "./incidents.actions.ts";
export { verifyIncidentChain } from "./incidents.verify.ts";
export { incidentsOfStudent, type StudentIncident } from "./incidents.privacy.repo.ts";

export const incidentsFeature: Feature = {
  name: "incidents",
  messages: incidentsMessages,
  routes: incidentsRoutes,
  jobs: incidentJobs,
};
