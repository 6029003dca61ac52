/** Incidents, their hash-chained history and evidence, two-way messages with (anonymous)
 * reporters, per-organisation deadlines, and in-app notifications.
 *
 * Nothing an incident refers to is ever hard-deleted: triggers refuse DELETE on incidents,
 * their events and evidence, and UPDATE on events and evidence (the chain is append-only). */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
create table incidents (
  id uuid primary key default gen_random_uuid(),
  number integer generated always as identity unique,
  school_id uuid not null references org_units(id),
  class_id uuid references classes(id),
  class_session_id uuid,
  category text not null check (category in ('intrusion', 'offensive_content', 'harassment',
    'sexual_content', 'threats_violence', 'self_harm', 'data_leak', 'scam_impersonation', 'other')),
  severity text not null check (severity in ('low', 'medium', 'high', 'critical')),
  status text not null default 'new' check (status in ('new', 'acknowledged', 'investigating',
    'escalated', 'resolved', 'closed')),
  level text not null default 'school' check (level in ('school', 'district', 'department')),
  title text not null,
  description text not null default '',
  rule_ref text,
  assigned_to uuid references users(id),
  reporter_id uuid references users(id),
  reporter_role text not null,
  anonymous boolean not null default false,
  anonymous_code_hash text unique,
  source text not null check (source in ('manual', 'automatic')),
  dedupe_key text,
  ack_due_at timestamptz,
  resolve_due_at timestamptz,
  acknowledged_at timestamptz,
  escalated_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  outcome text,
  actions jsonb not null default '[]'::jsonb,
  police_agency text,
  police_officer text,
  police_case_number text,
  police_referred_on date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (not anonymous or reporter_id is null)
);
create unique index incidents_dedupe_open_idx on incidents (dedupe_key)
  where dedupe_key is not null and closed_at is null;
create index incidents_school_idx on incidents (school_id, created_at);
create index incidents_status_idx on incidents (status, ack_due_at, resolve_due_at);
create index incidents_reporter_idx on incidents (reporter_id) where reporter_id is not null;
create index incidents_class_idx on incidents (class_id) where class_id is not null;

create table incident_students (
  incident_id uuid not null references incidents(id),
  student_id uuid not null references students(id),
  role text not null default 'involved' check (role in ('involved', 'target', 'reported')),
  added_at timestamptz not null default now(),
  primary key (incident_id, student_id)
);
create index incident_students_student_idx on incident_students (student_id);

create table incident_events (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents(id),
  seq integer not null,
  type text not null,
  payload jsonb not null default '{}'::jsonb,
  actor_id uuid references users(id),
  created_at timestamptz not null,
  prev_hash text not null,
  hash text not null,
  unique (incident_id, seq)
);

create table evidence (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents(id),
  kind text not null check (kind in ('chat_excerpt', 'participants', 'moderation',
    'security_event', 'file', 'note')),
  content jsonb,
  file bytea,
  mime text,
  size integer not null default 0,
  sha256 text not null,
  original_name text,
  stored_name text,
  added_by uuid references users(id),
  created_at timestamptz not null
);
create index evidence_incident_idx on evidence (incident_id, created_at);

create table incident_messages (
  id uuid primary key default gen_random_uuid(),
  incident_id uuid not null references incidents(id),
  direction text not null check (direction in ('to_reporter', 'from_reporter')),
  author_id uuid references users(id),
  body text not null,
  created_at timestamptz not null
);
create index incident_messages_incident_idx on incident_messages (incident_id, created_at);

create table incident_settings (
  org_unit_id uuid primary key references org_units(id),
  deadlines jsonb not null,
  updated_by uuid references users(id),
  updated_at timestamptz not null default now()
);

create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  kind text not null,
  title_key text not null,
  body_key text not null,
  params jsonb not null default '{}'::jsonb,
  link text,
  read_at timestamptz,
  created_at timestamptz not null
);
create index notifications_user_idx on notifications (user_id, created_at desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;

-- One line: runStatements splits at a semicolon that ends a line.
create function incidents_refuse_change() returns trigger language plpgsql as $$ begin raise exception 'incident records are append-only (% on %)', tg_op, tg_table_name; end $$;
create trigger incidents_no_delete before delete on incidents
  for each row execute function incidents_refuse_change();
create trigger incident_events_append_only before update or delete on incident_events
  for each row execute function incidents_refuse_change();
create trigger evidence_append_only before update or delete on evidence
  for each row execute function incidents_refuse_change();
create trigger incident_messages_append_only before update or delete on incident_messages
  for each row execute function incidents_refuse_change();
create trigger incident_students_no_delete before delete on incident_students
  for each row execute function incidents_refuse_change()
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `drop table notifications;
drop table incident_settings;
drop table incident_messages;
drop table evidence;
drop table incident_events;
drop table incident_students;
drop table incidents;
drop function incidents_refuse_change`,
  );
}
