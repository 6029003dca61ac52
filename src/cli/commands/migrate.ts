/** `safeclass migrate`: applies pending migrations and exits. */
import { loadConfig } from "../../server/config.ts";
import { openDatabase } from "../../server/db/database.ts";
import { migrateToLatest } from "../../server/db/migrate.ts";

export async function run(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
    migrate: false,
  });
  const applied = await migrateToLatest(database.db);
  process.stdout.write(
    applied.length ? `Applied: ${applied.join(", ")}\n` : "The database is up to date.\n",
  );
  await database.close();
}
