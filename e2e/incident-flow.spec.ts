/**
 * From a bad message to the Department's report, in the Vietnamese interface: a student reports
 * a classmate's message anonymously with the one-tap action in the live class and keeps the
 * follow-up code; the teacher sees the incident (not who reported it) and passes it to the
 * principal; the principal raises its severity, refers it to the police, writes to the reporter and downloads the
 * handover package (a ZIP with a manifest and the PDF); the reporter follows the case with the
 * code alone and reads the principal's message; the Department officer's monthly report counts
 * the referral.
 */
import fs from "node:fs";
import JSZip from "jszip";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { baseUrl, fillDate, signIn, useBrowser, type Actor, acknowledgeRules } from "./support.ts";

const browser = useBrowser();
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** A state-changing API call from the page's own session (cookie, CSRF token, Origin). */
async function post(page: Page, url: string, data: unknown) {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === "sc_csrf")?.value;
  return page.request.post(url, {
    data,
    headers: { "x-csrf-token": csrf ?? "", origin: baseUrl() },
  });
}

async function studentInClass(username: string, sessionId: string): Promise<Actor> {
  const student = await browser.newActor(username, phone);
  await signIn(student.page, username);
  await acknowledgeRules(student.page);
  await student.page.goto(`/live/${sessionId}`);
  await student.page.getByTestId("student-live").waitFor();
  return student;
}

/** The big number of a dashboard card with this label (label and number are siblings). */
async function statValue(page: Page, label: string): Promise<number> {
  const value = page.locator(`xpath=//p[normalize-space()="${label}"]/following-sibling::p[1]`);
  const text = await value.first().innerText();
  return Number(text.replace(/[^\d]/g, ""));
}

