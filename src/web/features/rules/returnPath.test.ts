import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./returnPath.ts";

describe("safeReturnPath", () => {
  it("keeps a path on this site", () => {
    expect(safeReturnPath("/live/0b6c1f7e-1d2a-4d7e-9a55-5b6f0b1c2d3e")).toBe(
      "/live/0b6c1f7e-1d2a-4d7e-9a55-5b6f0b1c2d3e",
    );
    expect(safeReturnPath("/today?x=1#top")).toBe("/today?x=1#top");
  });

  it("refuses anything that could leave the site", () => {
    for (const value of [
      null,
      undefined,
      "",
      "live/1",
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example",
      "/\t/evil.example",
      "javascript:alert(1)",
    ]) {
      expect(safeReturnPath(value)).toBeNull();
    }
  });
});
