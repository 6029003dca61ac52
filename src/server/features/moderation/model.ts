/**
 * The trained model: a logistic regression over hashed message features (is the message toxic?)
 * and one over hashed token features (is this word part of the offending span?). Weights are
 * stored as base64 int16 with one scale per weight vector, in model/moderation-model.json.
 */
import { readFileSync } from "node:fs";
import { CLASSIFIER_BITS, TAGGER_BITS, type FeatureBuffer } from "./features.ts";

export const MODEL_FORMAT = "safeclass-moderation/1";
export const MODEL_URL = new URL("./model/moderation-model.json", import.meta.url);

export interface WeightsJson {
  bits: number;
  bias: number;
  scale: number;
  /** base64 of little-endian int16 weights, weight = int16 * scale */
  weights: string;
}

export interface ModelJson {
  format: string;
  seed: number;
  /** decision thresholds as probabilities of the raw models */
  thresholds: { toxic: number; span: number };
  classifier: WeightsJson;
  tagger: WeightsJson;
  meta: Record<string, string | number>;
}

export interface LinearModel {
  weights: Float32Array;
  bias: number;
}

export interface ModerationModel {
  classifier: LinearModel;
  tagger: LinearModel;
  toxicThreshold: number;
  spanThreshold: number;
}

/** Quantise weights to int16 (symmetric, one scale). */
export function encodeWeights(weights: Float64Array, bias: number, bits: number): WeightsJson {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i]!));
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round(weights[i]! / scale);
  const bytes = Buffer.from(q.buffer, q.byteOffset, q.byteLength);
  return { bits, bias, scale, weights: bytes.toString("base64") };
}

function decodeWeights(w: WeightsJson, expectedBits: number): LinearModel {
  if (w.bits !== expectedBits)
    throw new Error(`model has ${w.bits} hash bits, expected ${expectedBits}`);
  const bytes = Buffer.from(w.weights, "base64");
  const q = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
  const weights = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) weights[i] = q[i]! * w.scale;
  return { weights, bias: w.bias };
}

export function modelFromJson(json: ModelJson): ModerationModel {
  if (json.format !== MODEL_FORMAT) throw new Error(`unknown model format ${json.format}`);
  return {
    classifier: decodeWeights(json.classifier, CLASSIFIER_BITS),
    tagger: decodeWeights(json.tagger, TAGGER_BITS),
    toxicThreshold: json.thresholds.toxic,
    spanThreshold: json.thresholds.span,
  };
}

export function readModelFile(url: URL = MODEL_URL): ModerationModel {
  return modelFromJson(JSON.parse(readFileSync(url, "utf8")) as ModelJson);
}

/** Raw score (logit) of a linear model on a feature buffer. */
export function score(model: LinearModel, f: FeatureBuffer): number {
  const w = model.weights;
  const slots = f.slots;
  let scaled = 0;
  for (let i = 0; i < f.scaledCount; i++) scaled += w[slots[i]!]!;
  let unit = 0;
  for (let i = f.scaledCount; i < f.count; i++) unit += w[slots[i]!]!;
  return model.bias + (f.scaledCount > 0 ? scaled / Math.sqrt(f.scaledCount) : 0) + unit;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function logit(p: number): number {
  const q = Math.min(1 - 1e-9, Math.max(1e-9, p));
  return Math.log(q / (1 - q));
}
