/** Every feature of the server, in registration order. Add a feature with one line. */
import type { Feature } from "./feature.ts";
import { accountsMessages } from "./accounts/accounts.messages.ts";
import { accountsRoutes } from "./accounts/accounts.routes.ts";
import { orgsRoutes } from "./orgs/orgs.routes.ts";
import { classesMessages } from "./classes/classes.messages.ts";
import { classesRoutes } from "./classes/classes.routes.ts";
import { notificationsMessages, notificationsRoutes } from "./notifications/index.ts";
import { incidentsFeature } from "./incidents/index.ts";
import { rulesFeature } from "./rules/index.ts";
import { trainingFeature } from "./training/index.ts";
import { softwareFeature } from "./software/index.ts";
import { rostersFeature } from "./rosters/index.ts";
import { liveFeature } from "./live/index.ts";
import { privacyFeature } from "./privacy/privacy.feature.ts";
import { parentsFeature } from "./parents/parents.feature.ts";
import { reportsFeature } from "./reports/index.ts";

export const features: Feature[] = [
  { name: "accounts", messages: accountsMessages, routes: accountsRoutes },
  { name: "orgs", routes: orgsRoutes },
  { name: "classes", messages: classesMessages, routes: classesRoutes },
  { name: "notifications", messages: notificationsMessages, routes: notificationsRoutes },
  incidentsFeature,
  rulesFeature,
  trainingFeature,
  softwareFeature,
  rostersFeature,
  liveFeature,
  privacyFeature,
  parentsFeature,
  reportsFeature,
];
