/** The teacher of a period: a timetable rule and a class session may name the teacher who teaches
 * it (one of the class's teachers; null when nobody is named, as for every row before this
 * migration). A teacher's "today's classes" lists the periods named for them and the unnamed
 * ones; that query finds a day's sessions by class (class_sessions_class_idx), so the new
 * column needs no index of its own. */
import type { Kysely } from "kysely";
import { runStatements } from "../migrate.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `alter table live_timetable_rules add column teacher_id uuid references users(id);
     alter table class_sessions add column teacher_id uuid references users(id);`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `alter table class_sessions drop column teacher_id;
     alter table live_timetable_rules drop column teacher_id;`,
  );
}
