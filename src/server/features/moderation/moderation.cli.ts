/**
 * `safeclass moderate --jsonl`: JSON Lines on stdin ({"text": ...}), one decision per line on
 * stdout, in order. Streams with bounded memory: reading pauses while stdout is backed up.
 */
import { createInterface } from "node:readline";
import { loadModerationModel, moderateMessage } from "./engine.ts";

/** One output line for one input line (never throws). */
export function moderateJsonLine(line: string): string {
  if (line.trim() === "") return JSON.stringify({ error: "empty line" });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return JSON.stringify({ error: `invalid JSON: ${(err as Error).message}` });
  }
  if (
    typeof value !== "object" ||
    value === null ||
    typeof (value as { text?: unknown }).text !== "string"
  )
    return JSON.stringify({ error: 'expected an object with a string "text"' });
  const d = moderateMessage((value as { text: string }).text);
  return JSON.stringify({
    toxic: d.toxic,
    score: d.score,
    spans: d.spans,
    action: d.action,
    categories: d.categories,
  });
}

export async function run(args: string[]): Promise<void> {
  if (!args.includes("--jsonl")) {
    process.stderr.write("usage: safeclass moderate --jsonl < input.jsonl > output.jsonl\n");
    process.exitCode = 2;
    return;
  }
  loadModerationModel();
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out = process.stdout;
  let buffer = "";
  const flush = async (): Promise<void> => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = "";
    if (!out.write(chunk)) {
      rl.pause();
      await new Promise<void>((resolve) => out.once("drain", resolve));
      rl.resume();
    }
  };
  for await (const line of rl) {
    buffer += moderateJsonLine(line) + "\n";
    if (buffer.length >= 64 * 1024) await flush();
  }
  await flush();
  await new Promise<void>((resolve) => {
    if (out.writableLength === 0) resolve();
    else out.once("drain", () => resolve());
  });
}
