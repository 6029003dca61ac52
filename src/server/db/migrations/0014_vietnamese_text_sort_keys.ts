/** Class, school and software names in Vietnamese order in SQL. Lists ordered by the bare `name`
 * column came out in byte order: "10A10" before "10A2", "Đoàn Thị Điểm" after "Yên Thế".
 * `vietnamese_sort_key(text)` orders bytes as `compareVietnamese` (src/shared/names.ts) orders
 * text: Vietnamese alphabetical order, runs of digits by their value. It is the person-name key of
 * migration 0011 with the whole text as one word: each run of whitespace becomes "_", whose
 * weight is the lowest after the space's, so the name key does not move the last word first (an
 * underscore in a name then weighs as a space, and repeated spaces as one). `classes`,
 * `org_units` and `software_catalog` carry it as `name_sort_key` (collation "C"), computed by the
 * database whatever statement writes the name. */
import { sql, type Kysely } from "kysely";

const tables = ["classes", "org_units", "software_catalog"] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create function vietnamese_sort_key(value text) returns text
         language sql immutable strict parallel safe
         return vietnamese_name_sort_key(regexp_replace(btrim(value), '\\s+', '_', 'g'))`,
    )
    .execute(db);
  for (const table of tables) {
    await sql
      .raw(
        `alter table ${table} add column name_sort_key text collate "C" not null
           generated always as (vietnamese_sort_key(name)) stored`,
      )
      .execute(db);
  }
  // A school's classes by grade and name (class lists, timetables, training coverage).
  await sql
    .raw(`create index classes_school_sort_idx on classes (school_id, grade, name_sort_key)`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`drop index classes_school_sort_idx`).execute(db);
  for (const table of tables) {
    await sql.raw(`alter table ${table} drop column name_sort_key`).execute(db);
  }
  await sql.raw(`drop function vietnamese_sort_key(text)`).execute(db);
}
