/**
 * Hashed features shared by training and inference (they must stay identical, so both import
 * this file). Message features: character 3–5-grams of the diacritics-free text, 2–3-grams of the
 * text with diacritics, word unigrams and bigrams, and the lexicon hits. Token features (span
 * tagger): the word and its neighbours, bigrams, lexicon hits and the message score.
 */
import type { NormalizedText } from "./normalize.ts";
import type { LexiconHit } from "./lexicon.ts";

export const CLASSIFIER_BITS = 16;
export const TAGGER_BITS = 15;

const FNV = 0x01000193;
const GOLDEN = 0x9e3779b1 | 0;

function slot(h: number, bits: number): number {
  return Math.imul(h, GOLDEN) >>> (32 - bits);
}

function mix(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x85ebca6b), FNV);
}

/** Reusable output buffer of feature slots. */
export class FeatureBuffer {
  slots: Int32Array;
  /** features [0, scaledCount) have value 1/sqrt(scaledCount); the rest have value 1 */
  scaledCount = 0;
  count = 0;
  constructor(capacity = 4096) {
    this.slots = new Int32Array(capacity);
  }
  push(s: number): void {
    if (this.count === this.slots.length) {
      const bigger = new Int32Array(this.slots.length * 2);
      bigger.set(this.slots);
      this.slots = bigger;
    }
    this.slots[this.count++] = s;
  }
}

function charGrams(
  out: FeatureBuffer,
  s: string,
  seed: number,
  minN: number,
  maxN: number,
  bits: number,
): void {
  const n = s.length;
  // the text is padded with one space on each side
  for (let p = -1; p < n; p++) {
    let h = seed;
    for (let k = 0; k < maxN; k++) {
      const q = p + k;
      if (q > n) break;
      const c = q < 0 || q === n ? 32 : s.charCodeAt(q);
      h = Math.imul(h ^ c, FNV);
      if (k + 1 >= minN) out.push(slot(h, bits));
    }
  }
}

/** Hash of a token (a range of `s`). */
function wordHash(s: string, from: number, to: number, seed: number): number {
  let h = seed;
  for (let k = from; k < to; k++) h = Math.imul(h ^ s.charCodeAt(k), FNV);
  return h;
}

const SEED_BARE = 0x1234567;
const SEED_ACC = 0x7654321;
const SEED_W_ACC = 0x2468ace;
const SEED_W_BARE = 0x13579bd;
const SEED_BI = 0x5a5a5a5;
const SEED_LEX = 0x3c3c3c3;

function categoryCode(cat: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < cat.length; i++) h = Math.imul(h ^ cat.charCodeAt(i), FNV);
  return h;
}
const catCodes = new Map<string, number>();
function catCode(cat: string): number {
  let c = catCodes.get(cat);
  if (c === undefined) catCodes.set(cat, (c = categoryCode(cat)));
  return c;
}

/** Per-token hashes, computed once per message and shared by the classifier and the tagger. */
export interface TokenHashes {
  acc: Int32Array;
  bare: Int32Array;
  count: number;
}

let thAcc = new Int32Array(256);
let thBare = new Int32Array(256);

export function tokenHashes(nt: NormalizedText): TokenHashes {
  const n = nt.tokenStart.length;
  if (thAcc.length < n) {
    thAcc = new Int32Array(n * 2);
    thBare = new Int32Array(n * 2);
  }
  for (let t = 0; t < n; t++) {
    const s = nt.tokenStart[t]!;
    const e = nt.tokenEnd[t]!;
    thAcc[t] = wordHash(nt.text, s, e, SEED_W_ACC);
    thBare[t] = wordHash(nt.bare, s, e, SEED_W_BARE);
  }
  return { acc: thAcc, bare: thBare, count: n };
}

/** Message-level features into `out` (cleared first). */
export function messageFeatures(
  nt: NormalizedText,
  th: TokenHashes,
  hits: readonly LexiconHit[],
  out: FeatureBuffer,
): void {
  out.count = 0;
  const bits = CLASSIFIER_BITS;
  charGrams(out, nt.bare, SEED_BARE, 3, 5, bits);
  if (nt.text !== nt.bare) charGrams(out, nt.text, SEED_ACC, 2, 3, bits);
  const n = th.count;
  for (let t = 0; t < n; t++) {
    out.push(slot(th.acc[t]!, bits));
    out.push(slot(th.bare[t]!, bits));
    if (t > 0) out.push(slot(mix(th.bare[t - 1]!, th.bare[t]! ^ SEED_BI), bits));
  }
  out.scaledCount = out.count;
  for (const h of hits) {
    const cat = catCode(h.entry.category);
    out.push(slot(mix(cat, h.entry.severity * 2 + (h.soft ? 1 : 0)) ^ SEED_LEX, bits));
    if (!h.soft) out.push(slot(mix(SEED_LEX, 7), bits));
  }
}

/** Token-level features for the span tagger into `out` (cleared first). */
export function tokenFeatures(
  th: TokenHashes,
  t: number,
  tokenHit: LexiconHit | undefined,
  messageBucket: number,
  joined: boolean,
  out: FeatureBuffer,
): void {
  out.count = 0;
  const bits = TAGGER_BITS;
  const n = th.count;
  const b0 = th.bare[t]!;
  const bm1 = t > 0 ? th.bare[t - 1]! : 0x1111;
  const bp1 = t + 1 < n ? th.bare[t + 1]! : 0x2222;
  const bm2 = t > 1 ? th.bare[t - 2]! : 0x3333;
  const bp2 = t + 2 < n ? th.bare[t + 2]! : 0x4444;
  const a0 = th.acc[t]!;
  const am1 = t > 0 ? th.acc[t - 1]! : 0x5555;
  const ap1 = t + 1 < n ? th.acc[t + 1]! : 0x6666;
  const bucket = 0x7000 + messageBucket;
  out.push(slot(a0, bits));
  out.push(slot(b0, bits));
  out.push(slot(mix(bm1, 1), bits));
  out.push(slot(mix(bp1, 2), bits));
  out.push(slot(mix(bm2, 3), bits));
  out.push(slot(mix(bp2, 4), bits));
  out.push(slot(mix(mix(bm1, b0), 5), bits));
  out.push(slot(mix(mix(b0, bp1), 6), bits));
  out.push(slot(mix(mix(am1, a0), 7), bits));
  out.push(slot(mix(mix(a0, ap1), 8), bits));
  out.push(slot(mix(bucket, 9), bits));
  out.push(slot(mix(mix(bucket, b0), 10), bits));
  out.push(slot(mix(mix(bucket, a0), 11), bits));
  if (tokenHit) {
    const cat = catCode(tokenHit.entry.category);
    out.push(slot(mix(mix(cat, tokenHit.soft ? 1 : 2), 12), bits));
    out.push(slot(mix(mix(cat, bucket), tokenHit.soft ? 13 : 14), bits));
  }
  if (joined) out.push(slot(mix(0x9999, 15), bits));
  out.scaledCount = 0;
}

/** Message score bucket used as a tagger feature (0..9). */
export function scoreBucket(p: number): number {
  const b = Math.floor(p * 10);
  return b < 0 ? 0 : b > 9 ? 9 : b;
}
