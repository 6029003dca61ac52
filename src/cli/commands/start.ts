/** `safeclass start [--build-web]`: serves SafeClass; builds the web app first when asked and
 * when the build is missing or older than the sources. */
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { loadConfig } from "../../server/config.ts";
import { repoRoot, startServer } from "../../server/main.ts";

function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    const time = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function buildWebIfStale(): void {
  const index = path.join(repoRoot, "dist/web/index.html");
  const sources = [path.join(repoRoot, "src/web"), path.join(repoRoot, "src/shared")];
  const builtAt = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (builtAt > Math.max(...sources.map(newestMtime))) return;
  process.stdout.write("Building the web app (vite build)…\n");
  const result = spawnSync(
    process.execPath,
    [path.join(repoRoot, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"],
    {
      cwd: repoRoot,
      stdio: "inherit",
    },
  );
  if (result.status !== 0) throw new Error("vite build failed");
}

export async function run(args: string[]): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  if (args.includes("--build-web")) buildWebIfStale();
  const server = await startServer(config);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const lines = [
    "",
    `SafeClass — Lớp học an toàn is running at ${server.url} (ready in ${seconds} s)`,
    `Database: ${server.database.kind === "pglite" ? `embedded PGlite in ${config.dataDir}` : "PostgreSQL"}`,
  ];
  if (server.demoLogins) {
    lines.push(
      "",
      `Demo province ready. Password for every demo account: ${server.demoLogins.password}`,
    );
    for (const login of server.demoLogins.accounts) {
      lines.push(`  ${login.role.padEnd(20)} ${login.username.padEnd(22)} ${login.description}`);
    }
    lines.push(
      "",
      `Today's classes (Lớp học hôm nay): ${server.url}/today, signed in as a teacher or student above.`,
      ...server.demoLogins.todayNotes.map((note) => `  ${note}`),
    );
  } else {
    lines.push("This database holds no demo province: SEED_DEMO=true seeds it (see README).");
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);
  const shutdown = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}
