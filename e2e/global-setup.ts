/**
 * Vitest global setup of the end-to-end run: builds the web app when it is stale and starts ONE
 * SafeClass server (`safeclass start --build-web`) in a child process, on a free port, over a
 * fresh embedded PGlite under .tmp/e2e-data/ (the demo province is seeded on first start).
 * Specs read its address with `inject("baseUrl")` (see e2e/support.ts). The server is stopped and
 * its data folder removed at the end; its log is kept in test-results/e2e-server.log.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the SafeClass server under test, e.g. "http://127.0.0.1:41234". */
    baseUrl: string;
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataRoot = path.join(repoRoot, ".tmp/e2e-data");
const resultsDir = path.join(repoRoot, "test-results");
/** Build + first start (initdb, migrations, demo seed) on a slow 2-core machine. */
const READY_TIMEOUT_MS = 240_000;
/** Other e2e runs in the same working tree wait for this lock so that two vite builds never
 * write dist/web at once. */
const startLock = path.join(dataRoot, "start.lock");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes data folders of earlier runs whose process is gone (crashed or interrupted runs). */
function removeStaleRuns(): void {
  if (!fs.existsSync(dataRoot)) return;
  for (const entry of fs.readdirSync(dataRoot)) {
    const pid = /^run-(\d+)-/.exec(entry)?.[1];
    if (pid && !alive(Number(pid))) {
      fs.rmSync(path.join(dataRoot, entry), { recursive: true, force: true });
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function acquireStartLock(): Promise<() => void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(startLock);
      fs.writeFileSync(path.join(startLock, "pid"), String(process.pid));
      return () => fs.rmSync(startLock, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(fs.readFileSync(path.join(startLock, "pid"), "utf8").trim() || "0");
      if (owner && !alive(owner)) fs.rmSync(startLock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`e2e: ${startLock} is held by ${owner}`);
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function tail(file: string, lines = 40): string {
  if (!fs.existsSync(file)) return "";
  return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

/** Polls /readyz until it answers 200; fails at once if the server process exits. */
async function waitUntilReady(baseUrl: string, child: ChildProcess, logFile: string) {
  const started = Date.now();
  let exited: number | null = null;
  child.once("exit", (code) => (exited = code ?? -1));
  while (Date.now() - started < READY_TIMEOUT_MS) {
    if (exited !== null) {
      throw new Error(
        `e2e: the server exited (code ${exited}) before it was ready:\n${tail(logFile)}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `e2e: the server was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${tail(logFile)}`,
  );
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  fs.mkdirSync(dataRoot, { recursive: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  removeStaleRuns();
  const runDir = path.join(dataRoot, `run-${process.pid}-${Date.now()}`);
  fs.mkdirSync(runDir, { recursive: true });
  const logFile = path.join(runDir, "server.log");
  const log = fs.openSync(logFile, "a");

  const releaseLock = await acquireStartLock();
  let child: ChildProcess | undefined;
  const killOnExit = () => child?.kill("SIGKILL");
  try {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      DATA_DIR: path.join(runDir, "data"),
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      // Parents' absence alerts: ended classes are looked for every 2 s (e2e/family.spec.ts).
      ABSENCE_ALERT_SECONDS: "2",
    };
    // The e2e server is always the one-machine set-up: embedded PGlite, in-process fan-out,
    // mail kept in the outbox.
    for (const name of ["DATABASE_URL", "REDIS_URL", "SMTP_URL", "SEED_DEMO"]) delete env[name];
    child = spawn(
      process.execPath,
      [path.join(repoRoot, "bin/safeclass.mjs"), "start", "--build-web"],
      { cwd: repoRoot, env, stdio: ["ignore", log, log] },
    );
    process.once("exit", killOnExit);
    await waitUntilReady(baseUrl, child, logFile);
    project.provide("baseUrl", baseUrl);
    const rebuilt = fs.readFileSync(logFile, "utf8").includes("Building the web app");
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(
      `e2e: SafeClass ready at ${baseUrl} in ${seconds} s${rebuilt ? " (web app rebuilt)" : ""}\n`,
    );
  } catch (error) {
    if (child) await stop(child);
    throw error;
  } finally {
    releaseLock();
  }

  const server = child;
  return async () => {
    await stop(server);
    process.off("exit", killOnExit);
    fs.closeSync(log);
    fs.copyFileSync(logFile, path.join(resultsDir, "e2e-server.log"));
    if (!process.env.E2E_KEEP_DATA) fs.rmSync(runDir, { recursive: true, force: true });
  };
}
