/** Security events: what the live class records (suspend-all, second device, lobby denials, link
 * guessing, blocked messages) for the incident intake to turn into incidents (outbox pattern). */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
create table security_events (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  kind text not null,
  severity text not null default 'medium' check (severity in ('low', 'medium', 'high', 'critical')),
  school_id uuid not null references org_units(id),
  class_id uuid references classes(id),
  class_session_id uuid,
  actor_id uuid references users(id),
  subject_user_id uuid references users(id),
  ip text,
  user_agent text,
  summary text not null default '',
  evidence jsonb not null default '{}'::jsonb,
  processed_at timestamptz,
  incident_id uuid
);
create index security_events_pending_idx on security_events (created_at) where processed_at is null;
create index security_events_school_idx on security_events (school_id, created_at)
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `drop table security_events`);
}
