/**
 * Throughput and latency of the moderation engine next to the `obscenity` package (English
 * preset) on the same realistic chat messages (≤ 200 characters): class-chat fixtures and
 * dataset comments. Ends with one RESULT line.
 *
 * The machine this runs on is usually shared, so the bench is built to resist noise:
 *  - rounds are interleaved (safeclass, obscenity, safeclass, obscenity …) so that both engines
 *    see the same load, and every figure is the median over the rounds;
 *  - besides wall-clock msgs/s it reports msgs per CPU-second of the process (time the
 *    scheduler gave to other processes is not counted), and besides the wall-clock p50/p99 of
 *    each round the p50/p99 over messages of each message's fastest time across the rounds
 *    (a preemption rarely hits the same message in every round);
 *  - `--fixed N` runs exactly N messages without timing (for `valgrind --tool=callgrind`, whose
 *    instruction counts do not depend on the load; see docs/moderation.md).
 *
 * Usage: npm run bench:moderation [-- --rounds 9]
 *        npx tsx bench/moderation.bench.ts --fixed 2000 [--warmup 4000] --only safeclass|obscenity
 */
import os from "node:os";
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
const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUNDS = Math.max(1, Number(argValue("--rounds") ?? 9));
const FIXED = argValue("--fixed");

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

interface Engine {
  name: string;
  fn: (text: string) => boolean;
  /** per round */
  msgsPerS: number[];
  cpuMsgsPerS: number[];
  p50: number[];
  p99: number[];
  /** per message: fastest latency over the rounds (µs) */
  best: Float64Array;
}

let sink = 0;

function runRound(e: Engine, messages: string[], lat: Float64Array): void {
  // throughput: tight loop, wall clock and CPU time of the process
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const m of messages) if (e.fn(m)) sink++;
  const totalNs = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(c0);
  e.msgsPerS.push(messages.length / (totalNs / 1e9));
  e.cpuMsgsPerS.push(messages.length / ((cpu.user + cpu.system) / 1e6));
  // latency: per message
  for (let i = 0; i < messages.length; i++) {
    const s = process.hrtime.bigint();
    if (e.fn(messages[i]!)) sink++;
    const us = Number(process.hrtime.bigint() - s) / 1000;
    lat[i] = us;
    if (us < e.best[i]!) e.best[i] = us;
  }
  lat.sort();
  e.p50.push(percentile(lat, 0.5));
  e.p99.push(percentile(lat, 0.99));
}

interface Summary {
  msgsPerS: number;
  cpuMsgsPerS: number;
  p50: number;
  p99: number;
  bestP50: number;
  bestP99: number;
}

function summarize(e: Engine): Summary {
  const best = Float64Array.from(e.best).sort();
  const s: Summary = {
    msgsPerS: median(e.msgsPerS),
    cpuMsgsPerS: median(e.cpuMsgsPerS),
    p50: median(e.p50),
    p99: median(e.p99),
    bestP50: percentile(best, 0.5),
    bestP99: percentile(best, 0.99),
  };
  const n = (x: number): string => Math.round(x).toLocaleString("en");
  console.log(
    `${e.name.padEnd(10)} ${n(s.msgsPerS).padStart(8)} msgs/s (${n(s.cpuMsgsPerS)} per CPU-s)   ` +
      `p50 ${s.p50.toFixed(1)} µs   p99 ${s.p99.toFixed(1)} µs   ` +
      `fastest-of-rounds p50 ${s.bestP50.toFixed(1)} µs p99 ${s.bestP99.toFixed(1)} µs`,
  );
  return s;
}

const messages = buildMessages();

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
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

const safeclassFn = (t: string): boolean => moderateMessage(t).action !== "allow";
const obscenityFn = (t: string): boolean => matcher.hasMatch(t);

if (FIXED !== undefined) {
  // fixed amount of work for instruction counting; "none" measures start-up alone
  const n = Number(FIXED);
  const only = argValue("--only") ?? "safeclass";
  const fn = only === "obscenity" ? obscenityFn : only === "none" ? null : safeclassFn;
  // --warmup W: W messages first, so that the JIT has compiled the hot code; the difference
  // between `--fixed N --warmup W` and `--fixed 0 --warmup W` is the steady-state cost of N
  const warmup = Number(argValue("--warmup") ?? 0);
  const run = only === "obscenity" ? obscenityFn : safeclassFn;
  for (let i = 0; i < warmup; i++) if (run(messages[i % messages.length]!)) sink++;
  if (fn) for (let i = 0; i < n; i++) if (fn(messages[(warmup + i) % messages.length]!)) sink++;
  console.log(
    `fixed run: ${warmup} warm-up + ${fn ? n : 0} messages through ${only} (${sink} not allowed)`,
  );
} else {
  const [l1, l5] = os.loadavg();
  console.log(
    `${messages.length} messages, mean ${(messages.reduce((a, m) => a + m.length, 0) / messages.length).toFixed(0)} characters; ` +
      `machine: ${os.availableParallelism()} CPUs, load average ${l1!.toFixed(1)} (1 min) ${l5!.toFixed(1)} (5 min)`,
  );
  console.log(
    `model load ${loadMs.toFixed(1)} ms (import + load ${importAndLoadMs.toFixed(1)} ms)`,
  );
  console.log(
    `engine memory: heap +${((heapAfter - heapBefore) / 1048576).toFixed(1)} MB, rss +${((rssAfter - rssBefore) / 1048576).toFixed(1)} MB`,
  );
  const engines: Engine[] = [
    { name: "safeclass", fn: safeclassFn },
    { name: "obscenity", fn: obscenityFn },
  ].map((e) => ({
    ...e,
    msgsPerS: [],
    cpuMsgsPerS: [],
    p50: [],
    p99: [],
    best: new Float64Array(messages.length).fill(Number.POSITIVE_INFINITY),
  }));
  for (const e of engines) for (const m of messages) if (e.fn(m)) sink++; // warm-up
  const lat = new Float64Array(messages.length);
  for (let r = 0; r < ROUNDS; r++) for (const e of engines) runRound(e, messages, lat);
  console.log(`medians of ${ROUNDS} interleaved rounds:`);
  const engine = summarize(engines[0]!);
  const obscenity = summarize(engines[1]!);
  const [after1] = os.loadavg();
  console.log(`load average at the end ${after1!.toFixed(1)} (1 min)`);
  console.log(
    `RESULT msgs_per_s=${Math.round(engine.msgsPerS)} p99_us=${engine.p99.toFixed(1)} ` +
      `ratio_vs_obscenity=${(engine.msgsPerS / obscenity.msgsPerS).toFixed(2)} ` +
      `cpu_msgs_per_s=${Math.round(engine.cpuMsgsPerS)} ` +
      `cpu_ratio_vs_obscenity=${(engine.cpuMsgsPerS / obscenity.cpuMsgsPerS).toFixed(2)} ` +
      `fastest_p99_us=${engine.bestP99.toFixed(1)} load1=${l1!.toFixed(1)}`,
  );
}
