/**
 * Live class load test: N Socket.IO clients in M classes, each class sending R chat messages/s
 * through the full path (session auth, membership, moderation, storage with a seq, fan-out),
 * and the same load on two bare Socket.IO broadcast servers (no auth, moderation or storage):
 * "bare" speaks the same wire protocol (an acknowledged send, and a broadcast event of the same
 * shape and size as SafeClass's `chat.message`), "minimal" broadcasts `{clientId, text}` and
 * acknowledges nothing. The three are measured in alternating rounds (BENCH_ROUNDS, 4), so that a
 * noisy moment of a shared machine lands on all of them; then a join storm. The servers run in child processes, and the clients in BENCH_WORKERS other
 * child processes (whole classes per worker), so that neither the server's event loop nor the
 * measurement shares a loop with 2,000 Socket.IO clients. Prints p50/p95/p99 delivery latency,
 * messages/s, server CPU and event-loop delay, join times, SQL statements per join and per chat
 * message (counted in the server through a Kysely hook), the storage step alone (the chat
 * statement back to back and 20 ms apart, without load), and one RESULT line.
 *
 * Usage: npm run bench:live; npm run bench:live:scale (the SafeClass server alone at growing client
 *        counts, BENCH_SCALE="2000,4000,...", until p95 reaches 100 ms).
 * Knobs: BENCH_CLIENTS (2000), BENCH_CLASSES (50), BENCH_RATE (1 msg/s per class),
 *        BENCH_SECONDS (20, measured per server, split over the rounds), BENCH_ROUNDS (4),
 *        BENCH_JOIN_SECONDS (30), BENCH_QUICK=1 (400 clients, 8 s),
 *        BENCH_WORKERS (client processes, 2), BENCH_DEBUG=1 (print every join slower than 100 ms),
 *        BENCH_STORM=0 (no join storm), BENCH_PROFILE=1 (CPU profile of each measured server phase in /tmp/prof),
 *        DATABASE_URL / REDIS_URL (otherwise embedded PGlite in memory).
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import inspector from "node:inspector";
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { sql } from "kysely";
import { Server as BareServer } from "socket.io";
import { io as ioClient, type Socket } from "socket.io-client";
import type { Db } from "../src/server/db/database.ts";
import { PROTOCOL_VERSION } from "../src/shared/live-protocol.ts";

const quick = process.env.BENCH_QUICK === "1";
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? (quick ? 400 : 2000));
const CLASSES = Number(process.env.BENCH_CLASSES ?? (quick ? 10 : 50));
const RATE = Number(process.env.BENCH_RATE ?? 1);
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 8 : 20));
const JOIN_SECONDS = Number(process.env.BENCH_JOIN_SECONDS ?? (quick ? 10 : 30));
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 4));
const WORKERS = Math.max(1, Number(process.env.BENCH_WORKERS ?? 2));
const ORIGIN = "http://localhost:3000";

interface ClassPlan {
  sessionId: string;
  teacherCookie: string;
  studentCookies: string[];
}
interface ServerStats {
  cpuPercent: number;
  eventLoopP99Ms: number;
  eventLoopMeanMs: number;
  eventLoopMaxMs: number;
  /** SQL statements and transactions since `start` (the SafeClass server only). */
  statements?: number;
  /** Their time, waiting for the connection included (milliseconds). */
  statementMillis?: number;
  byLabel?: Record<string, number>;
  transactions?: number;
}
/** One statement kind's round trips in the storage probe (milliseconds). */
interface ProbeFigures {
  p50: number;
  p95: number;
}
interface StorageProbe {
  chatBackToBack: ProbeFigures;
  chatApart: ProbeFigures;
  selectApart: ProbeFigures;
}
type ChildMessage =
  | { kind: "ready"; url: string; classes: ClassPlan[]; stormClasses?: ClassPlan[] }
  | { kind: "stats"; stats: ServerStats }
  | { kind: "drained" }
  | { kind: "probed"; probe: StorageProbe };

// ---------------------------------------------------------------------------------------------
// Child processes.

function measure(
  counter?: {
    statements: number;
    millis: number;
    transactions: number;
    byLabel: Map<string, number>;
    reset(): void;
  },
  drain: () => Promise<void> = async () => {},
) {
  process.on("SIGINT", () => process.exit(0));
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let cpu = process.cpuUsage();
  let started = performance.now();
  const profiler = process.env.BENCH_PROFILE ? phaseProfiler() : null;
  process.on("message", (message: { kind: string }) => {
    if (message.kind === "drain") {
      void drain().then(() => process.send!({ kind: "drained" }));
    } else if (message.kind === "start") {
      histogram.reset();
      histogram.enable();
      cpu = process.cpuUsage();
      started = performance.now();
      counter?.reset();
      profiler?.start();
    } else if (message.kind === "stop") {
      histogram.disable();
      profiler?.stop();
      const used = process.cpuUsage(cpu);
      const elapsedMs = performance.now() - started;
      process.send!({
        kind: "stats",
        stats: {
          cpuPercent: ((used.user + used.system) / 1000 / elapsedMs) * 100,
          eventLoopP99Ms: histogram.percentile(99) / 1e6,
          eventLoopMeanMs: histogram.mean / 1e6,
          eventLoopMaxMs: histogram.max / 1e6,
          ...(counter
            ? {
                statements: counter.statements,
                statementMillis: counter.millis,
                transactions: counter.transactions,
                byLabel: Object.fromEntries(counter.byLabel),
              }
            : {}),
        },
      });
    }
  });
}

