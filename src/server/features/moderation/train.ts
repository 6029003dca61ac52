/**
 * Training of the moderation model (used by scripts/train-moderation.ts and the reproducibility
 * test). Deterministic: a seeded PRNG orders the examples, no clock or Math.random is used.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { normalize } from "./normalize.ts";
import { loadLexicon, matchLexicon, type CompiledLexicon, type LexiconHit } from "./lexicon.ts";
import {
  CLASSIFIER_BITS,
  FeatureBuffer,
  messageFeatures,
  scoreBucket,
  TAGGER_BITS,
  tokenFeatures,
  tokenHashes,
} from "./features.ts";
import { encodeWeights, MODEL_FORMAT, sigmoid, type ModelJson } from "./model.ts";
import {
  countSyllables,
  parseSyllables,
  serializeSyllables,
  setSyllableDictionary,
} from "./syllables.ts";

export interface LabeledText {
  text: string;
  toxic: boolean;
  /** gold offending spans (ViHOS only) */
  spans?: Array<[number, number]>;
  source: "vihos" | "davidson" | "extra";
}

export interface TrainOptions {
  seed: number;
  epochs: number;
  tagEpochs: number;
  /** folds for the out-of-fold message scores fed to the tagger */
  folds: number;
  learningRate: number;
  l2: number;
  /** weight of the English examples relative to the Vietnamese ones */
  englishWeight: number;
  thresholds: { toxic: number; span: number };
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  seed: 20240613,
  epochs: 6,
  tagEpochs: 4,
  folds: 3,
  learningRate: 0.1,
  l2: 1e-5,
  englishWeight: 0.5,
  thresholds: { toxic: 0.5, span: 0.5 },
};

