/**
 * The curated lexicon (data/lexicon.txt) and teencode dictionary (data/teencode.txt), compiled
 * into a trie over normalised word tokens and matched against a normalised message.
 */
import { readFileSync } from "node:fs";
import { normalize, type NormalizedText } from "./normalize.ts";
import { tokenHashes, wordHashes, type TokenHashes } from "./features.ts";

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
  /** an animal word, an insult only about a person (dropped in an animal / biology context) */
  animal: boolean;
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
  /** matched through the diacritics-free form of a word */
  viaBare: boolean;
}

/** What the clean-context lexicon found in a message (see data/clean-context.txt). */
export interface LexiconContext {
  /**
   * tokens covered by a clean phrase and typed without diacritics (so that they could be read
   * as something else: "ngu som", "lon nhat", "vl", "Niger")
   */
  cleanTokens: number;
  /** the message talks about animals as animals */
  animal: boolean;
  /** ambiguous hits dropped because of the clean context */
  dropped: number;
}

interface CleanNode {
  /** diacritics-free word → edge */
  next: Map<string, CleanEdge>;
}

interface CleanEdge {
  /** the word as written with diacritics (a token with diacritics must be one of these) */
  exact: Set<string>;
  node: CleanNode;
  /** a [phrase] ends here */
  phrase: boolean;
  /** an [animal] context phrase ends here */
  animal: boolean;
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
  /**
   * Bit set over the token hashes (features.ts) of every word a token could be matched through
   * (lexicon words, teencode abbreviations, diacritics-free forms): a token whose two hashes are
   * both absent cannot start or continue a match, so most words of a message are skipped
   * without building their candidate strings.
   */
  wordFilter: Uint32Array;
  /** clean-context phrases (data/clean-context.txt), by diacritics-free words */
  clean: CleanNode;
  /** the same kind of bit set over the diacritics-free words of the clean-context phrases */
  cleanFilter: Uint32Array;
  cleanMaxTokens: number;
}

const FILTER_BITS = 16;

function filterAdd(filter: Uint32Array, h: number): void {
  const b = Math.imul(h, 0x9e3779b1) >>> (32 - FILTER_BITS);
  filter[b >>> 5] = filter[b >>> 5]! | (1 << (b & 31));
}

function filterHas(filter: Uint32Array, h: number): boolean {
  const b = Math.imul(h, 0x9e3779b1) >>> (32 - FILTER_BITS);
  return (filter[b >>> 5]! & (1 << (b & 31))) !== 0;
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

function parseFlags(s: string | undefined): {
  ctx: boolean;
  soft: boolean;
  nobare: boolean;
  animal: boolean;
} {
  const flags = new Set((s ?? "").split(/\s+/).filter(Boolean));
  return {
    ctx: flags.has("ctx"),
    soft: flags.has("soft"),
    nobare: flags.has("nobare"),
    animal: flags.has("animal"),
  };
}

function stripComment(line: string): string {
  return line.trim();
}

/** Compile the clean-context phrases (data/clean-context.txt). */
function compileCleanContext(text: string): {
  clean: CleanNode;
  cleanFilter: Uint32Array;
  cleanMaxTokens: number;
} {
  const clean: CleanNode = { next: new Map() };
  const cleanFilter = new Uint32Array(1 << (FILTER_BITS - 5));
  let cleanMaxTokens = 1;
  let section: "phrase" | "animal" | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    if (line === "[phrase]" || line === "[animal]") {
      section = line === "[phrase]" ? "phrase" : "animal";
      continue;
    }
    if (!section) throw new Error(`clean-context entry before a section: ${line}`);
    const nt = normalize(line);
    let node = clean;
    let edge: CleanEdge | undefined;
    for (let t = 0; t < nt.tokenStart.length; t++) {
      const word = nt.text.slice(nt.tokenStart[t], nt.tokenEnd[t]);
      const bare = nt.bare.slice(nt.tokenStart[t], nt.tokenEnd[t]);
      filterAdd(cleanFilter, wordHashes(bare, bare).bare);
      edge = node.next.get(bare);
      if (!edge) {
        edge = { exact: new Set(), node: { next: new Map() }, phrase: false, animal: false };
        node.next.set(bare, edge);
      }
      edge.exact.add(word);
      node = edge.node;
    }
    if (!edge) continue;
    if (section === "phrase") edge.phrase = true;
    else edge.animal = true;
    cleanMaxTokens = Math.max(cleanMaxTokens, nt.tokenStart.length);
  }
  return { clean, cleanFilter, cleanMaxTokens };
}

/**
 * Compile lexicon, teencode and clean-context texts (exported for tests; `loadLexicon` reads the
 * data files).
 */
export function compileLexicon(
  lexiconText: string,
  teencodeText: string,
  cleanContextText = "",
): CompiledLexicon {
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
        animal: base.animal,
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
  const wordFilter = new Uint32Array(1 << (FILTER_BITS - 5));
  for (const w of [...vocabulary, ...aliases.keys(), ...bareIndex.keys()]) {
    const h = wordHashes(w, w);
    filterAdd(wordFilter, h.acc);
    filterAdd(wordFilter, h.bare);
  }
  return {
    root,
    bareIndex,
    aliases,
    spaceless,
    entries,
    maxTokens,
    wordFilter,
    ...compileCleanContext(cleanContextText),
  };
}

let loaded: CompiledLexicon | null = null;

