/** Every migration, in order. A migration is never edited after it lands; add a new number. */
import type { Migration } from "kysely/migration";
import * as m0001 from "./0001_foundation.ts";
import * as m0002 from "./0002_security_events.ts";
import * as m0003 from "./0003_live.ts";
import * as m0004 from "./0004_incidents.ts";
import * as m0005 from "./0005_rules_training_software.ts";
import * as m0006 from "./0006_family_privacy.ts";
import * as m0007 from "./0007_reports.ts";
import * as m0008 from "./0008_live_media.ts";
import * as m0009 from "./0009_live_visit_heartbeat.ts";
import * as m0010 from "./0010_chat_retention_indexes.ts";
import * as m0011 from "./0011_vietnamese_name_keys.ts";
import * as m0012 from "./0012_period_teacher.ts";
import * as m0013 from "./0013_live_process_heartbeat.ts";
import * as m0014 from "./0014_vietnamese_text_sort_keys.ts";

export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_security_events": m0002,
  "0003_live": m0003,
  "0004_incidents": m0004,
  "0005_rules_training_software": m0005,
  "0006_family_privacy": m0006,
  "0007_reports": m0007,
  "0008_live_media": m0008,
  "0009_live_visit_heartbeat": m0009,
  "0010_chat_retention_indexes": m0010,
  "0011_vietnamese_name_keys": m0011,
  "0012_period_teacher": m0012,
  "0013_live_process_heartbeat": m0013,
  "0014_vietnamese_text_sort_keys": m0014,
};
