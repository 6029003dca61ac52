/** `safeclass seed`: seeds the demo province into the configured database. */
import { loadConfig } from "../../server/config.ts";
import { startServer } from "../../server/main.ts";

export async function run(): Promise<void> {
  const config = { ...loadConfig(), port: 0 };
  const server = await startServer(config, { seed: true });
  process.stdout.write(`Seeded. Demo password: ${server.demoLogins?.password}\n`);
  await server.close();
}
