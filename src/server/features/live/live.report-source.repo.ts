/** SQL of what a report from the live class reads (see report-source.ts): chat events as one
 * viewer could see them, and a participant's visits. Read-only. */
import type { Db } from "../../db/database.ts";

const chatTypes = ["chat.message", "chat.held"] as const;

/** Whose eyes the chat is read with: the hosts see every message; a participant sees the
 * class's messages and their own private ones, or (publicOnly) the class's messages only. */
export type ChatView =
  { kind: "hosts" } | { kind: "participant"; userId: string; publicOnly: boolean };

/** Chat events of a session this viewer could see. */
function visibleChat(db: Db, sessionId: string, view: ChatView) {
  let query = db
    .selectFrom("class_session_events as e")
    .leftJoin("users as u", "u.id", "e.actor_id")
    .select([
      "e.seq",
      "e.type",
      "e.audience",
      "e.audience_user",
      "e.actor_id",
      "e.payload",
      "e.created_at",
      "e.deleted_at",
      "e.held_state",
      "u.username",
    ])
    .where("e.session_id", "=", sessionId);
  if (view.kind === "participant") {
    if (view.publicOnly) {
      query = query.where("e.audience", "=", "all").where("e.type", "=", "chat.message");
    } else {
      query = query
        .where("e.type", "in", [...chatTypes])
        .where((eb) =>
          eb.or([eb("e.audience", "=", "all"), eb("e.audience_user", "=", view.userId)]),
        );
    }
  } else {
    query = query.where("e.type", "in", [...chatTypes]);
  }
  return query;
}

/** The chat event `seq`, if this viewer could see it. */
export function visibleChatEvent(db: Db, sessionId: string, view: ChatView, seq: number) {
  return visibleChat(db, sessionId, view).where("e.seq", "=", seq).executeTakeFirst();
}

/** Up to `limit` visible chat events next to `seq` on one side, nearest first. */
export function visibleChatBeside(
  db: Db,
  sessionId: string,
  view: ChatView,
  seq: number,
  side: "before" | "after",
  limit: number,
) {
  return visibleChat(db, sessionId, view)
    .where("e.seq", side === "before" ? "<" : ">", seq)
    .orderBy("e.seq", side === "before" ? "desc" : "asc")
    .limit(limit)
    .execute();
}

/** A person's visits of a session with network details, in joining order (at most 200). */
export function participantVisits(db: Db, sessionId: string, userId: string) {
  return db
    .selectFrom("live_visits")
    .select(["joined_at", "left_at", "ip", "user_agent", "device_hash"])
    .where("session_id", "=", sessionId)
    .where("user_id", "=", userId)
    .orderBy("joined_at")
    .limit(200)
    .execute();
}
