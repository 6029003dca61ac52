/**
 * A student's first steps: after the school resets their password, they choose their own and
 * give their own consent (asked right after), pass the safety course's quiz and get the
 * certificate, and enter a class their teacher opened: the door sends them to the school's class
 * rules first and, once acknowledged, straight back into the class. The quiz's answer key is the
 * seeded catalogue.
 */
import { describe, expect, it } from "vitest";
import { consentPurposes } from "../src/shared/family.ts";
import { trainingCatalog } from "../src/server/features/training/training.catalog.ts";
import { useBrowser, apiOf, openLiveClass, scheduleSessionAndEnter } from "./support.ts";

const browser = useBrowser();
const run = Date.now().toString(36);
const STUDENT_CODE = "VMD1018";
const USERNAME = `hs.${STUDENT_CODE.toLowerCase()}`;
const PASSWORD = `HocSinh-${run}-2026`;

describe("a student's first class", () => {
  it("gives consent, passes the safety quiz, acknowledges the rules and joins the class", async () => {
    // The school gives the student a temporary password; the student chooses their own.
    const principal = await browser.signedIn("ht.vominhduc");
    const school = apiOf(principal.page);
    const { user } = await school.get<{
      user: { roles: Array<{ role: string; orgUnitId: string }> };
    }>("/api/auth/me");
    const schoolId = user.roles.find((role) => role.role === "principal")!.orgUnitId;
    const students = await school.get<{
      items: Array<{ userId: string; studentCode: string; className: string | null }>;
    }>(`/api/schools/${schoolId}/students?pageSize=100&q=${STUDENT_CODE}`);
    const child = students.items.find((row) => row.studentCode === STUDENT_CODE)!;
    const { temporaryPassword } = await school.post<{ temporaryPassword: string }>(
      `/api/users/${child.userId}/reset-password`,
      {},
    );
    // First sign-in: the student chooses a password, then is asked for their own consent (16).
    const student = await browser.newActor("student");
    const sp = student.page;
    await sp.goto("/login");
    await sp.getByTestId("login-username").fill(USERNAME);
    await sp.getByTestId("login-password").fill(temporaryPassword);
    await sp.getByTestId("login-submit").click();
    const form = sp.getByTestId("change-password-form");
    await form.waitFor();
    const fields = form.locator("input[type=password]");
    await fields.nth(0).fill(temporaryPassword);
    await fields.nth(1).fill(PASSWORD);
    await fields.nth(2).fill(PASSWORD);
    await form.getByRole("button").last().click();
    await sp.waitForURL("**/my-consent");
    // Nothing optional starts ticked (Decree 13/2023); this student accepts the notice and
    // chooses none of the optional items, which is a valid answer.
    for (const purpose of consentPurposes) {
      expect(await sp.getByTestId(`purpose-${purpose}`).isChecked()).toBe(false);
    }
    await sp.getByTestId("consent-none-chosen").waitFor();
    await sp.getByTestId("consent-accept").check();
    await sp.getByTestId("consent-submit").click();
    await expect.poll(() => sp.getByTestId("my-consent-state").innerText()).toContain("Cảm ơn em");
    expect(await sp.getByTestId("purpose-chat_history").isChecked()).toBe(false);

    // The class rules are still to be acknowledged (the class door will ask for them).
    await sp.goto("/rules");
    await sp.getByTestId("rules-open-pending").first().waitFor();

    // The safety course: every lesson, then the quiz with the right answers.
    const course = trainingCatalog.find((item) => item.audience === "student")!;
    await sp.goto("/training");
    await sp.getByTestId(`course-${course.slug}`).getByRole("link").first().click();
    for (let done = 0; done < course.lessons.length; done += 1) {
      const button = sp.getByTestId("lesson-done").first();
      await button.waitFor();
      await button.click();
      await expect
        .poll(() => sp.getByTestId("lesson-done").count())
        .toBeLessThan(course.lessons.length - done);
    }
    for (const question of course.questions) {
      const box = sp.getByTestId("quiz-question").filter({ hasText: question.prompt });
      for (const index of question.correct) {
        await box.getByLabel(question.options[index]!, { exact: true }).check();
      }
    }
    await sp.getByTestId("quiz-submit").click();
    const result = sp.getByTestId("quiz-result");
    await result.waitFor();
    expect(await result.innerText()).toContain("100");
    const certificate = sp.getByRole("link", { name: /Tải giấy chứng nhận/ });
    await certificate.waitFor();
    const pdf = await sp.request.get((await certificate.getAttribute("href"))!);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");

    // The homeroom teacher opens a class now; the student enters from "Today's classes".
    const teacher = await browser.signedIn("gv.lan");
    const tp = teacher.page;
    await tp.goto("/classes");
    const classHref = await tp
      .getByRole("link", { name: child.className!, exact: true })
      .getAttribute("href");
    const classId = classHref!.split("/").pop()!;
    await tp.goto(`/classes/${classId}/sessions`);
    const title = `Buổi đầu e2e ${run}`;
    // Starting in two minutes (a start in the past is refused); students may enter 15 min early.
    await scheduleSessionAndEnter(tp, { title, startsInMinutes: 2, endsInMinutes: 40 });
    await openLiveClass(tp);

    await sp.goto("/today");
    await sp
      .getByTestId("today-session")
      .filter({ hasText: title })
      .getByTestId("today-enter")
      .click();
    // The door asks for the rules first; the rules page knows the way back to this class.
    await sp.waitForURL(/\/live\/[0-9a-f-]{36}$/);
    const livePath = new URL(sp.url()).pathname;
    const refused = sp.getByTestId("live-refused");
    await refused.waitFor();
    expect(await refused.getAttribute("data-reason")).toBe("rules_not_acknowledged");
    await sp.getByTestId("live-open-rules").click();
    await sp.waitForURL(
      (url) => url.pathname.startsWith("/rules/") && url.searchParams.get("next") === livePath,
    );
    await sp.getByTestId("rules-read-checkbox").check();
    await sp.getByTestId("rules-acknowledge").click();
    // Acknowledged: back in the class without looking for it again.
    await sp.waitForURL((url) => url.pathname === livePath);
    await sp.getByTestId("student-live").waitFor();
  });
});
