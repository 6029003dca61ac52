/** `safeclass create-admin --username U --name "Full name" [--email E] [--department "Sở GDĐT …"]`:
 * creates a Department officer with a temporary password that must be changed at first sign-in. */
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig } from "../../server/config.ts";
import { openDatabase } from "../../server/db/database.ts";
import { createDepartmentAdmin } from "../../server/seed/demo.ts";

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: "string" },
      name: { type: "string" },
      email: { type: "string" },
      department: { type: "string" },
    },
  });
  const input = z
    .object({
      username: z.string().regex(/^[a-z0-9._-]{3,60}$/i),
      name: z.string().min(1).max(120),
      email: z.string().email().optional(),
      department: z.string().min(1).max(200).default("Sở Giáo dục và Đào tạo"),
    })
    .safeParse(values);
  if (!input.success) {
    process.stderr.write(
      'Usage: safeclass create-admin --username U --name "Full name" [--email E] [--department NAME]\n',
    );
    process.exitCode = 2;
    return;
  }
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  try {
    const password = await createDepartmentAdmin(database.db, input.data);
    process.stdout.write(
      `Created ${input.data.username}. Temporary password (change at first sign-in): ${password}\n`,
    );
  } finally {
    await database.close();
  }
}