describe("an incident from the live class to the Department's report", () => {
  it("is reported anonymously in one tap, escalated, referred to the police and counted", async () => {
    const suffix = Date.now().toString(36);

    // gv.lan teaches 10A1 (THPT Võ Minh Đức): a class session starting now, opened.
    const teacher = await browser.signedIn("gv.lan");
    const tp = teacher.page;
    await tp.goto("/classes");
    const href = await tp.getByRole("link", { name: "10A1", exact: true }).getAttribute("href");
    const classId = href!.split("/").pop()!;
    const created = await post(tp, `/api/classes/${classId}/live-sessions`, {
      title: `Sinh hoạt lớp ${suffix}`,
      startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      endsAt: new Date(Date.now() + 55 * 60_000).toISOString(),
    });
    expect(created.status()).toBe(201);
    const sessionId = ((await created.json()) as { session: { id: string } }).session.id;
    await tp.goto(`/live/${sessionId}`);
    await tp.getByTestId("teacher-live").waitFor();
    await tp.getByTestId("live-open").click();
    await tp.getByTestId("state-open").waitFor();

    // Two students of 10A1 in class; B writes something hurtful.
    const reporter = await studentInClass("hs.vmd1001", sessionId);
    const offender = await studentInClass("hs.vmd1002", sessionId);
    const reporterName = (await reporter.page.getByTestId("self-name").innerText()).trim();
    const hurtful = `Cả lớp đừng ai chơi với bạn ấy nữa nhé ${suffix}`;
    await offender.page.getByTestId("chat-input").fill(hurtful);
    await offender.page.getByTestId("chat-send").click();
    const seen = reporter.page.getByTestId("chat-message").filter({ hasText: hurtful });
    await seen.waitFor();

    // One tap on the message: the report form opens with the message quoted and the category
    // guessed; the student sends it anonymously and keeps the code.
    const rp = reporter.page;
    await seen.getByTestId("chat-message-menu").click();
    await rp.getByTestId("chat-report").click();
    const dialog = rp.getByRole("dialog");
    await dialog.getByTestId("report-live-target").getByText(hurtful).waitFor();
    expect(await dialog.getByTestId("report-category").inputValue()).toBe("Quấy rối, bắt nạt");
    const title = `Bạn cô lập em trong giờ sinh hoạt ${suffix}`;
    await dialog.getByLabel("Tóm tắt ngắn").fill(title);
    await dialog.getByRole("switch", { name: "Gửi ẩn danh" }).check();
    await dialog.getByTestId("report-submit").click();
    const code = (await dialog.getByTestId("anonymous-code").innerText()).trim();
    expect(code).toMatch(/^[A-Z2-7]{5}(-[A-Z2-7]{5}){4}$/);
    await rp.keyboard.press("Escape");

    // The teacher reports a participant from the roster in one tap as well.
    const offenderName = (await offender.page.getByTestId("self-name").innerText()).trim();
    const row = tp.locator(`[data-testid="roster-row"][data-name="${offenderName}"]`);
    await row.getByTestId("participant-menu").click();
    await tp.getByTestId("participant-report").click();
    const teacherDialog = tp.getByRole("dialog");
    await teacherDialog.getByText(`Về: ${offenderName}`).waitFor();
    expect(await teacherDialog.getByTestId("report-category").inputValue()).toBe(
      "Quấy rối, bắt nạt",
    );
    await teacherDialog.getByTestId("report-submit").click();
    await teacherDialog.waitFor({ state: "hidden" });

    // The teacher sees the incident with the message as evidence, not who reported it, and
    // passes it to the principal.
    await tp.goto("/incidents");
    await tp.getByRole("link", { name: title }).click();
    await tp.waitForURL(/\/incidents\/[0-9a-f-]{36}$/);
    const incidentId = tp.url().split("/").pop()!;
    await tp.getByText("Người báo cáo ẩn danh").first().waitFor();
    await tp.getByText(hurtful).first().waitFor();
    expect(await tp.locator("body").innerText()).not.toContain(reporterName);
    await tp.getByTestId("incident-escalate").click();
    await tp.getByRole("dialog").getByLabel("Lý do / ghi chú").fill("Cần hiệu trưởng xử lý");
    await tp.getByRole("dialog").getByRole("button", { name: "Xác nhận" }).click();
    await tp.getByText("→ Hiệu trưởng").waitFor();

    // The principal refers it to the police, writes to the reporter and downloads the package.
    const principal = await browser.signedIn("ht.vominhduc");
    const pp = principal.page;
    await pp.goto(`/incidents/${incidentId}`);
    await pp.getByText("Người báo cáo ẩn danh").first().waitFor();
    expect(await pp.locator("body").innerText()).not.toContain(reporterName);
    // The attached evidence is named for people (no MIME type), and times read
    // "07:02, 05/12/2026".
    await pp
      .getByTestId("evidence-title")
      .filter({ hasText: "Trích đoạn trò chuyện trong lớp" })
      .first()
      .waitFor();
    const detailText = await pp.locator("body").innerText();
    expect(detailText).not.toContain("application/json");
    expect(detailText).toMatch(/Ghi nhận lúc: \d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}/);
    // The principal raises its severity; the timeline records the reclassification.
    await pp.getByTestId("incident-reclassify").click();
    const reclassify = pp.getByRole("dialog");
    await reclassify.getByRole("combobox", { name: "Mức độ" }).click();
    await pp.getByRole("option", { name: "Nghiêm trọng" }).click();
    await reclassify.getByLabel("Lý do / ghi chú").fill("Nội dung lan sang nhóm lớp bên ngoài");
    await reclassify.getByRole("button", { name: "Xác nhận" }).click();
    await reclassify.waitFor({ state: "hidden" });
    await pp.getByText("Nội dung lan sang nhóm lớp bên ngoài").waitFor();
    await pp.getByText(/^Mức độ: .+ → Nghiêm trọng$/).waitFor();
    await pp.getByLabel("Cơ quan công an").fill("Công an phường Phú Cường");
    await pp.getByLabel("Cán bộ tiếp nhận").fill("Đại úy Trần Văn Bình");
    await pp.getByLabel("Số hồ sơ").fill(`BD-${suffix}`);
    await fillDate(pp.getByLabel("Ngày chuyển"), new Date().toISOString().slice(0, 10));
    await pp.getByRole("button", { name: "Lưu thông tin chuyển công an" }).click();
    await pp.getByText("Chuyển cơ quan công an", { exact: true }).waitFor();
    const reply = `Nhà trường đã tiếp nhận và đang xử lý, em yên tâm nhé ${suffix}`;
    await pp.getByPlaceholder("Tin nhắn cho người báo cáo…").fill(reply);
    await pp.getByRole("button", { name: "Gửi tin nhắn" }).click();
    await pp.getByText(reply).waitFor();

    const [download] = await Promise.all([
      pp.waitForEvent("download"),
      pp.getByRole("link", { name: "Gói bàn giao (ZIP)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^safeclass-su-co-\d+\.zip$/);
    const zip = await JSZip.loadAsync(fs.readFileSync((await download.path())!));
    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string")) as {
      evidence: Array<{ kind: string }>;
      chain: { entries: number; verifiedAtExport: boolean };
    };
    expect(manifest.chain.verifiedAtExport).toBe(true);
    expect(manifest.evidence.map((item) => item.kind)).toEqual(
      expect.arrayContaining(["chat_excerpt", "participants"]),
    );
    const pdfName = Object.keys(zip.files).find((name) => name.endsWith(".pdf"))!;
    expect(pdfName).toMatch(/^ho-so-su-co-\d+\.pdf$/);
    const pdf = await zip.file(pdfName)!.async("nodebuffer");
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(JSON.stringify(manifest)).not.toContain(reporterName);

    // The reporter, signed out on another phone, follows the case with the code alone.
    const follower = await browser.newActor("anonymous-follower", phone);
    await follower.page.goto("/report/follow");
    await follower.page.getByLabel("Mã theo dõi").fill(code);
    await follower.page.getByRole("button", { name: "Xem báo cáo" }).click();
    await follower.page.getByText(title).waitFor();
    await follower.page.getByText(reply).waitFor();

    // The incident stayed at the school, so the Department officer's incident list says where
    // to look instead: the report for this month, which counts the referral.
    const department = await browser.signedIn("so.admin");
    const dp = department.page;
    await dp.goto("/incidents");
    const scope = dp.getByTestId("incidents-scope");
    await scope.getByText(/chỉ hiện ở đây khi được chuyển lên Sở GDĐT/).waitFor();
    await scope.getByRole("link", { name: "Xem số liệu trong Báo cáo" }).click();
    await dp.waitForURL(/\/reports$/);
    await dp.getByText("Chuyển công an", { exact: true }).first().waitFor();
    await expect.poll(() => statValue(dp, "Chuyển công an")).toBeGreaterThanOrEqual(1);
    expect(await statValue(dp, "Tổng số sự cố")).toBeGreaterThanOrEqual(1);
  });

  it("lets a principal set the school's own deadlines and go back to the inherited ones", async () => {
    const principal = await browser.signedIn("ht.vominhduc");
    const page = principal.page;
    await page.goto("/incidents");
    await page.getByTestId("incident-settings-link").click();
    await page.waitForURL(/\/incidents\/settings$/);
    const source = page.getByTestId("settings-source");
    await source.locator('[data-source="default"]').waitFor();
    // 30 minutes to acknowledge a critical incident; a resolve deadline shorter than that is
    // refused before anything is sent.
    await page.getByTestId("deadline-critical-ack").fill("30");
    await page.getByTestId("deadline-critical-ack-unit").click();
    await page.getByRole("option", { name: "phút" }).click();
    await page.getByTestId("deadline-critical-resolve").fill("0");
    await page.getByTestId("deadlines-save").click();
    await page.getByText("Thời hạn xử lý ít nhất là 1 giờ.").waitFor();
    await page.getByTestId("deadline-critical-resolve").fill("12");
    await page.getByTestId("deadlines-save").click();
    await page.getByText("Đã lưu thời hạn xử lý.").waitFor();
    await source.locator('[data-source="own"]').waitFor();
    expect(await page.getByTestId("deadline-critical-ack").inputValue()).toBe("30");
    await page.getByTestId("deadlines-clear").click();
    await source.locator('[data-source="default"]').waitFor();
    expect(await page.getByTestId("deadline-critical-ack").inputValue()).toBe("1");
  });
});
