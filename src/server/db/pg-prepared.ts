/** PostgreSQL statements seen before run as named prepared statements, as the embedded database's
 * worker does (`pglite-worker.ts`): the server parses and plans a named statement once per
 * connection, then only binds and executes it. Measured on this machine, the live chat statement
 * takes 0.45 ms unnamed and 0.26 ms named back to back, 0.72 and 0.50 ms with 20 ms between runs.
 *
 * A pool wrapper for Kysely's `PostgresDialect`. Each connection keeps its own names (a statement
 * is prepared per connection), at most `capacity` of them: the least recently used is
 * deallocated before the next statement is prepared. Values stay bound parameters; results are
 * parsed by `pg` as usual. A schema change deallocates the connection's statements, so that none
 * keeps a plan (or a row type) of a table that changed. */
import type pg from "pg";
import { changesSchema, PreparedCache } from "./prepared-cache.ts";

export interface PreparedStats {
  named: number;
  unnamed: number;
  prepared: number;
  deallocated: number;
}

/** What `pg` records of the statements it parsed on a connection (not public API: used only to
 * keep its records in step when a statement is deallocated; absent, nothing is touched). */
interface PgConnectionRecords {
  parsedStatements?: Record<string, string>;
  submittedNamedStatements?: Record<string, string>;
}

type Values = ReadonlyArray<unknown>;

class PreparingClient {
  /** Names pushed out of it are deallocated before the next named statement runs. */
  private readonly prepared: PreparedCache<{ name: string }>;

  constructor(
    readonly client: pg.PoolClient,
    private readonly owner: PreparingPool,
  ) {
    this.prepared = new PreparedCache(owner.capacity, 2000);
  }

  // Kysely calls `query(sql, parameters)`, or `query(cursor)` for streams.
  query(text: unknown, values?: Values): unknown {
    if (typeof text !== "string") return this.client.query(text as pg.QueryConfig);
    return this.run(text, values ?? []);
  }

  release(error?: Error | boolean): void {
    this.client.release(error);
  }

  private async run(text: string, values: Values): Promise<pg.QueryResult> {
    const name = this.owner.enabled ? this.nameFor(text) : undefined;
    if (!name) {
      this.owner.stats.unnamed += 1;
      const result = await this.client.query(text, values as unknown[]);
      if (changesSchema(text)) await this.forgetAll();
      return result;
    }
    if (this.prepared.evicted.length > 0) await this.deallocateEvicted();
    this.owner.stats.named += 1;
    return this.client.query({ name, text, values: values as unknown[] });
  }

  private nameFor(text: string): string | undefined {
    const known = this.prepared.get(text);
    if (known) return known.name;
    if (!this.prepared.seenBefore(text)) return undefined;
    // `pg` parses the statement under this name when it first runs it.
    const name = this.prepared.newName();
    this.prepared.add(text, { name });
    this.owner.stats.prepared += 1;
    return name;
  }

  private records(): PgConnectionRecords {
    return ((this.client as unknown as { connection?: PgConnectionRecords }).connection ??
      {}) as PgConnectionRecords;
  }

  /** Deallocates only what the server parsed (so DEALLOCATE cannot fail in a healthy
   * transaction); in an aborted transaction it fails, and is tried again next time. */
  private async deallocateEvicted(): Promise<void> {
    const records = this.records();
    const evicted = this.prepared.evicted;
    while (evicted.length > 0) {
      const name = evicted[0]!;
      if (records.parsedStatements?.[name] !== undefined) {
        try {
          await this.client.query(`deallocate ${name}`);
        } catch {
          return;
        }
        delete records.parsedStatements[name];
      }
      if (records.submittedNamedStatements) delete records.submittedNamedStatements[name];
      evicted.shift();
      this.owner.stats.deallocated += 1;
    }
  }

  private async forgetAll(): Promise<void> {
    this.prepared.forgetAll();
    const names = this.prepared.evicted;
    if (names.length === 0) return;
    await this.client.query("deallocate all");
    const records = this.records();
    for (const name of names) {
      if (records.parsedStatements) delete records.parsedStatements[name];
      if (records.submittedNamedStatements) delete records.submittedNamedStatements[name];
    }
    this.owner.stats.deallocated += names.length;
    names.length = 0;
  }
}

/** The pool Kysely's `PostgresDialect` gets. Preparing starts with `enable()` (after the
 * migrations, which change the schema under every connection). */
export class PreparingPool {
  enabled = false;
  readonly stats: PreparedStats = { named: 0, unnamed: 0, prepared: 0, deallocated: 0 };
  private readonly clients = new WeakMap<pg.PoolClient, PreparingClient>();

  constructor(
    readonly pool: pg.Pool,
    readonly capacity = 200,
  ) {}

  // Kysely's driver reads these two of a `pg.Pool` (query cancellation).
  get Client() {
    return (this.pool as unknown as { Client: unknown }).Client;
  }

  get options() {
    return this.pool.options;
  }

  enable(): void {
    this.enabled = true;
  }

  /** The same wrapper for the same connection: its names live as long as the connection. */
  async connect(): Promise<PreparingClient> {
    const client = await this.pool.connect();
    let wrapper = this.clients.get(client);
    if (!wrapper) {
      wrapper = new PreparingClient(client, this);
      this.clients.set(client, wrapper);
    }
    return wrapper;
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
