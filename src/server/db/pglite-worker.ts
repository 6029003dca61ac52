/** The embedded database's own thread: PGlite runs here, so that the wasm executing a statement
 * never holds the server's event loop (sockets, HTTP, timers go on meanwhile on the main thread).
 * The main thread (`pglite-dialect.ts`) sends one request at a time; this thread answers each.
 *
 * Statements seen before run as named prepared statements: `PGlite.query` parses and plans an
 * unnamed statement on every call, in six round trips into wasm; a named one is parsed once and
 * then runs as Bind + Execute + Sync in one round trip, with its plan in PostgreSQL's plan cache
 * (the live chat statement: 0.55 ms unnamed, 0.17 ms named, measured in isolation). Values are
 * still bound parameters, serialized by PGlite's serializers for the types PostgreSQL reported,
 * and results are parsed by PGlite's parser, as `query` does. */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, parse, protocol, type Results } from "@electric-sql/pglite";
import { changesSchema, PreparedCache } from "./prepared-cache.ts";

export interface WorkerOptions {
  /** Folder of the database files; omitted = in memory. */
  dataDir?: string;
  /** A dump to start from (`dumpDataDir`), as bytes. */
  template?: ArrayBuffer;
  /** How many statements stay prepared; the least recently used are closed beyond it. */
  preparedCapacity?: number;
}

export type WorkerRequest =
  | { id: number; op: "query"; sql: string; parameters: readonly unknown[] }
  | { id: number; op: "dump" }
  | { id: number; op: "stats" }
  | { id: number; op: "close" };

export type WorkerReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };

/** A database error as plain data (its class does not cross threads; its fields do). */
export interface SerializedError {
  message: string;
  fields: Record<string, unknown>;
}

export interface StatementStats {
  prepared: number;
  named: number;
  unnamed: number;
}

type BackendMessage = Awaited<ReturnType<PGlite["execProtocol"]>>["messages"][number];

interface Prepared {
  name: string;
  parameterTypes: number[];
  rowDescription: BackendMessage | undefined;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((length, part) => length + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Runs statements on one PGlite, preparing the ones it sees a second time. Callers run one
 * statement at a time (the worker's request queue). */
export class StatementRunner {
  /** Names pushed out of it are closed together with the next Parse. */
  private readonly prepared: PreparedCache<Prepared>;
  readonly stats: StatementStats = { prepared: 0, named: 0, unnamed: 0 };

  constructor(
    private readonly pglite: PGlite,
    capacity = 400,
  ) {
    this.prepared = new PreparedCache<Prepared>(capacity, 5000);
  }

  async query(sql: string, parameters: readonly unknown[]): Promise<Results> {
    const entry =
      this.prepared.get(sql) ??
      (this.prepared.seenBefore(sql) ? await this.prepare(sql) : undefined);
    if (!entry) {
      this.stats.unnamed += 1;
      const result = await this.pglite.query<Record<string, unknown>>(sql, [...parameters]);
      // A changed table may change what a prepared `select *` returns: prepare again.
      if (changesSchema(sql)) this.prepared.forgetAll();
      return result;
    }
    return this.execute(entry, parameters);
  }

  private async prepare(sql: string): Promise<Prepared> {
    const serialize = protocol.serialize;
    const name = this.prepared.newName();
    const closes = this.prepared.evicted
      .splice(0)
      .map((old) => serialize.close({ type: "S", name: old }));
    const { messages } = await this.pglite.execProtocol(
      concat([
        ...closes,
        serialize.parse({ name, text: sql, types: [] }),
        serialize.describe({ type: "S", name }),
        serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const entry: Prepared = {
      name,
      parameterTypes: parse.parseDescribeStatementResults(messages),
      rowDescription: messages.find((message) => message.name === "rowDescription"),
    };
    this.prepared.add(sql, entry);
    this.stats.prepared += 1;
    return entry;
  }

  private async execute(entry: Prepared, parameters: readonly unknown[]): Promise<Results> {
    const serialize = protocol.serialize;
    const values = parameters.map((value, index) => {
      if (value === null || value === undefined) return null;
      const serializer = this.pglite.serializers[entry.parameterTypes[index]!];
      return serializer ? serializer(value) : String(value);
    });
    // An error comes back (thrown) after the Sync, so the session is ready for the next one.
    const { messages } = await this.pglite.execProtocol(
      concat([
        serialize.bind({ statement: entry.name, values }),
        serialize.execute({}),
        serialize.sync(),
      ]),
    );
    this.stats.named += 1;
    const described = entry.rowDescription ? [entry.rowDescription, ...messages] : messages;
    return parse.parseResults(described, this.pglite.parsers)[0]!;
  }
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === "function") continue;
    if (typeof value === "object" && value !== null) continue;
    fields[key] = value;
  }
  return { message: error.message, fields };
}

async function serve(options: WorkerOptions): Promise<void> {
  const port = parentPort!;
  const settings = {
    ...(options.template ? { loadDataDir: new Blob([options.template]) } : {}),
    // DATE columns stay YYYY-MM-DD strings, as the pg driver is set up to return them.
    parsers: { 1082: (value: string) => value },
  };
  const pglite = options.dataDir
    ? await PGlite.create(options.dataDir, settings)
    : await PGlite.create(settings);
  const runner = new StatementRunner(pglite, options.preparedCapacity);
  const handle = async (request: WorkerRequest): Promise<unknown> => {
    switch (request.op) {
      case "query": {
        const { rows, affectedRows } = await runner.query(request.sql, request.parameters);
        return { rows, affectedRows };
      }
      case "dump": {
        const dump = await pglite.dumpDataDir("none");
        return await dump.arrayBuffer();
      }
      case "stats":
        return { ...runner.stats };
      case "close":
        if (!pglite.closed) await pglite.close();
        return null;
    }
  };
  let queue = Promise.resolve();
  port.on("message", (request: WorkerRequest) => {
    queue = queue.then(async () => {
      try {
        const value = await handle(request);
        const transfer = value instanceof ArrayBuffer ? [value] : [];
        port.postMessage({ id: request.id, ok: true, value } satisfies WorkerReply, transfer);
      } catch (error) {
        port.postMessage({ id: request.id, ok: false, error: serializeError(error) });
      }
    });
  });
  port.postMessage({ id: 0, ok: true, value: "ready" } satisfies WorkerReply);
}

if (parentPort && workerData?.pgliteWorker) {
  serve(workerData.pgliteWorker as WorkerOptions).catch((error: unknown) => {
    parentPort!.postMessage({ id: 0, ok: false, error: serializeError(error) });
  });
}
