/**
 * Quality measures and evasion transforms shared by the evaluation script, the training script
 * (threshold tuning on a held-out slice of train) and the tests.
 */
import { removeDiacritics } from "./train.ts";

export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export function countBinary(pred: readonly boolean[], gold: readonly boolean[]): BinaryCounts {
  const c = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < pred.length; i++) {
    if (pred[i] && gold[i]) c.tp++;
    else if (pred[i]) c.fp++;
    else if (gold[i]) c.fn++;
    else c.tn++;
  }
  return c;
}

function f1(tp: number, fp: number, fn: number): number {
  return tp === 0 ? (fp === 0 && fn === 0 ? 1 : 0) : (2 * tp) / (2 * tp + fp + fn);
}

/** Mean of the F1 of the toxic class and of the clean class. */
export function macroF1(pred: readonly boolean[], gold: readonly boolean[]): number {
  const c = countBinary(pred, gold);
  return (f1(c.tp, c.fp, c.fn) + f1(c.tn, c.fn, c.fp)) / 2;
}

/** F1 between two sets of character offsets given as ranges; 1 when both are empty. */
export function spanF1(
  pred: ReadonlyArray<readonly [number, number]>,
  gold: ReadonlyArray<readonly [number, number]>,
): number {
  const p = new Set<number>();
  const g = new Set<number>();
  for (const [s, e] of pred) for (let i = s; i < e; i++) p.add(i);
  for (const [s, e] of gold) for (let i = s; i < e; i++) g.add(i);
  if (p.size === 0 && g.size === 0) return 1;
  if (p.size === 0 || g.size === 0) return 0;
  let inter = 0;
  for (const i of p) if (g.has(i)) inter++;
  return (2 * inter) / (p.size + g.size);
}

export type Evasion = "diacritics" | "spaced" | "leet" | "repeated" | "lookalike";
export const EVASIONS: readonly Evasion[] = [
  "diacritics",
  "spaced",
  "leet",
  "repeated",
  "lookalike",
];

const LEET: Record<string, string> = { a: "4", e: "3", o: "0", i: "1", s: "$" };
const CYRILLIC: Record<string, string> = {
  a: "а",
  e: "е",
  o: "о",
  c: "с",
  p: "р",
  x: "х",
  y: "у",
  i: "і",
};
const VOWELS = "aeiouyăâêôơư";

function transformWord(word: string, evasion: Evasion): string {
  switch (evasion) {
    case "diacritics":
      return removeDiacritics(word);
    case "spaced":
      return [...word].join(" ");
    case "leet":
      return [...removeDiacritics(word)].map((ch) => LEET[ch.toLowerCase()] ?? ch).join("");
    case "repeated": {
      const chars = [...word];
      let at = -1;
      for (let i = chars.length - 1; i >= 0; i--) {
        const base = chars[i]!.normalize("NFD")[0]!.toLowerCase();
        if (VOWELS.includes(base)) {
          at = i;
          break;
        }
      }
      if (at < 0) at = chars.length - 1;
      const ch = chars[at]!;
      chars[at] = ch + ch + ch + ch;
      return chars.join("");
    }
    case "lookalike": {
      // decompose, so that "ế" becomes Cyrillic "е" + combining marks
      let out = "";
      for (const ch of word.normalize("NFD")) {
        const lower = ch.toLowerCase();
        const mapped = CYRILLIC[lower];
        out += mapped ? (ch === lower ? mapped : mapped.toUpperCase()) : ch;
      }
      return out;
    }
  }
}

/**
 * Apply an evasion the way a sender would: to the offending words (the gold spans) when they are
 * known, otherwise to every word. Removing diacritics applies to the whole message.
 */
export function applyEvasion(
  text: string,
  spans: ReadonlyArray<readonly [number, number]>,
  evasion: Evasion,
): string {
  if (evasion === "diacritics" || spans.length === 0) {
    return text.replace(/[^\s]+/g, (w) => transformWord(w, evasion));
  }
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let out = "";
  let pos = 0;
  for (const [s, e] of sorted) {
    if (s < pos) continue;
    out += text.slice(pos, s);
    out += text.slice(s, e).replace(/[^\s]+/g, (w) => transformWord(w, evasion));
    pos = e;
  }
  return out + text.slice(pos);
}
