import { describe, expect, it } from "vitest";
import { normalize } from "./normalize.ts";
import { loadLexicon, matchLexicon } from "./lexicon.ts";
import {
  FeatureBuffer,
  messageFeatures,
  messageScore,
  scoreBucket,
  tokenFeatures,
  tokenHashes,
  tokenScore,
} from "./features.ts";
import { readModelFile, score } from "./model.ts";
import { readCleanChatFixture, readToxicChatFixture } from "./fixtures.ts";

describe("fused scoring (hot path)", () => {
  it("gives exactly the score of the feature buffers used in training", () => {
    const m = readModelFile();
    const lex = loadLexicon();
    const buf = new FeatureBuffer(16);
    const texts = [
      ...readCleanChatFixture().slice(0, 100),
      ...readToxicChatFixture().map((e) => e.text),
      "Đ.M thằng n g u 😂",
      "",
      "a",
    ];
    for (const text of texts) {
      const nt = normalize(text);
      const th = tokenHashes(nt);
      const hits = matchLexicon(nt, lex, th);
      messageFeatures(nt, th, hits, buf);
      const z = messageScore(nt, th, hits, m.classifier.weights, m.classifier.bias);
      expect(z, text).toBe(score(m.classifier, buf));
      const bucket = scoreBucket(1 / (1 + Math.exp(-z)));
      for (let t = 0; t < th.count; t++) {
        const hit = hits.find((h) => h.tokenFrom <= t && t < h.tokenTo);
        tokenFeatures(th, t, hit, bucket, nt.tokenJoined[t]!, buf);
        const zt = tokenScore(
          th,
          t,
          hit,
          bucket,
          nt.tokenJoined[t]!,
          m.tagger.weights,
          m.tagger.bias,
        );
        expect(zt, text).toBe(score(m.tagger, buf));
      }
    }
  });
});
