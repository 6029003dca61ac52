/** SQL of the classroom media rules: the grants kept with each live participant (0008_live_media). */
import type { Db } from "../../db/database.ts";
import type { MediaGrants } from "../../../shared/media.ts";

export interface MediaGrantRow {
  user_id: string;
  role: "host" | "student" | "guest";
  removed_at: Date | null;
  lobby_state: "waiting" | "admitted" | "denied" | null;
  media_microphone: boolean;
  media_camera: boolean;
  media_screen: boolean;
}

const grantColumns = [
  "user_id",
  "role",
  "removed_at",
  "lobby_state",
  "media_microphone",
  "media_camera",
  "media_screen",
] as const;

export const grantsOfRow = (row: MediaGrantRow): MediaGrants => ({
  microphone: row.media_microphone,
  camera: row.media_camera,
  screen: row.media_screen,
});

/** A participant's stored grants (teachers' grants come from their role, not from here). */
export function findMediaGrants(
  db: Db,
  sessionId: string,
  userId: string,
): Promise<MediaGrantRow | undefined> {
  return db
    .selectFrom("live_participants")
    .select(grantColumns)
    .where("session_id", "=", sessionId)
    .where("user_id", "=", userId)
    .executeTakeFirst() as Promise<MediaGrantRow | undefined>;
}

/** Locks the participant row while a teacher changes its grants. */
export function lockMediaGrants(db: Db, sessionId: string, userId: string) {
  return db
    .selectFrom("live_participants")
    .select(grantColumns)
    .where("session_id", "=", sessionId)
    .where("user_id", "=", userId)
    .forUpdate()
    .executeTakeFirst() as Promise<MediaGrantRow | undefined>;
}

export async function setMediaGrants(
  db: Db,
  sessionId: string,
  userId: string,
  grants: MediaGrants,
  at: Date,
): Promise<void> {
  await db
    .updateTable("live_participants")
    .set({
      media_microphone: grants.microphone,
      media_camera: grants.camera,
      media_screen: grants.screen,
      media_changed_at: at,
    })
    .where("session_id", "=", sessionId)
    .where("user_id", "=", userId)
    .execute();
}

/** Takes every grant of the session's students and guests back; returns whose changed. */
export async function revokeNonHostGrants(db: Db, sessionId: string, at: Date): Promise<string[]> {
  const rows = await db
    .updateTable("live_participants")
    .set({
      media_microphone: false,
      media_camera: false,
      media_screen: false,
      media_changed_at: at,
    })
    .where("session_id", "=", sessionId)
    .where("role", "<>", "host")
    .where((eb) =>
      eb.or([
        eb("media_microphone", "=", true),
        eb("media_camera", "=", true),
        eb("media_screen", "=", true),
      ]),
    )
    .returning("user_id")
    .execute();
  return rows.map((row) => row.user_id);
}

/** Grants of everyone in class now (an open visit), for the `media.join` snapshot. */
export function presentMediaGrants(db: Db, sessionId: string): Promise<MediaGrantRow[]> {
  return db
    .selectFrom("live_participants as p")
    .select([
      "p.user_id",
      "p.role",
      "p.removed_at",
      "p.lobby_state",
      "p.media_microphone",
      "p.media_camera",
      "p.media_screen",
    ])
    .where("p.session_id", "=", sessionId)
    .where("p.removed_at", "is", null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("live_visits as v")
          .select("v.id")
          .whereRef("v.session_id", "=", "p.session_id")
          .whereRef("v.user_id", "=", "p.user_id")
          .where("v.left_at", "is", null),
      ),
    )
    .execute() as Promise<MediaGrantRow[]>;
}
