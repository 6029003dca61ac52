/** Vitest global setup: builds the migrated, seeded PGlite template once per run, so that each
 * test file starts from a copy in about a second instead of running initdb. */
import fs from "node:fs";
import path from "node:path";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { seedTestProvince, TEMPLATE_PATH } from "./harness.ts";

export default async function setup(): Promise<void> {
  const config = loadConfig();
  if (config.databaseUrl) return;
  const handle = await openDatabase({});
  await seedTestProvince(handle.db, () => new Date());
  const dump = await handle.dump!();
  fs.mkdirSync(path.dirname(TEMPLATE_PATH), { recursive: true });
  fs.writeFileSync(TEMPLATE_PATH, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
}
