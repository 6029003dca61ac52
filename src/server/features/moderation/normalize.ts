/**
 * Text normalisation for moderation. Every character of the normalised text keeps the range of
 * original UTF-16 code units it came from, so that findings can be reported on the text as written.
 *
 * Pipeline (one pass per stage, no regular expressions on the hot path):
 *  A. code points → folded characters: invisible characters dropped, a base character and its
 *     combining marks composed (NFC), compatibility forms folded (NFKC: fullwidth, mathematical
 *     alphanumerics, ligatures), lower-cased, look-alike letters (Cyrillic, Greek, small capitals)
 *     folded to Latin;
 *  B. leetspeak inside words that are mostly letters (4→a, 3→e, 0→o, 1→i/l, @→a, $→s, !→i);
 *  C. single letters separated by spaces, dots, dashes or underscores joined ("đ é o" → "đéo"),
 *     whitespace collapsed, runs of the same character squeezed to one ("đéoooo" → "đéo").
 * The diacritics-free form (`bare`) has the same length as `text`, character for character.
 */

export interface NormalizedText {
  /** lower-cased, folded text with Vietnamese diacritics kept */
  text: string;
  /** `text` with diacritics removed (đ → d), same length */
  bare: string;
  /** original start offset (UTF-16) of each normalised code unit */
  start: Int32Array;
  /** original end offset (exclusive) of each normalised code unit */
  end: Int32Array;
  /** how many identical characters were squeezed into each normalised character */
  run: Uint16Array;
  /** word tokens: [start, end) indices into `text` */
  tokenStart: number[];
  tokenEnd: number[];
  /** true when the token came from joining separated single letters */
  tokenJoined: boolean[];
}

import {
  isKnownSyllable,
  isVietnameseSyllable,
  restoreDiacritics,
  segmentSyllables,
} from "./syllables.ts";

const enum Cls {
  Other = 0,
  Letter = 1,
  Digit = 2,
  Space = 3,
  Sep = 4, // . - _ : may separate spaced-out letters
  LeetSym = 5, // @ $
}

// Look-alike letters that NFKC does not fold (checked after lower-casing).
const LOOKALIKES: Record<string, string> = {
  // Cyrillic
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  г: "r",
  д: "d",
  и: "u",
  к: "k",
  л: "n",
  м: "m",
  н: "h",
  о: "o",
  п: "n",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  ь: "b",
  ѕ: "s",
  і: "i",
  ї: "i",
  ј: "j",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  һ: "h",
  ӏ: "l",
  ү: "y",
  // Greek
  α: "a",
  β: "b",
  γ: "y",
  δ: "d",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  μ: "u",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ω: "w",
  ς: "s",
  ϲ: "c",
  ϳ: "j",
  // Armenian
  ո: "n",
  ս: "u",
  օ: "o",
  հ: "h",
  // Latin small capitals and other variants
  ᴀ: "a",
  ʙ: "b",
  ᴄ: "c",
  ᴅ: "d",
  ᴇ: "e",
  ɢ: "g",
  ʜ: "h",
  ɪ: "i",
  ᴊ: "j",
  ᴋ: "k",
  ʟ: "l",
  ᴍ: "m",
  ɴ: "n",
  ᴏ: "o",
  ᴘ: "p",
  ʀ: "r",
  ꜱ: "s",
  ᴛ: "t",
  ᴜ: "u",
  ᴠ: "v",
  ᴡ: "w",
  ʏ: "y",
  ᴢ: "z",
  ı: "i",
  ɑ: "a",
  ɡ: "g",
  ɩ: "i",
  ȷ: "j",
};

function isInvisible(cp: number): boolean {
  return (
    cp === 0x00ad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    (cp >= 0x180b && cp <= 0x180e) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0x3164 ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0xe0000 && cp <= 0xe0fff)
  );
}

function isCombiningMark(c: number): boolean {
  return (
    (c >= 0x0300 && c <= 0x036f) ||
    (c >= 0x1ab0 && c <= 0x1aff) ||
    (c >= 0x1dc0 && c <= 0x1dff) ||
    (c >= 0x20d0 && c <= 0x20ff) ||
    (c >= 0xfe20 && c <= 0xfe2f)
  );
}

