/**
 * The curated lexicon (data/lexicon.txt) and teencode dictionary (data/teencode.txt), compiled
 * into a trie over normalised word tokens and matched against a normalised message.
 */
import { readFileSync } from "node:fs";
import { normalize, type NormalizedText } from "./normalize.ts";

export const LEXICON_CATEGORIES = [
  "profanity",
  "sexual",
  "hate",
  "threat",
  "self_harm",
  "insult",
  "scam",
] as const;
export type LexiconCategory = (typeof LEXICON_CATEGORIES)[number];

export interface LexiconEntry {
  term: string;
  category: LexiconCategory;
  severity: number;
  /** needs context when matched through its diacritics-free form */
  ctx: boolean;
  /** always needs context */
  soft: boolean;
  nobare: boolean;
  /** minimum repeat counts per token character, only for entries with double letters */
  runs: number[][] | null;
}

export interface LexiconHit {
  entry: LexiconEntry;
  /** normalised text range */
  start: number;
  end: number;
  /** first and last+1 token index */
  tokenFrom: number;
  tokenTo: number;
  /** needs the context to agree before it counts */
  soft: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry: LexiconEntry | null;
}

export interface CompiledLexicon {
  root: TrieNode;
  /** diacritics-free word → lexicon words with that form */
  bareIndex: Map<string, string[]>;
  /** teencode one-word aliases (m → mày) */
  aliases: Map<string, string>;
  /** space-free term → entry, for spaced-out letters joined into one token */
  spaceless: Map<string, LexiconEntry>;
  entries: LexiconEntry[];
  maxTokens: number;
}

const DATA_DIR = new URL("./data/", import.meta.url);

function newNode(): TrieNode {
  return { next: new Map(), entry: null };
}

function tokensOf(term: string): { words: string[]; runs: number[][]; doubled: boolean } {
  const nt = normalize(term);
  const words: string[] = [];
  const runs: number[][] = [];
  let doubled = false;
  for (let t = 0; t < nt.tokenStart.length; t++) {
    const s = nt.tokenStart[t]!;
    const e = nt.tokenEnd[t]!;
    words.push(nt.text.slice(s, e));
    const r: number[] = [];
    for (let k = s; k < e; k++) {
      r.push(nt.run[k]!);
      if (nt.run[k]! > 1) doubled = true;
    }
    runs.push(r);
  }
  return { words, runs, doubled };
}

function parseFlags(s: string | undefined): { ctx: boolean; soft: boolean; nobare: boolean } {
  const flags = new Set((s ?? "").split(/\s+/).filter(Boolean));
  return { ctx: flags.has("ctx"), soft: flags.has("soft"), nobare: flags.has("nobare") };
}

function stripComment(line: string): string {
  return line.trim();
}

