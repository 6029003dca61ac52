/** Kysely over embedded PGlite running in its own worker thread (`pglite-worker.ts`).
 *
 * PGlite has one session, so the driver hands out one connection at a time: a transaction holds
 * it from BEGIN to COMMIT, and a statement outside a transaction holds it for that statement
 * (what PGlite's own transaction lock did on the main thread). Requests cross to the worker as
 * messages; rows come back by structured clone (Dates, arrays and JSON values survive), and a
 * database error comes back with its fields (`code`, `constraint`, `detail`, ...). */
import { Worker } from "node:worker_threads";
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from "kysely";
import type {
  SerializedError,
  StatementStats,
  WorkerOptions,
  WorkerReply,
  WorkerRequest,
} from "./pglite-worker.ts";

type RequestBody = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, "id">
    : never
  : never;

function databaseError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  Object.assign(error, serialized.fields);
  return error;
}

/** The worker thread that owns the embedded database. */
export class PGliteWorker {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(databaseError(reply.error));
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the database thread stopped (exit code ${code})`)));
  }

  static async start(options: WorkerOptions): Promise<PGliteWorker> {
    const worker = new Worker(new URL("./pglite-worker.boot.mjs", import.meta.url), {
      workerData: { pgliteWorker: options },
      transferList: options.template ? [options.template] : [],
    });
    const started = new PGliteWorker(worker);
    // The first message (id 0) says the database is open, or why it could not be.
    await new Promise<void>((resolve, reject) => {
      started.pending.set(0, { resolve: () => resolve(), reject });
    });
    return started;
  }

  request<T>(body: RequestBody): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // Referenced only while waiting for an answer: an idle database does not keep a command
      // (or a test) from exiting.
      this.worker.ref();
      try {
        this.worker.postMessage({ id, ...body });
      } catch (error) {
        this.pending.delete(id);
        reject(error as Error);
      }
    });
  }

  async dump(): Promise<Blob> {
    return new Blob([await this.request<ArrayBuffer>({ op: "dump" })]);
  }

  statementStats(): Promise<StatementStats> {
    return this.request<StatementStats>({ op: "stats" });
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.request({ op: "close" });
    this.failure = new Error("the database is closed");
    await this.worker.terminate();
  }
}

class WorkerConnection implements DatabaseConnection {
  constructor(private readonly worker: PGliteWorker) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, affectedRows } = await this.worker.request<{
      rows: R[];
      affectedRows?: number;
    }>({ op: "query", sql: compiledQuery.sql, parameters: compiledQuery.parameters });
    return {
      rows,
      numAffectedRows: affectedRows !== undefined ? BigInt(affectedRows) : undefined,
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming is not supported by the embedded database.");
  }
}

/** One connection, one holder at a time, in the order they asked. */
class WorkerDriver implements Driver {
  private readonly connection: WorkerConnection;
  private queue: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;

  constructor(private readonly worker: PGliteWorker) {
    this.connection = new WorkerConnection(worker);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const previous = this.queue;
    this.queue = previous.then(() => held);
    await previous;
    this.release = release;
    return this.connection;
  }

  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = null;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const mode = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : "",
      settings.accessMode ?? "",
    ].filter(Boolean);
    await connection.executeQuery(CompiledQuery.raw(["begin", ...mode].join(" ")));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async destroy(): Promise<void> {
    await this.worker.close();
  }
}

export function pgliteWorkerDialect(worker: PGliteWorker): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new WorkerDriver(worker),
    createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}
