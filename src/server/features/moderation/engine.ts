/**
 * The moderation engine: normalise → lexicon → classifier → span tagger → personal data and
 * links → decision. Synchronous and allocation-light, so that it can sit in the chat path.
 */
import { normalizeShared, type NormalizedText } from "./normalize.ts";
import {
  loadLexicon,
  matchLexicon,
  type CompiledLexicon,
  type LexiconContext,
  type LexiconHit,
} from "./lexicon.ts";
import {
  messageScore,
  scoreBucket,
  tokenHashes,
  tokenScore,
  type TokenHashes,
} from "./features.ts";
import { logit, readModelFile, sigmoid, type ModerationModel } from "./model.ts";
import { findPersonalData } from "./pii.ts";
import {
  defaultModerationPolicy,
  REASON_KEYS,
  REASON_PRIORITY,
  resolveThresholds,
  type ModerationAction,
  type ModerationPolicy,
} from "./policy.ts";

export interface ModerationFinding {
  /** "lexicon", "classifier", or the kind of personal data ("phone", "email", "link" ...) */
  kind: string;
  category: string;
  start: number;
  end: number;
  /** 1 (mild) .. 3 (severe) */
  severity: number;
}

export interface ModerationDecision {
  action: ModerationAction;
  toxic: boolean;
  score: number;
  categories: string[];
  /** UTF-16 offsets into the original text, end exclusive */
  spans: Array<[number, number]>;
  reasonKey: string | null;
  findings: ModerationFinding[];
}

/** Categories that make a message toxic. */
export const TOXIC_CATEGORIES: ReadonlySet<string> = new Set([
  "profanity",
  "sexual",
  "hate",
  "threat",
  "insult",
]);

/** Category order in decisions (most serious first). */
const CATEGORY_ORDER = [
  "threat",
  "hate",
  "sexual",
  "self_harm",
  "insult",
  "profanity",
  "scam",
  "personal_data",
  "link",
];

let model: ModerationModel | null = null;
let lexicon: CompiledLexicon | null = null;
let lastLoadMs = 0;

/** Load the committed model and the lexicon (done lazily on the first message otherwise). */
export function loadModerationModel(): { loadMs: number } {
  if (!model || !lexicon) {
    const t0 = performance.now();
    lexicon = loadLexicon();
    model = readModelFile();
    lastLoadMs = performance.now() - t0;
  }
  return { loadMs: lastLoadMs };
}

/** Use another model (training and evaluation scripts). */
export function setModerationModel(m: ModerationModel): void {
  model = m;
  lexicon ??= loadLexicon();
}

/** span-tagger probability per token of the current message; -1 until computed */
let tokenProb = new Float64Array(256);
let tokenHitIndex = new Int32Array(256);

/** calibrated score a message needs to be toxic when no lexicon entry supports it */
const NO_EVIDENCE_THRESHOLD = 0.65;
/**
 * calibrated score a message needs to be toxic when no lexicon entry supports it and a
 * clean-context phrase ("ngủ sớm", "lớn nhất", "môn vl", "Niger") explains its suspicious words
 */
const CLEAN_CONTEXT_THRESHOLD = 0.85;
const lexContext: LexiconContext = { cleanTokens: 0, animal: false, dropped: 0 };
/** calibrated score from which a soft (ambiguous) lexicon hit may count, if the tagger agrees */
const SOFT_MIN_SCORE = 0.4;
/** span-tagger probability a soft hit's word needs */
const SOFT_TAGGER_MIN = 0.85;

function severityScore(severity: number): number {
  return severity >= 3 ? 0.97 : severity === 2 ? 0.8 : 0.6;
}

/** Merge ranges that overlap or are separated only by spaces in the original text. */
function mergeSpans(text: string, spans: Array<[number, number]>): Array<[number, number]> {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [spans[0]!];
  for (let i = 1; i < spans.length; i++) {
    const cur = spans[i]!;
    const last = out[out.length - 1]!;
    let gapIsSpace = cur[0] <= last[1];
    if (!gapIsSpace && cur[0] - last[1] <= 4) {
      gapIsSpace = true;
      for (let k = last[1]; k < cur[0]; k++) if (text.charCodeAt(k) !== 32) gapIsSpace = false;
    }
    if (gapIsSpace) last[1] = Math.max(last[1], cur[1]);
    else out.push(cur);
  }
  return out;
}

/** Probability that token t belongs to an offending span (span tagger; computed once). */
function tagToken(
  m: ModerationModel,
  nt: NormalizedText,
  th: TokenHashes,
  hits: readonly LexiconHit[],
  bucket: number,
  t: number,
): number {
  const cached = tokenProb[t]!;
  if (cached >= 0) return cached;
  const hi = tokenHitIndex[t]!;
  const z = tokenScore(
    th,
    t,
    hi >= 0 ? hits[hi] : undefined,
    bucket,
    nt.tokenJoined[t]!,
    m.tagger.weights,
    m.tagger.bias,
  );
  return (tokenProb[t] = sigmoid(z));
}

function originalRange(nt: NormalizedText, s: number, e: number): [number, number] {
  return [nt.start[s]!, nt.end[e - 1]!];
}

