/** SQL of media presence reported by LiveKit webhooks. A LiveKit participant that is in the media
 * room while the person has no class connection open counts as a visit (socket id
 * `livekit:<participant sid>`), so attendance stays true when only the media connection is up;
 * a class connection that comes back replaces it (admitParticipant closes the person's visits). */
import { sql } from "kysely";
import type { Db } from "../../db/database.ts";
import { activeBan, findParticipant, findSession } from "./live.repo.ts";

export const MEDIA_VISIT_PREFIX = "livekit:";

/** Whether a person who joined the media room is an admitted participant of an open session. */
export async function mediaMembership(db: Db, sessionId: string, userId: string, now: Date) {
  const session = await findSession(db, sessionId);
  if (!session) return { session: null, admitted: false } as const;
  const participant = await findParticipant(db, sessionId, userId);
  let admitted =
    session.closed_at === null &&
    participant !== undefined &&
    participant.removed_at === null &&
    participant.first_joined_at !== null;
  if (admitted && participant!.role !== "host") {
    admitted = !(await activeBan(db, session.class_id, userId, sessionId, now));
  }
  return { session, participant: participant ?? null, admitted } as const;
}

/** Records media presence; returns whether a visit was opened (none when the person already
 * has an open visit, or when LiveKit repeats a webhook). */
export async function openMediaVisit(
  db: Db,
  values: {
    sessionId: string;
    userId: string;
    studentId: string | null;
    role: string;
    participantSid: string;
    at: Date;
  },
): Promise<boolean> {
  const open = await db
    .selectFrom("live_visits")
    .select("id")
    .where("session_id", "=", values.sessionId)
    .where("user_id", "=", values.userId)
    .where("left_at", "is", null)
    .executeTakeFirst();
  if (open) return false;
  const socketId = `${MEDIA_VISIT_PREFIX}${values.participantSid}`;
  const seen = await db
    .selectFrom("live_visits")
    .select("id")
    .where("session_id", "=", values.sessionId)
    .where("socket_id", "=", socketId)
    .executeTakeFirst();
  if (seen) return false;
  await db
    .insertInto("live_visits")
    .values({
      session_id: values.sessionId,
      user_id: values.userId,
      student_id: values.studentId,
      role: values.role,
      joined_at: values.at,
      seen_at: values.at,
      socket_id: socketId,
    })
    .execute();
  return true;
}

/** Closes the media visit of one LiveKit participant; returns whether one was open. */
export async function closeMediaVisit(
  db: Db,
  sessionId: string,
  participantSid: string,
  at: Date,
): Promise<boolean> {
  const closed = await db
    .updateTable("live_visits")
    .set({ left_at: at, seen_at: at })
    .where("session_id", "=", sessionId)
    .where("socket_id", "=", `${MEDIA_VISIT_PREFIX}${participantSid}`)
    .where("left_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return closed !== undefined;
}

/** Heartbeat of open media visits (of sessions still running). */
export function touchMediaVisits(db: Db, at: Date) {
  return db
    .updateTable("live_visits")
    .set({ seen_at: at })
    .where("socket_id", "like", `${MEDIA_VISIT_PREFIX}%`)
    .where("left_at", "is", null)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("class_sessions as cs")
          .select(sql`1`.as("one"))
          .whereRef("cs.id", "=", "live_visits.session_id")
          .where("cs.closed_at", "is", null),
      ),
    )
    .execute();
}