/** Where the datasets are: $MODERATION_DATA_DIR or ../shared/datasets/moderation from the repo. */
export function moderationDataDir(repoRoot: string): string {
  return process.env.MODERATION_DATA_DIR ?? path.resolve(repoRoot, "../shared/datasets/moderation");
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export function loadDataset(dir: string, split: "train" | "dev"): LabeledText[] {
  const vihos = readJsonl<{ text: string; toxic: boolean; spans: Array<[number, number]> }>(
    path.join(dir, `vihos-${split}.jsonl`),
  ).map((r): LabeledText => ({ text: r.text, toxic: r.toxic, spans: r.spans, source: "vihos" }));
  const davidson = readJsonl<{ text: string; toxic: boolean }>(
    path.join(dir, `davidson-en-${split}.jsonl`),
  ).map((r): LabeledText => ({ text: r.text, toxic: r.toxic, source: "davidson" }));
  return [...vihos, ...davidson];
}

/** The hand-written ordinary school chat in data/ (extra clean training examples). */
export function loadExtraClean(): LabeledText[] {
  return readFileSync(new URL("./data/clean-school-chat.txt", import.meta.url), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((text): LabeledText => ({ text, toxic: false, source: "extra" }));
}

export function datasetAvailable(dir: string): boolean {
  return existsSync(path.join(dir, "vihos-train.jsonl"));
}

/** mulberry32: small, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Remove Vietnamese diacritics code unit by code unit (keeps offsets). */
export function removeDiacritics(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const c = ch.charCodeAt(0);
    if (c < 0xc0) out += ch;
    else if (c === 0x111) out += "d";
    else if (c === 0x110) out += "D";
    else {
      const base = ch.normalize("NFD")[0]!;
      out += base.charCodeAt(0) < 128 ? base : ch;
    }
  }
  return out;
}

interface Prepared {
  slots: Int32Array;
  scaled: number;
  y: number;
  weight: number;
  vihos: boolean;
  /** tagger data (ViHOS only) */
  tokAcc?: Int32Array;
  tokBare?: Int32Array;
  tokJoined?: boolean[];
  tokHits?: Array<LexiconHit | undefined>;
  tokLabels?: Uint8Array;
}

function prepare(ex: LabeledText, lex: CompiledLexicon, buf: FeatureBuffer): Prepared {
  const nt = normalize(ex.text);
  const hits = matchLexicon(nt, lex);
  const th = tokenHashes(nt);
  messageFeatures(nt, th, hits, buf);
  const p: Prepared = {
    slots: buf.slots.slice(0, buf.count),
    scaled: buf.scaledCount,
    y: ex.toxic ? 1 : 0,
    weight: 1,
    vihos: ex.source !== "davidson",
  };
  if (ex.source !== "davidson") {
    const n = th.count;
    p.tokAcc = th.acc.slice(0, n);
    p.tokBare = th.bare.slice(0, n);
    p.tokJoined = nt.tokenJoined.slice();
    p.tokHits = new Array(n);
    for (const h of hits) for (let t = h.tokenFrom; t < h.tokenTo; t++) p.tokHits[t] = h;
    p.tokLabels = new Uint8Array(n);
    const spans = ex.spans ?? [];
    for (let t = 0; t < n; t++) {
      const os = nt.start[nt.tokenStart[t]!]!;
      const oe = nt.end[nt.tokenEnd[t]! - 1]!;
      for (const [gs, ge] of spans) if (os < ge && oe > gs) p.tokLabels[t] = 1;
    }
  }
  return p;
}

class Logistic {
  w: Float64Array;
  g2: Float64Array;
  bias = 0;
  biasG2 = 1e-8;
  constructor(
    bits: number,
    private lr: number,
    private l2: number,
  ) {
    this.w = new Float64Array(1 << bits);
    this.g2 = new Float64Array(1 << bits).fill(1e-8);
  }
  z(slots: Int32Array, count: number, scaled: number): number {
    let a = 0;
    for (let i = 0; i < scaled; i++) a += this.w[slots[i]!]!;
    let b = 0;
    for (let i = scaled; i < count; i++) b += this.w[slots[i]!]!;
    return this.bias + (scaled > 0 ? a / Math.sqrt(scaled) : 0) + b;
  }
  update(slots: Int32Array, count: number, scaled: number, y: number, weight: number): void {
    const p = sigmoid(this.z(slots, count, scaled));
    const g = (p - y) * weight;
    const sv = scaled > 0 ? 1 / Math.sqrt(scaled) : 0;
    for (let i = 0; i < count; i++) {
      const s = slots[i]!;
      const grad = g * (i < scaled ? sv : 1) + this.l2 * this.w[s]!;
      this.g2[s]! += grad * grad;
      this.w[s]! -= (this.lr * grad) / Math.sqrt(this.g2[s]!);
    }
    this.biasG2 += g * g;
    this.bias -= (this.lr * g) / Math.sqrt(this.biasG2);
  }
}

function trainClassifier(data: Prepared[], opts: TrainOptions, seed: number): Logistic {
  const model = new Logistic(CLASSIFIER_BITS, opts.learningRate, opts.l2);
  const rand = prng(seed);
  const order = data.map((_, i) => i);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (const i of shuffled(order, rand)) {
      const d = data[i]!;
      model.update(d.slots, d.slots.length, d.scaled, d.y, d.weight);
    }
  }
  return model;
}

function balanceWeights(data: Prepared[], opts: TrainOptions): void {
  for (const vihos of [true, false]) {
    const group = data.filter((d) => d.vihos === vihos);
    const pos = group.filter((d) => d.y === 1).length;
    const neg = group.length - pos;
    if (pos === 0 || neg === 0) continue;
    const scale = vihos ? 1 : opts.englishWeight;
    for (const d of group) d.weight = (scale * group.length) / (2 * (d.y === 1 ? pos : neg));
  }
}

