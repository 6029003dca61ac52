/**
 * Parent–teacher messages, in the Vietnamese interface: the demo parent (ph.demo) writes to the
 * homeroom teacher of their child (hs.vmd1001, class 10A1, gv.lan) from the child's page; the
 * teacher's inbox shows that child's thread as unread ("1 chưa đọc"), and opening the thread
 * clears the badge on the spot, without reloading the page (reading a thread refreshes the thread
 * list); the teacher answers, and the parent, coming back from their children's list (which
 * counts the new message), reads the answer marked as coming from a verified teacher.
 */
import { describe, expect, it } from "vitest";
import type { ChildSummary } from "../src/shared/family.ts";
import { apiOf, useBrowser } from "./support.ts";

const browser = useBrowser();
const run = Date.now().toString(36);
const STUDENT_CODE = "VMD1001";

describe("parent–teacher messages", () => {
  it("carries a parent's message to the teacher, clears the unread badge and brings the reply back", async () => {
    // --- The parent opens the child's page and writes to the homeroom teacher.
    const parent = await browser.signedIn("ph.demo");
    const fp = parent.page;
    const { children } = await apiOf(fp).get<{ children: ChildSummary[] }>("/api/parents/children");
    const child = children.find((row) => row.studentCode === STUDENT_CODE)!;
    expect(child.className).toBe("10A1");
    expect(child.homeroomTeacher).not.toBeNull();

    await fp.goto("/children");
    const card = fp.getByTestId("child-card").filter({ hasText: child.fullName });
    await card.getByRole("link", { name: child.fullName, exact: true }).click();
    await fp.waitForURL(`**/children/${child.id}`);
    await fp.getByRole("tab", { name: "Nhắn tin GVCN" }).click();
    await fp.waitForURL(`**/children/${child.id}?tab=messages`);
    await fp.getByText(`Trao đổi với ${child.homeroomTeacher!.displayName}`).waitFor();
    await fp.getByTestId("verified-teacher").first().waitFor();
    const question = `Thưa cô, cháu bị sốt nên xin nghỉ buổi học chiều nay ạ (${run})`;
    await fp.getByTestId("message-input").fill(question);
    await fp.getByTestId("message-send").click();
    await fp
      .locator('[data-testid="family-message"][data-mine="true"]')
      .filter({ hasText: question })
      .waitFor();
    expect(await fp.getByTestId("message-input").inputValue()).toBe("");

    // --- The teacher's inbox: the child's thread (other specs may add threads) is unread.
    const teacher = await browser.signedIn("gv.lan");
    const tp = teacher.page;
    await tp.goto("/family-messages");
    const thread = tp
      .getByTestId("family-thread")
      .filter({ has: tp.getByText(child.fullName, { exact: true }) });
    const badge = thread.getByTestId("family-thread-unread");
    await badge.waitFor();
    expect((await badge.innerText()).trim()).toBe("1 chưa đọc");

    // --- Opening the thread shows the message and clears the badge, in the same page load.
    await tp.evaluate(() => {
      (window as unknown as { e2eSamePage?: boolean }).e2eSamePage = true;
    });
    await thread.click();
    await tp.waitForURL(`**/family-messages/${child.id}`);
    await tp
      .locator('[data-testid="family-message"][data-mine="false"]')
      .filter({ hasText: question })
      .waitFor();
    await badge.waitFor({ state: "detached" });
    await thread.waitFor();
    expect(
      await tp.evaluate(() => (window as unknown as { e2eSamePage?: boolean }).e2eSamePage),
    ).toBe(true);

    // --- The teacher answers.
    const answer = `Cô đã nhận được, chúc cháu mau khỏe (${run})`;
    await tp.getByTestId("message-input").fill(answer);
    await tp.getByTestId("message-send").click();
    await tp
      .locator('[data-testid="family-message"][data-mine="true"]')
      .filter({ hasText: answer })
      .waitFor();

    // --- The parent comes back: the children's list counts the new message, which leads to
    // the thread with the teacher's answer.
    await fp.goto("/children");
    const messages = card.getByRole("link", { name: "1 tin nhắn mới" });
    await messages.click();
    await fp.waitForURL(`**/children/${child.id}?tab=messages`);
    const reply = fp
      .locator('[data-testid="family-message"][data-mine="false"]')
      .filter({ hasText: answer });
    await reply.waitFor();
    await reply.getByTestId("verified-teacher").waitFor();
    await fp
      .locator('[data-testid="family-message"][data-mine="true"]')
      .filter({ hasText: question })
      .waitFor();
  });
});
