/** Recording a security event: the live class (and any feature) calls this inside its own
 * transaction; the incident intake picks pending events up and opens or extends incidents. */
import type { Db } from "../db/database.ts";
import { insertSecurityEvent } from "./security-events.repo.ts";

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
  const row = await insertSecurityEvent(db, input);
  return row.id;
}
