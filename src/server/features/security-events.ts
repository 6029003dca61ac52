/** Recording a security event: the live class (and any feature) calls this inside its own
 * transaction; the incident intake picks pending events up and opens or extends incidents. */
import type { Db } from "../db/database.ts";

export const securityEventKinds = [
  "suspend_all",
  "second_device",
  "lobby_denied",
  "link_guessing",
  "blocked_message",
  "repeated_blocks",
  "removed_participant",
  "banned_participant",
] as const;
export type SecurityEventKind = (typeof securityEventKinds)[number];

export interface SecurityEventInput {
  kind: SecurityEventKind;
  severity: "low" | "medium" | "high" | "critical";
  schoolId: string;
  classId?: string | null;
  classSessionId?: string | null;
  actorId?: string | null;
  subjectUserId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** One line for people ("Giáo viên tạm dừng mọi hoạt động của lớp 10A1"). */
  summary: string;
  /** Chat excerpt, participants with account/IP/user agent/times, moderation results... */
  evidence: Record<string, unknown>;
}

export async function recordSecurityEvent(db: Db, input: SecurityEventInput): Promise<string> {
  const row = await db
    .insertInto("security_events")
    .values({
      kind: input.kind,
      severity: input.severity,
      school_id: input.schoolId,
      class_id: input.classId ?? null,
      class_session_id: input.classSessionId ?? null,
      actor_id: input.actorId ?? null,
      subject_user_id: input.subjectUserId ?? null,
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      summary: input.summary,
      evidence: JSON.stringify(input.evidence),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