const foldCache = new Map<number, string>();
/** BMP code point → folded code unit (0 = not computed yet, 0xffff = see foldCache) */
const foldTable = new Uint16Array(0x10000);
const LETTER_RE = /\p{L}/u;

function foldText(s: string): string {
  const lowered = s.normalize("NFKC").toLowerCase();
  let out = "";
  for (const ch of lowered) out += LOOKALIKES[ch] ?? ch;
  return out.normalize("NFC");
}

function foldCodePoint(cp: number): string {
  let folded = foldCache.get(cp);
  if (folded === undefined) {
    if (cp >= 0x1f1e6 && cp <= 0x1f1ff) folded = String.fromCharCode(97 + cp - 0x1f1e6);
    else folded = foldText(String.fromCodePoint(cp));
    foldCache.set(cp, folded);
  }
  return folded;
}

const classTable = new Uint8Array(0x10000);
const bareTable = new Uint16Array(0x10000);
/** per BMP code unit: MARK = combining mark, INVISIBLE = dropped */
const markTable = new Uint8Array(0x10000);
const MARK = 1;
const INVISIBLE = 2;
(function buildTables() {
  for (let c = 0; c < 0x10000; c++) {
    bareTable[c] = c;
    markTable[c] = (isCombiningMark(c) ? MARK : 0) | (isInvisible(c) ? INVISIBLE : 0);
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (c >= 48 && c <= 57) classTable[c] = Cls.Digit;
    else if (c < 128) {
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) classTable[c] = Cls.Letter;
      else if (c === 32 || (c >= 9 && c <= 13)) classTable[c] = Cls.Space;
      else if (c === 46 || c === 45 || c === 95) classTable[c] = Cls.Sep;
      else if (c === 64 || c === 36 || c === 33) classTable[c] = Cls.LeetSym;
    } else if (LETTER_RE.test(ch)) {
      classTable[c] = Cls.Letter;
      if (c < 0x2000 || (c >= 0x1e00 && c <= 0x1eff)) {
        const base = ch.normalize("NFD").charCodeAt(0);
        if (base < 128) bareTable[c] = base;
      }
    } else if (/\s/.test(ch)) classTable[c] = Cls.Space;
  }
  bareTable[0x111] = 100; // đ → d
  bareTable[0x110] = 68;
})();

/** A class or grade name ("4a", "10a1", "12a3"): digits 1–4 first, a single letter. */
function isGradeName(i: number, j: number, letters: number): boolean {
  const c0 = aCode[i]!;
  return letters === 1 && c0 >= 49 && c0 <= 52 && aCls[j - 1] !== Cls.LeetSym;
}

function leetLetter(code: number): number {
  if (code === 52 || code === 64) return 97; // 4 @ → a
  if (code === 51) return 101; // 3 → e
  if (code === 48) return 111; // 0 → o
  if (code === 36) return 115; // $ → s
  return 0;
}

/**
 * Read the leetspeak token [i, j) of the stage-A arrays as letters (null when a leet character
 * stays unread). "1" is i or l, whichever gives a Vietnamese syllable ("th1" → thi, "t13n" →
 * tien, "vc1" → vcl, "1on" → lon); "!" is i only between two letters ("b!tch").
 */
function readLeet(i: number, j: number): string | null {
  let out = "";
  const ones: number[] = [];
  for (let k = i; k < j; k++) {
    const code = aCode[k]!;
    if (aCls[k] === Cls.Letter) {
      out += String.fromCharCode(code);
      continue;
    }
    let to = leetLetter(code);
    if (code === 33) {
      if (k > i && k + 1 < j && aCls[k - 1] === Cls.Letter && aCls[k + 1] === Cls.Letter) to = 105;
    } else if (code === 49) {
      ones.push(k - i);
      to = 105;
    }
    if (to === 0) {
      if (code === 33) return null;
      to = code;
    }
    out += String.fromCharCode(to);
  }
  if (ones.length === 0) return out;
  // try "i" everywhere, then "l" at each position, keeping the first reading that is a known
  // syllable, then the first that is at least well-formed
  for (const ok of [isKnownSyllable, isVietnameseSyllable]) {
    if (ok(stripDiacritics(squeeze(out)))) return out;
    for (const p of ones) {
      const alt = out.slice(0, p) + "l" + out.slice(p + 1);
      if (ok(stripDiacritics(squeeze(alt)))) return alt;
    }
  }
  // not Vietnamese: "l" at the end after a consonant ("vc1"), or before a vowel at the start
  let fallback = out;
  for (const p of ones) {
    const prev = p > 0 ? bareTable[out.charCodeAt(p - 1)]! : 0;
    const next = p + 1 < out.length ? bareTable[out.charCodeAt(p + 1)]! : 0;
    const prevCons = prev !== 0 && !VOWELS.has(prev);
    if ((prevCons && next === 0) || (prev === 0 && next !== 0 && VOWELS.has(next)))
      fallback = fallback.slice(0, p) + "l" + fallback.slice(p + 1);
  }
  return fallback;
}

