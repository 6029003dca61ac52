/** The Department's vetted-software catalogue. */
import type { Generated, GeneratedAlways } from "kysely";
import type { SoftwareChecklist } from "../../../shared/software.ts";
import type { Json, NullableTimestamp } from "../../db/schema.ts";

export interface SoftwareTables {
  software_catalog: {
    id: Generated<string>;
    name: string;
    /** Vietnamese order of `name` (migration 0014). */
    name_sort_key: GeneratedAlways<string>;
    vendor: string;
    licence: string;
    website: string | null;
    recommended_use: string;
    checklist: Json<SoftwareChecklist>;
    status: "recommended" | "allowed" | "not_recommended";
    notes: Generated<string>;
    /** DATE, YYYY-MM-DD */
    last_reviewed_at: string;
    updated_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    archived_at: NullableTimestamp;
  };
}
