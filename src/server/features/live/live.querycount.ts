/** Test and benchmark instrument: counts the SQL statements (and their time) a server runs, by
 * wrapping `ctx.db` with a Kysely plugin hook. Transactions add their BEGIN and COMMIT. */
import type { KyselyPlugin, QueryId, RootOperationNode } from "kysely";
import type { AppContext } from "../../context.ts";
import type { Db } from "../../db/database.ts";

export interface QueryCounter {
  /** Statements since the last `reset` (BEGIN/COMMIT included). */
  readonly statements: number;
  /** Time spent in them, queueing for the connection included (milliseconds). */
  readonly millis: number;
  readonly transactions: number;
  /** Statements per kind and first table ("select live_participants"). */
  readonly byLabel: Map<string, number>;
  reset(): void;
  /** Puts the original database handle back. */
  detach(): void;
}

function labelOf(node: RootOperationNode): string {
  const record = node as unknown as Record<string, unknown>;
  const tableOf = (value: unknown): string | undefined => {
    const table = value as
      { table?: { identifier?: { name?: string } }; froms?: unknown[]; node?: unknown } | undefined;
    if (!table) return undefined;
    if (table.table?.identifier?.name) return table.table.identifier.name;
    if (table.node) return tableOf(table.node);
    if (Array.isArray(table.froms)) return tableOf(table.froms[0]);
    return undefined;
  };
  const table = tableOf(record.from) ?? tableOf(record.into) ?? tableOf(record.table) ?? "raw";
  const kind = node.kind.replace(/QueryNode$|Node$/, "").toLowerCase();
  return `${kind} ${table}`;
}

/** Starts counting the statements `ctx` runs through `ctx.db` (every feature reads it there). */
export function countQueries(ctx: AppContext): QueryCounter {
  const original = ctx.db;
  const started = new WeakMap<QueryId, number>();
  const state = { statements: 0, millis: 0, transactions: 0, byLabel: new Map<string, number>() };
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      state.statements += 1;
      const label = labelOf(args.node);
      state.byLabel.set(label, (state.byLabel.get(label) ?? 0) + 1);
      started.set(args.queryId, performance.now());
      return args.node;
    },
    async transformResult(args) {
      const at = started.get(args.queryId);
      if (at !== undefined) state.millis += performance.now() - at;
      return args.result;
    },
  };
  const counted = original.withPlugin(plugin);
  // Transactions: BEGIN and COMMIT do not pass through plugins; count them here.
  ctx.db = new Proxy(counted, {
    get(target, property) {
      if (property === "transaction") {
        return () => {
          state.transactions += 1;
          state.statements += 2;
          state.byLabel.set("begin/commit", (state.byLabel.get("begin/commit") ?? 0) + 2);
          return target.transaction();
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? (value as () => unknown).bind(target) : value;
    },
  }) as Db;
  return {
    get statements() {
      return state.statements;
    },
    get millis() {
      return state.millis;
    },
    get transactions() {
      return state.transactions;
    },
    get byLabel() {
      return state.byLabel;
    },
    reset() {
      state.statements = 0;
      state.millis = 0;
      state.transactions = 0;
      state.byLabel = new Map();
    },
    detach() {
      ctx.db = original;
    },
  };
}