function squeeze(s: string): string {
  let out = "";
  for (let k = 0; k < s.length; k++) if (k === 0 || s[k] !== s[k - 1]) out += s[k];
  return out;
}

/** Diacritics-free form of an already folded string (same length). */
export function stripDiacritics(folded: string): string {
  let out = "";
  for (let i = 0; i < folded.length; i++)
    out += String.fromCharCode(bareTable[folded.charCodeAt(i)]!);
  return out;
}

/** Full Unicode folding of a short string (used for dictionary entries, not on the hot path). */
export function foldString(s: string): string {
  return foldText(s.normalize("NFC"));
}

export function charClassOf(c: number): number {
  return classTable[c]!;
}

const VOWELS = new Set([97, 101, 105, 111, 117, 121]);

// Reused buffers: a message is at most a few thousand characters; larger ones grow them.
let cap = 0;
let aCode = new Uint16Array(0);
let aStart = new Int32Array(0);
let aEnd = new Int32Array(0);
let aCls = new Uint8Array(0);
/** 1 where stage B replaced a leetspeak character */
let aLeet = new Uint8Array(0);

function ensure(n: number): void {
  if (n <= cap) return;
  cap = Math.max(n, cap * 2, 256);
  const grow = <T extends Uint16Array | Int32Array | Uint8Array>(old: T, fresh: T): T => {
    fresh.set(old);
    return fresh;
  };
  aCode = grow(aCode, new Uint16Array(cap));
  aStart = grow(aStart, new Int32Array(cap));
  aEnd = grow(aEnd, new Int32Array(cap));
  aCls = grow(aCls, new Uint8Array(cap));
  aLeet = grow(aLeet, new Uint8Array(cap));
}

/** Normalise a message (see the module comment); the result owns its arrays. */
export function normalize(input: string): NormalizedText {
  const nt = normalizeShared(input);
  const n = nt.text.length;
  return { ...nt, start: nt.start.slice(0, n), end: nt.end.slice(0, n), run: nt.run.slice(0, n) };
}

/**
 * Like `normalize`, but the offset arrays are buffers reused by the next call (they may be longer
 * than the text): for the engine's hot path, which is done with the result before the next call.
 */
