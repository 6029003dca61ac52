/** Classroom media rules: what each participant of a live class may publish (microphone, camera,
 * screen). Teachers publish everything by role; students and guests only what a teacher allowed.
 * Kept with the participant so that a reconnect (or another process) sees the same grants. */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
alter table live_participants add column media_microphone boolean not null default false;
alter table live_participants add column media_camera boolean not null default false;
alter table live_participants add column media_screen boolean not null default false;
alter table live_participants add column media_changed_at timestamptz
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `alter table live_participants drop column media_changed_at;
alter table live_participants drop column media_screen;
alter table live_participants drop column media_camera;
alter table live_participants drop column media_microphone`,
  );
}