/** Train the message classifier and the span tagger; returns the model file content. */
export function trainModel(
  examples: LabeledText[],
  options: Partial<TrainOptions> = {},
  lex: CompiledLexicon = loadLexicon(),
): ModelJson {
  const opts = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const buf = new FeatureBuffer(4096);
  // Vietnamese examples are also learnt without their diacritics, as many students type them.
  // A comment and its copy share a cross-validation fold.
  const expanded: LabeledText[] = [];
  const foldOfExpanded: number[] = [];
  const foldRand = prng(opts.seed ^ 0x5bd1e995);
  for (const ex of examples) {
    const fold = Math.floor(foldRand() * opts.folds);
    expanded.push(ex);
    foldOfExpanded.push(fold);
    if (ex.source !== "davidson") {
      const bare = removeDiacritics(ex.text);
      if (bare !== ex.text) {
        expanded.push({ ...ex, text: bare });
        foldOfExpanded.push(fold);
      }
    }
  }
  const data = expanded.map((ex) => prepare(ex, lex, buf));
  balanceWeights(data, opts);
  // hand-written school chat is scarce: count each line a little more
  for (let i = 0; i < data.length; i++) if (expanded[i]!.source === "extra") data[i]!.weight *= 4;

  const classifier = trainClassifier(data, opts, opts.seed);

  // Out-of-fold message scores for the tagger's context feature.
  const vihosIdx = data.map((d, i) => (d.vihos ? i : -1)).filter((i) => i >= 0);
  const foldOf = Int32Array.from(foldOfExpanded);
  const oof = new Float64Array(data.length);
  for (let f = 0; f < opts.folds; f++) {
    const train = data.filter((_, i) => foldOf[i] !== f);
    const m = trainClassifier(train, opts, opts.seed + 1 + f);
    for (const i of vihosIdx) {
      if (foldOf[i] !== f) continue;
      const d = data[i]!;
      oof[i] = sigmoid(m.z(d.slots, d.slots.length, d.scaled));
    }
  }

  const tagger = new Logistic(TAGGER_BITS, opts.learningRate, opts.l2);
  const tbuf = new FeatureBuffer(64);
  const rand = prng(opts.seed ^ 0x1b873593);
  let posTokens = 0;
  let allTokens = 0;
  for (const i of vihosIdx) {
    const labels = data[i]!.tokLabels!;
    allTokens += labels.length;
    for (const l of labels) posTokens += l;
  }
  const posWeight = posTokens > 0 ? Math.min(5, (allTokens - posTokens) / posTokens / 2) : 1;
  for (let epoch = 0; epoch < opts.tagEpochs; epoch++) {
    for (const i of shuffled(vihosIdx, rand)) {
      const d = data[i]!;
      const n = d.tokLabels!.length;
      const th = { acc: d.tokAcc!, bare: d.tokBare!, count: n };
      const bucket = scoreBucket(oof[i]!);
      for (let t = 0; t < n; t++) {
        tokenFeatures(th, t, d.tokHits![t], bucket, d.tokJoined![t]!, tbuf);
        const y = d.tokLabels![t]!;
        tagger.update(tbuf.slots, tbuf.count, 0, y, y === 1 ? posWeight : 1);
      }
    }
  }

  return {
    format: MODEL_FORMAT,
    seed: opts.seed,
    thresholds: { ...opts.thresholds },
    classifier: encodeWeights(classifier.w, classifier.bias, CLASSIFIER_BITS),
    tagger: encodeWeights(tagger.w, tagger.bias, TAGGER_BITS),
    meta: {
      examples: examples.length,
      augmented: expanded.length,
      epochs: opts.epochs,
      tagEpochs: opts.tagEpochs,
    },
  };
}

/**
 * The syllable dictionary (data/syllables.txt) learnt from the Vietnamese training text: every
 * well-formed syllable seen at least twice, with its count.
 */
export function buildSyllableDictionary(examples: readonly LabeledText[]): string {
  // counted without any previous dictionary, so that the result depends on the text only
  setSyllableDictionary(parseSyllables(""));
  const tokens: string[] = [];
  for (const ex of examples) {
    if (ex.source === "davidson") continue;
    const nt = normalize(ex.text);
    for (let t = 0; t < nt.tokenStart.length; t++) {
      if (nt.tokenJoined[t]) continue;
      tokens.push(nt.text.slice(nt.tokenStart[t], nt.tokenEnd[t]));
    }
  }
  return serializeSyllables(countSyllables(tokens));
}

/** Stable serialisation of a model file, and its SHA-256. */
export function serializeModel(model: ModelJson): string {
  return JSON.stringify(model) + "\n";
}

export function modelHash(model: ModelJson): string {
  return createHash("sha256").update(serializeModel(model)).digest("hex");
}
