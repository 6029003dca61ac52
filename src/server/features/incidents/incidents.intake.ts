/** What a one-tap report from the live class attaches: the reported chat message with its
 * neighbours, and the reported participant with account, IP, device and times. The live
 * feature decides what the reporter could see; this file turns it into evidence entries. */
import type { ReportSource } from "../../../shared/incidents.ts";
import type { AppContext } from "../../context.ts";
import { AppError } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import type { EvidenceInput } from "./incidents.actions.ts";
import * as repo from "./incidents.repo.ts";

export interface LiveAttachment {
  classId: string;
  schoolId: string;
  sessionId: string;
  evidence: EvidenceInput[];
  students: Array<{ id: string; role: "reported" }>;
}

const refusals = {
  not_found: { status: 404, code: "not_found", key: "incidents.liveNotAllowed" },
  own: { status: 400, code: "validation_failed", key: "incidents.sourceOwn" },
  private: { status: 400, code: "validation_failed", key: "incidents.sourcePrivateAnonymous" },
} as const;

/** The evidence of a report about a live-class message or participant. Throws "not found"
 * when the reporter could not see it. */
export async function attachFromLiveClass(
  ctx: AppContext,
  actor: Actor,
  source: ReportSource,
  anonymous: boolean,
): Promise<LiveAttachment> {
  // Loaded on first use: the live feature's module graph leads back to the feature list,
  // which is still being evaluated when this module loads.
  const { readReportSource } = await import("../live/index.ts");
  const read = await readReportSource(ctx, actor, source, { anonymous });
  if (!read.ok) {
    const refusal = refusals[read.reason];
    if (refusal.status === 404) throw new AppError("not_found", 404, refusal.key);
    throw new AppError("validation_failed", 400, "errors.validationFailed", {
      issues: [{ field: "source", messageKey: refusal.key }],
    });
  }
  const evidence: EvidenceInput[] = [];
  if (read.messages) {
    evidence.push({
      kind: "chat_excerpt",
      content: {
        classSessionId: read.session.id,
        sessionTitle: read.session.title,
        className: read.session.className,
        reportedSeq: read.reportedSeq,
        messages: read.messages,
      },
    });
    const reported = read.messages.find((message) => message.reported);
    if (reported && reported.moderation.action !== "allow") {
      evidence.push({
        kind: "moderation",
        content: { classSessionId: read.session.id, seq: reported.seq, ...reported.moderation },
      });
    }
  }
  const students: LiveAttachment["students"] = [];
  if (read.participant) {
    // Evidence is shown to staff only: IP and device stay there.
    evidence.push({
      kind: "participants",
      content: {
        classSessionId: read.session.id,
        participant: {
          userId: read.participant.userId,
          username: read.participant.username,
          name: read.participant.name,
          role: read.participant.role,
          firstJoinedAt: read.participant.firstJoinedAt,
          removedAt: read.participant.removedAt,
        },
        visits: read.participant.visits,
      },
    });
    const rows = await repo.studentIdsOfUsers(ctx.db, [read.participant.userId]);
    for (const row of rows) students.push({ id: row.id, role: "reported" });
  }
  return {
    classId: read.session.classId,
    schoolId: read.session.schoolId,
    sessionId: read.session.id,
    evidence,
    students,
  };
}
