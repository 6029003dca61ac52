import { describe, expect, it } from "vitest";
import { normalize, stripDiacritics } from "./normalize.ts";

/** The original text covered by a normalised range. */
function original(input: string, s: number, e: number): string {
  const nt = normalize(input);
  return input.slice(nt.start[s]!, nt.end[e - 1]!);
}

function tokens(input: string): string[] {
  const nt = normalize(input);
  return nt.tokenStart.map((s, i) => nt.text.slice(s, nt.tokenEnd[i]));
}

describe("normalize", () => {
  it("folds case and keeps Vietnamese diacritics, with a diacritics-free twin", () => {
    const nt = normalize("Đéo Biết");
    expect(nt.text).toBe("đéo biết");
    expect(nt.bare).toBe("deo biet");
    expect(nt.bare.length).toBe(nt.text.length);
  });

  it("composes combining diacritics (NFC) and maps them back to the whole cluster", () => {
    const input = "de\u0301o a";
    const nt = normalize(input);
    expect(nt.text).toBe("déo a");
    expect(original(input, 0, 3)).toBe("de\u0301o");
  });

  it("folds fullwidth and mathematical alphanumerics (NFKC)", () => {
    expect(normalize("Ｆｕｃｋ").text).toBe("fuck");
    const input = "𝐟𝐮𝐜𝐤 x";
    const nt = normalize(input);
    expect(nt.text).toBe("fuck x");
    // astral characters: each normalised letter maps to its surrogate pair
    expect(original(input, 0, 4)).toBe("𝐟𝐮𝐜𝐤");
    expect(nt.start[1]).toBe(2);
  });

  it("removes zero-width and invisible characters", () => {
    const input = "đ\u200bé\u00ado\ufeff";
    expect(normalize(input).text).toBe("đéo");
    expect(original(input, 0, 3)).toBe("đ\u200bé\u00ado");
  });

  it("folds Cyrillic, Greek and small-capital look-alikes", () => {
    expect(normalize("ѕһіt").text).toBe("shit");
    expect(normalize("νсӏ").text).toBe("vcl");
    expect(normalize("ᴅᴍ").text).toBe("dm");
    // Cyrillic е with combining acute becomes é
    expect(normalize("đе\u0301o").text).toBe("đéo");
  });

  it("reads leetspeak inside words but leaves numbers alone", () => {
    // a leet syllable gets its usual diacritics back ("c4c b4n" is how "các bạn" is typed)
    expect(normalize("c4c b4n").text).toBe("các bạn");
    expect(normalize("c4c b4n").bare).toBe("cac ban");
    expect(normalize("ng0").bare).toBe("ngo");
    expect(normalize("$hit").text).toBe("shit");
    expect(normalize("c@c").bare).toBe("cac");
    expect(normalize("sh1t vc1 1on").bare).toBe("shit vcl lon");
    expect(normalize("ch!ch").bare).toBe("chich");
    expect(normalize("lớp 10a1 có 0912345678 và 2024").text).toBe("lớp 10a1 có 0912345678 và 2024");
    expect(normalize("ngu!!!").text).toBe("ngu!!!");
    expect(normalize("@lan ơi").text).toBe("@lan ơi");
  });

  it("squeezes repeated letters and keeps the run for the offsets", () => {
    const input = "Đéooooo biết";
    const nt = normalize(input);
    expect(nt.text).toBe("đéo biết");
    expect(nt.run[2]).toBe(5);
    expect(original(input, 0, 3)).toBe("Đéooooo");
  });

  it("joins letters separated by spaces, dots, dashes or underscores", () => {
    expect(tokens("đ é o hiểu")).toEqual(["đéo", "hiểu"]);
    expect(tokens("d.m mày")).toEqual(["dm", "mày"]);
    expect(tokens("v-c-l")).toEqual(["vcl"]);
    expect(tokens("n_g_u")).toEqual(["ngu"]);
    const input = "thằng n g u";
    const nt = normalize(input);
    expect(nt.tokenJoined).toEqual([false, true]);
    expect(original(input, nt.tokenStart[1]!, nt.tokenEnd[1]!)).toBe("n g u");
    // ordinary short words stay apart
    expect(tokens("e ko vao dc lop")).toEqual(["e", "ko", "vao", "dc", "lop"]);
  });

  it("keeps emoji with their offsets", () => {
    const input = "😂 ngu 😂";
    const nt = normalize(input);
    const s = nt.tokenStart[0]!;
    expect(input.slice(nt.start[s]!, nt.end[nt.tokenEnd[0]! - 1]!)).toBe("ngu");
    expect(nt.start[s]).toBe(3);
  });

  it("collapses whitespace", () => {
    expect(normalize("khẩu \t  trang").text).toBe("khẩu trang");
  });

  it("strips diacritics of folded text letter by letter", () => {
    expect(stripDiacritics("đường lớn nhất")).toBe("duong lon nhat");
  });
});