export function normalizeShared(input: string): NormalizedText {
  const n = input.length;
  ensure(n * 3 + 8);
  // ---- Stage A: fold code points
  let m = 0;
  for (let i = 0; i < n;) {
    const c0 = input.charCodeAt(i);
    if (c0 < 128) {
      // ASCII fast path (not followed by a combining mark)
      const next = i + 1 < n ? input.charCodeAt(i + 1) : 0;
      if ((markTable[next]! & MARK) === 0) {
        const lower = c0 >= 65 && c0 <= 90 ? c0 + 32 : c0;
        aCode[m] = lower;
        aStart[m] = i;
        aEnd[m] = i + 1;
        aCls[m] = classTable[lower]!;
        m++;
        i++;
        continue;
      }
    }
    let j = i + 1;
    let cp = c0;
    if (c0 >= 0xd800 && c0 <= 0xdbff && j < n) {
      const c1 = input.charCodeAt(j);
      if (c1 >= 0xdc00 && c1 <= 0xdfff) {
        cp = (c0 - 0xd800) * 0x400 + (c1 - 0xdc00) + 0x10000;
        j++;
      }
    }
    if (cp < 0x10000 ? (markTable[cp]! & INVISIBLE) !== 0 : isInvisible(cp)) {
      i = j;
      continue;
    }
    let marksEnd = j;
    while (marksEnd < n && (markTable[input.charCodeAt(marksEnd)]! & MARK) !== 0) marksEnd++;
    if (cp < 128 && marksEnd === j) {
      // ASCII fast path
      const lower = cp >= 65 && cp <= 90 ? cp + 32 : cp;
      aCode[m] = lower;
      aStart[m] = i;
      aEnd[m] = j;
      aCls[m] = classTable[lower]!;
      m++;
      i = j;
      continue;
    }
    if (marksEnd === j && cp < 0x10000) {
      let f = foldTable[cp]!;
      if (f === 0) {
        const str = foldCodePoint(cp);
        f = foldTable[cp] = str.length === 1 ? str.charCodeAt(0) : 0xffff;
      }
      if (f !== 0xffff) {
        aCode[m] = f;
        aStart[m] = i;
        aEnd[m] = j;
        aCls[m] = f >= 0xd800 && f <= 0xdfff ? Cls.Other : classTable[f]!;
        m++;
        i = j;
        continue;
      }
    }
    let folded: string;
    if (marksEnd === j) folded = foldCodePoint(cp);
    else {
      folded = (foldCodePoint(cp) + input.slice(j, marksEnd)).normalize("NFC");
      // A mark that did not compose stays as a separate code unit; drop it from matching.
      let kept = "";
      for (let k = 0; k < folded.length; k++)
        if (!isCombiningMark(folded.charCodeAt(k))) kept += folded[k];
      folded = kept;
    }
    ensure(m + folded.length + 1);
    for (let k = 0; k < folded.length; k++) {
      const code = folded.charCodeAt(k);
      aCode[m] = code;
      aStart[m] = i;
      aEnd[m] = marksEnd;
      aCls[m] = code >= 0xd800 && code <= 0xdfff ? Cls.Other : classTable[code]!;
      m++;
    }
    i = marksEnd;
  }

  aLeet.fill(0, 0, m);
  // ---- Stage B: leetspeak inside word-like tokens
  for (let i = 0; i < m;) {
    const cl = aCls[i]!;
    if (cl !== Cls.Letter && cl !== Cls.Digit && cl !== Cls.LeetSym) {
      i++;
      continue;
    }
    let j = i;
    let letters = 0;
    let leet = 0;
    let otherDigits = 0;
    while (j < m) {
      const c = aCls[j]!;
      if (c === Cls.Letter) letters++;
      else if (c === Cls.Digit) {
        const d = aCode[j]!;
        if (d === 48 || d === 49 || d === 51 || d === 52) leet++;
        else otherDigits++;
      } else if (c === Cls.LeetSym) {
        // "@user" is a mention, not leetspeak
        if (j === i && aCode[j] === 64) break;
        leet++;
      } else break;
      j++;
    }
    if (j === i) {
      i++;
      continue;
    }
    if (letters > 0 && leet > 0 && otherDigits === 0 && !isGradeName(i, j, letters)) {
      const read = readLeet(i, j);
      // more leet characters than letters ("d30", "t40", "$u4"): only when the reading is a
      // known Vietnamese syllable
      if (read !== null && (leet <= letters || isKnownSyllable(squeeze(read)))) {
        for (let k = i; k < j; k++) {
          const to = read.charCodeAt(k - i);
          if (to !== aCode[k]) {
            aCode[k] = to;
            aCls[k] = Cls.Letter;
            aLeet[k] = 1;
          }
        }
      }
    }
    for (let k = i; k < j; k++) if (aCls[k] === Cls.LeetSym) aCls[k] = Cls.Other;
    i = j;
  }

  // ---- Stage C: join spaced-out letters, collapse whitespace, squeeze repeats
  if (cStart.length < m) {
    cStart = new Int32Array(m * 2);
    cEnd = new Int32Array(m * 2);
    cRun = new Uint16Array(m * 2);
  }
  const start = cStart;
  const end = cEnd;
  const run = cRun;
  if (oCode.length < m) {
    oCode = new Uint16Array(m * 2);
    oLeet = new Uint8Array(m * 2);
  }
  const code = oCode;
  const leetOut = oLeet;
  const tokenStart: number[] = [];
  const tokenEnd: number[] = [];
  const tokenJoined: boolean[] = [];
  let o = 0;
  let lastTokenEnd = 0;
  let prevSingleLetterEnd = -1; // index in stage-A arrays just after the previous single letter
  let i = 0;
  while (i < m) {
    const cl = aCls[i]!;
    if (cl === Cls.Letter || cl === Cls.Digit) {
      let j = i;
      while (j < m && (aCls[j] === Cls.Letter || aCls[j] === Cls.Digit)) j++;
      const single = j - i === 1 && cl === Cls.Letter;
      let joined = false;
      if (single && prevSingleLetterEnd >= 0 && i - prevSingleLetterEnd <= 5) {
        joined = true;
        for (let k = prevSingleLetterEnd; k < i; k++) {
          const c = aCls[k]!;
          if (c !== Cls.Space && c !== Cls.Sep) {
            joined = false;
            break;
          }
        }
      }
      if (joined) {
        o = lastTokenEnd; // drop the separator already emitted
        tokenJoined[tokenJoined.length - 1] = true;
      } else {
        tokenStart.push(o);
        tokenJoined.push(false);
      }
      for (let k = i; k < j; k++) {
        const c = aCode[k]!;
        // letters typed one by one ("o c c h o") are not squeezed: the syllables may share them
        if (
          !joined &&
          o > 0 &&
          code[o - 1] === c &&
          aCls[k] === Cls.Letter &&
          o > tokenStart[tokenStart.length - 1]!
        ) {
          end[o - 1] = aEnd[k]!;
          if (run[o - 1]! < 65535) run[o - 1]!++;
          leetOut[o - 1] = leetOut[o - 1]! | aLeet[k]!;
        } else {
          code[o] = c;
          start[o] = aStart[k]!;
          end[o] = aEnd[k]!;
          run[o] = 1;
          leetOut[o] = aLeet[k]!;
          o++;
        }
      }
      lastTokenEnd = o;
      if (joined) tokenEnd[tokenEnd.length - 1] = o;
      else tokenEnd.push(o);
      prevSingleLetterEnd = single ? j : -1;
      i = j;
      continue;
    }
    if (cl === Cls.Space) {
      let j = i + 1;
      while (j < m && aCls[j] === Cls.Space) j++;
      code[o] = 32;
      start[o] = aStart[i]!;
      end[o] = aEnd[j - 1]!;
      run[o] = j - i;
      o++;
      i = j;
      continue;
    }
    if (cl !== Cls.Sep) prevSingleLetterEnd = -1;
    const c = aCode[i]!;
    if (o > 0 && code[o - 1] === c && cl === Cls.Sep) {
      end[o - 1] = aEnd[i]!;
      run[o - 1]!++;
    } else {
      code[o] = c;
      start[o] = aStart[i]!;
      end[o] = aEnd[i]!;
      run[o] = 1;
      o++;
    }
    i++;
  }
  if (bCode.length < o) bCode = new Uint16Array(o * 2);
  for (let k = 0; k < o; k++) bCode[k] = bareTable[code[k]!]!;

  // ---- Stage D: leetspeak drops tone marks ("đ3o", "m4y"): a diacritics-free syllable written
  // with leet characters gets its most frequent written form back; spaced-out letters joined
  // into one run are split into syllables again ("thằngchó" → "thằng chó").
  let cuts: number[] | null = null;
  for (let t = 0; t < tokenStart.length; t++) {
    const s = tokenStart[t]!;
    const e = tokenEnd[t]!;
    if (tokenJoined[t]) {
      if (e - s >= 3) {
        const seg = segmentSyllables(decode(code, e, s));
        if (seg) {
          cuts ??= [];
          for (const c of seg) cuts.push(t, s + c);
        }
      }
      continue;
    }
    let leet = false;
    for (let k = s; k < e; k++) if (leetOut[k]) leet = true;
    if (leet) restoreLeetToken(code, s, e);
  }
  if (cuts) {
    o = insertSyllableBreaks(cuts, o, tokenStart, tokenEnd, tokenJoined);
    for (let k = 0; k < o; k++) bCode[k] = bareTable[cCode[k]!]!;
  }
  const outCode = cuts ? cCode : code;
  const text = decode(outCode, o);
  const bare = decode(bCode, o);
  return {
    text,
    bare,
    start: cuts ? dStart : start,
    end: cuts ? dEnd : end,
    run: cuts ? dRun : run,
    tokenStart,
    tokenEnd,
    tokenJoined,
  };
}

