/** The interface language: Vietnamese by default, English on request, remembered per device. */
import { describe, expect, it } from "vitest";
import en from "../src/web/i18n/en.json";
import vi from "../src/web/i18n/vi.json";
import { useBrowser } from "./support.ts";

const browser = useBrowser();

describe("language switch on the sign-in page", () => {
  it("shows Vietnamese by default, switches to English, and keeps English after a reload", async () => {
    const { page } = await browser.newActor("visitor", { locale: "en-US" });
    await page.goto("/login");

    // Vietnamese first, even for a browser that prefers English
    const title = page.locator("#login-title");
    await page.getByRole("heading", { name: vi.auth.signInTitle, exact: true }).waitFor();
    await page.getByLabel(vi.auth.login).waitFor();
    expect(await page.getByTestId("login-submit").innerText()).toBe(vi.auth.signIn);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("vi");
    expect(await page.title()).toBe(vi.app.documentTitle);

    await page.getByTestId("language-switch").getByText("EN", { exact: true }).click();

    await page.getByRole("heading", { name: en.auth.signInTitle, exact: true }).waitFor();
    await page.getByLabel(en.auth.login).waitFor();
    expect(await page.getByTestId("login-submit").innerText()).toBe(en.auth.signIn);
    expect(await page.getByText(en.auth.forgotHint).isVisible()).toBe(true);
    expect(await page.getByText(vi.auth.forgotHint).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await page.title()).toBe(en.app.documentTitle);

    await page.reload();
    await page.getByRole("heading", { name: en.auth.signInTitle, exact: true }).waitFor();
    expect(await title.innerText()).toBe(en.auth.signInTitle);
    expect(await page.locator("label", { hasText: en.auth.password }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");

    // the choice belongs to this device: another browser still opens in Vietnamese
    const other = await browser.newActor("other-device");
    await other.page.goto("/login");
    await other.page.getByRole("heading", { name: vi.auth.signInTitle, exact: true }).waitFor();

    // and switching back works the same way
    await page.getByTestId("language-switch").getByText("VI", { exact: true }).click();
    await page.getByRole("heading", { name: vi.auth.signInTitle, exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("vi");
  });
});
