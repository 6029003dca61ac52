import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  datasetAvailable,
  loadDataset,
  loadExtraClean,
  modelHash,
  moderationDataDir,
  removeDiacritics,
  trainModel,
} from "./train.ts";
import { applyEvasion, macroF1, spanF1 } from "./evaluation.ts";
import { modelFromJson } from "./model.ts";
import { CLASSIFIER_BITS } from "./features.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const dataDir = moderationDataDir(repoRoot);
const haveData = datasetAvailable(dataDir);
if (!haveData) console.warn(`moderation dataset not found in ${dataDir}: training test skipped`);

describe("training", () => {
  it.skipIf(!haveData)("is reproducible: same seed, same model hash", () => {
    const all = loadDataset(dataDir, "train");
    const small = [
      ...all.filter((d) => d.source === "vihos").slice(0, 300),
      ...all.filter((d) => d.source === "davidson").slice(0, 200),
      ...loadExtraClean().slice(0, 20),
    ];
    const opts = { epochs: 2, tagEpochs: 1, folds: 2 };
    const a = trainModel(small, opts);
    const b = trainModel(small, opts);
    expect(modelHash(a)).toBe(modelHash(b));
    const c = trainModel(small, { ...opts, seed: 7 });
    expect(modelHash(c)).not.toBe(modelHash(a));
    const m = modelFromJson(a);
    expect(m.classifier.weights.length).toBe(1 << CLASSIFIER_BITS);
  });
});

describe("evaluation helpers", () => {
  it("computes macro-F1 and span F1 as in the ViHOS paper", () => {
    expect(macroF1([true, false], [true, false])).toBe(1);
    expect(macroF1([true, true], [true, false])).toBeCloseTo((2 / 3 + 0) / 2);
    expect(spanF1([], [])).toBe(1);
    expect(spanF1([[0, 4]], [])).toBe(0);
    expect(spanF1([[0, 4]], [[2, 6]])).toBeCloseTo(0.5);
  });

  it("applies evasions to the offending words", () => {
    const text = "đồ ngu vãi";
    const spans: Array<[number, number]> = [[3, 6]];
    expect(applyEvasion(text, spans, "spaced")).toBe("đồ n g u vãi");
    expect(applyEvasion(text, spans, "leet")).toBe("đồ ngu vãi");
    expect(applyEvasion(text, spans, "repeated")).toBe("đồ nguuuu vãi");
    expect(applyEvasion(text, spans, "diacritics")).toBe("do ngu vai");
    expect(applyEvasion("con lợn", [[4, 7]], "lookalike").slice(4)).not.toContain("o");
    expect(removeDiacritics("Đường")).toBe("Duong");
  });
});