/** Give a diacritics-free syllable written with leet characters its usual diacritics. */
function restoreLeetToken(code: Uint16Array, s: number, e: number): void {
  let bare = "";
  for (let k = s; k < e; k++) {
    const c = code[k]!;
    const b = bareTable[c]!;
    // already has vowel diacritics: leave it
    if (c !== b && c !== 0x111) return;
    bare += String.fromCharCode(b);
  }
  const acc = restoreDiacritics(bare);
  if (!acc || acc.length !== e - s) return;
  for (let k = s; k < e; k++) {
    const c = code[k]!;
    const a = acc.charCodeAt(k - s);
    // keep a written đ; a plain d may become đ
    if (c === 0x111 && a !== 0x111) return;
  }
  for (let k = s; k < e; k++) code[k] = acc.charCodeAt(k - s);
}

let cCode = new Uint16Array(1024);
let dStart = new Int32Array(1024);
let dEnd = new Int32Array(1024);
let dRun = new Uint16Array(1024);

/**
 * Copy the stage-C output into the D buffers with a space at each syllable break. `cuts` holds
 * pairs (token, normalised index where a syllable starts). The space covers the original
 * separator between the two letters. Returns the new length; token arrays are rewritten.
 */
function insertSyllableBreaks(
  cuts: number[],
  o: number,
  tokenStart: number[],
  tokenEnd: number[],
  tokenJoined: boolean[],
): number {
  const n = o + cuts.length / 2;
  if (cCode.length < n) {
    cCode = new Uint16Array(n * 2);
    dStart = new Int32Array(n * 2);
    dEnd = new Int32Array(n * 2);
    dRun = new Uint16Array(n * 2);
  }
  if (bCode.length < n) bCode = new Uint16Array(n * 2);
  const ts = tokenStart.slice();
  const te = tokenEnd.slice();
  const tj = tokenJoined.slice();
  tokenStart.length = 0;
  tokenEnd.length = 0;
  tokenJoined.length = 0;
  let w = 0;
  let c = 0;
  let prevTokenEnd = 0;
  for (let t = 0; t < ts.length; t++) {
    const s = ts[t]!;
    const e = te[t]!;
    for (let k = prevTokenEnd; k < s; k++) w = copyUnit(k, w);
    let from = w;
    for (let k = s; k < e; k++) {
      if (c < cuts.length && cuts[c] === t && cuts[c + 1] === k) {
        c += 2;
        tokenStart.push(from);
        tokenEnd.push(w);
        tokenJoined.push(true);
        cCode[w] = 32;
        dStart[w] = cEnd[k - 1]!;
        dEnd[w] = cStart[k]!;
        dRun[w] = 1;
        w++;
        from = w;
      }
      w = copyUnit(k, w);
    }
    tokenStart.push(from);
    tokenEnd.push(w);
    tokenJoined.push(tj[t]!);
    prevTokenEnd = e;
  }
  for (let k = prevTokenEnd; k < o; k++) w = copyUnit(k, w);
  return w;
}

function copyUnit(k: number, w: number): number {
  cCode[w] = oCode[k]!;
  dStart[w] = cStart[k]!;
  dEnd[w] = cEnd[k]!;
  dRun[w] = cRun[k]!;
  return w + 1;
}

let oCode = new Uint16Array(1024);
let oLeet = new Uint8Array(1024);
let cStart = new Int32Array(1024);
let cEnd = new Int32Array(1024);
let cRun = new Uint16Array(1024);
let bCode = new Uint16Array(1024);

function decode(codes: Uint16Array, n: number, from = 0): string {
  if (n - from <= 4096)
    return String.fromCharCode.apply(null, codes.subarray(from, n) as unknown as number[]);
  let s = "";
  for (let k = from; k < n; k += 4096)
    s += String.fromCharCode.apply(
      null,
      codes.subarray(k, Math.min(n, k + 4096)) as unknown as number[],
    );
  return s;
}

/** Map a [start, end) range of the normalised text back to original UTF-16 offsets. */
export function toOriginalRange(nt: NormalizedText, s: number, e: number): [number, number] {
  return [nt.start[s]!, nt.end[e - 1]!];
}
