/** Test harness: a real server on a random port over a fresh database (PGlite from a migrated,
 * seeded template; or a private schema on PostgreSQL when DATABASE_URL is set). */
import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { io as ioClient, type Socket } from "socket.io-client";
import { loadConfig, type Config } from "../config.ts";
import { controllableClock } from "../context.ts";
import { openDatabase, type DatabaseHandle, type Db } from "../db/database.ts";
import { repoRoot, startServer, type RunningServer } from "../main.ts";
import { DEMO_PASSWORD, hasDemoProvince, seedDemoProvince } from "../seed/demo.ts";

export const TEMPLATE_PATH = path.join(repoRoot, ".tmp/pglite-template.tar");

export interface TestClient {
  username: string;
  cookie: string;
  csrf: string;
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>;
  get(url: string): Promise<TestResponse>;
  post(url: string, body?: unknown): Promise<TestResponse>;
  patch(url: string, body?: unknown): Promise<TestResponse>;
  del(url: string): Promise<TestResponse>;
  socket(options?: { query?: Record<string, string>; cookie?: string }): Socket;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  raw: Buffer;
}

export interface TestServer {
  server: RunningServer;
  url: string;
  ctx: RunningServer["ctx"];
  clock: ReturnType<typeof controllableClock>;
  /** Signs in through the real endpoint (demo password by default). */
  login(username: string, password?: string): Promise<TestClient>;
  anonymous(): TestClient;
  /** Id of a demo org unit by code, a user by username, a class by name. */
  orgId(code: string): Promise<string>;
  userId(username: string): Promise<string>;
  classId(name: string): Promise<string>;
  studentId(studentCode: string): Promise<string>;
  close(): Promise<void>;
}

/** The tests' demo province: the one `npm start` seeds, weekly timetables included, but without
 * the practice session of the day the demo adds for people trying it (its times depend on when
 * the province was seeded; tests reason about the sessions they create). */
export async function seedTestProvince(db: Db, now: () => Date): Promise<void> {
  await seedDemoProvince({ db, now }, { practiceSessions: false });
}

export async function openTestDatabase(config: Config): Promise<DatabaseHandle> {
  if (config.databaseUrl) {
    return openDatabase({ databaseUrl: config.databaseUrl, isolatedSchema: true, poolSize: 5 });
  }
  const template = fs.existsSync(TEMPLATE_PATH)
    ? new Blob([fs.readFileSync(TEMPLATE_PATH)])
    : undefined;
  return openDatabase({ pgliteTemplate: template });
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** A second server process over the same database and Redis prefix (multi-process tests). */
  shareWith?: TestServer;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const base = loadConfig({ ...process.env, ...options.env });
  const config: Config = {
    ...base,
    env: "test",
    host: "127.0.0.1",
    port: 0,
    publicUrl: "http://localhost:3000",
    logLevel: "silent",
    redisPrefix:
      options.shareWith?.ctx.config.redisPrefix ??
      `sc-test-${Math.random().toString(36).slice(2)}:`,
  };
  const shared = options.shareWith;
  const database = shared ? shared.server.database : await openTestDatabase(config);
  const clock = shared?.clock ?? controllableClock();
  if (!(await hasDemoProvince(database.db))) await seedTestProvince(database.db, clock.now);
  const server = await startServer(config, {
    database,
    now: clock.now,
    log: pino({ level: "silent" }),
    seed: false,
    webRoot: path.join(repoRoot, ".tmp/no-web"),
  });
  const port = (server.app.server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;

  const makeClient = (username: string, cookie: string, csrf: string): TestClient => {
    const request = async (
      method: string,
      target: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<TestResponse> => {
      const isBuffer = Buffer.isBuffer(body);
      const response = await server.app.inject({
        method: method as "GET",
        url: target,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(csrf && method !== "GET" ? { "x-csrf-token": csrf } : {}),
          ...(body !== undefined && !isBuffer ? { "content-type": "application/json" } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: isBuffer ? body : JSON.stringify(body) } : {}),
      });
      let parsed: unknown = null;
      const type = String(response.headers["content-type"] ?? "");
      if (type.includes("application/json")) parsed = response.json();
      return {
        status: response.statusCode,
        headers: response.headers,
        body: parsed,
        raw: response.rawPayload,
      };
    };
    return {
      username,
      cookie,
      csrf,
      request,
      get: (target) => request("GET", target),
      post: (target, body) => request("POST", target, body ?? {}),
      patch: (target, body) => request("PATCH", target, body ?? {}),
      del: (target) => request("DELETE", target),
      socket: (socketOptions = {}) =>
        ioClient(url, {
          transports: ["websocket"],
          forceNew: true,
          reconnection: false,
          query: socketOptions.query,
          extraHeaders: {
            origin: "http://localhost:3000",
            ...((socketOptions.cookie ?? cookie) ? { cookie: socketOptions.cookie ?? cookie } : {}),
          },
        }),
    };
  };

  const lookup = async (
    table: "org_units" | "users" | "classes",
    column: string,
    value: string,
  ) => {
    const row = await server.ctx.db
      .selectFrom(table)
      .select("id")
      .where(column as "id", "=", value)
      .executeTakeFirstOrThrow();
    return row.id as string;
  };

  return {
    server,
    url,
    ctx: server.ctx,
    clock,
    anonymous: () => makeClient("anonymous", "", ""),
    async login(username, password = DEMO_PASSWORD) {
      const response = await server.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { login: username, password },
      });
      if (response.statusCode !== 200) {
        throw new Error(`login ${username} failed: ${response.statusCode} ${response.body}`);
      }
      const cookies = response.cookies as Array<{ name: string; value: string }>;
      const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      const csrf = cookies.find((c) => c.name === "sc_csrf")?.value ?? "";
      return makeClient(username, cookie, csrf);
    },
    orgId: (code) => lookup("org_units", "code", code),
    userId: (username) => lookup("users", "username", username),
    classId: (name) => lookup("classes", "name", name),
    studentId: async (studentCode) => {
      const row = await server.ctx.db
        .selectFrom("students")
        .select("id")
        .where("student_code", "=", studentCode)
        .executeTakeFirstOrThrow();
      return row.id;
    },
    close: async () => {
      await server.close();
      if (!shared) await database.close();
    },
  };
}

/** A multipart/form-data body holding one file (uploads: rosters, evidence), and its header. */
export function multipartFile(
  filename: string,
  bytes: Buffer,
  { field = "file", type = "application/octet-stream" }: { field?: string; type?: string } = {},
): { body: Buffer; headers: Record<string, string> } {
  const boundary = `----safeclass${Math.random().toString(16).slice(2)}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
    `Content-Type: ${type}\r\n\r\n`;
  return {
    body: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}
