/** Numbered migrations, applied in order; the same files run on PGlite and PostgreSQL. */
import { sql, type Kysely } from "kysely";
import { Migrator, type Migration, type MigrationProvider } from "kysely/migration";
import { migrations } from "./migrations/index.ts";

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

// Kysely looks for its bookkeeping tables in every schema; a private schema (tests) names its own.
function migrator(db: AnyDb, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: new StaticProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: AnyDb, schema?: string): Promise<string[]> {
  const { error, results } = await migrator(db, schema).migrateToLatest();
  const failed = results?.find((result) => result.status === "Error");
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? "?"} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).map((result) => result.migrationName);
}

/** True when every known migration has been applied (readiness probe). */
export async function migrationsApplied(db: AnyDb, schema?: string): Promise<boolean> {
  const list = await migrator(db, schema).getMigrations();
  return list.every((migration) => migration.executedAt !== undefined);
}

/** Runs a block of SQL statements separated by `;` at line ends (PGlite runs one per query). */
export async function runStatements(db: AnyDb, text: string): Promise<void> {
  const statements = text
    .split(/;\s*\n/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0 && !/^--[^\n]*$/.test(statement));
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
