/**
 * School and family end to end: the principal downloads a parent link code for one student of a
 * class made for this run, a new parent registers with it and consents, the child (from 7) is
 * sent to their own consent at sign-in, the homeroom teacher runs a class the child misses, and
 * the parent sees the absence on the child's page and as an alert (the e2e server checks ended
 * classes every 2 s: ABSENCE_ALERT_SECONDS in e2e/global-setup.ts).
 */
import ExcelJS from "exceljs";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { consentPurposes } from "../src/shared/family.ts";
import { signIn, useBrowser, apiOf, openLiveClass, scheduleSessionAndEnter } from "./support.ts";

const browser = useBrowser();
const run = Date.now().toString(36);
const STUDENT_CODE = "VMD1017";
const NEW_PASSWORD = `HocSinh-${run}-2026`;

describe("school and family", () => {
  it("links a new parent with the school's code, takes consent, and alerts an absence", async () => {
    // --- The school: a class of its own for this run, homeroom gv.lan, one demo student.
    const principal = await browser.signedIn("ht.vominhduc");
    const school = apiOf(principal.page);
    const { user } = await school.get<{
      user: { roles: Array<{ role: string; orgUnitId: string }> };
    }>("/api/auth/me");
    const schoolId = user.roles.find((role) => role.role === "principal")!.orgUnitId;
    const teachers = await school.get<{ items: Array<{ userId: string; username: string }> }>(
      `/api/schools/${schoolId}/teachers?pageSize=100`,
    );
    const homeroomId = teachers.items.find((row) => row.username === "gv.lan")!.userId;
    const className = `GĐ ${run}`;
    const created = await school.post<{ class: { id: string } }>("/api/classes", {
      schoolId,
      name: className,
      grade: 10,
      schoolYear: "2026-2027",
      homeroomTeacherId: homeroomId,
    });
    const classId = created.class.id;
    const students = await school.get<{
      items: Array<{ id: string; userId: string; studentCode: string; fullName: string }>;
    }>(`/api/schools/${schoolId}/students?pageSize=100&q=${STUDENT_CODE}`);
    const child = students.items.find((row) => row.studentCode === STUDENT_CODE)!;
    await school.post(`/api/classes/${classId}/students`, { studentId: child.id });
    const { temporaryPassword } = await school.post<{ temporaryPassword: string }>(
      `/api/users/${child.userId}/reset-password`,
      {},
    );

    // --- The principal downloads the parent link code of that student (.xlsx list).
    const pp = principal.page;
    await pp.goto(`/schools/${schoolId}/privacy`);
    await pp.getByRole("tab", { name: "Mã liên kết" }).click();
    await pp.getByRole("combobox", { name: "Chọn lớp" }).click();
    await pp.getByRole("option", { name: className }).click();
    await pp.getByRole("checkbox", { name: child.fullName }).check();
    const [download] = await Promise.all([
      pp.waitForEvent("download"),
      pp.getByRole("button", { name: "Tải danh sách (.xlsx)" }).click(),
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const row = workbook.worksheets[0]!.getRow(2);
    expect(row.getCell(2).text).toBe(STUDENT_CODE);
    const code = row.getCell(4).text;
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{5}$/);

    // --- A new parent registers with the code and consents to attendance alerts.
    const parent = await browser.newActor("parent");
    const fp = parent.page;
    await fp.goto("/parents/register");
    await fp.getByTestId("register-code").fill(code);
    await fp.getByTestId("register-name").fill("Phạm Thị Hạnh");
    await fp.getByTestId("register-username").fill(`ph.e2e.${run}`);
    await fp.getByTestId("register-email").fill(`ph.e2e.${run}@example.vn`);
    await fp.getByTestId("register-password").fill(`PhuHuynh-${run}-2026`);
    await fp.getByTestId("register-submit").click();
    await fp.waitForURL(`**/children/${child.id}?tab=privacy`);
    // Consent is an explicit choice (Decree 13/2023): no purpose starts ticked.
    for (const purpose of consentPurposes) {
      expect(await fp.getByTestId(`purpose-${purpose}`).isChecked()).toBe(false);
    }
    await fp.getByTestId("purpose-attendance_alerts").check();
    await fp.getByTestId("consent-accept").check();
    await fp.getByTestId("consent-submit").click();
    await fp.getByText("Đã lưu").first().waitFor();

    // --- The child sets a password, signs in again and is sent to their own consent first.
    const first = await browser.newActor("child-first-sign-in");
    await first.page.goto("/login");
    await first.page.getByTestId("login-username").fill(`hs.${STUDENT_CODE.toLowerCase()}`);
    await first.page.getByTestId("login-password").fill(temporaryPassword);
    await first.page.getByTestId("login-submit").click();
    const form = first.page.getByTestId("change-password-form");
    await form.waitFor();
    const fields = form.locator("input[type=password]");
    await fields.nth(0).fill(temporaryPassword);
    await fields.nth(1).fill(NEW_PASSWORD);
    await fields.nth(2).fill(NEW_PASSWORD);
    await form.getByRole("button").last().click();
    await first.page.getByTestId("user-menu").waitFor();
    await first.context.close();
    const student = await browser.newActor("child");
    await signIn(student.page, `hs.${STUDENT_CODE.toLowerCase()}`, NEW_PASSWORD);
    await student.page.waitForURL("**/my-consent");
    for (const purpose of consentPurposes) {
      expect(await student.page.getByTestId(`purpose-${purpose}`).isChecked()).toBe(false);
    }
    await student.page.getByTestId("purpose-attendance_alerts").check();
    await student.page.getByTestId("consent-accept").check();
    await student.page.getByTestId("consent-submit").click();
    await expect
      .poll(() => student.page.getByTestId("my-consent-state").innerText())
      .toContain("Cảm ơn em");

    // --- The homeroom teacher runs a class now; the child does not come; the class ends.
    const teacher = await browser.signedIn("gv.lan");
    const tp = teacher.page;
    await tp.goto(`/classes/${classId}/sessions`);
    const title = `Sinh hoạt e2e ${run}`;
    // Starting in two minutes (a start in the past is refused); teachers may open early.
    await scheduleSessionAndEnter(tp, { title, startsInMinutes: 2, endsInMinutes: 40 });
    await openLiveClass(tp);
    await tp.getByTestId("live-close").click();
    await tp.getByTestId("live-close-confirm").click();

    // --- The parent is alerted (in the app; the e-mail goes to the outbox) and sees the absence.
    await fp.goto("/notifications");
    await expect
      .poll(
        async () => {
          await fp.reload();
          return fp
            .getByText(`${child.fullName} vắng buổi học`)
            .first()
            .waitFor({ timeout: 1_500 })
            .then(
              () => true,
              () => false,
            );
        },
        { timeout: 30_000, interval: 2_000 },
      )
      .toBe(true);
    await fp.goto(`/children/${child.id}`);
    const missed = fp.getByTestId("attendance-row").filter({ hasText: title });
    await missed.waitFor();
    expect(await missed.innerText()).toContain("Vắng");
  });
});
