import { describe, expect, it } from "vitest";
import { findPersonalData, isAllowedHost, linkHost } from "./pii.ts";
import { DEFAULT_ALLOWED_DOMAINS } from "./pii.ts";
import { moderateMessage } from "./index.ts";

const kinds = (text: string, allowed: readonly string[] = DEFAULT_ALLOWED_DOMAINS): string[] =>
  findPersonalData(text, allowed).map((f) => f.kind);

describe("personal data and links", () => {
  it("finds Vietnamese phone numbers in their usual spellings", () => {
    for (const text of [
      "0912345678",
      "0912 345 678",
      "0912.345.678",
      "+84 912 345 678",
      "(+84)912345678",
      "028 3822 1234",
    ]) {
      expect(kinds(`số mình ${text} nhé`)).toEqual(["phone"]);
    }
    const text = "gọi 0912.345.678 nha";
    const f = findPersonalData(text, [])[0]!;
    expect(text.slice(f.start, f.end)).toBe("0912.345.678");
  });

  it("finds e-mail addresses, CCCD and CMND numbers", () => {
    expect(kinds("mail mình là lan.nguyen@gmail.com")).toEqual(["email"]);
    // scanned from each "@": the local part stops at another "@", domains need a dot
    const f = (t: string): string[] => findPersonalData(t, []).map((x) => t.slice(x.start, x.end));
    expect(f("a@b@c.com")).toEqual(["b@c.com"]);
    expect(f("@lan chào, mail x@y hoặc Mai.Anh_2@Trường.edu.VN nhé")).toEqual([
      "Mai.Anh_2@Trường.edu.VN",
    ]);
    expect(f("x@@y.vn @ abc@ @user")).toEqual([]);
    expect(kinds("cccd 079203001234")).toEqual(["id_number"]);
    expect(kinds("số cmnd của em là 123456789")).toEqual(["id_number"]);
  });

  it("finds street addresses", () => {
    expect(kinds("nhà mình ở số 12 đường Nguyễn Trãi")).toEqual(["address"]);
    expect(kinds("ngõ 45 Trần Duy Hưng")).toEqual(["address"]);
    expect(kinds("hẻm 12/3 Lê Lợi")).toContain("address");
  });

  it("does not take school numbers for personal data", () => {
    for (const text of [
      "Lớp 10a1 thắng 3-1",
      "Chiến dịch kết thúc ngày 30/4/1975",
      "Đọc trang 45 đến trang 50",
      "Vẽ 3 đường tròn đồng tâm",
      "x = 0.75",
    ]) {
      expect(kinds(text)).toEqual([]);
    }
  });

  it("holds links outside the allow-list and lets education domains pass", () => {
    expect(kinds("vào đây https://bit.ly/abc")).toEqual(["link"]);
    expect(kinds("xem www.freefire-hack.xyz")).toEqual(["link"]);
    expect(kinds("zalo.me/g/abc")).toEqual(["link"]);
    expect(kinds("tài liệu trên olm.vn nhé")).toEqual([]);
    expect(kinds("https://vi.wikipedia.org/wiki/Quang_hợp")).toEqual([]);
    expect(kinds("https://thpt-abc.edu.vn/bai-giang")).toEqual([]);
    expect(kinds("https://myschool.example.com/x", ["myschool.example.com"])).toEqual([]);
  });

  it("matches hosts against exact and wildcard domains", () => {
    expect(linkHost("HTTPS://Sub.Example.com:8080/x?y")).toBe("sub.example.com");
    expect(isAllowedHost("a.b.edu.vn", ["*.edu.vn"])).toBe(true);
    expect(isAllowedHost("edu.vn.evil.com", ["*.edu.vn"])).toBe(false);
    expect(isAllowedHost("www.olm.vn", ["olm.vn"])).toBe(true);
    expect(isAllowedHost("notolm.vn", ["olm.vn"])).toBe(false);
  });

  it("sets the action but not toxic", () => {
    const d = moderateMessage("số mình là 0912 345 678");
    expect(d).toMatchObject({
      toxic: false,
      action: "hold",
      reasonKey: "moderation.reason.personalData",
    });
    expect(d.categories).toEqual(["personal_data"]);
    const l = moderateMessage("vào link này https://bit.ly/xyz", { allowedDomains: [] });
    expect(l).toMatchObject({ toxic: false, action: "hold", reasonKey: "moderation.reason.link" });
    expect(moderateMessage("https://bit.ly/xyz", { allowedDomains: ["bit.ly"] }).action).toBe(
      "allow",
    );
  });
});
