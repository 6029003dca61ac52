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

/**
 * The two token hashes (`TokenHashes.acc`, `TokenHashes.bare`) a normalised word gets, for
 * dictionaries that want to pre-filter tokens by hash (the lexicon).
 */
export function wordHashes(word: string, bare: string): { acc: number; bare: number } {
  return {
    acc: wordHash(word, 0, word.length, SEED_W_ACC),
    bare: wordHash(bare, 0, bare.length, SEED_W_BARE),
  };
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

/** number of scaled features seen by the last `charGramSum` calls */
let gramCount = 0;

/** `charGrams`, adding the weights of the slots to `sum` instead of storing them. */
function charGramSum(
  w: Float32Array,
  s: string,
  seed: number,
  minN: number,
  maxN: number,
  shift: number,
  sum: number,
): number {
  const n = s.length;
  let count = 0;
  for (let p = -1; p < n; p++) {
    let h = seed;
    const last = p + maxN - 1 < n ? p + maxN - 1 : n;
    for (let q = p; q <= last; q++) {
      const c = q < 0 || q === n ? 32 : s.charCodeAt(q);
      h = Math.imul(h ^ c, FNV);
      if (q - p + 1 >= minN) {
        sum += w[Math.imul(h, GOLDEN) >>> shift]!;
        count++;
      }
    }
  }
  gramCount += count;
  return sum;
}

/**
 * Raw classifier score (logit) of a message: the same features as `messageFeatures`, summed
 * straight into the weights in the same order (no feature buffer; used on the hot path).
 */
export function messageScore(
  nt: NormalizedText,
  th: TokenHashes,
  hits: readonly LexiconHit[],
  w: Float32Array,
  bias: number,
): number {
  const bits = CLASSIFIER_BITS;
  const shift = 32 - bits;
  gramCount = 0;
  // summed in the order of `messageFeatures`, so that the result is the same to the last bit
  let scaled = charGramSum(w, nt.bare, SEED_BARE, 3, 5, shift, 0);
  if (nt.text !== nt.bare) scaled = charGramSum(w, nt.text, SEED_ACC, 2, 3, shift, scaled);
  let count = gramCount;
  const n = th.count;
  const acc = th.acc;
  const bare = th.bare;
  for (let t = 0; t < n; t++) {
    scaled += w[slot(acc[t]!, bits)]!;
    scaled += w[slot(bare[t]!, bits)]!;
    count += 2;
    if (t > 0) {
      scaled += w[slot(mix(bare[t - 1]!, bare[t]! ^ SEED_BI), bits)]!;
      count++;
    }
  }
  let unit = 0;
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    const cat = catCode(h.entry.category);
    unit += w[slot(mix(cat, h.entry.severity * 2 + (h.soft ? 1 : 0)) ^ SEED_LEX, bits)]!;
    if (!h.soft) unit += w[slot(mix(SEED_LEX, 7), bits)]!;
  }
  return bias + (count > 0 ? scaled / Math.sqrt(count) : 0) + unit;
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

/**
 * Raw span-tagger score (logit) of token t: the features of `tokenFeatures`, summed straight into
 * the weights in the same order.
 */
export function tokenScore(
  th: TokenHashes,
  t: number,
  tokenHit: LexiconHit | undefined,
  messageBucket: number,
  joined: boolean,
  w: Float32Array,
  bias: number,
): number {
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
  let sum = w[slot(a0, bits)]!;
  sum += w[slot(b0, bits)]!;
  sum += w[slot(mix(bm1, 1), bits)]!;
  sum += w[slot(mix(bp1, 2), bits)]!;
  sum += w[slot(mix(bm2, 3), bits)]!;
  sum += w[slot(mix(bp2, 4), bits)]!;
  sum += w[slot(mix(mix(bm1, b0), 5), bits)]!;
  sum += w[slot(mix(mix(b0, bp1), 6), bits)]!;
  sum += w[slot(mix(mix(am1, a0), 7), bits)]!;
  sum += w[slot(mix(mix(a0, ap1), 8), bits)]!;
  sum += w[slot(mix(bucket, 9), bits)]!;
  sum += w[slot(mix(mix(bucket, b0), 10), bits)]!;
  sum += w[slot(mix(mix(bucket, a0), 11), bits)]!;
  if (tokenHit) {
    const cat = catCode(tokenHit.entry.category);
    sum += w[slot(mix(mix(cat, tokenHit.soft ? 1 : 2), 12), bits)]!;
    sum += w[slot(mix(mix(cat, bucket), tokenHit.soft ? 13 : 14), bits)]!;
  }
  if (joined) sum += w[slot(mix(0x9999, 15), bits)]!;
  return bias + 0 + sum;
}

/** Message score bucket used as a tagger feature (0..9). */
export function scoreBucket(p: number): number {
  const b = Math.floor(p * 10);
  return b < 0 ? 0 : b > 9 ? 9 : b;
}
