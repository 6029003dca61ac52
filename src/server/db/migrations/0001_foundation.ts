/** Foundation: organisation tree, accounts and roles, rosters, sessions, audit log. */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
create table org_units (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('department', 'district', 'school')),
  parent_id uuid references org_units(id),
  path text not null,
  name text not null,
  code text not null,
  school_type text,
  email text,
  domain text,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  unique (parent_id, code)
);
create index org_units_path_idx on org_units (path text_pattern_ops);
create index org_units_parent_idx on org_units (parent_id);

create table users (
  id uuid primary key default gen_random_uuid(),
  username text not null,
  email text,
  display_name text not null,
  password_hash text,
  must_change_password boolean not null default false,
  failed_login_count integer not null default 0,
  locked_until timestamptz,
  locale text not null default 'vi',
  disabled_at timestamptz,
  password_changed_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index users_username_idx on users (lower(username));
create unique index users_email_idx on users (lower(email)) where email is not null;

create table role_assignments (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  role text not null,
  org_unit_id uuid not null references org_units(id),
  created_at timestamptz not null default now(),
  unique (user_id, role, org_unit_id)
);
create index role_assignments_org_idx on role_assignments (org_unit_id, role);

create table students (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references org_units(id),
  user_id uuid not null unique references users(id),
  student_code text not null,
  full_name text not null,
  date_of_birth date,
  gender text check (gender in ('male', 'female', 'other')),
  parent_phone text,
  parent_email text,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (school_id, student_code)
);
create index students_name_idx on students (school_id, lower(full_name));

create table teacher_profiles (
  user_id uuid not null references users(id),
  school_id uuid not null references org_units(id),
  teacher_code text not null,
  phone text,
  subjects text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (user_id, school_id),
  unique (school_id, teacher_code)
);

create table classes (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references org_units(id),
  name text not null,
  grade integer not null check (grade between 1 and 12),
  school_year text not null,
  homeroom_teacher_id uuid references users(id),
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  unique (school_id, school_year, name)
);

create table enrolments (
  class_id uuid not null references classes(id),
  student_id uuid not null references students(id),
  created_at timestamptz not null default now(),
  left_at timestamptz,
  primary key (class_id, student_id)
);
create index enrolments_student_idx on enrolments (student_id);

create table class_teachers (
  class_id uuid not null references classes(id),
  teacher_id uuid not null references users(id),
  subject text not null,
  created_at timestamptz not null default now(),
  primary key (class_id, teacher_id, subject)
);
create index class_teachers_teacher_idx on class_teachers (teacher_id);

create table parent_links (
  parent_id uuid not null references users(id),
  student_id uuid not null references students(id),
  relation text not null default 'parent',
  created_at timestamptz not null default now(),
  primary key (parent_id, student_id)
);
create index parent_links_student_idx on parent_links (student_id);

create table auth_sessions (
  id text primary key,
  user_id uuid not null references users(id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index auth_sessions_user_idx on auth_sessions (user_id);

create table roster_previews (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references org_units(id),
  kind text not null,
  created_by uuid not null references users(id),
  rows jsonb not null,
  created_at timestamptz not null default now(),
  consumed_at timestamptz
);

create table audit_log (
  id uuid primary key default gen_random_uuid(),
  at timestamptz not null default now(),
  actor_id uuid references users(id),
  action text not null,
  target_type text not null,
  target_id text,
  org_unit_id uuid references org_units(id),
  ip text,
  detail jsonb not null default '{}'::jsonb
);
create index audit_log_target_idx on audit_log (target_type, target_id, at);
create index audit_log_org_idx on audit_log (org_unit_id, at);

create table mail_outbox (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  org_unit_id uuid references org_units(id),
  sent_at timestamptz,
  error text
);
create index mail_outbox_created_idx on mail_outbox (created_at)
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `drop table mail_outbox;
drop table audit_log;
drop table roster_previews;
drop table auth_sessions;
drop table parent_links;
drop table class_teachers;
drop table enrolments;
drop table classes;
drop table teacher_profiles;
drop table students;
drop table role_assignments;
drop table users;
drop table org_units`,
  );
}
