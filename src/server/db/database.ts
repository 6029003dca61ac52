/** One Kysely instance over either embedded PGlite (default) or a PostgreSQL server (DATABASE_URL). */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { Kysely, PostgresDialect, sql, type PostgresPool } from "kysely";
import pg from "pg";
import type { Database } from "./schema.ts";
import { migrateToLatest } from "./migrate.ts";
import { PGliteWorker, pgliteWorkerDialect } from "./pglite-dialect.ts";
import { PreparingPool } from "./pg-prepared.ts";

export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** True when this handle created a brand-new embedded database (demo seeding happens then). */
  fresh: boolean;
  /** The private schema of an isolated test database (PostgreSQL). */
  schema?: string;
  /** PGlite only: the whole database as a tarball (test templates, backups). */
  dump?: () => Promise<Blob>;
  /** PostgreSQL only: statements seen before run prepared from now on (`pg-prepared.ts`). */
  startPreparing?: () => void;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; omitted = in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** PostgreSQL only: use a private schema, created now and dropped on close (tests). */
  isolatedSchema?: boolean;
  migrate?: boolean;
  /** PGlite only: start from a dump made by `dumpDataDir` (tests start faster from a template). */
  pgliteTemplate?: Blob;
}

// Timestamps come back as Date from both drivers; DATE columns as plain YYYY-MM-DD strings
// (type 1082); int8/numeric as strings from pg, so SQL casts counts with `::int`.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** Opens the database and (by default) applies every pending migration. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  const handle = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options)
    : await openPglite(options.dataDir, options.pgliteTemplate);
  if (options.migrate !== false) await migrateToLatest(handle.db, handle.schema);
  // Statements are prepared once the schema has stopped changing under every connection.
  handle.startPreparing?.();
  return handle;
}

async function openPglite(
  dataDir: string | undefined,
  template: Blob | undefined,
): Promise<DatabaseHandle> {
  let fresh = true;
  let folder: string | undefined;
  if (dataDir) {
    folder = path.join(dataDir, "pgdata");
    fresh = !fs.existsSync(path.join(folder, "PG_VERSION"));
    fs.mkdirSync(folder, { recursive: true });
  }
  const worker = await PGliteWorker.start({
    ...(folder ? { dataDir: folder } : {}),
    ...(template ? { template: await template.arrayBuffer() } : {}),
  });
  const db = new Kysely<Database>({ dialect: pgliteWorkerDialect(worker) });
  return {
    db,
    kind: "pglite",
    fresh,
    dump: () => worker.dump(),
    // Destroying Kysely closes the database and stops its thread.
    close: () => db.destroy(),
  };
}

async function openPostgres(
  databaseUrl: string,
  options: OpenDatabaseOptions,
): Promise<DatabaseHandle> {
  let schema: string | undefined;
  if (options.isolatedSchema) {
    schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  });
  const preparingPool = new PreparingPool(pool);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: preparingPool as unknown as PostgresPool }),
  });
  return {
    db,
    kind: "postgres",
    fresh: false,
    schema,
    startPreparing: () => preparingPool.enable(),
    close: async () => {
      if (schema) await sql.raw(`drop schema if exists ${schema} cascade`).execute(db);
      await db.destroy();
    },
  };
}
