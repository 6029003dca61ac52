/** A teacher sees only their own classes; another school's class address is "not found". */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import vi from "../src/web/i18n/vi.json";
import { useBrowser, visibleTexts } from "./support.ts";

const browser = useBrowser();

describe("a teacher's classes", () => {
  it("lists only gv.thao's classes and shows not-found for another school's class", async () => {
    // where 10A1 (THPT Võ Minh Đức) lives, as its own homeroom teacher sees it
    const [lan, { page }] = await Promise.all([
      browser.signedIn("gv.lan"),
      browser.signedIn("gv.thao"),
    ]);
    await lan.page.goto("/classes");
    const otherClassLink = lan.page.getByRole("link", { name: "10A1", exact: true });
    const otherClassPath = await otherClassLink.getAttribute("href");
    expect(otherClassPath).toMatch(/^\/classes\/[0-9a-f-]{36}$/);

    // home: one card per class taught
    const cards = await visibleTexts(page.getByTestId("class-card"));
    expect(cards).toHaveLength(2);
    expect(cards.some((text) => text.includes("8A1"))).toBe(true);
    expect(cards.some((text) => text.includes("9A1"))).toBe(true);
    expect(cards.every((text) => text.includes("THCS Chu Văn An"))).toBe(true);

    // "Lớp của tôi": the same two classes, nothing from another school
    await page.getByTestId("nav-classes").click();
    await page.getByRole("heading", { name: vi.classes.myTitle }).waitFor();
    const names = await visibleTexts(page.locator("main table tbody tr td:first-child a"));
    expect(names.sort()).toEqual(["8A1", "9A1"]);
    expect(await page.getByText("10A1").count()).toBe(0);

    // the teacher's own class opens with its roster
    await page.getByRole("link", { name: "8A1", exact: true }).click();
    await page.getByRole("heading", { name: vi.classes.roster }).waitFor();
    expect(await page.locator("main table tbody tr").count()).toBeGreaterThan(0);

    // another school's class: the same page as an address that does not exist
    await page.goto(otherClassPath!);
    await page.getByTestId("not-found").waitFor();
    expect(await page.getByRole("heading", { name: vi.notFound.title }).isVisible()).toBe(true);
    expect(await page.getByText("10A1").count()).toBe(0);
    expect(await page.getByText("Võ Minh Đức").count()).toBe(0);

    await page.goto(`/classes/${randomUUID()}`);
    await page.getByTestId("not-found").waitFor();
  });
});
