/** Table types of the reports feature. */
import type { Generated } from "kysely";
import type { Timestamp } from "../../db/schema.ts";

export interface ReportTables {
  report_deliveries: {
    id: Generated<string>;
    org_unit_id: string;
    trigger: "scheduled" | "manual";
    period_kind: string;
    period_key: string;
    to_address: string;
    status: "sending" | "sent" | "outbox" | "failed";
    attempts: Generated<number>;
    mail_id: string | null;
    error: string | null;
    requested_by: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
}