/** Moderate one message with an explicit model and lexicon. */
export function moderateWith(
  m: ModerationModel,
  lex: CompiledLexicon,
  text: string,
  policy: ModerationPolicy,
): ModerationDecision {
  const nt = normalizeShared(text);
  const th = tokenHashes(nt);
  const hits = matchLexicon(nt, lex, th, lexContext);
  const z = messageScore(nt, th, hits, m.classifier.weights, m.classifier.bias);
  const pClf = sigmoid(z);
  // calibrated so that 0.5 is the tuned decision threshold
  let s = sigmoid(z - logit(m.toxicThreshold));

  const nTok = th.count;
  if (tokenProb.length < nTok) {
    tokenProb = new Float64Array(nTok * 2);
    tokenHitIndex = new Int32Array(nTok * 2);
  }
  tokenHitIndex.fill(-1, 0, nTok);
  tokenProb.fill(-1, 0, nTok);
  for (let h = 0; h < hits.length; h++) {
    const hit = hits[h]!;
    for (let t = hit.tokenFrom; t < hit.tokenTo; t++) tokenHitIndex[t] = h;
  }
  // The span tagger runs on the words of soft lexicon hits first, and on every word only
  // once the message is found toxic.
  const bucket = scoreBucket(pClf);

  const findings: ModerationFinding[] = [];
  const categories = new Set<string>();
  const contentSpans: Array<[number, number]> = [];
  const confirmed: LexiconHit[] = [];
  // Hard lexicon hits decide on their own. A soft hit (an ambiguous word: "chó", "deo", "vãi")
  // counts only when both the message classifier and the span tagger agree on it; without any
  // lexicon evidence the classifier has to be surer (ordinary school talk — literature, history,
  // biology, maths typed without diacritics — is far from the social-media text it learnt from).
  let evidence = false;
  for (const hit of hits) {
    let ok = !hit.soft;
    if (!ok && s >= SOFT_MIN_SCORE) {
      let maxP = 0;
      for (let t = hit.tokenFrom; t < hit.tokenTo; t++)
        maxP = Math.max(maxP, tagToken(m, nt, th, hits, bucket, t));
      ok = maxP >= Math.max(SOFT_TAGGER_MIN, m.spanThreshold);
    }
    if (!ok) continue;
    confirmed.push(hit);
    const cat = hit.entry.category;
    if (TOXIC_CATEGORIES.has(cat)) {
      evidence = true;
      s = Math.max(s, hit.soft ? 0.6 : severityScore(hit.entry.severity));
    }
  }
  const explained = lexContext.cleanTokens > 0 || lexContext.dropped > 0;
  const needed = explained ? CLEAN_CONTEXT_THRESHOLD : NO_EVIDENCE_THRESHOLD;
  if (!evidence && s < needed) s = Math.min(s, 0.49);
  const toxic = s >= 0.5;
  for (const hit of confirmed) {
    const cat = hit.entry.category;
    if (TOXIC_CATEGORIES.has(cat) && !toxic) continue;
    categories.add(cat);
    const [os, oe] = originalRange(nt, hit.start, hit.end);
    findings.push({
      kind: "lexicon",
      category: cat,
      start: os,
      end: oe,
      severity: hit.entry.severity,
    });
    contentSpans.push([os, oe]);
  }
  if (toxic) {
    let best = -1;
    let bestP = 0;
    let tagged = 0;
    for (let t = 0; t < nTok; t++) {
      const p = tagToken(m, nt, th, hits, bucket, t);
      if (p > bestP) {
        bestP = p;
        best = t;
      }
      if (p >= m.spanThreshold) {
        contentSpans.push(originalRange(nt, nt.tokenStart[t]!, nt.tokenEnd[t]!));
        tagged++;
      }
    }
    if (contentSpans.length === 0 && best >= 0)
      contentSpans.push(originalRange(nt, nt.tokenStart[best]!, nt.tokenEnd[best]!));
    void tagged;
  }
  let hasToxicCategory = false;
  for (const c of categories) if (TOXIC_CATEGORIES.has(c)) hasToxicCategory = true;
  if (toxic && !hasToxicCategory) categories.add("insult");
  if (toxic) {
    findings.push({
      kind: "classifier",
      category: hasToxicCategory ? [...categories][0]! : "insult",
      start: 0,
      end: text.length,
      severity: s >= 0.85 ? 3 : 2,
    });
  }

  for (const f of findPersonalData(text, policy.allowedDomains)) {
    categories.add(f.category);
    findings.push({ kind: f.kind, category: f.category, start: f.start, end: f.end, severity: 2 });
  }

  // ---- decision
  const thr = resolveThresholds(policy);
  let action: ModerationAction = "allow";
  if (s >= thr.block) action = "block";
  else if (s >= thr.hold) action = "hold";
  if (thr.strict && toxic && confirmed.some((h) => TOXIC_CATEGORIES.has(h.entry.category)))
    action = "block";
  // self-harm, scams, personal data and unknown links wait for the teacher whatever the score
  if (action === "allow") {
    for (const c of categories) if (!TOXIC_CATEGORIES.has(c)) action = "hold";
  }
  if (action !== "block" && thr.strict && categories.has("scam")) action = "block";

  const sortedCategories = CATEGORY_ORDER.filter((c) => categories.has(c));
  let reasonKey: string | null = null;
  if (action !== "allow") {
    const reason = REASON_PRIORITY.find((r) =>
      r === "offensive" ? toxic && !hasToxicCategory : categories.has(r),
    );
    reasonKey = reason ? REASON_KEYS[reason] : REASON_KEYS.offensive;
  }
  return {
    action,
    toxic,
    score: Math.round(s * 10000) / 10000,
    categories: sortedCategories,
    spans: mergeSpans(text, contentSpans),
    reasonKey,
    findings,
  };
}

/** Moderate one chat message under a school's policy (defaults: standard preset). */
export function moderateMessage(
  text: string,
  policy?: Partial<ModerationPolicy>,
): ModerationDecision {
  if (!model || !lexicon) loadModerationModel();
  const full: ModerationPolicy = policy
    ? { ...defaultModerationPolicy, ...policy }
    : defaultModerationPolicy;
  return moderateWith(model!, lexicon!, text, full);
}
