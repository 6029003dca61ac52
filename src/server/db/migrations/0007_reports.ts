/** Reports to the Department: the record of every report e-mailed (scheduled ones at most once
 * per unit and period), and indexes for the aggregation over a period. */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
create table report_deliveries (
  id uuid primary key default gen_random_uuid(),
  org_unit_id uuid not null references org_units(id),
  trigger text not null check (trigger in ('scheduled', 'manual')),
  period_kind text not null,
  period_key text not null,
  to_address text not null,
  status text not null check (status in ('sending', 'sent', 'outbox', 'failed')),
  attempts integer not null default 1,
  mail_id uuid,
  error text,
  requested_by uuid references users(id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index report_deliveries_scheduled_idx on report_deliveries (org_unit_id, period_key)
  where trigger = 'scheduled';
create index report_deliveries_org_idx on report_deliveries (org_unit_id, created_at desc);
create index incidents_created_idx on incidents (created_at);
create index incident_events_missed_deadline_idx on incident_events (incident_id)
  where type = 'deadline.missed' or (type = 'incident.escalated' and payload->>'automatic' in ('ack', 'resolve'))
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `drop index incident_events_missed_deadline_idx;
drop index incidents_created_idx;
drop table report_deliveries`,
  );
}
