import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { openDatabase } from "./database.ts";
import { migrationsApplied } from "./migrate.ts";

const databaseUrl = process.env.DATABASE_URL;

// Parallel test files each make and drop a private schema. Migrating while another schema is
// dropped used to fail with "schema … does not exist" (the migrator read every schema by name).
describe.runIf(Boolean(databaseUrl))("migrations beside schemas that come and go", () => {
  const churner = new pg.Client({ connectionString: databaseUrl });
  afterAll(async () => {
    await churner.end();
  });

  it("migrates a private schema while other schemas are created and dropped", async () => {
    await churner.connect();
    let stop = false;
    let dropped = 0;
    const churn = (async () => {
      while (!stop) {
        const name = `zz_churn_${process.pid}_${dropped}`;
        await churner.query(
          `create schema ${name}; create table ${name}.a (id serial primary key); create table ${name}.b (id serial primary key)`,
        );
        await churner.query(`drop schema ${name} cascade`);
        dropped += 1;
      }
    })();
    const opened: string[] = [];
    try {
      for (let round = 0; round < 4; round += 1) {
        const handle = await openDatabase({ databaseUrl, isolatedSchema: true, poolSize: 2 });
        expect(await migrationsApplied(handle.db, handle.schema)).toBe(true);
        opened.push(handle.schema ?? "");
        await handle.close();
      }
    } finally {
      stop = true;
      await churn;
    }
    expect(opened).toHaveLength(4);
    expect(new Set(opened).size).toBe(4);
    expect(dropped).toBeGreaterThan(0);
  }, 60_000);
});
