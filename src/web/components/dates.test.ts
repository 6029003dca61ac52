import { describe, expect, it } from "vitest";
import { parseTypedDate } from "./dates.ts";

describe("parseTypedDate", () => {
  it("reads day/month/year, with or without leading zeros", () => {
    expect(parseTypedDate("05/03/2026")).toBe("2026-03-05");
    expect(parseTypedDate("5/3/2026")).toBe("2026-03-05");
    expect(parseTypedDate(" 31.12.2025 ")).toBe("2025-12-31");
    expect(parseTypedDate("01-02-2026")).toBe("2026-02-01");
  });

  it("reads the ISO form too", () => {
    expect(parseTypedDate("2026-03-05")).toBe("2026-03-05");
  });

  it("never takes the month first", () => {
    expect(parseTypedDate("12/31/2025")).toBeNull();
  });

  it("waits for a whole, real date", () => {
    expect(parseTypedDate("")).toBeNull();
    expect(parseTypedDate("05/03/202")).toBeNull();
    expect(parseTypedDate("05/03")).toBeNull();
    expect(parseTypedDate("30/02/2026")).toBeNull();
    expect(parseTypedDate("29/02/2028")).toBe("2028-02-29");
    expect(parseTypedDate("29/02/2027")).toBeNull();
    expect(parseTypedDate("00/01/2026")).toBeNull();
    expect(parseTypedDate("a5/03/2026")).toBeNull();
  });
});
