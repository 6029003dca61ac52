import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  defaultModerationPolicy,
  loadModerationModel,
  moderateMessage,
  moderationReasonMessages,
} from "./index.ts";
import { MODEL_URL } from "./model.ts";
import { readToxicChatFixture } from "./fixtures.ts";

describe("committed model", () => {
  // Load time is measured by `npm run bench:moderation`, never asserted here.
  it("loads and stays small", () => {
    const { loadMs } = loadModerationModel();
    expect(loadMs).toBeGreaterThanOrEqual(0);
    expect(readFileSync(MODEL_URL).length).toBeLessThan(2 * 1024 * 1024);
  });

  it.each([
    ["Em chào cô ạ", "allow", false],
    ["thầy ơi e bị lag", "allow", false],
    ["cac ban oi nho deo khau trang nhe", "allow", false],
    ["Tìm giá trị lớn nhất của hàm số", "allow", false],
    ["đm thằng ngu", "block", true],
    ["tao giết mày", "block", true],
    ["bọn bắc kỳ", "block", true],
    ["Đéoooo biết", "block", true],
    ["em không muốn sống nữa", "hold", false],
    ["số mình là 0912345678", "hold", false],
  ] as const)("decides %j → %s", (text, action, toxic) => {
    const d = moderateMessage(text);
    expect(d.action).toBe(action);
    expect(d.toxic).toBe(toxic);
  });

  it("reports spans on the text as written", () => {
    const text = "Mày là đồ Đ.Ầ.N  😂 óc   chóooo";
    const d = moderateMessage(text);
    expect(d.toxic).toBe(true);
    const flagged = d.spans.map(([s, e]) => text.slice(s, e));
    expect(flagged.join("|")).toContain("óc   chóooo");
    for (const [s, e] of d.spans) expect(s).toBeLessThan(e);
  });

  it("catches the hand-written harmful class-chat examples with their category", () => {
    for (const ex of readToxicChatFixture()) {
      const d = moderateMessage(ex.text);
      expect(d.action, ex.text).not.toBe("allow");
      if (ex.action === "block") expect(d.action, ex.text).toBe("block");
      if (ex.category) expect(d.categories, ex.text).toContain(ex.category);
    }
  });

  it("holds self-harm for the teacher without calling it toxic", () => {
    const d = moderateMessage("em muốn tự tử");
    expect(d).toMatchObject({
      toxic: false,
      action: "hold",
      reasonKey: "moderation.reason.selfHarm",
    });
  });

  it("applies the strict preset and school thresholds", () => {
    const text = "bạn ấy ngu quá";
    expect(moderateMessage(text).action).toBe("hold");
    expect(moderateMessage(text, { preset: "strict" }).action).toBe("block");
    expect(moderateMessage("nhận kim cương miễn phí", { preset: "strict" }).action).toBe("block");
    expect(moderateMessage("đm", { blockThreshold: 1.01 }).action).toBe("hold");
    expect(
      moderateMessage("bạn ấy ngu quá", { holdThreshold: 0.95, blockThreshold: 1.01 }).action,
    ).toBe("allow");
  });

  it("translates every reason key", () => {
    const keys = new Set<string>();
    for (const text of [
      "đm",
      "tao giết mày",
      "bọn bắc kỳ",
      "nứng quá",
      "em muốn tự tử",
      "mày ngu thế",
      "free robux",
      "0912345678",
      "https://bit.ly/x",
    ]) {
      const key = moderateMessage(text).reasonKey;
      expect(key).not.toBeNull();
      keys.add(key!);
    }
    expect(keys.size).toBeGreaterThanOrEqual(8);
    for (const key of keys) {
      expect(moderationReasonMessages.vi[key]).toBeTruthy();
      expect(moderationReasonMessages.en[key]).toBeTruthy();
    }
    expect(Object.keys(moderationReasonMessages.vi).sort()).toEqual(
      Object.keys(moderationReasonMessages.en).sort(),
    );
  });

  it("keeps the default policy's allow-list", () => {
    expect(defaultModerationPolicy.allowedDomains).toContain("*.edu.vn");
    expect(createHash("sha256").update(readFileSync(MODEL_URL)).digest("hex")).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });
});
