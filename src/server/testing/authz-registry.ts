/** Every feature's authorization probes. Add your feature's list with one line. */
import type { AuthzProbe } from "./authz.ts";
import { accountsAuthz } from "../features/accounts/accounts.authz.ts";
import { orgsAuthz } from "../features/orgs/orgs.authz.ts";
import { classesAuthz } from "../features/classes/classes.authz.ts";
import { rostersAuthz } from "../features/rosters/rosters.authz.ts";

export const authzProbes: AuthzProbe[] = [
  ...accountsAuthz,
  ...orgsAuthz,
  ...classesAuthz,
  ...rostersAuthz,
];
