/** Table types for Kysely. Each feature declares its own tables in `<feature>.tables.ts`;
 * this file joins them into one Database type. */
import type { ColumnType, Generated, GeneratedAlways } from "kysely";
import type { IncidentTables } from "../features/incidents/incidents.tables.ts";
import type { LiveTables } from "../features/live/live.tables.ts";
import type { NotificationTables } from "../features/notifications/notifications.tables.ts";
import type { ReportTables } from "../features/reports/reports.tables.ts";
import type { ParentsTables } from "../features/parents/parents.tables.ts";
import type { PrivacyTables } from "../features/privacy/privacy.tables.ts";
import type { RulesTables } from "../features/rules/rules.tables.ts";
import type { SoftwareTables } from "../features/software/software.tables.ts";
import type { TrainingTables } from "../features/training/training.tables.ts";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface FoundationTables {
  org_units: {
    id: Generated<string>;
    kind: "department" | "district" | "school";
    parent_id: string | null;
    path: string;
    name: string;
    /** Vietnamese order of `name` (migration 0014). */
    name_sort_key: GeneratedAlways<string>;
    code: string;
    school_type: string | null;
    email: string | null;
    domain: string | null;
    archived_at: NullableTimestamp;
    created_at: Generated<Date>;
  };
  users: {
    id: Generated<string>;
    username: string;
    email: string | null;
    display_name: string;
    /** Computed by the database from `display_name` (migration 0011): see `students`. */
    name_sort_key: GeneratedAlways<string>;
    name_search_key: GeneratedAlways<string>;
    password_hash: string | null;
    must_change_password: Generated<boolean>;
    failed_login_count: Generated<number>;
    locked_until: NullableTimestamp;
    locale: Generated<string>;
    disabled_at: NullableTimestamp;
    password_changed_at: NullableTimestamp;
    created_at: Generated<Date>;
  };
  role_assignments: {
    id: Generated<string>;
    user_id: string;
    role: string;
    org_unit_id: string;
    created_at: Generated<Date>;
  };
  students: {
    id: Generated<string>;
    school_id: string;
    user_id: string;
    student_code: string;
    full_name: string;
    /** Computed by the database from `full_name` (migration 0011): ordering by it (collation
     * "C") gives the order of `compareVietnameseNames`. */
    name_sort_key: GeneratedAlways<string>;
    /** The name lowercased without tones or letter marks, for `nameContains`. */
    name_search_key: GeneratedAlways<string>;
    date_of_birth: string | null;
    gender: "male" | "female" | "other" | null;
    parent_phone: string | null;
    parent_email: string | null;
    archived_at: NullableTimestamp;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  teacher_profiles: {
    user_id: string;
    school_id: string;
    teacher_code: string;
    phone: string | null;
    subjects: Generated<string>;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  classes: {
    id: Generated<string>;
    school_id: string;
    name: string;
    /** Vietnamese order of `name`, digits by value: "10A2" before "10A10" (migration 0014). */
    name_sort_key: GeneratedAlways<string>;
    grade: number;
    school_year: string;
    homeroom_teacher_id: string | null;
    archived_at: NullableTimestamp;
    created_at: Generated<Date>;
  };
  enrolments: {
    class_id: string;
    student_id: string;
    created_at: Generated<Date>;
    left_at: NullableTimestamp;
  };
  class_teachers: {
    class_id: string;
    teacher_id: string;
    subject: string;
    created_at: Generated<Date>;
  };
  parent_links: {
    parent_id: string;
    student_id: string;
    relation: Generated<string>;
    created_at: Generated<Date>;
  };
  auth_sessions: {
    id: string;
    user_id: string;
    csrf_token: string;
    created_at: Generated<Date>;
    last_seen_at: Timestamp;
    expires_at: Timestamp;
    revoked_at: NullableTimestamp;
    ip: string | null;
    user_agent: string | null;
  };
  roster_previews: {
    id: Generated<string>;
    school_id: string;
    kind: string;
    created_by: string;
    rows: Json<unknown>;
    created_at: Generated<Date>;
    consumed_at: NullableTimestamp;
  };
  audit_log: {
    id: Generated<string>;
    at: Generated<Date>;
    actor_id: string | null;
    action: string;
    target_type: string;
    target_id: string | null;
    org_unit_id: string | null;
    ip: string | null;
    detail: Json<Record<string, unknown>>;
  };
  mail_outbox: {
    id: Generated<string>;
    created_at: Generated<Date>;
    to_address: string;
    subject: string;
    text_body: string;
    html_body: string | null;
    org_unit_id: string | null;
    sent_at: NullableTimestamp;
    error: string | null;
  };
  security_events: {
    id: Generated<string>;
    created_at: Generated<Date>;
    kind: string;
    severity: Generated<"low" | "medium" | "high" | "critical">;
    school_id: string;
    class_id: string | null;
    class_session_id: string | null;
    actor_id: string | null;
    subject_user_id: string | null;
    ip: string | null;
    user_agent: string | null;
    summary: Generated<string>;
    evidence: Json<Record<string, unknown>>;
    processed_at: NullableTimestamp;
    incident_id: string | null;
  };
}

export type { Timestamp, NullableTimestamp, Json };

/** The whole database: add a feature's tables with `&`. */
export type Database = FoundationTables &
  LiveTables &
  IncidentTables &
  NotificationTables &
  ParentsTables &
  PrivacyTables &
  RulesTables &
  TrainingTables &
  SoftwareTables &
  ReportTables;
