/**
 * Throughput and latency of the moderation engine next to the `obscenity` package (English
 * preset) on the same realistic chat messages (≤ 200 characters): class-chat fixtures and
 * dataset comments. Prints medians over several rounds and ends with one RESULT line.
 * Usage: npm run bench:moderation
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from "obscenity";
import {
  readCleanChatFixture,
  readToxicChatFixture,
} from "../src/server/features/moderation/fixtures.ts";
import {
  datasetAvailable,
  moderationDataDir,
  prng,
  readJsonl,
  shuffled,
} from "../src/server/features/moderation/train.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ROUNDS = 5;

function buildMessages(): string[] {
  const msgs: string[] = [...readCleanChatFixture(), ...readToxicChatFixture().map((e) => e.text)];
  const dir = moderationDataDir(repoRoot);
  if (datasetAvailable(dir)) {
    for (const file of ["vihos-dev.jsonl", "davidson-en-dev.jsonl"]) {
      for (const r of readJsonl<{ text: string }>(path.join(dir, file))) msgs.push(r.text);
    }
  }
  const rand = prng(42);
  return shuffled(msgs, rand).map((m) => m.slice(0, 200));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

interface Round {
  msgsPerS: number;
  p50: number;
  p99: number;
}

function runRounds(name: string, messages: string[], fn: (text: string) => unknown): Round {
  const lat = new Float64Array(messages.length);
  for (const m of messages) fn(m); // warm-up
  const rounds: Round[] = [];
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    // throughput: tight loop
    const t0 = process.hrtime.bigint();
    for (const m of messages) if (fn(m)) sink++;
    const totalNs = Number(process.hrtime.bigint() - t0);
    // latency: per message
    for (let i = 0; i < messages.length; i++) {
      const s = process.hrtime.bigint();
      if (fn(messages[i]!)) sink++;
      lat[i] = Number(process.hrtime.bigint() - s) / 1000;
    }
    lat.sort();
    rounds.push({
      msgsPerS: messages.length / (totalNs / 1e9),
      p50: percentile(lat, 0.5),
      p99: percentile(lat, 0.99),
    });
  }
  const result = {
    msgsPerS: median(rounds.map((r) => r.msgsPerS)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
  };
  console.log(
    `${name.padEnd(12)} ${Math.round(result.msgsPerS).toLocaleString("en")} msgs/s   p50 ${result.p50.toFixed(1)} µs   p99 ${result.p99.toFixed(1)} µs   (median of ${ROUNDS} rounds${sink < 0 ? "" : ""})`,
  );
  return result;
}

const messages = buildMessages();
console.log(
  `${messages.length} messages, mean ${(messages.reduce((a, m) => a + m.length, 0) / messages.length).toFixed(0)} characters`,
);

global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const { loadModerationModel, moderateMessage } =
  await import("../src/server/features/moderation/index.ts");
const { loadMs } = loadModerationModel();
const importAndLoadMs = performance.now() - t0;
global.gc?.();
const heapAfter = process.memoryUsage().heapUsed;
const rssAfter = process.memoryUsage().rss;
console.log(`model load ${loadMs.toFixed(1)} ms (import + load ${importAndLoadMs.toFixed(1)} ms)`);
console.log(
  `engine memory: heap +${((heapAfter - heapBefore) / 1048576).toFixed(1)} MB, rss +${((rssAfter - rssBefore) / 1048576).toFixed(1)} MB`,
);

const engine = runRounds("safeclass", messages, (t) => moderateMessage(t).action !== "allow");
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
const obscenity = runRounds("obscenity", messages, (t) => matcher.hasMatch(t));
console.log(
  `RESULT msgs_per_s=${Math.round(engine.msgsPerS)} p99_us=${engine.p99.toFixed(1)} ratio_vs_obscenity=${(engine.msgsPerS / obscenity.msgsPerS).toFixed(2)}`,
);