/** Compile lexicon and teencode texts (exported for tests; `loadLexicon` reads the data files). */
export function compileLexicon(lexiconText: string, teencodeText: string): CompiledLexicon {
  const root = newNode();
  const entries: LexiconEntry[] = [];
  const byKey = new Map<string, LexiconEntry>();
  const aliases = new Map<string, string>();
  const spaceless = new Map<string, LexiconEntry>();
  const vocabulary = new Set<string>();
  let maxTokens = 1;

  const insert = (words: string[], entry: LexiconEntry): void => {
    let node = root;
    for (const w of words) {
      vocabulary.add(w);
      let child = node.next.get(w);
      if (!child) {
        child = newNode();
        node.next.set(w, child);
      }
      node = child;
    }
    if (!node.entry || node.entry.severity < entry.severity) node.entry = entry;
    maxTokens = Math.max(maxTokens, words.length);
    const key = words.join("");
    if (key.length >= 3 && !spaceless.has(key)) spaceless.set(key, entry);
  };

  let category: LexiconCategory | null = null;
  for (const raw of lexiconText.split("\n")) {
    const line = stripComment(raw);
    if (!line || line.startsWith("#")) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      const name = header[1] as LexiconCategory;
      if (!LEXICON_CATEGORIES.includes(name)) throw new Error(`unknown lexicon category ${name}`);
      category = name;
      continue;
    }
    if (!category) throw new Error(`lexicon entry before a category: ${line}`);
    const [term, sev, flagText] = line.split("|").map((p) => p.trim());
    const severity = Number(sev);
    if (!term || !(severity >= 1 && severity <= 3)) throw new Error(`bad lexicon line: ${line}`);
    const { words, runs, doubled } = tokensOf(term);
    const flags = parseFlags(flagText);
    const entry: LexiconEntry = {
      term,
      category,
      severity,
      ...flags,
      soft: flags.soft || severity === 1,
      runs: doubled ? runs : null,
    };
    entries.push(entry);
    byKey.set(words.join(" "), entry);
    insert(words, entry);
  }

  for (const raw of teencodeText.split("\n")) {
    const line = stripComment(raw);
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) throw new Error(`bad teencode line: ${line}`);
    const abbreviation = line.slice(0, eq).trim();
    const [expansion = "", flagText] = line
      .slice(eq + 1)
      .split("|")
      .map((p) => p.trim());
    const { words, runs, doubled } = tokensOf(abbreviation);
    const target = tokensOf(expansion).words;
    const base = byKey.get(target.join(" "));
    const flags = parseFlags(flagText);
    if (base) {
      const entry: LexiconEntry = {
        term: abbreviation,
        category: base.category,
        severity: base.severity,
        ctx: false,
        // an ambiguous abbreviation needs context however it is written
        soft: flags.ctx || flags.soft || base.soft,
        nobare: flags.nobare,
        runs: doubled ? runs : null,
      };
      entries.push(entry);
      insert(words, entry);
    } else if (words.length === 1 && target.length === 1) {
      aliases.set(words[0]!, target[0]!);
    } else {
      throw new Error(`teencode expansion is not in the lexicon: ${line}`);
    }
  }

  const bareIndex = new Map<string, string[]>();
  for (const w of vocabulary) {
    const bare = normalize(w).bare;
    if (bare === w) continue;
    const list = bareIndex.get(bare) ?? [];
    list.push(w);
    bareIndex.set(bare, list);
  }
  return { root, bareIndex, aliases, spaceless, entries, maxTokens };
}

let loaded: CompiledLexicon | null = null;

/** The lexicon compiled from the data files, loaded once. */
export function loadLexicon(): CompiledLexicon {
  if (!loaded) {
    loaded = compileLexicon(
      readFileSync(new URL("lexicon.txt", DATA_DIR), "utf8"),
      readFileSync(new URL("teencode.txt", DATA_DIR), "utf8"),
    );
  }
  return loaded;
}

/** A token has no vowel diacritics, so it may stand for a word written without them. */
function bareEligible(nt: NormalizedText, s: number, e: number): boolean {
  for (let k = s; k < e; k++) {
    const c = nt.text.charCodeAt(k);
    if (c !== nt.bare.charCodeAt(k) && c !== 0x111) return false;
  }
  return true;
}

/** The message is written without any vowel diacritics (so "ngu" may be "ngũ"). */
export function hasNoDiacritics(nt: NormalizedText): boolean {
  return bareEligible(nt, 0, nt.text.length);
}

function runsOk(nt: NormalizedText, tokenStart: number, need: number[] | undefined): boolean {
  if (!need) return true;
  for (let k = 0; k < need.length; k++) if ((nt.run[tokenStart + k] ?? 1) < need[k]!) return false;
  return true;
}

// Candidate words per token: [word, viaBare (0/1), word, viaBare, ...]
type Candidates = Array<string | number>;

function candidatesOf(nt: NormalizedText, lex: CompiledLexicon, t: number): Candidates {
  const s = nt.tokenStart[t]!;
  const e = nt.tokenEnd[t]!;
  const word = nt.text.slice(s, e);
  const list: Candidates = [word, 0];
  const alias = lex.aliases.get(word);
  if (alias) list.push(alias, 0);
  if (bareEligible(nt, s, e)) {
    const bare = nt.bare.slice(s, e);
    if (bare !== word) {
      list.push(bare, 0);
      const alias2 = lex.aliases.get(bare);
      if (alias2) list.push(alias2, 0);
    }
    const accented = lex.bareIndex.get(bare);
    if (accented) for (const w of accented) if (w !== word) list.push(w, 1);
  }
  return list;
}

interface Best {
  entry: LexiconEntry | null;
  to: number;
  viaBare: boolean;
}

