/** The live class: class sessions (weekly timetable and ad-hoc), personal join links and the
 * grants they are exchanged for, bans, per-session participant state (lobby, mutes, hands),
 * the per-session event log with its sequence numbers, and attendance visits. */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
create table live_timetable_rules (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references classes(id),
  weekday smallint not null check (weekday between 1 and 7),
  start_time text not null,
  end_time text not null,
  title text not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  archived_at timestamptz
);
create index live_timetable_rules_class_idx on live_timetable_rules (class_id) where archived_at is null;

create table class_sessions (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references classes(id),
  school_id uuid not null references org_units(id),
  timetable_rule_id uuid references live_timetable_rules(id),
  local_date date,
  title text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  opened_at timestamptz,
  opened_by uuid references users(id),
  closed_at timestamptz,
  closed_by uuid references users(id),
  locked boolean not null default false,
  chat_mode text not null default 'everyone' check (chat_mode in ('everyone', 'teacher_only', 'off')),
  slow_mode_seconds integer not null default 0,
  muted_all boolean not null default false,
  suspended_at timestamptz,
  seq integer not null default 0,
  unique (timetable_rule_id, local_date)
);
create index class_sessions_class_idx on class_sessions (class_id, starts_at);
create index class_sessions_starts_idx on class_sessions (starts_at);

create table class_session_events (
  session_id uuid not null references class_sessions(id) on delete cascade,
  seq integer not null,
  type text not null,
  audience text not null check (audience in ('all', 'hosts')),
  audience_user uuid,
  actor_id uuid,
  client_id text,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  held_state text check (held_state in ('pending', 'released', 'removed')),
  primary key (session_id, seq)
);
create unique index class_session_events_client_idx on class_session_events (session_id, actor_id, client_id) where client_id is not null;
create index class_session_events_held_idx on class_session_events (session_id) where held_state = 'pending';

create table join_links (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references classes(id),
  student_id uuid not null references students(id),
  class_tag text not null,
  token_hash text not null unique,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  device_hash text,
  bound_at timestamptz,
  last_used_at timestamptz
);
create index join_links_class_idx on join_links (class_id, student_id) where revoked_at is null;

create table join_grants (
  id text primary key,
  link_id uuid not null references join_links(id),
  device_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index join_grants_link_idx on join_grants (link_id);

create table live_bans (
  id uuid primary key default gen_random_uuid(),
  class_id uuid not null references classes(id),
  user_id uuid not null references users(id),
  session_id uuid references class_sessions(id),
  until timestamptz,
  reason text,
  created_by uuid not null references users(id),
  created_at timestamptz not null default now(),
  lifted_at timestamptz,
  lifted_by uuid references users(id)
);
create index live_bans_lookup_idx on live_bans (class_id, user_id) where lifted_at is null;

create table live_participants (
  session_id uuid not null references class_sessions(id) on delete cascade,
  user_id uuid not null references users(id),
  student_id uuid references students(id),
  role text not null check (role in ('host', 'student', 'guest')),
  lobby_state text check (lobby_state in ('waiting', 'admitted', 'denied')),
  knocks integer not null default 0,
  denied_count integer not null default 0,
  knocked_at timestamptz,
  removed_at timestamptz,
  muted_until timestamptz,
  hand_raised_at timestamptz,
  last_message_at timestamptz,
  blocked_count integer not null default 0,
  first_joined_at timestamptz,
  primary key (session_id, user_id)
);
create index live_participants_lobby_idx on live_participants (session_id) where lobby_state = 'waiting';

create table live_visits (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references class_sessions(id) on delete cascade,
  user_id uuid not null references users(id),
  student_id uuid references students(id),
  role text not null,
  joined_at timestamptz not null,
  left_at timestamptz,
  seen_at timestamptz not null,
  device_hash text,
  link_id uuid references join_links(id),
  ip text,
  user_agent text,
  socket_id text
);
create index live_visits_session_idx on live_visits (session_id, user_id);
create index live_visits_student_idx on live_visits (student_id, joined_at);
create index live_visits_open_idx on live_visits (session_id) where left_at is null
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
drop table live_visits;
drop table live_participants;
drop table live_bans;
drop table join_grants;
drop table join_links;
drop table class_session_events;
drop table class_sessions;
drop table live_timetable_rules
`,
  );
}
