/** Roster import and export: the feature's public face. */
import type { Feature } from "../feature.ts";
import { rostersMessages } from "./rosters.messages.ts";
import { rostersJobs, rostersRoutes } from "./rosters.routes.ts";

export { escapeCell } from "./xlsx.ts";
export { schoolYearOf } from "./rosters.actions.ts";

export const rostersFeature: Feature = {
  name: "rosters",
  messages: rostersMessages,
  routes: rostersRoutes,
  jobs: rostersJobs,
};
