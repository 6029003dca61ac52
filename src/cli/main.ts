/** Entry point of the `safeclass` command: each sub-command is loaded lazily so that a quick one
 * (`moderate`) does not pay for loading the server. */
type Command = { summary: string; load: () => Promise<{ run: (args: string[]) => Promise<void> }> };

const commands: Record<string, Command> = {
  start: {
    summary: "serve SafeClass (HTTP + realtime)",
    load: () => import("./commands/start.ts"),
  },
  migrate: { summary: "apply database migrations", load: () => import("./commands/migrate.ts") },
  "create-admin": {
    summary: "create a Department administrator account",
    load: () => import("./commands/create-admin.ts"),
  },
  seed: { summary: "seed the demo province", load: () => import("./commands/seed.ts") },
  moderate: {
    summary: "moderate chat messages (--jsonl: JSON Lines on stdin → decisions on stdout)",
    load: () => import("../server/features/moderation/moderation.cli.ts"),
  },
  "verify-evidence": {
    summary: "check incidents' evidence hash chains ([incident number or id] [--json])",
    load: () => import("../server/features/incidents/incidents.cli.ts"),
  },
};

export async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stdout.write("Usage: safeclass <command> [options]\n\n");
    for (const [key, value] of Object.entries(commands)) {
      process.stdout.write(`  ${key.padEnd(16)} ${value.summary}\n`);
    }
    process.exitCode = name && name !== "help" && name !== "--help" ? 2 : 0;
    return;
  }
  const mod = await command.load();
  await mod.run(args);
}
