import { describe, expect, it } from "vitest";
import { normalize } from "./normalize.ts";
import { isVietnameseSyllable, segmentSyllables } from "./syllables.ts";
import { moderateMessage } from "./index.ts";

function tokens(input: string): string[] {
  const nt = normalize(input);
  return nt.tokenStart.map((s, i) => nt.text.slice(s, nt.tokenEnd[i]));
}

describe("Vietnamese syllables", () => {
  it("recognises well-formed syllables and rejects other strings", () => {
    for (const s of ["thằng", "chó", "nghiêng", "khuya", "ngu", "óc", "quyển", "điên"])
      expect(isVietnameseSyllable(s), s).toBe(true);
    for (const s of ["fuck", "dm", "vl", "shit", "bitch", "str", "ngx"])
      expect(isVietnameseSyllable(s), s).toBe(false);
  });

  it("segments joined runs into syllables, and only runs made entirely of syllables", () => {
    expect(segmentSyllables("thằngchó")).toEqual([5]);
    expect(segmentSyllables("đồngu")).toEqual([2]);
    expect(segmentSyllables("fuck")).toBeNull();
    expect(segmentSyllables("ngu")).toBeNull();
  });

  it("splits spaced-out letters back into words, keeping offsets on the text as written", () => {
    expect(tokens("t h ằ n g c h ó")).toEqual(["thằng", "chó"]);
    expect(tokens("đ ồ n g u")).toEqual(["đồ", "ngu"]);
    expect(tokens("o c c h o")).toEqual(["oc", "cho"]);
    expect(tokens("f u c k you")).toEqual(["fuck", "you"]);
    expect(tokens("đ m")).toEqual(["đm"]);
    const input = "mày t h ằ n g c h ó";
    const nt = normalize(input);
    const t = nt.tokenStart.length - 1;
    expect(input.slice(nt.start[nt.tokenStart[t]!]!, nt.end[nt.tokenEnd[t]! - 1]!)).toBe("c h ó");
  });

  it("reads leetspeak that dropped the tone marks", () => {
    expect(normalize("d30").bare).toBe("deo");
    expect(normalize("t13n").bare).toBe("tien");
    expect(normalize("th1").bare).toBe("thi");
    expect(normalize("đ3o").text).toBe("đéo");
    // grade and class names stay numbers
    expect(normalize("lớp 10a1 và 4a").text).toBe("lớp 10a1 và 4a");
  });
});

describe("evasions and clean traps in the engine", () => {
  it.each(["t h ằ n g c h ó", "đ é o biết", "d30 biết", "thằng ngu", "th4ng ngu"])(
    "catches %j",
    (text) => {
      expect(moderateMessage(text).toxic).toBe(true);
    },
  );

  it.each([
    "Lão Hạc bán cậu Vàng vì quá nghèo",
    "chi pheo vua di vua chui ca lang vu dai",
    "hai duong thang song song khong cat nhau",
    "mai nho deo khau trang nhe",
    "tu tu thoi cac ban, co chua chieu slide",
    "Con chó là động vật có vú",
    "Chiến thắng Điện Biên Phủ năm 1954",
  ])("leaves %j clean", (text) => {
    expect(moderateMessage(text).toxic).toBe(false);
  });
});
