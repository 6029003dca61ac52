/**
 * Evaluate the committed moderation model on the dev splits, on evasive spellings of the toxic
 * dev comments, and on the class-chat fixtures. Usage: npm run eval:moderation
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadModerationModel, moderateMessage } from "../src/server/features/moderation/index.ts";
import {
  applyEvasion,
  countBinary,
  EVASIONS,
  macroF1,
  spanF1,
} from "../src/server/features/moderation/evaluation.ts";
import {
  datasetAvailable,
  loadDataset,
  moderationDataDir,
} from "../src/server/features/moderation/train.ts";
import {
  readCleanChatFixture,
  readToxicChatFixture,
} from "../src/server/features/moderation/fixtures.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = moderationDataDir(repoRoot);
const pct = (x: number): string => (100 * x).toFixed(1) + "%";
const f3 = (x: number): string => x.toFixed(4);

const { loadMs } = loadModerationModel();
console.log(`model loaded in ${loadMs.toFixed(1)} ms`);

if (!datasetAvailable(dataDir)) {
  console.log(
    `dataset not found in ${dataDir} (set MODERATION_DATA_DIR); skipping dataset figures`,
  );
} else {
  const dev = loadDataset(dataDir, "dev");
  const vihos = dev.filter((d) => d.source === "vihos");
  const davidson = dev.filter((d) => d.source === "davidson");

  const t0 = performance.now();
  const vPred = vihos.map((d) => moderateMessage(d.text));
  const vMs = performance.now() - t0;
  const vToxic = vPred.map((p) => p.toxic);
  const vGold = vihos.map((d) => d.toxic);
  const c = countBinary(vToxic, vGold);
  let spanSum = 0;
  for (let i = 0; i < vihos.length; i++) spanSum += spanF1(vPred[i]!.spans, vihos[i]!.spans ?? []);
  console.log(
    `\nViHOS dev (${vihos.length} comments, ${((1000 * vMs) / vihos.length).toFixed(0)} µs each)`,
  );
  console.log(`  comment macro-F1   ${f3(macroF1(vToxic, vGold))}`);
  console.log(`  span F1            ${f3(spanSum / vihos.length)}`);
  console.log(
    `  toxic precision ${pct(c.tp / Math.max(1, c.tp + c.fp))}  recall ${pct(c.tp / Math.max(1, c.tp + c.fn))}  (tp ${c.tp} fp ${c.fp} fn ${c.fn} tn ${c.tn})`,
  );

  const dPred = davidson.map((d) => moderateMessage(d.text).toxic);
  const dGold = davidson.map((d) => d.toxic);
  const dc = countBinary(dPred, dGold);
  console.log(`\nDavidson English dev (${davidson.length} tweets)`);
  console.log(`  macro-F1           ${f3(macroF1(dPred, dGold))}`);
  console.log(
    `  toxic precision ${pct(dc.tp / Math.max(1, dc.tp + dc.fp))}  recall ${pct(dc.tp / Math.max(1, dc.tp + dc.fn))}`,
  );

  const toxicDev = vihos.filter((d) => d.toxic);
  const base = toxicDev.filter((d) => moderateMessage(d.text).toxic).length / toxicDev.length;
  console.log(`\nEvasion recall on the ${toxicDev.length} toxic ViHOS dev comments`);
  console.log(`  (evasion applied to the offending words; diacritics removed from the whole text)`);
  console.log(`  unmodified         ${pct(base)}`);
  for (const evasion of EVASIONS) {
    let hit = 0;
    for (const d of toxicDev)
      if (moderateMessage(applyEvasion(d.text, d.spans ?? [], evasion)).toxic) hit++;
    const r = hit / toxicDev.length;
    console.log(
      `  ${evasion.padEnd(18)} ${pct(r)}  (${r - base >= 0 ? "+" : ""}${(100 * (r - base)).toFixed(1)} points)`,
    );
  }
}

// Hand-written clean dev set (tuning only; never trained on), reported before the fixture.
const cleanDev = readFileSync(
  new URL("../src/server/features/moderation/data/clean-school-chat-dev.txt", import.meta.url),
  "utf8",
)
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));
const devHeld = cleanDev.filter((t) => moderateMessage(t).action !== "allow").length;
console.log(`\nClean dev set (${cleanDev.length}, data/clean-school-chat-dev.txt)`);
console.log(`  not allowed (hold or block)    ${pct(devHeld / cleanDev.length)} (${devHeld})`);

const clean = readCleanChatFixture();
const flagged = clean.filter((t) => moderateMessage(t).toxic);
const held = clean.filter((t) => moderateMessage(t).action !== "allow");
console.log(`\nClass chat, ordinary messages (${clean.length}, fixtures/class-chat-clean.txt)`);
console.log(
  `  false positives (toxic)        ${pct(flagged.length / clean.length)} (${flagged.length})`,
);
console.log(`  not allowed (hold or block)    ${pct(held.length / clean.length)} (${held.length})`);
for (const t of held.slice(0, 10))
  console.log(`    ${JSON.stringify(t)} → ${moderateMessage(t).action}`);

const toxicChat = readToxicChatFixture();
let agree = 0;
for (const ex of toxicChat) {
  const d = moderateMessage(ex.text);
  if (d.action !== "allow" && (ex.category === null || d.categories.includes(ex.category))) agree++;
}
console.log(
  `\nClass chat, harmful messages (${toxicChat.length}, fixtures/class-chat-toxic.jsonl)`,
);
console.log(`  caught with the expected category   ${pct(agree / toxicChat.length)}`);
