/** Named prepared statements on PostgreSQL (runs when DATABASE_URL is set, as in CI): a statement
 * answers the same unnamed and prepared, each connection keeps at most `capacity` statements on
 * the server, a schema change leaves no stale plan, and errors leave the connection usable. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kysely, PostgresDialect, sql, type PostgresPool } from "kysely";
import pg from "pg";
import { PreparingPool } from "./pg-prepared.ts";

const databaseUrl = process.env.DATABASE_URL;
const schema = `t_prep_${process.pid}`;

describe.runIf(Boolean(databaseUrl))("prepared statements on PostgreSQL", () => {
  let preparing: PreparingPool;
  let db: Kysely<unknown>;

  const open = (capacity: number) => {
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      // One connection: every statement meets the names the previous ones left.
      max: 1,
      options: `-c search_path=${schema}`,
    });
    preparing = new PreparingPool(pool, capacity);
    preparing.enable();
    db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: preparing as unknown as PostgresPool }),
    });
  };
  /** The statements this connection holds prepared on the server. */
  const onServer = async () =>
    (
      await sql<{
        name: string;
      }>`select name from pg_prepared_statements order by name`.execute(db)
    ).rows.map((row) => row.name);

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
    await admin.end();
    open(3);
    await sql`create table t (id serial primary key, n int8, at timestamptz, doc jsonb, tags text[])`.execute(
      db,
    );
  });
  afterAll(async () => {
    await sql.raw(`drop schema if exists ${schema} cascade`).execute(db);
    await db.destroy();
  });

  it("answers a repeated statement the same way before and after preparing it", async () => {
    const before = { ...preparing.stats };
    const at = new Date("2026-12-04T08:30:00.123Z");
    for (let round = 1; round <= 3; round += 1) {
      await sql`insert into t (n, at, doc, tags) values (${round}, ${at},
        ${JSON.stringify({ round, name: "Lê Thị Ánh" })}, ${["a b", "c'd"]})`.execute(db);
    }
    const read = async () =>
      (await sql`select n, at, doc, tags from t where n >= ${1} order by n`.execute(db)).rows;
    const answers = [await read(), await read(), await read()];
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]![0]).toEqual({
      n: "1",
      at,
      doc: { round: 1, name: "Lê Thị Ánh" },
      tags: ["a b", "c'd"],
    });
    // The insert and the select each ran unnamed once, then named twice.
    expect(preparing.stats.prepared - before.prepared).toBe(2);
    expect(preparing.stats.named - before.named).toBe(4);
    expect(await onServer()).toHaveLength(2);
  });

  it("keeps at most `capacity` statements prepared on the connection", async () => {
    for (let kind = 0; kind < 6; kind += 1) {
      for (let time = 0; time < 2; time += 1) {
        await sql.raw(`select ${kind} as kind, count(*) from t`).execute(db);
      }
    }
    const names = await onServer();
    expect(names.length).toBeLessThanOrEqual(3);
    expect(preparing.stats.deallocated).toBeGreaterThanOrEqual(3);
    // A statement pushed out is prepared again when it comes back, and still answers.
    const again = await sql.raw<{ kind: number }>(`select 0 as kind, count(*) from t`).execute(db);
    expect(again.rows[0]!.kind).toBe(0);
  });

  it("forgets its statements when the schema changes, so none returns a stale row type", async () => {
    const all = () => sql<Record<string, unknown>>`select * from t order by id limit 1`.execute(db);
    await all();
    await all();
    expect((await onServer()).length).toBeGreaterThan(0);
    await sql`alter table t add column note text default 'mới'`.execute(db);
    expect(await onServer()).toEqual([]);
    const row = (await all()).rows[0]!;
    expect(row.note).toBe("mới");
    expect((await all()).rows[0]!.note).toBe("mới");
  });

  it("stays usable after a prepared statement fails, in and out of a transaction", async () => {
    const divide = (by: number) => sql<{ q: number }>`select 10 / ${by}::int as q`.execute(db);
    expect((await divide(2)).rows[0]!.q).toBe(5);
    expect((await divide(5)).rows[0]!.q).toBe(2);
    await expect(divide(0)).rejects.toMatchObject({ code: "22012" });
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into t (n) values (${99})`.execute(trx);
        await sql`select 10 / ${0}::int`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: "22012" });
    const left = await sql<{ count: string }>`select count(*) from t where n = ${99}`.execute(db);
    expect(left.rows[0]!.count).toBe("0");
    expect((await divide(1)).rows[0]!.q).toBe(10);
  });
});
