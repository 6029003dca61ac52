/** The live-class heartbeat moves from visits to processes. Each server process used to mark every
 * open visit of its sockets as seen every 20 s: with 2,000 students that was 2,000 row updates
 * (about 0.4 s of statements on embedded PGlite, whose one session every chat message then
 * waited behind). Now a process has one row in `live_processes` that it marks, its visits name it,
 * and a crashed process's open visits are closed at its last heartbeat. The socket-id index,
 * which only the old heartbeat used, goes. Visits without a process (LiveKit's, and those open
 * before this migration) keep their own `seen_at`. */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `create table live_processes (
       id uuid primary key,
       seen_at timestamptz not null
     );
     alter table live_visits add column process_id uuid;
     create index live_visits_open_process_idx on live_visits (process_id) where left_at is null;
     drop index live_visits_open_socket_idx;`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `create index live_visits_open_socket_idx on live_visits (socket_id) where left_at is null;
     drop index live_visits_open_process_idx;
     alter table live_visits drop column process_id;
     drop table live_processes;`,
  );
}
