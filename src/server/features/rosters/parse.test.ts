import { describe, expect, it } from "vitest";
import { headerKey, matchHeaders } from "./columns.ts";
import { ageOn, looksLikeFormula, normalisePhone, parseDate } from "./parse.ts";
import { schoolYearOf } from "./rosters.actions.ts";
import { escapeCell } from "./xlsx.ts";

describe("roster headers", () => {
  it("match case- and diacritics-insensitively, with common variants", () => {
    expect(headerKey("SĐT phụ huynh")).toBe("sdtphuhuynh");
    expect(
      matchHeaders("students", [
        "MÃ HS",
        "Họ tên",
        "lop",
        "Ngày sinh",
        "Giới Tính",
        "Số điện thoại phụ huynh",
        "E-mail phụ huynh",
        "Ghi chú",
      ]),
    ).toEqual([
      "studentCode",
      "fullName",
      "className",
      "dateOfBirth",
      "gender",
      "parentPhone",
      "parentEmail",
      undefined,
    ]);
  });

  it("ignores a second column with the same meaning", () => {
    expect(matchHeaders("teachers", ["Email", "E-mail"])).toEqual(["email", undefined]);
  });
});

describe("roster values", () => {
  it("normalises Vietnamese phone numbers", () => {
    expect(normalisePhone("0912 345 678")).toBe("0912345678");
    expect(normalisePhone("+84 912.345.678")).toBe("0912345678");
    expect(normalisePhone("912345678")).toBe("0912345678");
    expect(normalisePhone("02743 822 123")).toBe("02743822123");
    expect(normalisePhone("0112345678")).toBeUndefined();
    expect(normalisePhone("09123")).toBeUndefined();
    expect(normalisePhone("abc")).toBeUndefined();
  });

  it("reads DD/MM/YYYY, Excel date cells and day serials, refusing impossible dates", () => {
    expect(parseDate({ text: "5/9/2010" })).toBe("2010-09-05");
    expect(parseDate({ text: "29/02/2012" })).toBe("2012-02-29");
    expect(parseDate({ text: "29/02/2011" })).toBe("impossible");
    expect(parseDate({ text: "31/04/2012" })).toBe("impossible");
    expect(parseDate({ text: "05/09/10" })).toBe("invalid");
    expect(parseDate({ text: "x", date: "2010-09-05" })).toBe("2010-09-05");
    expect(parseDate({ text: "40426" })).toBe("2010-09-05");
    expect(ageOn("2010-09-05", new Date("2026-09-04T00:00:00Z"))).toBe(15);
    expect(ageOn("2010-09-05", new Date("2026-09-05T00:00:00Z"))).toBe(16);
  });

  it("spots formula cells and escapes them on export", () => {
    for (const value of ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx", "\rx"]) {
      expect(looksLikeFormula(value)).toBe(true);
      expect(escapeCell(value)).toBe(`'${value}`);
    }
    expect(escapeCell("Nguyễn An")).toBe("Nguyễn An");
  });

  it("starts a school year on 1 August", () => {
    expect(schoolYearOf(new Date("2026-07-31T12:00:00Z"))).toBe("2025-2026");
    expect(schoolYearOf(new Date("2026-08-01T00:00:00Z"))).toBe("2026-2027");
  });
});