async function runSafeClassServer(): Promise<void> {
  const { loadConfig } = await import("../src/server/config.ts");
  const { startServer } = await import("../src/server/main.ts");
  const { openDatabase } = await import("../src/server/db/database.ts");
  const { setLiveLimits } = await import("../src/server/features/live/index.ts");
  const { randomToken, sha256Hex } = await import("../src/server/lib/tokens.ts");
  const { rulesGate } = await import("../src/server/features/rules/index.ts");
  const { runScheduledReports } = await import("../src/server/features/reports/index.ts");
  const { runDailyPrivacyJob } = await import("../src/server/features/privacy/index.ts");
  const { countQueries } = await import("../src/server/features/live/live.querycount.ts");
  const base = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
  const database = await openDatabase(
    base.databaseUrl ? { databaseUrl: base.databaseUrl, isolatedSchema: true, poolSize: 20 } : {},
  );
  const server = await startServer(
    {
      ...base,
      host: "127.0.0.1",
      port: 0,
      publicUrl: ORIGIN,
      logLevel: "silent",
      redisPrefix: `sc-bench-${process.pid}:`,
    },
    { database, seed: true, log: pino({ level: "silent" }) },
  );
  const ctx = server.ctx;
  setLiveLimits(ctx, { chatPerTenSecondsStudent: 1000, chatPerTenSecondsHost: 1000 });
  // A fresh server sends last month's Department report a minute after it starts (then once a
  // month): rendering its PDF and workbook holds the event loop for about half a second, which
  // would land in the middle of the measurement. Send it now, before anything is measured.
  await runScheduledReports(ctx);
  // Likewise the day's retention run (a minute after start, then once a day), whose purge of old
  // chat scans the events of every session: it would land in a long run's measurement.
  await runDailyPrivacyJob(ctx);
  const db = ctx.db;
  const school = await db
    .selectFrom("org_units")
    .select(["id"])
    .where("code", "=", "THPT-VMD")
    .executeTakeFirstOrThrow();
  const teacher = await db
    .selectFrom("users")
    .select("id")
    .where("username", "=", "gv.lan")
    .executeTakeFirstOrThrow();
  const now = new Date();
  const expires = new Date(now.getTime() + 12 * 3_600_000);
  const session = async (userId: string) => {
    const token = randomToken();
    await db
      .insertInto("auth_sessions")
      .values({
        id: sha256Hex(token),
        user_id: userId,
        csrf_token: randomToken(24),
        last_seen_at: now,
        expires_at: expires,
      })
      .execute();
    return `sc_session=${token}`;
  };
  const teacherCookie = await session(teacher.id);
  const rules = await rulesGate(ctx, { userId: teacher.id, schoolId: school.id, role: "student" });

  const makeClasses = async (prefix: string, count: number, perClass: number) => {
    const plans: ClassPlan[] = [];
    for (let index = 0; index < count; index += 1) {
      const klass = await db
        .insertInto("classes")
        .values({
          school_id: school.id,
          name: `${prefix}${index}`,
          grade: 10,
          school_year: "2026-2027",
          homeroom_teacher_id: teacher.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const users = await db
        .insertInto("users")
        .values(
          Array.from({ length: perClass }, (_, seat) => ({
            username: `bench.${prefix}${index}.${seat}`,
            display_name: `Học sinh ${prefix}${index}-${seat}`,
          })),
        )
        .returning("id")
        .execute();
      const students = await db
        .insertInto("students")
        .values(
          users.map((user, seat) => ({
            school_id: school.id,
            user_id: user.id,
            student_code: `B${prefix}${index}S${seat}`,
            full_name: `Học sinh ${prefix}${index}-${seat}`,
          })),
        )
        .returning(["id", "user_id"])
        .execute();
      await db
        .insertInto("role_assignments")
        .values(
          users.map((user) => ({ user_id: user.id, role: "student", org_unit_id: school.id })),
        )
        .execute();
      await db
        .insertInto("enrolments")
        .values(students.map((student) => ({ class_id: klass.id, student_id: student.id })))
        .execute();
      if (rules) {
        await db
          .insertInto("rules_acknowledgements")
          .values(
            students.map((student) => ({
              rules_id: rules.rulesId,
              school_id: school.id,
              user_id: student.user_id,
              role: "student",
              student_id: student.id,
            })),
          )
          .execute();
      }
      const created = await db
        .insertInto("class_sessions")
        .values({
          class_id: klass.id,
          school_id: school.id,
          title: "Bench",
          starts_at: new Date(now.getTime() - 60_000),
          ends_at: new Date(now.getTime() + 3 * 3_600_000),
          opened_at: now,
          opened_by: teacher.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const studentCookies = [];
      for (const user of users) studentCookies.push(await session(user.id));
      plans.push({ sessionId: created.id, teacherCookie, studentCookies });
    }
    return plans;
  };
  const perClass = Math.max(1, Math.floor(CLIENTS / CLASSES));
  const classes = await makeClasses("L", CLASSES, perClass);
  const stormClasses =
    process.env.BENCH_STORM === "0" ? [] : await makeClasses("J", CLASSES, perClass);
  // Before the storm: every client of the load phase has gone and its leave is written, so the
  // storm measures joins, not the 2,000 leaves of the phase before it.
  measure(countQueries(ctx), async () => {
    for (;;) {
      const open = await db
        .selectFrom("live_visits")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("left_at", "is", null)
        .executeTakeFirstOrThrow();
      if (server.realtime.io.engine.clientsCount === 0 && Number(open.n) === 0) return;
      await sleep(100);
    }
  });
  process.on("message", (message: { kind: string }) => {
    if (message.kind !== "probe") return;
    void probeStorage(db, classes[0]!.sessionId, teacher.id).then((probe) =>
      process.send!({ kind: "probed", probe }),
    );
  });
  process.send!({
    kind: "ready",
    url: server.url.replace("localhost", "127.0.0.1"),
    classes,
    stormClasses,
  });
}

/** The storage step alone, outside any load: the teacher's chat statement in a bench class
 * (`appendChatMessageIfAllowed`, what every allowed message runs) and `select 1`, 200 times each,
 * back to back and 20 ms apart (the spacing of 50 messages/s). The gap between the two chat
 * figures is what a statement costs when the database thread and the CPU's caches have gone idle
 * in between; `select 1` 20 ms apart is the round trip to the database thread alone. */
async function probeStorage(db: Db, sessionId: string, teacherId: string): Promise<StorageProbe> {
  const { appendChatMessageIfAllowed } = await import("../src/server/features/live/live.repo.ts");
  let sent = 0;
  const chat = () =>
    appendChatMessageIfAllowed(db, {
      sessionId,
      userId: teacherId,
      isHost: true,
      body: {
        type: "chat.message",
        from: { userId: teacherId, name: "Giáo viên", role: "host" },
        text: "Các em mở sách giáo khoa trang 42, làm bài tập 3 và 4 nhé.",
        privateTo: null,
        releasedFrom: null,
        deleted: false,
        clientId: `probe-${++sent}`,
      },
      audience: { to: "all" },
      at: new Date(),
      clientId: `probe-${sent}`,
    });
  const timed = async (run: () => Promise<unknown>, pauseMs: number): Promise<ProbeFigures> => {
    const times: number[] = [];
    for (let index = 0; index < 220; index += 1) {
      const started = performance.now();
      await run();
      if (index >= 20) times.push(performance.now() - started);
      if (pauseMs > 0) await sleep(pauseMs);
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p95: percentile(times, 95) };
  };
  return {
    chatBackToBack: await timed(chat, 0),
    chatApart: await timed(chat, 20),
    selectApart: await timed(() => sql`select 1`.execute(db), 20),
  };
}

/** Sends the server child `command` and waits for its answer of kind `reply`. */
function ask<K extends ChildMessage["kind"]>(
  child: ChildProcess,
  command: "stop" | "drain" | "probe",
  reply: K,
): Promise<Extract<ChildMessage, { kind: K }>> {
  return new Promise((resolve) => {
    const listener = (message: ChildMessage) => {
      if (message.kind === reply) {
        child.off("message", listener);
        resolve(message as Extract<ChildMessage, { kind: K }>);
      }
    };
    child.on("message", listener);
    child.send({ kind: command });
  });
}

/** A bare broadcast server. With `sameProtocol`, a send is acknowledged as SafeClass does
 * (`{ok, seq, status}`) and the broadcast carries an event of the shape and size of SafeClass's
 * `chat.message`; otherwise it broadcasts `{clientId, text}` and acknowledges nothing. */
async function runBareServer(sameProtocol: boolean): Promise<void> {
  const http = createServer();
  const io = new BareServer(http, { maxHttpBufferSize: 64 * 1024, serveClient: false });
  const seqs = new Map<string, number>();
  io.on("connection", (socket) => {
    socket.on("join", (room: string, ack: () => void) => {
      void socket.join(room);
      ack();
    });
    socket.on(
      "msg",
      (
        payload: { room: string; clientId: string; text: string },
        ack?: (answer: unknown) => void,
      ) => {
        if (!sameProtocol) {
          io.to(payload.room).emit("chat.message", {
            clientId: payload.clientId,
            text: payload.text,
          });
          return;
        }
        const seq = (seqs.get(payload.room) ?? 0) + 1;
        seqs.set(payload.room, seq);
        io.to(payload.room).emit("chat.message", {
          type: "chat.message",
          from: { userId: BARE_AUTHOR_ID, name: "Học sinh 12-34", role: "student" },
          text: payload.text,
          privateTo: null,
          releasedFrom: null,
          deleted: false,
          clientId: payload.clientId,
          seq,
          sessionId: BARE_SESSION_ID,
          at: new Date().toISOString(),
        });
        ack?.({ ok: true, seq, status: "sent" });
      },
    );
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as { port: number }).port;
  const classes: ClassPlan[] = Array.from({ length: CLASSES }, (_, index) => ({
    sessionId: `room-${index}`,
    teacherCookie: "",
    studentCookies: Array.from({ length: Math.max(1, Math.floor(CLIENTS / CLASSES)) }, () => ""),
  }));
  measure();
  process.send!({ kind: "ready", url: `http://127.0.0.1:${port}`, classes });
}

const BARE_AUTHOR_ID = "0b6f9c1e-3d7a-4c52-9a51-2f0e8d4b7c11";
const BARE_SESSION_ID = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

// ---------------------------------------------------------------------------------------------
// Client workers: each drives whole classes, so a message's receivers share its sender's clock.

type WorkerCommand =
  | { kind: "load"; url: string; classes: ClassPlan[]; server: ServerKind }
  | { kind: "go"; startAt: number; seconds: number }
  | { kind: "storm"; url: string; plans: Array<{ cookie: string; sessionId: string; at: number }> }
  | { kind: "close" };
type WorkerReply =
  | { kind: "joined"; clients: number }
  | { kind: "loadDone"; latencies: number[]; sent: number; refused: number }
  | {
      kind: "stormDone";
      times: number[];
      slow: Array<[number, number, number]>;
      /** The longest stall of this client process's event loop during the storm. */
      loopMaxMs: number;
      failures: number;
      reasons: Record<string, number>;
    };

function connect(url: string, cookie: string): Socket {
  return ioClient(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { origin: ORIGIN, ...(cookie ? { cookie } : {}) },
  });
}

const waitConnected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function runClientWorker(): void {
  const send = (reply: WorkerReply) => process.send!(reply);
  const open: Socket[] = [];
  let load: { classes: ClassPlan[]; server: ServerKind; rooms: Socket[][] } | null = null;
  const latencies: number[] = [];
  let measuring = false;

  async function joinAll(url: string, classes: ClassPlan[], server: ServerKind) {
    const rooms: Socket[][] = [];
    // Join class by class so that setup is not itself a storm.
    for (const plan of classes) {
      const sockets = plan.studentCookies.map((cookie) => {
        const socket = connect(url, cookie);
        open.push(socket);
        socket.on("chat.message", (event: { clientId: string | null }) => {
          if (!measuring || !event.clientId) return;
          latencies.push((microsNow() - Number(event.clientId.split("-")[0])) / 1000);
        });
        return socket;
      });
      await Promise.all(sockets.map(waitConnected));
      await Promise.all(
        sockets.map((socket) =>
          server === "safeclass"
            ? socket
                .timeout(30_000)
                .emitWithAck("live.join", {
                  protocolVersion: PROTOCOL_VERSION,
                  sessionId: plan.sessionId,
                })
                .then((ack: { ok: boolean; reason?: string }) => {
                  if (!ack.ok) throw new Error(`join refused: ${ack.reason}`);
                })
            : socket.timeout(30_000).emitWithAck("join", plan.sessionId),
        ),
      );
      rooms.push(sockets);
    }
    return rooms;
  }

  async function run(startAt: number, seconds: number) {
    const { classes, server, rooms } = load!;
    latencies.length = 0;
    let sent = 0;
    let refused = 0;
    let counter = 0;
    await sleep(startAt - Date.now());
    measuring = true;
    const interval = 1000 / RATE;
    const intervals: Array<ReturnType<typeof setInterval>> = [];
    const timers = rooms.map((sockets, index) =>
      // Spread this worker's classes over the interval.
      setTimeout(
        () => {
          const plan = classes[index]!;
          const tick = () => {
            const sender = sockets[counter % sockets.length]!;
            counter += 1;
            const clientId = `${microsNow()}-${process.pid}-${counter}`;
            const text = `Em hỏi câu số ${counter % 50} trong bài hôm nay ạ`;
            sent += 1;
            if (server === "safeclass") {
              sender
                .timeout(10_000)
                .emitWithAck("chat.send", { sessionId: plan.sessionId, clientId, text })
                .then((ack: { ok: boolean }) => {
                  if (!ack.ok) refused += 1;
                })
                .catch(() => (refused += 1));
            } else if (server === "bare") {
              sender
                .timeout(10_000)
                .emitWithAck("msg", { room: plan.sessionId, clientId, text })
                .catch(() => (refused += 1));
            } else {
              sender.emit("msg", { room: plan.sessionId, clientId, text });
            }
          };
          tick();
          intervals.push(setInterval(tick, interval));
        },
        (index * interval) / rooms.length,
      ),
    );
    await sleep(seconds * 1000);
    for (const timer of timers) clearTimeout(timer);
    for (const timer of intervals) clearInterval(timer);
    await sleep(1500);
    measuring = false;
    send({ kind: "loadDone", latencies, sent, refused });
  }

  async function storm(
    url: string,
    plans: Array<{ cookie: string; sessionId: string; at: number }>,
  ): Promise<void> {
    const times: number[] = [];
    const slow: Array<[number, number, number]> = [];
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const reasons: Record<string, number> = {};
    let failures = 0;
    const fail = (reason: string) => {
      failures += 1;
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    };
    await Promise.all(
      plans.map(async (plan) => {
        await sleep(plan.at - Date.now());
        const begin = performance.now();
        const socket = connect(url, plan.cookie);
        open.push(socket);
        try {
          await waitConnected(socket);
          const connectedAt = performance.now();
          const ack = (await socket.timeout(30_000).emitWithAck("live.join", {
            protocolVersion: PROTOCOL_VERSION,
            sessionId: plan.sessionId,
          })) as { ok: boolean; reason?: string };
          if (ack.ok) {
            const took = performance.now() - begin;
            times.push(took);
            if (took > 100) slow.push([plan.at, connectedAt - begin, took]);
          } else fail(String(ack.reason));
        } catch (error) {
          fail(String((error as Error).message));
        }
      }),
    );
    loop.disable();
    send({ kind: "stormDone", times, slow, failures, reasons, loopMaxMs: loop.max / 1e6 });
  }

  process.on("message", (command: WorkerCommand) => {
    if (command.kind === "load") {
      void joinAll(command.url, command.classes, command.server).then((rooms) => {
        load = { classes: command.classes, server: command.server, rooms };
        send({ kind: "joined", clients: rooms.reduce((sum, room) => sum + room.length, 0) });
      });
    } else if (command.kind === "go") {
      void run(command.startAt, command.seconds);
    } else if (command.kind === "storm") {
      void storm(command.url, command.plans);
    } else if (command.kind === "close") {
      for (const socket of open) socket.close();
      process.exit(0);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Parent: starts the processes, hands out the classes, gathers the measurements.

function startChild(
  mode: "--server" | "--bare" | "--minimal",
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; ready: Extract<ChildMessage, { kind: "ready" }> }> {
  const child = forkSelf(mode, env);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    child.on("message", (message: ChildMessage) => {
      if (message.kind === "ready") resolve({ child, ready: message });
    });
  });
}

/** BENCH_PROFILE=1: a CPU profile of each measured phase of a server (chat load, join storm),
 * written to /tmp/prof/<process>-<phase>.cpuprofile (open in Chrome DevTools). */
function phaseProfiler() {
  const session = new inspector.Session();
  session.connect();
  let phase = 0;
  return {
    start() {
      session.post("Profiler.enable", () => session.post("Profiler.start"));
    },
    stop() {
      session.post("Profiler.stop", (error, result) => {
        if (error) return;
        fs.mkdirSync("/tmp/prof", { recursive: true });
        const name = `/tmp/prof/${process.argv[2]!.slice(2)}-${process.pid}-${++phase}.cpuprofile`;
        fs.writeFileSync(name, JSON.stringify(result.profile));
      });
    },
  };
}

function forkSelf(mode: string, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return fork(fileURLToPath(import.meta.url), [mode], {
    execArgv: ["--import", "tsx"],
    env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

function startWorkers(): ChildProcess[] {
  return Array.from({ length: WORKERS }, () => forkSelf("--clients"));
}

function closeWorkers(workers: ChildProcess[]): void {
  for (const worker of workers) worker.send({ kind: "close" } satisfies WorkerCommand);
}

/** Sends each worker its command and waits for the reply of the given kind from all of them. */
function everyWorker<K extends WorkerReply["kind"]>(
  workers: ChildProcess[],
  kind: K,
  command: (index: number) => WorkerCommand,
): Promise<Array<Extract<WorkerReply, { kind: K }>>> {
  return Promise.all(
    workers.map(
      (worker, index) =>
        new Promise<Extract<WorkerReply, { kind: K }>>((resolve, reject) => {
          const listener = (reply: WorkerReply) => {
            if (reply.kind !== kind) return;
            worker.off("message", listener);
            resolve(reply as Extract<WorkerReply, { kind: K }>);
          };
          worker.on("message", listener);
          worker.once("exit", (code) => reject(new Error(`client worker exited with ${code}`)));
          worker.send(command(index));
        }),
    ),
  );
}

async function askStats(child: ChildProcess): Promise<ServerStats> {
  return (await ask(child, "stop", "stats")).stats;
}

/** Waits until the server has finished the work the previous phase left behind. */
async function drained(child: ChildProcess): Promise<void> {
  await ask(child, "drain", "drained");
}

/** Wall-clock microseconds (a message's sender and receivers share a worker, so its clock). */
function microsNow(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type ServerKind = "safeclass" | "bare" | "minimal";

interface Round {
  latencies: number[];
  sent: number;
  refused: number;
  stats: ServerStats;
  seconds: number;
}

/** A server with its clients connected and joined, measured in rounds. */
interface Load {
  server: ServerKind;
  child: ChildProcess;
  classes: ClassPlan[];
  workers: ChildProcess[];
  clients: number;
  rounds: Round[];
}

interface LoadResult {
  p50: number;
  p95: number;
  p99: number;
  /** p95 of each round, in order. */
  roundP95: number[];
  delivered: number;
  perSecond: number;
  sent: number;
  refused: number;
  clients: number;
}

const share = <T>(items: T[], index: number) =>
  items.filter((_, position) => position % WORKERS === index);

async function openLoad(
  server: ServerKind,
  child: ChildProcess,
  url: string,
  classes: ClassPlan[],
): Promise<Load> {
  const workers = startWorkers();
  const joined = await everyWorker(workers, "joined", (index) => ({
    kind: "load",
    url,
    classes: share(classes, index),
    server,
  }));
  const clients = joined.reduce((sum, reply) => sum + reply.clients, 0);
  return { server, child, classes, workers, clients, rounds: [] };
}

async function measureRound(load: Load, seconds: number): Promise<void> {
  await sleep(1000);
  const startAt = Date.now() + 200;
  await sleep(startAt - Date.now());
  load.child.send({ kind: "start" });
  const started = Date.now();
  const done = await everyWorker(load.workers, "loadDone", () => ({
    kind: "go",
    startAt,
    seconds,
  }));
  const stats = await askStats(load.child);
  load.rounds.push({
    latencies: done.flatMap((reply) => reply.latencies),
    sent: done.reduce((sum, reply) => sum + reply.sent, 0),
    refused: done.reduce((sum, reply) => sum + reply.refused, 0),
    stats,
    seconds: (Date.now() - started) / 1000,
  });
}

/** Pools a load's rounds and prints them. */
function report(load: Load): LoadResult {
  const { rounds } = load;
  const sorted = rounds.flatMap((round) => round.latencies).sort((a, b) => a - b);
  const sent = rounds.reduce((sum, round) => sum + round.sent, 0);
  const refused = rounds.reduce((sum, round) => sum + round.refused, 0);
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  const roundP95 = rounds.map((round) =>
    percentile(
      [...round.latencies].sort((a, b) => a - b),
      95,
    ),
  );
  const result: LoadResult = {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    roundP95,
    delivered: sorted.length,
    perSecond: sorted.length / seconds,
    sent,
    refused,
    clients: load.clients,
  };
  // Server figures: time-weighted CPU and event-loop mean, the worst round's event-loop p99.
  const weighted = (value: (stats: ServerStats) => number) =>
    rounds.reduce((sum, round) => sum + value(round.stats) * round.seconds, 0) / seconds;
  const statements = rounds.reduce((sum, round) => sum + (round.stats.statements ?? 0), 0);
  const statementMillis = rounds.reduce(
    (sum, round) => sum + (round.stats.statementMillis ?? 0),
    0,
  );
  const perMessage =
    load.server === "safeclass" && sent > 0
      ? ` | sql statements per chat message=${(statements / sent).toFixed(1)} ` +
        `taking ${(statementMillis / sent).toFixed(2)}ms` +
        (process.env.BENCH_DEBUG === "1"
          ? ` ${JSON.stringify(rounds.map((round) => round.stats.byLabel))}`
          : "")
      : "";
  console.log(
    `${load.server.padEnd(10)} clients=${load.clients} classes=${load.classes.length} workers=${WORKERS} sent=${sent} refused=${refused} ` +
      `delivered=${sorted.length} (${result.perSecond.toFixed(0)}/s) latency p50=${result.p50.toFixed(1)}ms ` +
      `p95=${result.p95.toFixed(1)}ms p99=${result.p99.toFixed(1)}ms ` +
      `(p95 by round ${roundP95.map((value) => value.toFixed(1)).join(" / ")}) | ` +
      `server cpu=${weighted((stats) => stats.cpuPercent).toFixed(0)}% ` +
      `event-loop p99=${Math.max(...rounds.map((round) => round.stats.eventLoopP99Ms)).toFixed(1)}ms ` +
      `mean=${weighted((stats) => stats.eventLoopMeanMs).toFixed(1)}ms` +
      perMessage,
  );
  return result;
}

async function runJoinStorm(child: ChildProcess, url: string, classes: ClassPlan[]) {
  const plans = classes.flatMap((plan) =>
    plan.studentCookies.map((cookie) => ({ cookie, sessionId: plan.sessionId })),
  );
  await drained(child);
  const workers = startWorkers();
  // Let the workers load before the clock starts.
  await sleep(1500);
  const spacing = (JOIN_SECONDS * 1000) / plans.length;
  const startAt = Date.now() + 300;
  const scheduled = plans.map((plan, index) => ({ ...plan, at: startAt + index * spacing }));
  child.send({ kind: "start" });
  const started = Date.now();
  // Whole classes per worker, in the storm's order.
  const byClass = classes.map((plan) => plan.sessionId);
  const done = await everyWorker(workers, "stormDone", (index) => ({
    kind: "storm",
    url,
    plans: scheduled.filter((plan) => byClass.indexOf(plan.sessionId) % WORKERS === index),
  }));
  const stats = await askStats(child);
  closeWorkers(workers);
  const slow = done.flatMap((reply) => reply.slow).sort((a, b) => a[0] - b[0]);
  if (process.env.BENCH_DEBUG === "1") {
    const stalls = done.map((reply) => reply.loopMaxMs.toFixed(0)).join(", ");
    console.log(`client processes: longest event-loop stall ${stalls} ms`);
    for (const [at, connect, took] of slow) {
      console.log(
        `slow join at +${((at - startAt) / 1000).toFixed(2)}s connect=${connect.toFixed(0)}ms total=${took.toFixed(0)}ms`,
      );
    }
  }
  const sorted = done.flatMap((reply) => reply.times).sort((a, b) => a - b);
  const failures = done.reduce((sum, reply) => sum + reply.failures, 0);
  const reasons: Record<string, number> = {};
  for (const reply of done) {
    for (const [reason, count] of Object.entries(reply.reasons)) {
      reasons[reason] = (reasons[reason] ?? 0) + count;
    }
  }
  const result = {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    joined: sorted.length,
    failures,
    seconds: (Date.now() - started) / 1000,
    stats,
  };
  const perJoin =
    stats.statements !== undefined && result.joined > 0
      ? ` | sql statements per join (handshake included)=${(stats.statements / result.joined).toFixed(1)} ` +
        `transactions per join=${((stats.transactions ?? 0) / result.joined).toFixed(2)}`
      : "";
  console.log(
    `join storm  ${plans.length} students in ${result.seconds.toFixed(1)}s: joined=${result.joined} ` +
      `failed=${failures} join p50=${result.p50.toFixed(0)}ms p99=${result.p99.toFixed(0)}ms | ` +
      `server cpu=${stats.cpuPercent.toFixed(0)}% event-loop p99=${stats.eventLoopP99Ms.toFixed(1)}ms max=${stats.eventLoopMaxMs.toFixed(0)}ms` +
      perJoin +
      (failures ? ` failures: ${JSON.stringify(reasons)}` : ""),
  );
  return result;
}

/** `--scale`: the SafeClass server alone at growing client counts (BENCH_SCALE, as many per
 * class as in the main run: 40), each in its own fresh server, until the delivery p95 reaches
 * 100 ms; prints the largest count that stayed under it. */
async function runScale(): Promise<void> {
  const counts = (process.env.BENCH_SCALE ?? "2000,4000,6000,8000,10000,12000")
    .split(",")
    .map(Number)
    .filter((count) => count > 0);
  const perClass = Math.max(1, Math.floor(CLIENTS / CLASSES));
  console.log(
    `live bench, scale: ${counts.join(", ")} clients, ${perClass} per class, ${RATE} msg/s per class, ` +
      `${SECONDS}s each in ${ROUNDS} rounds, ${WORKERS} client processes; ` +
      `database=${process.env.DATABASE_URL ? "postgres" : "pglite"} redis=${process.env.REDIS_URL ? "yes" : "no"}`,
  );
  let largest = 0;
  let firstOver: { clients: number; p95: number } | null = null;
  const openFiles = openFileLimit();
  let limited = false;
  for (const count of counts) {
    // One socket per client in one server process, and a few hundred files besides.
    if (openFiles !== null && count + 500 > openFiles) {
      console.log(
        `stopped before ${count} clients: one server process would need ${count} sockets, ` +
          `and this machine allows a process ${openFiles} open files (ulimit -n)`,
      );
      limited = true;
      break;
    }
    const classes = Math.max(1, Math.round(count / perClass));
    const { child, ready } = await startChild("--server", {
      ...process.env,
      BENCH_CLIENTS: String(classes * perClass),
      BENCH_CLASSES: String(classes),
      BENCH_STORM: "0",
    });
    const load = await openLoad("safeclass", child, ready.url, ready.classes);
    for (let round = 0; round < ROUNDS; round += 1) await measureRound(load, SECONDS / ROUNDS);
    closeWorkers(load.workers);
    const result = report(load);
    child.removeAllListeners("exit");
    child.kill("SIGINT");
    await new Promise((resolve) => child.once("exit", resolve));
    if (result.p95 >= 100) {
      firstOver = { clients: load.clients, p95: result.p95 };
      break;
    }
    largest = load.clients;
  }
  console.log(
    `RESULT max_clients_p95_under_100ms=${largest}` +
      (firstOver
        ? ` first_over_clients=${firstOver.clients} first_over_p95_ms=${firstOver.p95.toFixed(1)}`
        : " first_over_clients=none") +
      (limited ? ` open_file_limit=${openFiles}` : ""),
  );
  process.exit(0);
}

/** The soft limit of open files of this process (Linux), or null where it cannot be read. */
function openFileLimit(): number | null {
  try {
    const line = fs
      .readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((row) => row.startsWith("Max open files"));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--server")) return runSafeClassServer();
  if (process.argv.includes("--bare")) return runBareServer(true);
  if (process.argv.includes("--minimal")) return runBareServer(false);
  if (process.argv.includes("--clients")) return runClientWorker();
  if (process.argv.includes("--scale")) return runScale();
  console.log(
    `live bench: ${CLIENTS} clients in ${CLASSES} classes, ${RATE} msg/s per class, ${SECONDS}s per server ` +
      `in ${ROUNDS} alternating rounds, ${WORKERS} client processes per server; ` +
      `database=${process.env.DATABASE_URL ? "postgres" : "pglite"} redis=${process.env.REDIS_URL ? "yes" : "no"}`,
  );
  const servers = {
    safeclass: await startChild("--server"),
    bare: await startChild("--bare"),
    minimal: await startChild("--minimal"),
  };
  const loads: Load[] = [];
  for (const kind of ["safeclass", "bare", "minimal"] as const) {
    const { child, ready } = servers[kind];
    loads.push(await openLoad(kind, child, ready.url, ready.classes));
  }
  // Each round measures the three in turn, starting one further along each time.
  for (let round = 0; round < ROUNDS; round += 1) {
    for (let turn = 0; turn < loads.length; turn += 1) {
      await measureRound(loads[(round + turn) % loads.length]!, SECONDS / ROUNDS);
    }
  }
  for (const load of loads) closeWorkers(load.workers);
  const [full, baseline, minimal] = loads.map(report) as [LoadResult, LoadResult, LoadResult];
  for (const kind of ["bare", "minimal"] as const) {
    servers[kind].child.removeAllListeners("exit");
    servers[kind].child.kill();
  }
  const storm =
    process.env.BENCH_STORM === "0"
      ? { p99: NaN }
      : await runJoinStorm(
          servers.safeclass.child,
          servers.safeclass.ready.url,
          servers.safeclass.ready.stormClasses!,
        );
  // After the storm's students have left and their leaves are written.
  await drained(servers.safeclass.child);
  const { probe } = await ask(servers.safeclass.child, "probe", "probed");
  const figures = (name: string, { p50, p95 }: ProbeFigures) =>
    `${name} p50=${p50.toFixed(2)}ms p95=${p95.toFixed(2)}ms`;
  console.log(
    `storage alone (no load, 200 each): ${figures("chat statement back to back", probe.chatBackToBack)} | ` +
      `${figures("20 ms apart", probe.chatApart)} | ${figures("select 1 20 ms apart", probe.selectApart)}`,
  );
  servers.safeclass.child.removeAllListeners("exit");
  servers.safeclass.child.kill("SIGINT");
  const ratio = full.p95 / Math.max(0.1, baseline.p95);
  const ratioMinimal = full.p95 / Math.max(0.1, minimal.p95);
  const byRound = full.roundP95.map((p95, index) => p95 / Math.max(0.1, baseline.roundP95[index]!));
  console.log(
    `p95 ratio to bare by round: ${byRound.map((value) => value.toFixed(2)).join(" / ")}; ` +
      `to minimal, pooled: ${ratioMinimal.toFixed(2)}`,
  );
  console.log(
    `RESULT clients=${full.clients} p95_ms=${full.p95.toFixed(1)} ratio_vs_bare=${ratio.toFixed(2)} ` +
      `ratio_vs_minimal=${ratioMinimal.toFixed(2)} join_p99_ms=${storm.p99.toFixed(0)} ` +
      `store_apart_p50_ms=${probe.chatApart.p50.toFixed(2)} store_back_to_back_p50_ms=${probe.chatBackToBack.p50.toFixed(2)}`,
  );
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
