/** Composition root: config → database → http → realtime → jobs. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import pino, { type Logger } from "pino";
import { createClient, type RedisClientType } from "redis";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config.ts";
import type { AppContext } from "./context.ts";
import { openDatabase, type DatabaseHandle } from "./db/database.ts";
import { features } from "./features/index.ts";
import {
  createEmbeddedMedia,
  createLivekitMedia,
  mediaProviderFor,
  setMediaProvider,
} from "./features/live/index.ts";
import { buildApp } from "./http/app.ts";
import { memoryRateLimiter, redisRateLimiter } from "./lib/rate-limit.ts";
import { createMailer } from "./mail/mailer.ts";
import { startRealtime, type Realtime } from "./realtime/realtime.ts";
import { hasDemoProvince, seedDemoProvince, type DemoLogins } from "./seed/demo.ts";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunningServer {
  ctx: AppContext;
  app: FastifyInstance;
  realtime: Realtime;
  database: DatabaseHandle;
  url: string;
  demoLogins: DemoLogins | null;
  close(): Promise<void>;
}

export interface StartOptions {
  now?: () => Date;
  log?: Logger;
  /** Tests: a database already opened (PGlite template or isolated schema). */
  database?: DatabaseHandle;
  webRoot?: string;
  /** Seed the demo province even on an existing database (tests, benchmarks). */
  seed?: boolean;
}

export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const log = options.log ?? pino({ level: config.logLevel, base: { service: "safeclass" } });
  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.databaseUrl ? undefined : config.dataDir,
      poolSize: config.databasePoolSize,
    }));

  let redis: RedisClientType | null = null;
  if (config.redisUrl) {
    redis = createClient({ url: config.redisUrl }) as RedisClientType;
    await redis.connect();
  }
  const mailer = createMailer(database.db, config.smtpUrl, config.mailFrom);
  const ctx: AppContext = {
    config,
    db: database.db,
    dbKind: database.kind,
    dbSchema: database.schema,
    log,
    now: options.now ?? (() => new Date()),
    rateLimiter: redis ? redisRateLimiter(redis, `${config.redisPrefix}rl:`) : memoryRateLimiter(),
    mailer,
    realtime: { toRoom: () => undefined },
  };

  // Media: none with MEDIA=off; LiveKit when configured (scale-out); otherwise the embedded SFU.
  const media = !config.media.enabled
    ? null
    : config.livekit
      ? createLivekitMedia(ctx, config.livekit)
      : createEmbeddedMedia(ctx);
  if (media) setMediaProvider(ctx, media);

  // A fresh embedded database gets the demo province; a database holding it gets the day's
  // practice sessions at each start (a demo restarted on a later day still has a class to open).
  let demoLogins: DemoLogins | null = null;
  const shouldSeed =
    options.seed ?? (database.fresh || config.seedDemo || (await hasDemoProvince(ctx.db)));
  if (shouldSeed) demoLogins = await seedDemoProvince(ctx);

  const app = await buildApp(ctx, {
    webRoot: options.webRoot ?? path.join(repoRoot, "dist/web"),
  });
  await app.listen({ port: config.port, host: config.host });
  const realtime = await startRealtime(app.server, ctx);
  ctx.realtime = realtime.publisher;
  const stops = features.flatMap((feature) => (feature.jobs ? [feature.jobs(ctx)] : []));

  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://localhost:${port}`;

  let closed = false;
  return {
    ctx,
    app,
    realtime,
    database,
    url,
    demoLogins,
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of stops) await stop();
      await mediaProviderFor(ctx).close?.();
      await realtime.close();
      await app.close();
      mailer.close();
      if (redis) await redis.quit().catch(() => undefined);
      if (!options.database) await database.close();
    },
  };
}
