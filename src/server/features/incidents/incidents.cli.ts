/** `safeclass verify-evidence [incident]`: checks the evidence chain of one incident (by number
 * or id) or of every incident; prints the first altered entry; exit code 1 when one is altered. */
import { loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/database.ts";
import type { Db } from "../../db/database.ts";
import { translate, registerMessages, type Locale } from "../../i18n/i18n.ts";
import { incidentsMessages } from "./incidents.messages.ts";
import * as repo from "./incidents.repo.ts";
import { verifyIncidentChain } from "./incidents.verify.ts";

registerMessages(incidentsMessages);

export interface VerifyReport {
  checked: number;
  altered: Array<{ number: number; id: string; where: string; reason: string }>;
}

/** The command's work, on an open database; `write` receives each output line. */
export async function verifyEvidence(
  db: Db,
  args: string[],
  write: (line: string) => void,
  locale: Locale = "vi",
): Promise<VerifyReport> {
  const target = args.find((arg) => !arg.startsWith("--"));
  let which: { number: number } | { id: string } | null = null;
  if (target) {
    if (/^#?\d+$/.test(target)) which = { number: Number(target.replace("#", "")) };
    else if (/^[0-9a-f-]{36}$/i.test(target)) which = { id: target };
    else throw new Error(`Not an incident number or id: ${target}`);
  }
  const incidents = await repo.incidentsToVerify(db, which);
  if (target && incidents.length === 0) throw new Error(`No incident ${target}`);
  const report: VerifyReport = { checked: 0, altered: [] };
  for (const incident of incidents) {
    const result = await verifyIncidentChain(db, incident.id);
    report.checked += 1;
    if (result.ok) {
      write(
        translate(locale, "incidents.cli.ok", {
          number: incident.number,
          entries: result.entries,
          evidence: result.evidence,
        }),
      );
      continue;
    }
    const bad = result.firstBad!;
    const where =
      bad.kind === "evidence"
        ? `evidence ${bad.evidenceId}${bad.seq ? ` (entry #${bad.seq})` : ""}`
        : bad.kind === "state"
          ? `state (entry #${bad.seq})`
          : `entry #${bad.seq}`;
    report.altered.push({ number: incident.number, id: incident.id, where, reason: bad.reason });
    write(
      translate(locale, "incidents.cli.bad", {
        number: incident.number,
        where,
        reason: bad.reason,
      }),
    );
  }
  return report;
}

export async function run(args: string[]): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  try {
    const report = await verifyEvidence(database.db, args, (line) =>
      process.stdout.write(`${line}\n`),
    );
    if (args.includes("--json")) process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exitCode = report.altered.length > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  } finally {
    await database.close();
  }
}
