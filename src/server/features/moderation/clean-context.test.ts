import { describe, expect, it } from "vitest";
import { normalize } from "./normalize.ts";
import { loadLexicon, matchLexicon, type LexiconContext } from "./lexicon.ts";
import { moderateMessage } from "./index.ts";

function lexicon(text: string): { terms: string[]; context: LexiconContext } {
  const context: LexiconContext = { cleanTokens: 0, animal: false, dropped: 0 };
  const nt = normalize(text);
  const terms = matchLexicon(nt, loadLexicon(), undefined, context).map((h) => h.entry.term);
  return { terms, context };
}

describe("clean-context lexicon (data/clean-context.txt)", () => {
  it("reads ambiguous diacritics-free words through the phrase around them", () => {
    // ngủ / ngu
    expect(lexicon("toi nay di ngu som").terms).not.toContain("ngu");
    expect(lexicon("buon ngu qua").terms).not.toContain("ngu");
    // lớn / lồn, phố / phò
    expect(lexicon("uoc chung lon nhat").terms).not.toContain("lồn");
    expect(lexicon("thanh pho ho chi minh").terms).not.toContain("phò");
    // vl = vật lý after a school word
    expect(lexicon("mon vl kho qua").terms).not.toContain("vl");
    // thắng / thằng, điện / điên, đi / đĩ, đeo / đéo
    expect(lexicon("chien thang bach dang").terms).toEqual([]);
    expect(lexicon("dien bien phu nam 1954").terms).toEqual([]);
    expect(lexicon("con di hoc").terms).toEqual([]);
    expect(lexicon("nho deo khau trang").terms).toEqual([]);
    const { context } = lexicon("ngu som");
    expect(context.cleanTokens).toBe(2);
    expect(context.dropped).toBe(1);
  });

  it("keeps hits written with their diacritics, stretched or spaced out", () => {
    expect(lexicon("thằng ngu ngủ sớm đi").terms).toContain("thằng ngu");
    expect(lexicon("mày ngu sớm thế").terms).toContain("ngu");
    expect(lexicon("nguuu som").terms).toContain("ngu");
    expect(lexicon("mon vl vl").terms).toContain("vl");
    expect(lexicon("đéo đeo kính").terms).toContain("đéo");
    expect(lexicon("thang dien").terms).toContain("thằng điên");
  });

  it("drops ambiguous animal words when the message talks about animals", () => {
    const bio = lexicon("Con chó là động vật có vú");
    expect(bio.context.animal).toBe(true);
    expect(bio.terms).toEqual([]);
    expect(lexicon("nhà em nuôi con lợn").terms).toEqual([]);
    // not in an animal context, and never the hard entries
    expect(lexicon("mày là con lợn à").terms).toContain("con lợn");
    expect(lexicon("đồ con lợn, nuôi mãi không lớn").terms).toContain("đồ con lợn");
  });

  it.each([
    "tối nay mình đi ngủ sớm",
    "toi nay minh di ngu som, mai thi roi",
    "buon ngu qua, ngu tiep 5 phut nua",
    "tim uoc chung lon nhat cua 8 va 12",
    "so nao lon hon, 2/3 hay 3/4",
    "thanh pho ho chi minh dong dan nhat",
    "mai co tiet vl, nho mang may tinh",
    "bai vl so 3 lam the nao a",
    "chien thang bach dang nam 938",
    "Con chó là động vật có vú",
    "Nhà em nuôi một con lợn và hai con gà",
    "Nigeria là nước đông dân nhất châu Phi",
    "Niger nằm ở Tây Phi",
    "cac ban nho deo kinh khi doc sach",
  ])("allows the ordinary message %j", (text) => {
    const d = moderateMessage(text);
    expect(d.toxic).toBe(false);
    expect(d.action).toBe("allow");
  });

  it.each([
    "mày ngu lắm",
    "may ngu lam",
    "thằng ngu ngủ sớm đi",
    "học ngu vl",
    "thang dien",
    "đồ con lợn",
    "mày là con lợn à",
    "nigger",
    "đéo đeo kính",
  ])("still flags the toxic counterpart %j", (text) => {
    const d = moderateMessage(text);
    expect(d.toxic).toBe(true);
    expect(d.action).not.toBe("allow");
  });
});
