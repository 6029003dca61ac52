/** Table types of the live class (migration 0003_live). */
import type { Generated } from "kysely";
import type { Json, NullableTimestamp, Timestamp } from "../../db/schema.ts";

export interface LiveTables {
  live_timetable_rules: {
    id: Generated<string>;
    class_id: string;
    weekday: number;
    start_time: string;
    end_time: string;
    title: string;
    /** The teacher of the period (migration 0012), one of the class's teachers. */
    teacher_id: Generated<string | null>;
    created_by: string | null;
    created_at: Generated<Date>;
    archived_at: NullableTimestamp;
  };
  class_sessions: {
    id: Generated<string>;
    class_id: string;
    school_id: string;
    timetable_rule_id: string | null;
    local_date: string | null;
    title: string;
    /** The teacher of the period (migration 0012): from its rule, or chosen for an ad-hoc one. */
    teacher_id: Generated<string | null>;
    starts_at: Timestamp;
    ends_at: Timestamp;
    created_by: string | null;
    created_at: Generated<Date>;
    opened_at: NullableTimestamp;
    opened_by: string | null;
    closed_at: NullableTimestamp;
    closed_by: string | null;
    locked: Generated<boolean>;
    chat_mode: Generated<"everyone" | "teacher_only" | "off">;
    slow_mode_seconds: Generated<number>;
    muted_all: Generated<boolean>;
    suspended_at: NullableTimestamp;
    seq: Generated<number>;
  };
  class_session_events: {
    session_id: string;
    seq: number;
    type: string;
    audience: "all" | "hosts";
    audience_user: string | null;
    actor_id: string | null;
    client_id: string | null;
    payload: Json<Record<string, unknown>>;
    created_at: Timestamp;
    deleted_at: NullableTimestamp;
    held_state: "pending" | "released" | "removed" | null;
  };
  join_links: {
    id: Generated<string>;
    class_id: string;
    student_id: string;
    class_tag: string;
    token_hash: string;
    created_by: string | null;
    created_at: Generated<Date>;
    expires_at: Timestamp;
    revoked_at: NullableTimestamp;
    device_hash: string | null;
    bound_at: NullableTimestamp;
    last_used_at: NullableTimestamp;
  };
  join_grants: {
    id: string;
    link_id: string;
    device_hash: string;
    created_at: Generated<Date>;
    expires_at: Timestamp;
    ip: string | null;
    user_agent: string | null;
  };
  live_bans: {
    id: Generated<string>;
    class_id: string;
    user_id: string;
    session_id: string | null;
    until: NullableTimestamp;
    reason: string | null;
    created_by: string;
    created_at: Generated<Date>;
    lifted_at: NullableTimestamp;
    lifted_by: string | null;
  };
  live_participants: {
    session_id: string;
    user_id: string;
    student_id: string | null;
    role: "host" | "student" | "guest";
    lobby_state: "waiting" | "admitted" | "denied" | null;
    knocks: Generated<number>;
    denied_count: Generated<number>;
    knocked_at: NullableTimestamp;
    removed_at: NullableTimestamp;
    muted_until: NullableTimestamp;
    hand_raised_at: NullableTimestamp;
    last_message_at: NullableTimestamp;
    blocked_count: Generated<number>;
    first_joined_at: NullableTimestamp;
    /** Media grants (migration 0008_live_media): what a student or guest may publish. */
    media_microphone: Generated<boolean>;
    media_camera: Generated<boolean>;
    media_screen: Generated<boolean>;
    media_changed_at: NullableTimestamp;
  };
  /** Server processes holding live sockets, and their last heartbeat (migration 0013). */
  live_processes: {
    id: string;
    seen_at: Timestamp;
  };
  live_visits: {
    id: Generated<string>;
    session_id: string;
    user_id: string;
    student_id: string | null;
    role: string;
    joined_at: Timestamp;
    left_at: NullableTimestamp;
    seen_at: Timestamp;
    device_hash: string | null;
    link_id: string | null;
    ip: string | null;
    user_agent: string | null;
    socket_id: string | null;
    /** The server process holding the visit's socket (migration 0013); null for LiveKit's. */
    process_id: string | null;
  };
}
