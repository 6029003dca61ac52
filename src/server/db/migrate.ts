/** Numbered migrations, applied in order; the same files run on PGlite and PostgreSQL. */
import { sql, type DatabaseIntrospector, type Kysely, type TableMetadata } from "kysely";
import { Migrator, type Migration, type MigrationProvider } from "kysely/migration";
import { migrations } from "./migrations/index.ts";

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The migrator asks "does my bookkeeping table exist?" through the dialect's introspector, which
 * reads every column of every schema and resolves each schema and table by name. When another
 * process drops its own schema meanwhile (parallel test files each drop their private schema on
 * close), that name lookup fails with "schema … does not exist". This introspector answers the
 * migrator's questions from the catalogue by oid, for one schema only, so nothing else matters.
 */
function scopedIntrospector(db: AnyDb, schema: string | undefined): DatabaseIntrospector {
  const target = schema ? sql`${schema}` : sql`current_schema()`;
  return {
    async getSchemas() {
      const rows = await sql<{ name: string }>`
        select nspname as name from pg_catalog.pg_namespace where nspname = ${target}`.execute(db);
      return rows.rows;
    },
    async getTables(): Promise<TableMetadata[]> {
      const rows = await sql<{ name: string; schema: string; kind: string }>`
        select c.relname as name, ns.nspname as schema, c.relkind as kind
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
         where ns.nspname = ${target} and c.relkind in ('r', 'p', 'v', 'f')`.execute(db);
      return rows.rows.map((row) => ({
        name: row.name,
        schema: row.schema,
        isView: row.kind === "v",
        isForeign: row.kind === "f",
        columns: [],
      }));
    },
  };
}

/** The same Kysely instance, except that `introspection` is scoped to one schema. */
function withScopedIntrospection(db: AnyDb, schema: string | undefined): AnyDb {
  const introspection = scopedIntrospector(db, schema);
  return new Proxy(db, {
    get(target, property) {
      if (property === "introspection") return introspection;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

// A private schema (tests) names its own bookkeeping tables; otherwise the connection's first schema.
function migrator(db: AnyDb, schema?: string): Migrator {
  return new Migrator({
    db: withScopedIntrospection(db, schema),
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
