/** A teacher schedules an extra session and edits its title and times: impossible times are
 * refused on the spot, in Vietnamese, before anything is sent. */
import { describe, expect, it } from "vitest";
import { fillDate, fillTime, useBrowser } from "./support.ts";

const browser = useBrowser();

/** "YYYY-MM-DD" of Vietnam's calendar, `days` from today. */
function vietnamDay(days: number): string {
  return new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe("a class's sessions page", () => {
  it("creates an extra session, refuses an end before the start, then saves the edit", async () => {
    const { page } = await browser.signedIn("gv.lan");
    await page.goto("/classes");
    const classPath = await page
      .getByRole("link", { name: "10A1", exact: true })
      .getAttribute("href");
    await page.goto(`${classPath}/sessions`);

    // A new session cannot start more than 30 minutes ago.
    const title = `Ôn tập e2e ${Date.now() % 100_000}`;
    await page.getByTestId("adhoc-title").fill(title);
    await fillDate(page.getByTestId("adhoc-date"), vietnamDay(-1));
    await fillTime(page.getByTestId("adhoc-start"), "09:00");
    await fillTime(page.getByTestId("adhoc-end"), "09:45");
    await page.getByTestId("adhoc-create").click();
    await page
      .getByText("Giờ bắt đầu đã qua quá 30 phút; hãy chọn giờ bắt đầu muộn hơn.")
      .waitFor();

    await fillDate(page.getByTestId("adhoc-date"), vietnamDay(1));
    await page.getByTestId("adhoc-create").click();
    const row = page.getByTestId("session-row").filter({ hasText: title });
    await row.waitFor();

    // Edit: the end before the start is refused on the spot.
    await row.getByTestId("session-edit").click();
    const form = page.getByTestId("session-edit-form");
    await form.waitFor();
    await fillTime(form.getByTestId("session-edit-end"), "08:30");
    await form.getByTestId("session-edit-save").click();
    await form.getByText("Giờ kết thúc phải sau giờ bắt đầu.").waitFor();

    await form.getByTestId("session-edit-title").fill(`${title} (đổi giờ)`);
    await fillTime(form.getByTestId("session-edit-start"), "10:00");
    await fillTime(form.getByTestId("session-edit-end"), "11:30");
    await form.getByTestId("session-edit-save").click();
    await form.waitFor({ state: "detached" });
    const edited = page.getByTestId("session-row").filter({ hasText: `${title} (đổi giờ)` });
    await edited.waitFor();
    expect(await edited.innerText()).toContain("10:00");
    expect(await edited.innerText()).toContain("11:30");
  });
});