/** The lexicon compiled from the data files, loaded once. */
export function loadLexicon(): CompiledLexicon {
  if (!loaded) {
    loaded = compileLexicon(
      readFileSync(new URL("lexicon.txt", DATA_DIR), "utf8"),
      readFileSync(new URL("teencode.txt", DATA_DIR), "utf8"),
      readFileSync(new URL("clean-context.txt", DATA_DIR), "utf8"),
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

const NO_CANDIDATES: Candidates = [];

function candidatesOf(
  nt: NormalizedText,
  lex: CompiledLexicon,
  th: TokenHashes,
  t: number,
): Candidates {
  if (!filterHas(lex.wordFilter, th.acc[t]!) && !filterHas(lex.wordFilter, th.bare[t]!))
    return NO_CANDIDATES;
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
  th: TokenHashes,
  cands: Array<Candidates | undefined>,
  node: TrieNode,
  from: number,
  tok: number,
  viaBare: boolean,
  best: Best,
): void {
  const nTok = cands.length;
  if (tok >= nTok || tok - from >= lex.maxTokens) return;
  const list = (cands[tok] ??= candidatesOf(nt, lex, th, tok));
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
    if (child.next.size > 0) walk(nt, lex, th, cands, child, from, tok + 1, via, best);
  }
}

/** A token that may take part in a clean-context phrase: typed as a plain word. */
function plainToken(nt: NormalizedText, t: number): boolean {
  if (nt.tokenJoined[t]) return false;
  for (let k = nt.tokenStart[t]!; k < nt.tokenEnd[t]!; k++) if (nt.run[k] !== 1) return false;
  return true;
}

let cleanCovered = new Uint8Array(256);

/**
 * Mark the tokens covered by clean-context phrases in `cleanCovered`; returns whether an animal
 * context phrase was found and how many tokens are covered.
 */
function matchCleanContext(
  nt: NormalizedText,
  lex: CompiledLexicon,
  th: TokenHashes,
  out: LexiconContext,
): void {
  const nTok = nt.tokenStart.length;
  if (cleanCovered.length < nTok) cleanCovered = new Uint8Array(nTok * 2);
  cleanCovered.fill(0, 0, nTok);
  out.cleanTokens = 0;
  out.animal = false;
  out.dropped = 0;
  for (let t = 0; t < nTok; t++) {
    if (!filterHas(lex.cleanFilter, th.bare[t]!)) continue;
    let node = lex.clean;
    let phraseEnd = -1;
    for (let k = t; k < nTok && k - t < lex.cleanMaxTokens; k++) {
      if (!filterHas(lex.cleanFilter, th.bare[k]!) || !plainToken(nt, k)) break;
      const s = nt.tokenStart[k]!;
      const e = nt.tokenEnd[k]!;
      const edge = node.next.get(nt.bare.slice(s, e));
      if (!edge) break;
      if (!bareEligible(nt, s, e) && !edge.exact.has(nt.text.slice(s, e))) break;
      if (edge.phrase) phraseEnd = k + 1;
      if (edge.animal) out.animal = true;
      node = edge.node;
    }
    for (let k = t; k < phraseEnd; k++) {
      if (cleanCovered[k]) continue;
      cleanCovered[k] = 1;
      if (bareEligible(nt, nt.tokenStart[k]!, nt.tokenEnd[k]!)) out.cleanTokens++;
    }
  }
}

const scratchContext: LexiconContext = { cleanTokens: 0, animal: false, dropped: 0 };

/**
 * Find lexicon entries in a normalised message; overlapping shorter matches are dropped, and so
 * are ambiguous matches that the clean context explains (data/clean-context.txt: "ngu som" is
 * "ngủ sớm", "con lợn là động vật"). `th`: the message's token hashes when the caller has them
 * already; `context` receives what the clean context found.
 */
export function matchLexicon(
  nt: NormalizedText,
  lex: CompiledLexicon,
  th: TokenHashes = tokenHashes(nt),
  context: LexiconContext = scratchContext,
): LexiconHit[] {
  const nTok = nt.tokenStart.length;
  matchCleanContext(nt, lex, th, context);
  if (nTok === 0) return [];
  const cands: Array<Candidates | undefined> = new Array(nTok);
  const hits: LexiconHit[] = [];
  const noDiacritics = hasNoDiacritics(nt);
  const best: Best = { entry: null, to: 0, viaBare: false };
  for (let t = 0; t < nTok; t++) {
    best.entry = null;
    walk(nt, lex, th, cands, lex.root, t, t, false, best);
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
        viaBare: best.viaBare,
      });
    }
    // spaced-out letters joined into one token: look for terms inside it
    if (nt.tokenJoined[t]) matchInsideJoined(nt, lex, t, hits);
  }
  const kept = dropOverlapped(hits);
  if (kept.length === 0) return kept;
  return dropExplained(kept, context);
}

/** Drop ambiguous hits explained by the clean context. */
function dropExplained(hits: LexiconHit[], context: LexiconContext): LexiconHit[] {
  const out: LexiconHit[] = [];
  for (const h of hits) {
    let explained = context.animal && h.soft && h.entry.animal;
    if (!explained && (h.soft || h.viaBare)) {
      for (let t = h.tokenFrom; t < h.tokenTo; t++) if (cleanCovered[t]) explained = true;
    }
    if (explained) context.dropped++;
    else out.push(h);
  }
  return out;
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
          viaBare: via,
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
