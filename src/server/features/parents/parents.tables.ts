/** Tables of the school–family feature (migration 0006_family_privacy). */
import type { Generated } from "kysely";
import type { NullableTimestamp, Timestamp } from "../../db/schema.ts";

export interface ParentsTables {
  parent_link_codes: {
    id: Generated<string>;
    student_id: string;
    code_hash: string;
    created_by: string;
    created_at: Generated<Date>;
    expires_at: Timestamp;
    used_at: NullableTimestamp;
    used_by: string | null;
    revoked_at: NullableTimestamp;
  };
  family_messages: {
    id: Generated<string>;
    student_id: string;
    teacher_id: string;
    sender_id: string;
    sender_role: "teacher" | "parent";
    verified_teacher: Generated<boolean>;
    body: string;
    created_at: Timestamp;
    read_at: NullableTimestamp;
  };
  school_notices: {
    id: Generated<string>;
    school_id: string;
    class_id: string | null;
    author_id: string;
    title: string;
    body: string;
    created_at: Timestamp;
  };
  absence_alerts: {
    session_id: string;
    student_id: string;
    status: string;
    created_at: Timestamp;
  };
}
