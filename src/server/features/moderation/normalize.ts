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
(function buildTables() {
  for (let c = 0; c < 0x10000; c++) {
    bareTable[c] = c;
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

function isLetterCode(code: number): boolean {
  return classTable[code] === Cls.Letter;
}

// Reused buffers: a message is at most a few thousand characters; larger ones grow them.
let cap = 0;
let aCode = new Uint16Array(0);
let aStart = new Int32Array(0);
let aEnd = new Int32Array(0);
let aCls = new Uint8Array(0);

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
    let j = i + 1;
    let cp = c0;
    if (c0 >= 0xd800 && c0 <= 0xdbff && j < n) {
      const c1 = input.charCodeAt(j);
      if (c1 >= 0xdc00 && c1 <= 0xdfff) {
        cp = (c0 - 0xd800) * 0x400 + (c1 - 0xdc00) + 0x10000;
        j++;
      }
    }
    if (isInvisible(cp)) {
      i = j;
      continue;
    }
    let marksEnd = j;
    while (marksEnd < n && isCombiningMark(input.charCodeAt(marksEnd))) marksEnd++;
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
    if (letters > 0 && leet > 0 && otherDigits === 0 && leet <= letters) {
      for (let k = i; k < j; k++) {
        const code = aCode[k]!;
        let to = 0;
        if (code === 52 || code === 64) to = 97;
        else if (code === 51) to = 101;
        else if (code === 48) to = 111;
        else if (code === 36) to = 115;
        else if (code === 33) {
          // "ch!ch", "b!tch": only between two letters, never a sentence's "!"
          if (k > i && k + 1 < j && aCls[k - 1] === Cls.Letter && aCls[k + 1] === Cls.Letter)
            to = 105;
        } else if (code === 49) {
          const prev = k > i ? bareTable[aCode[k - 1]!]! : 0;
          const next = k + 1 < j ? bareTable[aCode[k + 1]!]! : 0;
          const prevCons = prev !== 0 && !VOWELS.has(prev) && isLetterCode(prev);
          const nextCons = next !== 0 && !VOWELS.has(next) && isLetterCode(next);
          to = prevCons && nextCons ? 105 : prevCons && next === 0 ? 108 : next === 0 ? 105 : 108;
          if (prev === 0 && next !== 0 && !VOWELS.has(next)) to = 105;
        }
        if (to !== 0) {
          aCode[k] = to;
          aCls[k] = Cls.Letter;
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
  const code = oCode.length >= m ? oCode : (oCode = new Uint16Array(m * 2));
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
        if (
          o > 0 &&
          code[o - 1] === c &&
          aCls[k] === Cls.Letter &&
          o > tokenStart[tokenStart.length - 1]!
        ) {
          end[o - 1] = aEnd[k]!;
          if (run[o - 1]! < 65535) run[o - 1]!++;
        } else {
          code[o] = c;
          start[o] = aStart[k]!;
          end[o] = aEnd[k]!;
          run[o] = 1;
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
  const text = decode(code, o);
  const bare = decode(bCode, o);
  return {
    text,
    bare,
    start,
    end,
    run,
    tokenStart,
    tokenEnd,
    tokenJoined,
  };
}

let oCode = new Uint16Array(1024);
let cStart = new Int32Array(1024);
let cEnd = new Int32Array(1024);
let cRun = new Uint16Array(1024);
let bCode = new Uint16Array(1024);

function decode(codes: Uint16Array, n: number): string {
  if (n <= 4096)
    return String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  let s = "";
  for (let k = 0; k < n; k += 4096)
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