function walk(
  nt: NormalizedText,
  lex: CompiledLexicon,
  cands: Array<Candidates | undefined>,
  node: TrieNode,
  from: number,
  tok: number,
  viaBare: boolean,
  best: Best,
): void {
  const nTok = cands.length;
  if (tok >= nTok || tok - from >= lex.maxTokens) return;
  const list = (cands[tok] ??= candidatesOf(nt, lex, tok));
  for (let c = 0; c < list.length; c += 2) {
    const child = node.next.get(list[c] as string);
    if (!child) continue;
    const via = viaBare || list[c + 1] === 1;
    const entry = child.entry;
    if (entry && !(via && entry.nobare)) {
      if (
        runsOk(nt, nt.tokenStart[tok]!, entry.runs?.[tok - from]) &&
        (!best.entry || tok + 1 > best.to || (tok + 1 === best.to && !via && best.viaBare))
      ) {
        best.entry = entry;
        best.to = tok + 1;
        best.viaBare = via;
      }
    }
    if (child.next.size > 0) walk(nt, lex, cands, child, from, tok + 1, via, best);
  }
}

/** Find lexicon entries in a normalised message; overlapping shorter matches are dropped. */
export function matchLexicon(nt: NormalizedText, lex: CompiledLexicon): LexiconHit[] {
  const nTok = nt.tokenStart.length;
  if (nTok === 0) return [];
  const cands: Array<Candidates | undefined> = new Array(nTok);
  const hits: LexiconHit[] = [];
  const noDiacritics = hasNoDiacritics(nt);
  const best: Best = { entry: null, to: 0, viaBare: false };
  for (let t = 0; t < nTok; t++) {
    best.entry = null;
    walk(nt, lex, cands, lex.root, t, t, false, best);
    const entry = best.entry as LexiconEntry | null;
    if (entry) {
      const to = best.to;
      // A single word read without its diacritics is ambiguous unless the entry says otherwise;
      // a ctx entry written bare ("ngu") is ambiguous in a message typed without diacritics.
      const soft =
        entry.soft ||
        (best.viaBare && (entry.ctx || to - t === 1)) ||
        (entry.ctx && noDiacritics && to - t === 1);
      hits.push({
        entry,
        start: nt.tokenStart[t]!,
        end: nt.tokenEnd[to - 1]!,
        tokenFrom: t,
        tokenTo: to,
        soft,
      });
    }
    // spaced-out letters joined into one token: look for terms inside it
    if (nt.tokenJoined[t]) matchInsideJoined(nt, lex, t, hits);
  }
  return dropOverlapped(hits);
}

function matchInsideJoined(
  nt: NormalizedText,
  lex: CompiledLexicon,
  t: number,
  hits: LexiconHit[],
): void {
  const s = nt.tokenStart[t]!;
  const e = nt.tokenEnd[t]!;
  const eligible = bareEligible(nt, s, e);
  for (let i = s; i < e; i++) {
    for (let j = Math.min(e, i + 16); j >= i + 2; j--) {
      if (i === s && j === e) continue;
      const word = nt.text.slice(i, j);
      let entry = lex.spaceless.get(word);
      let via = false;
      if (!entry && eligible) {
        const bare = nt.bare.slice(i, j);
        entry = lex.spaceless.get(bare);
        const acc = lex.bareIndex.get(bare)?.[0];
        if (!entry && acc) {
          entry = lex.spaceless.get(acc);
          via = true;
        }
      }
      if (entry && !entry.runs) {
        hits.push({
          entry,
          start: i,
          end: j,
          tokenFrom: t,
          tokenTo: t + 1,
          soft: entry.soft || (via && entry.ctx) || j - i < 3,
        });
        i = j - 1;
        break;
      }
    }
  }
}

function dropOverlapped(hits: LexiconHit[]): LexiconHit[] {
  if (hits.length < 2) return hits;
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: LexiconHit[] = [];
  for (const h of hits) {
    const last = out[out.length - 1];
    if (last && h.start < last.end) {
      // keep the longer (already first) unless the later one is hard and the kept one soft
      if (last.soft && !h.soft && h.end - h.start >= last.end - last.start) out[out.length - 1] = h;
      continue;
    }
    out.push(h);
  }
  return out;
}
