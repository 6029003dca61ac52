import { describe, expect, it } from "vitest";
import { normalize } from "./normalize.ts";
import { compileLexicon, loadLexicon, matchLexicon } from "./lexicon.ts";
import { moderateMessage } from "./index.ts";

function hits(text: string): Array<{ term: string; category: string; soft: boolean }> {
  return matchLexicon(normalize(text), loadLexicon()).map((h) => ({
    term: h.entry.term,
    category: h.entry.category,
    soft: h.soft,
  }));
}

describe("lexicon", () => {
  it.each([
    ["đm thằng kia", "profanity"],
    ["vcl thật", "profanity"],
    ["đéo biết", "profanity"],
    ["dell quan tâm", "profanity"],
    ["loz", "sexual"],
    ["gửi ảnh nóng đi", "sexual"],
    ["bọn bắc kỳ", "hate"],
    ["thằng parky", "hate"],
    ["lũ nam kỳ chó", "hate"],
    ["tao giết mày", "threat"],
    ["tao giết m", "threat"],
    ["em muốn tự tử", "self_harm"],
    ["mày ngu thế", "insult"],
    ["óc chó", "insult"],
    ["béo như lợn", "insult"],
    ["nhận kim cương miễn phí", "scam"],
  ])("finds %j as %s", (text, category) => {
    const found = hits(text).filter((h) => !h.soft);
    expect(found.map((h) => h.category)).toContain(category);
  });

  it("finds evasive spellings", () => {
    expect(hits("Đ.M").map((h) => h.term)).toContain("đm");
    expect(hits("o c c h o").map((h) => h.category)).toContain("insult");
    expect(hits("thằng n g u").map((h) => h.category)).toContain("insult");
    expect(hits("Đéoooo biết")[0]?.soft).toBe(false);
    expect(hits("ѕһіt")[0]?.category).toBe("profanity");
  });

  it("treats diacritics-free look-alikes of ordinary words as soft", () => {
    for (const text of ["buoi hoc", "deo khau trang", "cac ban oi", "lon nhat", "hinh ngu giac"]) {
      expect(hits(text).every((h) => h.soft)).toBe(true);
    }
    expect(hits("khởi nghĩa Nam Kỳ")[0]).toMatchObject({ category: "hate", soft: true });
  });

  it("does not match ordinary words written with diacritics", () => {
    for (const text of [
      "buổi học",
      "đeo khẩu trang",
      "các bạn",
      "lớn nhất",
      "cũ",
      "đâm chồi",
      "đàm thoại",
    ]) {
      expect(hits(text).filter((h) => !h.soft)).toEqual([]);
    }
  });

  it("respects doubled letters of an entry (niger is not nigger)", () => {
    expect(hits("Niger")).toEqual([]);
    expect(hits("nigggger")[0]?.category).toBe("hate");
  });

  it.each([
    "Buổi học hôm nay mấy giờ kết thúc ạ?",
    "buoi hoc hom nay may gio ket thuc a",
    "các bạn nhớ deo khau trang nha",
    "cac ban oi",
    "Tìm số lớn nhất trong dãy",
    "tim so lon nhat",
    "cách cũ em làm vẫn đúng",
    "cu the la lam the nao",
    "Cây đâm chồi nảy lộc",
    "Cuộc đàm thoại giữa hai nhân vật",
    "dam bao nop dung han",
    "Hình ngũ giác đều",
    "Khởi nghĩa Nam Kỳ nổ ra năm 1940",
  ])("leaves %j clean in the engine", (text) => {
    expect(moderateMessage(text).toxic).toBe(false);
  });

  it("compiles teencode aliases and rejects unknown expansions", () => {
    const lex = compileLexicon("[insult]\nđồ ngu | 3\n", "dn = đồ ngu\nm = mày\n");
    expect(lex.aliases.get("m")).toBe("mày");
    expect(matchLexicon(normalize("DN"), lex)[0]?.entry.category).toBe("insult");
    expect(() => compileLexicon("[insult]\nngu | 2\n", "xx = không có\n")).toThrow(
      /not in the lexicon/,
    );
    expect(() => compileLexicon("[nope]\nngu | 2\n", "")).toThrow(/unknown lexicon category/);
  });
});
