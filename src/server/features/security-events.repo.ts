/** SQL of security events: recording one (the incident intake reads them, in incidents.repo.ts). */
import type { Db } from "../db/database.ts";
import type { SecurityEventInput } from "./security-events.ts";

export function insertSecurityEvent(db: Db, input: SecurityEventInput) {
  return db
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
}
