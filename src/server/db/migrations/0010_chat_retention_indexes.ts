/** The daily chat retention finds the messages to delete through these, not by reading every
 * event of a school's sessions: by age (`created_at` before the school's period), and by author
 * (a student without consent to keep chat history, before today). Both hold chat messages only,
 * which retention keeps few of; the author index also serves a child's export and erasure. */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `create index class_session_events_chat_age_idx on class_session_events (created_at)
       where type in ('chat.message', 'chat.held');
     create index class_session_events_chat_author_idx on class_session_events (actor_id, created_at)
       where type in ('chat.message', 'chat.held');`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `drop index class_session_events_chat_author_idx;
     drop index class_session_events_chat_age_idx;`,
  );
}
