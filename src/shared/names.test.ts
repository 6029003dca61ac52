import { describe, expect, it } from "vitest";
import { byVietnameseName, compareVietnameseNames } from "./names.ts";

describe("Vietnamese class-list order", () => {
  it("sorts by given name, then family and middle names", () => {
    const names = ["Vũ Đức Dũng", "Nguyễn Văn An", "Trần Thị An", "Đặng Thu Vy", "Lê Bảo Anh"];
    expect(byVietnameseName(names, (name) => name)).toEqual([
      "Nguyễn Văn An",
      "Trần Thị An",
      "Lê Bảo Anh",
      "Vũ Đức Dũng",
      "Đặng Thu Vy",
    ]);
  });

  it("puts Đ after D, Ă and Â after A, and a toned letter after the plain one", () => {
    expect(compareVietnameseNames("Nguyễn Đạt", "Nguyễn Dũng")).toBeGreaterThan(0);
    expect(compareVietnameseNames("Hà Ân", "Hà Anh")).toBeGreaterThan(0);
    expect(compareVietnameseNames("Lê Ăn", "Lê Bình")).toBeLessThan(0);
    // Same given name: the family name decides, Phạm before Phan (m before n).
    expect(compareVietnameseNames("Phan Văn Minh", "Phạm Văn Minh")).toBeGreaterThan(0);
    expect(compareVietnameseNames("Lê Na", "Lê Ná")).toBeLessThan(0);
  });
});
