/** Table types of incidents, their chain, evidence, messages and deadline settings. */
import type { ColumnType, Generated } from "kysely";
import type { Json, NullableTimestamp, Timestamp } from "../../db/schema.ts";

type NullableDate = ColumnType<string | null, string | null | undefined, string | null>;

export interface IncidentTables {
  incidents: {
    id: Generated<string>;
    number: ColumnType<number, never, never>;
    school_id: string;
    class_id: string | null;
    class_session_id: string | null;
    category: string;
    severity: "low" | "medium" | "high" | "critical";
    status: Generated<
      "new" | "acknowledged" | "investigating" | "escalated" | "resolved" | "closed"
    >;
    level: Generated<"school" | "district" | "department">;
    title: string;
    description: Generated<string>;
    rule_ref: string | null;
    assigned_to: string | null;
    reporter_id: string | null;
    reporter_role: string;
    anonymous: Generated<boolean>;
    anonymous_code_hash: string | null;
    source: "manual" | "automatic";
    dedupe_key: string | null;
    ack_due_at: NullableTimestamp;
    resolve_due_at: NullableTimestamp;
    acknowledged_at: NullableTimestamp;
    escalated_at: NullableTimestamp;
    resolved_at: NullableTimestamp;
    closed_at: NullableTimestamp;
    outcome: string | null;
    actions: ColumnType<string[], string | undefined, string>;
    police_agency: string | null;
    police_officer: string | null;
    police_case_number: string | null;
    police_referred_on: NullableDate;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  incident_students: {
    incident_id: string;
    student_id: string;
    role: Generated<"involved" | "target" | "reported">;
    added_at: Timestamp;
  };
  incident_events: {
    id: Generated<string>;
    incident_id: string;
    seq: number;
    type: string;
    payload: Json<Record<string, unknown>>;
    actor_id: string | null;
    created_at: Timestamp;
    prev_hash: string;
    hash: string;
  };
  evidence: {
    id: Generated<string>;
    incident_id: string;
    kind: "chat_excerpt" | "participants" | "moderation" | "security_event" | "file" | "note";
    content: Json<Record<string, unknown>> | null;
    file: Buffer | null;
    mime: string | null;
    size: Generated<number>;
    sha256: string;
    original_name: string | null;
    stored_name: string | null;
    added_by: string | null;
    created_at: Timestamp;
  };
  incident_messages: {
    id: Generated<string>;
    incident_id: string;
    direction: "to_reporter" | "from_reporter";
    author_id: string | null;
    body: string;
    created_at: Timestamp;
  };
  incident_settings: {
    org_unit_id: string;
    deadlines: Json<Record<string, { ackHours: number; resolveHours: number }>>;
    updated_by: string | null;
    updated_at: Timestamp;
  };
}
