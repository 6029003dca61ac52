/** Tables of consent and children's privacy (migration 0006_family_privacy). */
import type { Generated } from "kysely";
import type { Json, NullableTimestamp, Timestamp } from "../../db/schema.ts";

export interface PrivacyTables {
  consent_notices: {
    id: Generated<string>;
    audience: "parent" | "student";
    version: number;
    title_vi: string;
    title_en: string;
    body_vi: string;
    body_en: string;
    purposes: Json<string[]>;
    published_at: Generated<Date>;
  };
  consents: {
    id: Generated<string>;
    student_id: string;
    given_by: string;
    role: "parent" | "student";
    notice_version: number;
    purposes: Json<string[]>;
    given_at: Timestamp;
    withdrawn_at: NullableTimestamp;
    withdrawn_by: string | null;
    ip: string | null;
  };
  deletion_requests: {
    id: Generated<string>;
    student_id: string;
    requested_by: string;
    reason: "withdrawal" | "request";
    scope: Json<string[]>;
    note: string | null;
    status: Generated<"pending" | "completed" | "partial">;
    exceptions: Json<Array<Record<string, unknown>>>;
    result: Json<Record<string, unknown>>;
    created_at: Timestamp;
    completed_at: NullableTimestamp;
  };
  retention_settings: {
    school_id: string;
    chat_days: Generated<number>;
    attendance_days: Generated<number>;
    family_message_days: Generated<number>;
    notice_days: Generated<number>;
    training_days: Generated<number>;
    updated_by: string | null;
    updated_at: Generated<Date>;
  };
  privacy_job_runs: {
    job: string;
    run_date: string;
    started_at: Timestamp;
    finished_at: NullableTimestamp;
    result: Json<Record<string, unknown>>;
  };
}
