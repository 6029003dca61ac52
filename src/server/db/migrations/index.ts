/** Every migration, in order. A migration is never edited after it lands; add a new number. */
import type { Migration } from "kysely/migration";
import * as m0001 from "./0001_foundation.ts";
import * as m0002 from "./0002_security_events.ts";
import * as m0005 from "./0005_rules_training_software.ts";

export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_security_events": m0002,
  "0005_rules_training_software": m0005,
};
