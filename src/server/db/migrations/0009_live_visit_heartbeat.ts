/** The visit heartbeat (every 20 s, each process touches the open visits of its sockets) finds
 * them by socket id; without an index that was a scan of every visit ever recorded. */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `create index live_visits_open_socket_idx on live_visits (socket_id) where left_at is null`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `drop index live_visits_open_socket_idx`);
}
