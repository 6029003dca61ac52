/** Every feature's authorization probes. Add your feature's list with one line. */
import type { AuthzProbe } from "./authz.ts";
import { accountsAuthz } from "../features/accounts/accounts.authz.ts";
import { orgsAuthz } from "../features/orgs/orgs.authz.ts";
import { classesAuthz } from "../features/classes/classes.authz.ts";
import { rulesAuthz } from "../features/rules/rules.authz.ts";
import { trainingAuthz } from "../features/training/training.authz.ts";
import { softwareAuthz } from "../features/software/software.authz.ts";
import { rostersAuthz } from "../features/rosters/rosters.authz.ts";
import { liveAuthz } from "../features/live/live.authz.ts";
import { livekitAuthz } from "../features/live/media.livekit.authz.ts";
import { reportsAuthz } from "../features/reports/reports.authz.ts";
import { parentsAuthz } from "../features/parents/parents.authz.ts";
import { privacyAuthz } from "../features/privacy/privacy.authz.ts";
import { incidentsAuthz } from "../features/incidents/incidents.authz.ts";
import { notificationsAuthz } from "../features/notifications/notifications.authz.ts";

export const authzProbes: AuthzProbe[] = [
  ...accountsAuthz,
  ...orgsAuthz,
  ...classesAuthz,
  ...rulesAuthz,
  ...trainingAuthz,
  ...softwareAuthz,
  ...rostersAuthz,
  ...liveAuthz,
  ...livekitAuthz,
  ...reportsAuthz,
  ...parentsAuthz,
  ...privacyAuthz,
  ...incidentsAuthz,
  ...notificationsAuthz,
];
