/** Every feature of the server, in registration order. Add a feature with one line. */
import type { Feature } from "./feature.ts";
import { accountsMessages } from "./accounts/accounts.messages.ts";
import { accountsRoutes } from "./accounts/accounts.routes.ts";
import { orgsRoutes } from "./orgs/orgs.routes.ts";
import { classesMessages } from "./classes/classes.messages.ts";
import { classesRoutes } from "./classes/classes.routes.ts";
import { rulesFeature } from "./rules/index.ts";
import { trainingFeature } from "./training/index.ts";
import { softwareFeature } from "./software/index.ts";
import { rostersFeature } from "./rosters/index.ts";

export const features: Feature[] = [
  { name: "accounts", messages: accountsMessages, routes: accountsRoutes },
  { name: "orgs", routes: orgsRoutes },
  { name: "classes", messages: classesMessages, routes: classesRoutes },
  rulesFeature,
  trainingFeature,
  softwareFeature,
  rostersFeature,
];
