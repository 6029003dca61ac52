/** What a one-tap report from the live class attaches: the reported chat message with its
 * neighbours, and the reported participant with account, IP, device and times. */
import type { z } from "zod";
import type { liveContext } from "../../../shared/incidents.ts";
import type { AppContext } from "../../context.ts";
import { AppError, notFound } from "../../http/errors.ts";
import type { Actor } from "../accounts/actor.ts";
import { managesPath } from "../orgs/orgs.policy.ts";
import type { EvidenceInput } from "./incidents.actions.ts";
import * as repo from "./incidents.repo.ts";

/** Messages before and after the reported one that are attached with it. */
export const NEIGHBOURS = 5;

export interface LiveAttachment {
  classId: string;
  schoolId: string;
  sessionId: string;
  evidence: EvidenceInput[];
  students: Array<{ id: string; role: "reported" }>;
}

export async function attachFromLiveClass(
  ctx: AppContext,
  actor: Actor,
  live: z.infer<typeof liveContext>,
): Promise<LiveAttachment> {
  const session = await repo.findClassSession(ctx.db, live.classSessionId);
  if (!session) throw notFound();
  const school = await repo.findOrg(ctx.db, session.school_id);
  const teaches = (await repo.teachersOfClass(ctx.db, session.class_id)).includes(actor.userId);
  const manages = school ? managesPath(actor, school.path) : false;
  const participant = await repo.wasParticipant(ctx.db, session.id, actor.userId);
  if (!teaches && !manages && !participant) {
    throw new AppError("not_found", 404, "incidents.liveNotAllowed");
  }
  const evidence: EvidenceInput[] = [];
  const students: LiveAttachment["students"] = [];
  let reportedUser = live.participantUserId ?? null;
  if (live.messageSeq !== undefined) {
    const rows = await repo.chatAround(ctx.db, session.id, live.messageSeq, NEIGHBOURS);
    const index = rows.findIndex((row) => row.seq === live.messageSeq);
    if (index < 0) {
      throw new AppError("validation_failed", 400, "errors.validationFailed", {
        issues: [{ field: "live.messageSeq", messageKey: "errors.notFound" }],
      });
    }
    const window = rows.slice(Math.max(0, index - NEIGHBOURS), index + NEIGHBOURS + 1);
    const messages = window.map((row) => {
      const payload = row.payload as {
        from?: { userId?: string; name?: string; role?: string };
        text?: string;
        privateTo?: unknown;
      };
      return {
        seq: row.seq,
        at: row.created_at.toISOString(),
        userId: payload.from?.userId ?? row.actor_id,
        name: payload.from?.name ?? null,
        role: payload.from?.role ?? null,
        text: payload.text ?? "",
        deletedAt: row.deleted_at ? row.deleted_at.toISOString() : null,
        reported: row.seq === live.messageSeq,
      };
    });
    evidence.push({
      kind: "chat_excerpt",
      content: {
        classSessionId: session.id,
        sessionTitle: session.title,
        reportedSeq: live.messageSeq,
        messages,
      },
    });
    reportedUser ??= messages.find((message) => message.reported)?.userId ?? null;
  }
  if (reportedUser) {
    const visits = await repo.participantVisits(ctx.db, session.id, reportedUser);
    const account = visits[0];
    evidence.push({
      kind: "participants",
      content: {
        classSessionId: session.id,
        participant: {
          userId: reportedUser,
          username: account?.username ?? null,
          name: account?.display_name ?? null,
        },
        visits: visits.map((visit) => ({
          role: visit.role,
          joinedAt: visit.joined_at.toISOString(),
          leftAt: visit.left_at ? visit.left_at.toISOString() : null,
          ip: visit.ip,
          userAgent: visit.user_agent,
          deviceHash: visit.device_hash,
        })),
      },
    });
    const studentRows = await repo.studentIdsOfUsers(ctx.db, [reportedUser]);
    for (const student of studentRows) students.push({ id: student.id, role: "reported" });
  }
  return {
    classId: session.class_id,
    schoolId: session.school_id,
    sessionId: session.id,
    evidence,
    students,
  };
}
