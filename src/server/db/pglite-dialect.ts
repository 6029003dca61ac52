/** Kysely over embedded PGlite running in its own worker thread (`pglite-worker.ts`).
 *
 * PGlite has one session: a transaction has it from BEGIN to COMMIT, and statements outside
 * transactions share it in the order they are sent (see `Session`). Requests cross to the worker as
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
        // A value that cannot cross threads (DataCloneError): nothing was sent.
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker.unref();
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

/** Statements go to the worker as soon as they are asked for: the worker runs them in the order
 * they arrive, so a statement outside a transaction need not wait for the previous one's answer
 * (waiting would add two thread wake-ups per statement to a queue that every caller shares).
 * A transaction needs the one session to itself: while one is open, statements of other callers
 * wait until it ends, and the next transaction waits its turn. */
class Session {
  /** The open transaction (its connection) and a promise resolved when it ends. */
  private active: { owner: WorkerConnection; ended: Promise<void> } | null = null;
  private transactions: Promise<void> = Promise.resolve();

  constructor(readonly worker: PGliteWorker) {}

  async run<R>(caller: WorkerConnection, compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Checked right before sending (no await in between): nothing slips into a transaction.
    while (this.active && this.active.owner !== caller) await this.active.ended;
    const { rows, affectedRows } = await this.worker.request<{
      rows: R[];
      affectedRows?: number;
    }>({ op: "query", sql: compiledQuery.sql, parameters: compiledQuery.parameters });
    return {
      rows,
      numAffectedRows: affectedRows !== undefined ? BigInt(affectedRows) : undefined,
    };
  }

  async begin(owner: WorkerConnection, statement: string): Promise<void> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const previous = this.transactions;
    this.transactions = previous.then(() => ended);
    await previous;
    this.active = { owner, ended };
    owner.endTransaction = () => {
      this.active = null;
      end();
    };
    try {
      await this.run(owner, CompiledQuery.raw(statement));
    } catch (error) {
      owner.endTransaction();
      throw error;
    }
  }

  async finish(owner: WorkerConnection, statement: "commit" | "rollback"): Promise<void> {
    try {
      await this.run(owner, CompiledQuery.raw(statement));
    } finally {
      owner.endTransaction();
    }
  }
}

class WorkerConnection implements DatabaseConnection {
  endTransaction: () => void = () => {};

  constructor(private readonly session: Session) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.session.run<R>(this, compiledQuery);
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming is not supported by the embedded database.");
  }
}

class WorkerDriver implements Driver {
  private readonly session: Session;

  constructor(worker: PGliteWorker) {
    this.session = new Session(worker);
  }

  async init(): Promise<void> {}

  /** A handle per caller; the session decides who runs when. */
  async acquireConnection(): Promise<DatabaseConnection> {
    return new WorkerConnection(this.session);
  }

  async releaseConnection(): Promise<void> {}

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const mode = [
      settings.isolationLevel ? `isolation level ${settings.isolationLevel}` : "",
      settings.accessMode ?? "",
    ].filter(Boolean);
    await this.session.begin(connection as WorkerConnection, ["begin", ...mode].join(" "));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.session.finish(connection as WorkerConnection, "commit");
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.session.finish(connection as WorkerConnection, "rollback");
  }

  async destroy(): Promise<void> {
    await this.session.worker.close();
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
