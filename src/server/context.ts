/** What every feature receives: configuration, database, logger, clock and shared services. */
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import type { Db } from "./db/database.ts";
import type { RateLimiter } from "./lib/rate-limit.ts";
import type { Mailer } from "./mail/mailer.ts";

/** Publishes realtime events; features call it only after their transaction committed. */
export interface RealtimePublisher {
  toRoom(room: string, event: string, payload: unknown): void;
}

export interface AppContext {
  config: Config;
  db: Db;
  dbKind: "pglite" | "postgres";
  /** The private schema of an isolated test database, if any. */
  dbSchema?: string;
  log: Logger;
  /** The current time; tests move it to exercise deadlines and timeouts. */
  now: () => Date;
  rateLimiter: RateLimiter;
  mailer: Mailer;
  realtime: RealtimePublisher;
}

/** A clock that tests can move forward. */
export function controllableClock(start = new Date()): {
  now: () => Date;
  advance(ms: number): void;
} {
  let offset = start.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms: number) {
      offset += ms;
    },
  };
}
