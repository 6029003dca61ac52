/** The embedded database in its worker thread: a statement gives the same answer the first time
 * (PGlite's own unnamed path) and every later time (a named prepared statement), errors keep
 * their PostgreSQL fields, transactions keep others out, and the prepared cache survives schema
 * changes and its own limit. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kysely, sql } from "kysely";
import { PGliteWorker, pgliteWorkerDialect } from "./pglite-dialect.ts";

const open: Array<Kysely<unknown>> = [];

async function database(options: { preparedCapacity?: number; template?: Blob } = {}) {
  const worker = await PGliteWorker.start({
    ...(options.preparedCapacity ? { preparedCapacity: options.preparedCapacity } : {}),
    ...(options.template ? { template: await options.template.arrayBuffer() } : {}),
  });
  const db = new Kysely<unknown>({ dialect: pgliteWorkerDialect(worker) });
  open.push(db);
  return { db, worker };
}

/** One database for the tests that need no settings of their own (each makes its own table). */
let shared: Awaited<ReturnType<typeof database>>;

beforeAll(async () => {
  shared = await database();
});
afterAll(async () => {
  await Promise.all(open.splice(0).map((db) => db.destroy()));
});

/** Runs the same statement three times: unnamed, then prepared, then from the cache. */
async function thrice<T>(run: () => Promise<T>): Promise<T[]> {
  return [await run(), await run(), await run()];
}

describe("the embedded database's worker thread", () => {
  it("answers a repeated statement the same way before and after preparing it", async () => {
    const { db, worker } = shared;
    const before = await worker.statementStats();
    await sql`create table t (id uuid primary key, n int8, day date, at timestamptz, doc jsonb,
      tags text[], ok boolean, note text)`.execute(db);
    const at = new Date("2026-12-04T08:30:00.123Z");
    let round = 0;
    const inserted = await thrice(async () => {
      round += 1;
      const result = await sql<{ id: string }>`insert into t values (gen_random_uuid(),
        ${round}, ${"2026-12-0" + round}, ${at}, ${JSON.stringify({ round, name: "Lê Thị Ánh" })},
        ${["a b", "c'd", 'e"f']}, ${round % 2 === 0}, ${null}) returning id`.execute(db);
      return result.numAffectedRows;
    });
    expect(inserted).toEqual([1n, 1n, 1n]);
    const read = await thrice(
      async () =>
        (await sql`select n, day, at, doc, tags, ok, note from t order by n`.execute(db)).rows,
    );
    expect(read[1]).toEqual(read[0]);
    expect(read[2]).toEqual(read[0]);
    expect(read[0]![0]).toEqual({
      n: 1,
      day: "2026-12-01",
      at,
      doc: { round: 1, name: "Lê Thị Ánh" },
      tags: ["a b", "c'd", 'e"f'],
      ok: false,
      note: null,
    });
    const stats = await worker.statementStats();
    expect(stats.prepared - before.prepared).toBe(2);
    expect(stats.named - before.named).toBe(4);
  });

  it("keeps PostgreSQL's error fields, and the session works after an error", async () => {
    const { db } = shared;
    await sql`create table u (name text primary key)`.execute(db);
    await sql`insert into u values ('an')`.execute(db);
    const errors = await thrice(() =>
      sql`insert into u values (${"an"})`.execute(db).then(
        () => null,
        (error: { code?: string; constraint?: string; message: string }) => error,
      ),
    );
    for (const error of errors) {
      expect(error).toMatchObject({ code: "23505", constraint: "u_pkey" });
      expect(error!.message).toContain("duplicate key");
    }
    expect((await sql`select count(*)::int as n from u`.execute(db)).rows).toEqual([{ n: 1 }]);
  });

  it("rolls a failed transaction back whole, and keeps other statements out until it ends", async () => {
    const { db } = shared;
    await sql`create table v (n int primary key)`.execute(db);
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from v`.execute(db)).rows[0]!.n;
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into v values (1)`.execute(trx);
        await sql`insert into v values (1)`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await count()).toBe(0);

    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let begun!: () => void;
    const inside = new Promise<void>((resolve) => (begun = resolve));
    const transaction = db.transaction().execute(async (trx) => {
      await sql`insert into v values (2)`.execute(trx);
      begun();
      await holding;
      await sql`insert into v values (3)`.execute(trx);
    });
    await inside;
    // Asked while the transaction is open: answered after its commit, never inside it.
    const outside = count();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await transaction;
    expect(await outside).toBe(2);
  });

  it("runs many statements at once in order, and none of them inside another's transaction", async () => {
    const { db } = shared;
    await sql`create table y (n int)`.execute(db);
    const count = async (on: Kysely<unknown>) =>
      (await sql<{ n: number }>`select count(*)::int as n from y`.execute(on)).rows[0]!.n;
    const steps: number[] = [];
    await Promise.all([
      // Spread over the transactions' lifetimes, so that they are asked for while one is open.
      ...Array.from({ length: 100 }, (_, n) =>
        new Promise((resolve) => setTimeout(resolve, n % 25)).then(() =>
          sql`insert into y values (${n})`.execute(db),
        ),
      ),
      ...Array.from({ length: 5 }, () =>
        db.transaction().execute(async (trx) => {
          const before = await count(trx);
          await sql`insert into y values (-1)`.execute(trx);
          await new Promise((resolve) => setTimeout(resolve, 5));
          steps.push((await count(trx)) - before);
        }),
      ),
    ]);
    // Within each transaction only its own insert happened between its two counts.
    expect(steps).toEqual([1, 1, 1, 1, 1]);
    expect(await count(db)).toBe(105);
  });

  it("prepares again after a schema change, and past its limit", async () => {
    const { db, worker } = await database({ preparedCapacity: 2 });
    await sql`create table w (n int)`.execute(db);
    await sql`insert into w values (1)`.execute(db);
    const all = () => sql`select * from w`.execute(db).then((result) => result.rows);
    expect(await thrice(all)).toEqual([[{ n: 1 }], [{ n: 1 }], [{ n: 1 }]]);
    await sql`alter table w add column label text default 'x'`.execute(db);
    expect(await thrice(all)).toEqual(Array(3).fill([{ n: 1, label: "x" }]));

    for (let pass = 0; pass < 3; pass += 1) {
      for (let k = 1; k <= 5; k += 1) {
        const rows = (await sql`select n + ${k}::int as m from w`.execute(db)).rows;
        // The same text for every k: one statement; distinct texts below push each other out.
        expect(rows).toEqual([{ m: 1 + k }]);
        const text = sql.raw(`select n + ${k} as m from w`);
        expect((await sql`${text}`.execute(db)).rows).toEqual([{ m: 1 + k }]);
      }
    }
    const stats = await worker.statementStats();
    expect(stats.prepared).toBeGreaterThan(5);
  });

  it("dumps the database and starts another from the dump", async () => {
    const { db, worker } = shared;
    await sql`create table x (word text)`.execute(db);
    await sql`insert into x values ('Trường học an toàn')`.execute(db);
    const copy = await database({ template: await worker.dump() });
    expect((await sql`select word from x`.execute(copy.db)).rows).toEqual([
      { word: "Trường học an toàn" },
    ]);
  });
});
