/**
 * The live class end to end: a teacher schedules and opens a class, two students enter through
 * their personal links and chat, a copy of a link on another device is refused, a guest waits in
 * the lobby and is admitted, a banned student cannot come back, and the teacher suspends all
 * activity. Screenshots of the student's phone page (vi and en) and the teacher's console go to
 * test-results/e2e/.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  SCREENSHOT_DIR,
  signIn,
  useBrowser,
  type Actor,
  acknowledgeRules,
  openLiveClass,
  scheduleSessionAndEnter,
} from "./support.ts";

const browser = useBrowser();
const PHONE = { width: 390, height: 844 };
const phone = { viewport: PHONE, isMobile: true, hasTouch: true };

async function screenshot(actor: Actor, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await actor.page.screenshot({
    path: path.join(SCREENSHOT_DIR, `live-class--${name}.png`),
    fullPage: true,
  });
}

async function signedInAt(name: string, username: string, viewport = PHONE): Promise<Actor> {
  const actor = await browser.newActor(name, {
    viewport,
    isMobile: viewport === PHONE,
    hasTouch: viewport === PHONE,
  });
  await signIn(actor.page, username);
  return actor;
}

async function sendChat(page: Page, text: string): Promise<void> {
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-send").click();
  await page.getByTestId("chat-message").filter({ hasText: text }).waitFor();
}

describe("the live class", () => {
  it("runs a class from opening to suspend-all with links, lobby and bans", async () => {
    // The teacher schedules an extra session for 10A1 starting now.
    const teacher = await browser.signedIn("gv.lan");
    const tp = teacher.page;
    await tp.goto("/classes");
    const classHref = await tp
      .getByRole("link", { name: "10A1", exact: true })
      .getAttribute("href");
    const classId = classHref!.split("/").pop()!;
    // The class page leads to the class's live-class pages.
    await tp.goto(classHref!);
    await tp.getByTestId("class-live-links").waitFor();
    await tp.getByTestId("class-live-attendance").waitFor();
    await tp.getByTestId("class-live-sessions").click();
    await tp.waitForURL(`**/classes/${classId}/sessions`);
    // a weekly slot (Monday 07:30–08:15 by default) saved to the class timetable
    await tp.getByTestId("timetable-add").click();
    await tp.getByTestId("timetable-slot").last().getByLabel("Tên buổi học").fill("Tin học");
    await tp.getByTestId("timetable-save").click();
    await tp.getByText("Đã lưu thời khóa biểu.").waitFor();
    const title = `Ôn tập e2e ${Date.now().toString(36)}`;
    const sessionId = await scheduleSessionAndEnter(tp, {
      title,
      startsInMinutes: -5,
      endsInMinutes: 55,
    });
    await screenshot(teacher, "teacher-before-open-vi");
    await openLiveClass(tp);

    // New personal links for the two demo students, shown on a printable sheet with QR codes.
    const links = await teacher.context.newPage();
    await links.goto(`/classes/${classId}/links`);
    let withLink = 0;
    for (const code of ["VMD1001", "VMD1002"]) {
      const row = links.getByTestId("link-row").filter({ hasText: code });
      await row.getByRole("checkbox").check();
      if (!(await row.innerText()).includes("Chưa có liên kết")) withLink += 1;
    }
    await links.getByTestId("links-issue").click();
    await links.getByTestId("links-issue-print").click();
    // The confirmation warns about old links stopping only when some of them have one.
    const confirm = await links.getByRole("dialog").innerText();
    expect(confirm.includes("ngừng hoạt động")).toBe(withLink > 0);
    expect(confirm).toContain(
      withLink === 0 ? "Tạo liên kết cho 2" : withLink === 2 ? "Tạo lại" : "Tạo liên kết mới",
    );
    await links.getByRole("button", { name: "Tiếp tục" }).click();
    await links.getByTestId("print-sheet").waitFor();
    const urlOf = async (code: string) =>
      (
        await links
          .getByTestId("print-card")
          .filter({ hasText: code })
          .getByTestId("print-url")
          .innerText()
      ).trim();
    const linkA = await urlOf("VMD1001");
    const linkB = await urlOf("VMD1002");
    expect(linkA).toMatch(/\/join\/[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{22,}$/);
    await expect.poll(() => links.locator('[data-testid="print-card"] img').count()).toBe(2);
    await links.close();

    // Two students accepted their school's class rules with their accounts earlier; now they
    // enter on their phones through their personal links alone, without signing in.
    for (const username of ["hs.vmd1001", "hs.vmd1002"]) {
      const account = await signedInAt(`${username}-account`, username);
      await acknowledgeRules(account.page);
      await account.context.close();
    }
    const studentA = await browser.newActor("student-a-link", phone);
    const studentB = await browser.newActor("student-b-link", phone);
    await studentA.page.goto(linkA);
    await studentB.page.goto(linkB);
    // Earlier specs left other sessions of 10A1 open: each link leads to the one opened last.
    for (const student of [studentA, studentB]) {
      await student.page.getByTestId("student-live").getByText(title).waitFor();
    }
    // On the phone the message box is on screen when the class opens, without scrolling.
    const input = await studentA.page.getByTestId("chat-input").boundingBox();
    expect(input!.y + input!.height).toBeLessThanOrEqual(PHONE.height);
    const nameB = (await studentB.page.getByTestId("self-name").innerText()).trim();
    await tp.locator(`[data-testid="roster-row"][data-online="true"]`).nth(1).waitFor();

    await sendChat(studentA.page, "Chào cả lớp, em đã vào lớp ạ");
    await studentB.page.getByTestId("chat-message").filter({ hasText: "Chào cả lớp" }).waitFor();
    await sendChat(studentB.page, "Mình cũng vào rồi");
    await studentA.page
      .getByTestId("chat-message")
      .filter({ hasText: "Mình cũng vào rồi" })
      .waitFor();
    await tp.getByTestId("chat-message").filter({ hasText: "Mình cũng vào rồi" }).waitFor();
    await screenshot(studentA, "student-phone-vi");

    // Moderation: a phone number waits for the teacher; an insult never leaves the server.
    await studentA.page.getByTestId("chat-input").fill("Số của mình là 0912345678 nhé");
    await studentA.page.getByTestId("chat-send").click();
    await studentA.page.getByTestId("chat-own-held").waitFor();
    const held = tp.getByTestId("held-message").filter({ hasText: "0912345678" });
    await held.waitFor();
    await studentA.page.getByTestId("chat-input").fill("đồ ngu");
    await studentA.page.getByTestId("chat-send").click();
    const blocked = studentA.page.getByTestId("chat-refusal");
    await blocked.waitFor();
    expect(await blocked.getAttribute("data-reason")).toBe("blocked");
    expect(await tp.getByTestId("chat-message").filter({ hasText: "đồ ngu" }).count()).toBe(0);
    await screenshot(teacher, "teacher-held-vi");
    await held.getByTestId("held-release").click();
    await studentB.page.getByTestId("chat-message").filter({ hasText: "0912345678" }).waitFor();

    // A copy of student A's link opened on another phone is refused, and the
    // teacher is told.
    const copy = await browser.newActor("link-copy", phone);
    await copy.page.goto(linkA);
    const refused = copy.page.getByTestId("live-refused");
    await refused.waitFor();
    expect(await refused.getAttribute("data-reason")).toBe("second_device");
    await tp.locator(`[data-testid="security-alert"][data-kind="second_device"]`).waitFor();
    expect(await studentA.page.getByTestId("student-live").isVisible()).toBe(true);

    // A teacher from another school is not on the roster: the lobby, then admitted.
    const guest = await signedInAt("gv.thao", "gv.thao", { width: 1280, height: 860 });
    await guest.page.goto(`/live/${sessionId}`);
    await guest.page.getByTestId("live-lobby-waiting").waitFor();
    const knock = tp.getByTestId("lobby-entry").filter({ hasText: "gv.thao" });
    await knock.waitFor();
    await knock.getByTestId("lobby-admit").click();
    await guest.page.getByTestId("student-live").waitFor();
    await tp
      .getByTestId("roster-panel")
      .getByText("Ngoài danh sách", { exact: true })
      .first()
      .waitFor();
    // a signed-in participant can report from inside the class (the incidents form)
    await guest.page.getByTestId("live-report").click();
    await guest.page.getByRole("dialog").waitFor();
    await guest.page.keyboard.press("Escape");
    await guest.page.getByRole("dialog").waitFor({ state: "hidden" });

    // The teacher bans student B for the session; B is out and cannot come back.
    const rowB = tp.locator(`[data-testid="roster-row"][data-name="${nameB}"]`);
    await rowB.getByTestId("participant-menu").click();
    await tp.getByTestId("participant-ban").click();
    await tp.getByTestId("remove-confirm").click();
    const kicked = studentB.page.getByTestId("live-kicked");
    await kicked.waitFor();
    expect(await kicked.getAttribute("data-reason")).toBe("banned");
    await studentB.page.goto(linkB);
    const bannedScreen = studentB.page.getByTestId("live-refused");
    await bannedScreen.waitFor();
    expect(await bannedScreen.getAttribute("data-reason")).toBe("banned");
    await screenshot(studentB, "student-phone-banned-vi");

    // Suspend all activity: the teacher confirms; students can no longer chat.
    await tp.getByTestId("live-suspend").click();
    await tp.getByTestId("live-suspend-confirm").click();
    await tp.getByTestId("suspended-banner").waitFor();
    await studentA.page.getByTestId("suspended-banner").waitFor();
    await studentA.page.getByTestId("chat-disabled").waitFor();
    expect(await studentA.page.getByTestId("chat-input").isDisabled()).toBe(true);
    await screenshot(teacher, "teacher-suspended-vi");
    await screenshot(studentA, "student-phone-suspended-vi");

    // The same student page in English.
    await studentA.page.getByTestId("language-switch").getByText("EN", { exact: true }).click();
    await studentA.page.getByText("The class is suspended").first().waitFor();
    await screenshot(studentA, "student-phone-suspended-en");

    // Attendance of the session: the two students were present, the rest of 10A1 absent.
    await tp.goto(`/live/${sessionId}/attendance`);
    await tp.getByTestId("attendance-table").waitFor();
    await expect
      .poll(() => tp.locator('[data-testid="attendance-row"][data-status="present"]').count())
      .toBe(2);
    expect(
      await tp.locator('[data-testid="attendance-row"][data-status="absent"]').count(),
    ).toBeGreaterThan(0);
    await screenshot(teacher, "teacher-attendance-vi");
    const download = tp.waitForEvent("download");
    await tp.getByTestId("attendance-export").click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);

    // "Today's classes" on the student's phone (signed in) lists the session.
    const account = await signedInAt("hs.vmd1001-today", "hs.vmd1001");
    await account.page.goto("/today");
    await account.page.getByTestId("today-session").filter({ hasText: title }).waitFor();
    await screenshot(account, "student-phone-today-vi");
  });
});
