/**
 * Vietnamese syllables: an onset–rime grammar and a dictionary of syllable frequencies learnt
 * from the training text (data/syllables.txt, written by `npm run train:moderation`).
 *
 * Used by the normaliser for two evasions:
 *  - spaced-out letters lose their word boundaries once joined ("t h ằ n g c h ó" → "thằngchó"):
 *    `segmentSyllables` splits such a run back into the most probable sequence of syllables
 *    ("thằng chó"); a run that is not entirely made of Vietnamese syllables ("f u c k", "đ m",
 *    "n g u v l") is left as it is;
 *  - leetspeak usually drops the tone marks ("đ3o", "m4y"): `restoreDiacritics` gives the most
 *    frequent written form with diacritics of a diacritics-free syllable.
 */
import { readFileSync } from "node:fs";

/** onset + 1–3 vowels + coda, on the diacritics-free form (đ already folded to d) */
const SYLLABLE_RE =
  /^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$/;

const BARE_CACHE = new Map<string, string>();

/** Diacritics-free form of a lower-case Vietnamese string (đ → d). */
export function bareOf(s: string): string {
  let b = BARE_CACHE.get(s);
  if (b === undefined) {
    b = s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d");
    if (BARE_CACHE.size < 50_000) BARE_CACHE.set(s, b);
  }
  return b;
}

/** Whether a lower-case string is a well-formed Vietnamese syllable (tones not checked). */
export function isVietnameseSyllable(s: string): boolean {
  if (s.length === 0 || s.length > 7) return false;
  return SYLLABLE_RE.test(bareOf(s));
}

export interface SyllableDictionary {
  /** written form (lower case, NFC, as normalised) → log-probability */
  logp: Map<string, number>;
  /** log-probability of a well-formed syllable never seen in training */
  unseen: number;
  /** diacritics-free form → most frequent written form with diacritics */
  accented: Map<string, string>;
}

/** Count well-formed syllables in normalised token lists (training). */
export function countSyllables(tokens: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of tokens) if (isVietnameseSyllable(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}

/** Serialise counts (min count 2), most frequent first, ties in code-unit order. */
export function serializeSyllables(counts: Map<string, number>): string {
  const rows = [...counts].filter(([, c]) => c >= 2);
  rows.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return (
    "# Vietnamese syllables and their counts in the training text (written by train:moderation)\n" +
    rows.map(([s, c]) => `${s} ${c}`).join("\n") +
    "\n"
  );
}

export function parseSyllables(text: string): SyllableDictionary {
  const counts = new Map<string, number>();
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const sp = line.lastIndexOf(" ");
    const c = Number(line.slice(sp + 1));
    const s = line.slice(0, sp);
    if (!s || !(c > 0)) continue;
    counts.set(s, c);
    total += c;
  }
  const logp = new Map<string, number>();
  const accented = new Map<string, string>();
  const best = new Map<string, number>();
  for (const [s, c] of counts) {
    logp.set(s, Math.log(c / (total + 1)));
    const bare = bareOf(s);
    if (bare !== s && c > (best.get(bare) ?? 0)) {
      best.set(bare, c);
      accented.set(bare, s);
    }
  }
  return { logp, unseen: Math.log(0.5 / (total + 1)), accented };
}

let dictionary: SyllableDictionary | null = null;

/** The committed syllable dictionary (empty when the file has not been generated yet). */
export function syllableDictionary(): SyllableDictionary {
  if (!dictionary) {
    let text = "";
    try {
      text = readFileSync(new URL("./data/syllables.txt", import.meta.url), "utf8");
    } catch {
      text = "";
    }
    dictionary = parseSyllables(text);
  }
  return dictionary;
}

/** Replace the dictionary (tests and training). */
export function setSyllableDictionary(d: SyllableDictionary): void {
  dictionary = d;
  segCache.clear();
}

function syllableScore(d: SyllableDictionary, s: string): number {
  const lp = d.logp.get(s);
  if (lp !== undefined) return lp;
  if (!isVietnameseSyllable(s)) return Number.NEGATIVE_INFINITY;
  // a diacritics-free spelling of a known syllable
  const acc = d.accented.get(s);
  if (acc !== undefined) return d.logp.get(acc)! - 1;
  return d.unseen;
}

const segCache = new Map<string, number[] | null>();

/**
 * Split a run of joined letters into the most probable sequence of at least two syllables.
 * Returns the offsets inside `run` where a new syllable starts (not including 0), or null
 * when the run is one syllable or cannot be read entirely as Vietnamese syllables.
 */
export function segmentSyllables(run: string): number[] | null {
  if (run.length < 3 || run.length > 64) return null;
  let cached = segCache.get(run);
  if (cached !== undefined) return cached;
  const d = syllableDictionary();
  const n = run.length;
  const bestScore = new Float64Array(n + 1).fill(Number.NEGATIVE_INFINITY);
  const back = new Int32Array(n + 1).fill(-1);
  bestScore[0] = 0;
  for (let j = 1; j <= n; j++) {
    for (let i = Math.max(0, j - 7); i < j; i++) {
      if (bestScore[i] === Number.NEGATIVE_INFINITY) continue;
      const sc = bestScore[i]! + syllableScore(d, run.slice(i, j));
      if (sc > bestScore[j]!) {
        bestScore[j] = sc;
        back[j] = i;
      }
    }
  }
  cached = null;
  if (bestScore[n]! > Number.NEGATIVE_INFINITY) {
    const cuts: number[] = [];
    for (let j = back[n]!; j > 0; j = back[j]!) cuts.push(j);
    if (cuts.length > 0) cached = cuts.reverse();
  }
  if (segCache.size > 10_000) segCache.clear();
  segCache.set(run, cached);
  return cached;
}

/** A well-formed syllable seen in the training text (written as is or without diacritics). */
export function isKnownSyllable(s: string): boolean {
  const d = syllableDictionary();
  return isVietnameseSyllable(s) && (d.logp.has(s) || d.accented.has(s));
}

/** The most frequent written form with diacritics of a diacritics-free syllable, if any. */
export function restoreDiacritics(bare: string): string | undefined {
  return syllableDictionary().accented.get(bare);
}
