/** School rules (quy chế) with versions, acknowledgements and teacher checklists; the training
 * catalogue (courses, lessons, quizzes, progress, attempts, certificates); the Department's
 * vetted-software catalogue. Seeds the starting courses and software list.
 *
 * Each school's first rules version is created from the template on first use (schools are
 * created after migrations run), so it is not seeded here. */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";
import { seedTrainingCatalog } from "../../features/training/training.seed.ts";
import { seedSoftwareCatalog } from "../../features/software/software.seed.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
create table school_rules (
  id uuid primary key default gen_random_uuid(),
  school_id uuid not null references org_units(id),
  version integer not null check (version > 0),
  title text not null,
  document jsonb not null,
  created_at timestamptz not null default now(),
  created_by uuid references users(id),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  published_by uuid references users(id),
  unique (school_id, version)
);
create unique index school_rules_one_draft_idx on school_rules (school_id) where published_at is null;

create table rules_acknowledgements (
  id uuid primary key default gen_random_uuid(),
  rules_id uuid not null references school_rules(id),
  school_id uuid not null references org_units(id),
  user_id uuid not null references users(id),
  role text not null check (role in ('student', 'parent', 'teacher')),
  student_id uuid references students(id),
  acknowledged_at timestamptz not null default now(),
  ip text
);
create unique index rules_ack_unique_idx on rules_acknowledgements
  (rules_id, user_id, role, coalesce(student_id, '00000000-0000-0000-0000-000000000000'::uuid));
create index rules_ack_user_idx on rules_acknowledgements (user_id, school_id);

create table teacher_checklists (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id),
  class_id uuid not null references classes(id),
  school_id uuid not null references org_units(id),
  rules_id uuid not null references school_rules(id),
  class_session_id uuid,
  day date not null,
  items jsonb not null,
  complete boolean not null,
  submitted_at timestamptz not null default now()
);
create index teacher_checklists_lookup_idx on teacher_checklists (user_id, class_id, day);

create table courses (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique,
  audience text not null check (audience in ('teacher', 'student', 'parent')),
  title text not null,
  description text not null default '',
  version integer not null default 1,
  pass_mark integer not null check (pass_mark between 1 and 100),
  status text not null default 'published' check (status in ('draft', 'published', 'archived')),
  estimated_minutes integer not null default 20,
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table course_lessons (
  id uuid primary key default gen_random_uuid(),
  course_id uuid not null references courses(id) on delete cascade,
  position integer not null,
  title text not null,
  body text not null,
  unique (course_id, position)
);

create table quiz_questions (
  id uuid primary key default gen_random_uuid(),
  course_id uuid not null references courses(id) on delete cascade,
  position integer not null,
  kind text not null check (kind in ('single', 'multiple')),
  prompt text not null,
  options jsonb not null,
  correct jsonb not null,
  explanation text not null default '',
  unique (course_id, position)
);

create table course_enrolments (
  course_id uuid not null references courses(id),
  user_id uuid not null references users(id),
  started_at timestamptz not null default now(),
  passed_at timestamptz,
  best_score integer,
  primary key (course_id, user_id)
);
create index course_enrolments_user_idx on course_enrolments (user_id);

create table lesson_progress (
  lesson_id uuid not null references course_lessons(id) on delete cascade,
  user_id uuid not null references users(id),
  completed_at timestamptz not null default now(),
  primary key (lesson_id, user_id)
);

create table quiz_attempts (
  id uuid primary key default gen_random_uuid(),
  course_id uuid not null references courses(id),
  user_id uuid not null references users(id),
  attempt_no integer not null,
  course_version integer not null,
  answers jsonb not null,
  correct_count integer not null,
  question_count integer not null,
  score integer not null,
  passed boolean not null,
  submitted_at timestamptz not null default now(),
  unique (course_id, user_id, attempt_no)
);

create table certificates (
  id uuid primary key default gen_random_uuid(),
  serial text not null unique,
  verify_code text not null unique,
  user_id uuid not null references users(id),
  course_id uuid not null references courses(id),
  attempt_id uuid not null references quiz_attempts(id),
  holder_name text not null,
  course_title text not null,
  score integer not null,
  issued_at timestamptz not null default now(),
  revoked_at timestamptz,
  unique (user_id, course_id)
);

create table software_catalog (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  vendor text not null,
  licence text not null,
  website text,
  recommended_use text not null,
  checklist jsonb not null,
  status text not null check (status in ('recommended', 'allowed', 'not_recommended')),
  notes text not null default '',
  last_reviewed_at date not null,
  updated_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz
);
create unique index software_catalog_name_idx on software_catalog (lower(name)) where archived_at is null
`,
  );
  await seedTrainingCatalog(db);
  await seedSoftwareCatalog(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `drop table software_catalog;
drop table certificates;
drop table quiz_attempts;
drop table lesson_progress;
drop table course_enrolments;
drop table quiz_questions;
drop table course_lessons;
drop table courses;
drop table teacher_checklists;
drop table rules_acknowledgements;
drop table school_rules`,
  );
}
