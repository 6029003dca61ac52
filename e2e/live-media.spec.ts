/**
 * Audio, video and screen sharing in the live class, with Chromium's fake camera, microphone and
 * screen: the teacher publishes camera, microphone and screen; two students in their own browser
 * contexts receive them (decoded frames, advancing time, audible sound measured with an
 * AnalyserNode in the page); a student is heard only after the teacher allows it; suspend-all
 * silences the students; a removed student's media stops; a user waiting in the lobby receives
 * nothing. Screenshots of the teacher's console and a student's phone go to test-results/e2e/.
 */
import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  MEDIA_ARGS,
  SCREENSHOT_DIR,
  signIn,
  useBrowser,
  type Actor,
  acknowledgeRules,
  openLiveClass,
  scheduleSessionAndEnter,
} from "./support.ts";

const browser = useBrowser({ args: MEDIA_ARGS });
/** Fake devices but no automatic "allow": a context without permissions is refused access. */
const blockedBrowser = useBrowser({ args: ["--use-fake-device-for-media-stream"] });
const PHONE = { width: 390, height: 844 };
/** Media over WebRTC on a busy 2-core machine: generous waits, never fixed sleeps. */
const MEDIA_WAIT = { timeout: 30_000, interval: 500 };

/** Schedules a session of 10A1 starting now, opens its live page and the class; its id. */
async function openClassNow(tp: Page, titlePrefix: string): Promise<string> {
  await tp.goto("/classes");
  const classHref = await tp.getByRole("link", { name: "10A1", exact: true }).getAttribute("href");
  const classId = classHref!.split("/").pop()!;
  await tp.goto(`/classes/${classId}/sessions`);
  const title = `${titlePrefix} ${Date.now().toString(36)}`;
  // new sessions cannot start in the past; students may enter a few minutes early
  const sessionId = await scheduleSessionAndEnter(tp, {
    title,
    startsInMinutes: 3,
    endsInMinutes: 63,
  });
  await openLiveClass(tp);
  return sessionId;
}

/** Counts the page's RTCPeerConnections (to prove that a lobby user opens none). */
async function countPeerConnections(actor: Actor): Promise<void> {
  await actor.context.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    const counter = window as unknown as { peerConnections: number };
    counter.peerConnections = 0;
    window.RTCPeerConnection = class extends Original {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        counter.peerConnections += 1;
      }
    };
  });
}

/** Records the scaling the page asks of its video senders (RTCRtpSender.setParameters). */
async function recordSenderScaling(actor: Actor): Promise<void> {
  await actor.context.addInitScript(() => {
    const record = window as unknown as { senderScales: number[] };
    record.senderScales = [];
    const original = RTCRtpSender.prototype.setParameters;
    RTCRtpSender.prototype.setParameters = function (this: RTCRtpSender, ...args) {
      for (const encoding of args[0].encodings ?? []) {
        record.senderScales.push(encoding.scaleResolutionDownBy ?? 1);
      }
      return original.apply(this, args);
    };
  });
}

const lastSenderScale = (page: Page) =>
  page.evaluate(() => (window as unknown as { senderScales: number[] }).senderScales.at(-1) ?? 1);

async function screenshot(actor: Actor, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await actor.page.screenshot({
    path: path.join(SCREENSHOT_DIR, `live-media--${name}.png`),
    fullPage: true,
  });
}

/** Whether a video element shows decoded frames and its time advances. */
async function videoPlays(video: Locator): Promise<boolean> {
  if ((await video.count()) === 0) return false;
  const sample = await video.first().evaluate(
    (element: HTMLVideoElement) =>
      new Promise<{ width: number; before: number; after: number }>((resolve) => {
        const before = element.currentTime;
        setTimeout(
          () => resolve({ width: element.videoWidth, before, after: element.currentTime }),
          800,
        );
      }),
  );
  return sample.width > 0 && sample.after > sample.before;
}

/**
 * The loudest sample (0…1) heard over about a second from the remote audio elements of one
 * person (or of everyone but `exceptUserId`), through an AnalyserNode in the page; 0 when there
 * is no such element.
 */
async function loudness(
  page: Page,
  who: { userId: string } | { exceptUserId: string },
): Promise<number> {
  return page.evaluate(async (filter) => {
    const elements = [
      ...document.querySelectorAll<HTMLAudioElement>('audio[data-testid="remote-audio"]'),
    ].filter((element) =>
      "userId" in filter
        ? element.dataset.userId === filter.userId
        : element.dataset.userId !== filter.exceptUserId,
    );
    const streams = elements
      .map((element) => element.srcObject)
      .filter((stream): stream is MediaStream => stream instanceof MediaStream)
      .filter((stream) => stream.getAudioTracks().some((track) => track.readyState === "live"));
    if (streams.length === 0) return 0;
    const context = new AudioContext();
    await context.resume();
    const analysers = streams.map((stream) => {
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      context.createMediaStreamSource(stream).connect(analyser);
      return analyser;
    });
    const samples = new Float32Array(2048);
    let loudest = 0;
    const until = performance.now() + 1_200;
    while (performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      for (const analyser of analysers) {
        analyser.getFloatTimeDomainData(samples);
        for (const value of samples) loudest = Math.max(loudest, Math.abs(value));
      }
    }
    await context.close();
    return loudest;
  }, who);
}

/** User ids of the people whose microphones this page receives. */
async function heardUserIds(page: Page): Promise<string[]> {
  return page
    .locator('audio[data-testid="remote-audio"]')
    .evaluateAll((elements) =>
      elements.map((element) => (element as HTMLElement).dataset.userId ?? ""),
    );
}

describe("audio, video and screen sharing in the live class", () => {
  it("carries the teacher to the students and a student only when allowed", async () => {
    // The teacher schedules a session of 10A1 starting now and opens the class.
    const teacher = await browser.signedIn("gv.lan");
    await recordSenderScaling(teacher);
    const tp = teacher.page;
    const sessionId = await openClassNow(tp, "Âm thanh e2e");

    // Camera and microphone after the device check (preview and a moving level meter), then
    // the screen.
    await tp.getByTestId("media-camera").click();
    const check = tp.getByTestId("device-check");
    await tp.getByTestId("device-preview").waitFor();
    await expect
      .poll(
        async () => Number(await tp.getByTestId("device-level").getAttribute("data-level")),
        MEDIA_WAIT,
      )
      .toBeGreaterThan(0);
    await tp.getByTestId("device-check-start").click();
    await check.waitFor({ state: "hidden" });
    await tp.locator('[data-testid="media-camera"][data-on="true"]').waitFor();
    await tp.locator('[data-testid="media-mic"][data-on="true"]').waitFor();
    await tp.getByTestId("media-screen").click();
    await tp.locator('[data-testid="media-screen"][data-on="true"]').waitFor();
    await tp.locator('[data-testid="stage-video"][data-source="screen"]').waitFor();

    // Two students (their own accounts, own browser contexts, one on a phone) enter the class.
    const students: Actor[] = [];
    for (const [username, viewport] of [
      ["hs.vmd1001", PHONE],
      ["hs.vmd1002", { width: 1280, height: 860 }],
    ] as const) {
      const actor = await browser.newActor(username, {
        viewport,
        isMobile: viewport === PHONE,
        hasTouch: viewport === PHONE,
      });
      await signIn(actor.page, username);
      await acknowledgeRules(actor.page);
      await actor.page.goto(`/live/${sessionId}`);
      await actor.page.getByTestId("student-live").waitFor();
      students.push(actor);
    }
    const [studentA, studentB] = students as [Actor, Actor];
    const nameA = (await studentA.page.getByTestId("self-name").innerText()).trim();
    const nameB = (await studentB.page.getByTestId("self-name").innerText()).trim();

    // Both receive the teacher's screen (large) and camera (in the speakers' strip), with
    // decoded frames and advancing time, and hear the teacher's microphone.
    const teacherId = (await studentA.page
      .locator('[data-testid="stage-video"][data-source="screen"]')
      .getAttribute("data-user-id", { timeout: 30_000 }))!;
    expect(teacherId).toBeTruthy();
    for (const student of students) {
      const page = student.page;
      await expect
        .poll(
          () => videoPlays(page.locator('[data-testid="stage-video"][data-source="screen"]')),
          MEDIA_WAIT,
        )
        .toBe(true);
      await expect
        .poll(
          () => videoPlays(page.locator(`[data-testid="tile-video"][data-user-id="${teacherId}"]`)),
          MEDIA_WAIT,
        )
        .toBe(true);
      await expect.poll(() => loudness(page, { userId: teacherId }), MEDIA_WAIT).toBeGreaterThan(0);
    }
    await screenshot(teacher, "teacher-publishing-vi");
    await screenshot(studentA, "student-phone-receiving-vi");

    // A teacher of another school waits in the lobby: no media connection, nothing received,
    // while the teacher publishes to the students.
    const lobby = await browser.newActor("gv.thao-lobby");
    await countPeerConnections(lobby);
    await signIn(lobby.page, "gv.thao");
    await lobby.page.goto(`/live/${sessionId}`);
    await lobby.page.getByTestId("live-lobby-waiting").waitFor();
    await expect
      .poll(
        () =>
          videoPlays(studentB.page.locator('[data-testid="stage-video"][data-source="screen"]')),
        MEDIA_WAIT,
      )
      .toBe(true);
    expect(await lobby.page.locator("video, audio").count()).toBe(0);
    expect(
      await lobby.page.evaluate(
        () => (window as unknown as { peerConnections: number }).peerConnections,
      ),
    ).toBe(0);

    // A student has no microphone until the teacher allows it: nobody hears a student.
    expect(await studentA.page.getByTestId("media-mic").count()).toBe(0);
    expect(await heardUserIds(tp)).toEqual([]);
    expect(new Set(await heardUserIds(studentB.page))).toEqual(new Set([teacherId]));

    // Raise hand → "allow to speak" → "you may speak now" → microphone on → heard by all.
    await studentA.page.getByTestId("hand-toggle").click();
    const hand = tp.getByTestId("hand-entry").filter({ hasText: nameA });
    await hand.getByTestId("media-allow-speak").click();
    await studentA.page.getByTestId("media-may-speak").waitFor();
    expect(await studentB.page.getByTestId("media-may-speak").count()).toBe(0);
    await studentA.page.getByTestId("media-mic").click();
    await studentA.page.getByTestId("device-check-start").click();
    await studentA.page.locator('[data-testid="media-mic"][data-on="true"]').waitFor();
    await expect
      .poll(() => loudness(tp, { exceptUserId: teacherId }), MEDIA_WAIT)
      .toBeGreaterThan(0);
    const studentAId = (await heardUserIds(tp))[0]!;
    await expect
      .poll(() => loudness(studentB.page, { userId: studentAId }), MEDIA_WAIT)
      .toBeGreaterThan(0);
    await screenshot(studentA, "student-phone-speaking-vi");

    // The teacher lets student B speak too (from the speaking panel, no raised hand).
    await tp.getByTestId("media-pick").click();
    await tp.getByRole("option", { name: nameB }).click();
    await tp.getByTestId("media-permissions").getByTestId("media-allow-speak").click();
    await studentB.page.getByTestId("media-mic").click();
    await studentB.page.getByTestId("device-check-start").click();
    await studentB.page.locator('[data-testid="media-mic"][data-on="true"]').waitFor();
    await expect.poll(async () => (await heardUserIds(tp)).length, MEDIA_WAIT).toBe(2);
    const studentBId = (await heardUserIds(tp)).find((userId) => userId !== studentAId)!;
    await expect.poll(() => loudness(tp, { userId: studentBId }), MEDIA_WAIT).toBeGreaterThan(0);
    await expect
      .poll(() => loudness(studentA.page, { userId: studentBId }), MEDIA_WAIT)
      .toBeGreaterThan(0);
    await screenshot(teacher, "teacher-two-speakers-vi");

    // The teacher removes student B: B is out and nobody hears B any more.
    const rowB = tp.locator(`[data-testid="roster-row"][data-name="${nameB}"]`);
    await rowB.getByTestId("participant-menu").click();
    await tp.getByTestId("participant-remove").click();
    await tp.getByTestId("remove-confirm").click();
    await studentB.page.getByTestId("live-kicked").waitFor();
    await expect.poll(() => loudness(tp, { userId: studentBId }), MEDIA_WAIT).toBe(0);
    await expect.poll(() => loudness(studentA.page, { userId: studentBId }), MEDIA_WAIT).toBe(0);
    await expect.poll(() => loudness(tp, { userId: studentAId }), MEDIA_WAIT).toBeGreaterThan(0);

    // Suspend all activity: A's microphone stops and nobody hears a student; the teacher's
    // microphone still reaches A.
    await tp.getByTestId("live-suspend").click();
    await tp.getByTestId("live-suspend-confirm").click();
    await tp.getByTestId("suspended-banner").waitFor();
    await studentA.page.getByTestId("suspended-banner").waitFor();
    await studentA.page.getByTestId("media-mic").waitFor({ state: "detached" });
    await expect.poll(() => loudness(tp, { exceptUserId: teacherId }), MEDIA_WAIT).toBe(0);
    await expect
      .poll(() => loudness(studentA.page, { userId: teacherId }), MEDIA_WAIT)
      .toBeGreaterThan(0);
    await screenshot(studentA, "student-phone-suspended-vi");
    await screenshot(teacher, "teacher-suspended-vi");

    // Resumed, the grant is not back by itself; the teacher allows student A again.
    await tp.getByTestId("live-resume").click();
    await tp.getByTestId("suspended-banner").waitFor({ state: "detached" });
    await studentA.page.getByTestId("suspended-banner").waitFor({ state: "detached" });
    expect(await studentA.page.getByTestId("media-may-speak").count()).toBe(0);
    await tp.getByTestId("media-pick").click();
    await tp.getByRole("option", { name: nameA }).click();
    await tp.getByTestId("media-permissions").getByTestId("media-allow-speak").click();
    await tp.locator(`[data-testid="media-speaker"][data-user-id="${studentAId}"]`).waitFor();
    await studentA.page.getByTestId("media-mic").click();
    await studentA.page.locator('[data-testid="media-mic"][data-on="true"]').waitFor();
    await expect.poll(() => loudness(tp, { userId: studentAId }), MEDIA_WAIT).toBeGreaterThan(0);

    // The teacher turns A's microphone off: A's button shows it, nobody hears A; A may turn it
    // on again (the grant stays).
    await tp
      .locator(`[data-testid="media-speaker"][data-user-id="${studentAId}"]`)
      .getByTestId("media-speaker-menu")
      .click();
    await tp.getByTestId("media-stop-mic").click();
    await studentA.page.locator('[data-testid="media-mic"]:not([data-on])').waitFor();
    await expect.poll(() => loudness(tp, { userId: studentAId }), MEDIA_WAIT).toBe(0);
    await studentA.page.getByTestId("media-mic").click();
    await studentA.page.locator('[data-testid="media-mic"][data-on="true"]').waitFor();
    await expect.poll(() => loudness(tp, { userId: studentAId }), MEDIA_WAIT).toBeGreaterThan(0);

    // Audio only on a weak connection: A's videos go, the teacher is still heard; back to full.
    await studentA.page.getByTestId("media-audio-only").check({ force: true });
    await expect
      .poll(() => studentA.page.locator('[data-testid$="-video"]').count(), MEDIA_WAIT)
      .toBe(0);
    await expect
      .poll(() => loudness(studentA.page, { userId: teacherId }), MEDIA_WAIT)
      .toBeGreaterThan(0);
    await screenshot(studentA, "student-phone-audio-only-vi");
    // The only student watching asked for less: the teacher's camera is sent at half size.
    await expect.poll(() => lastSenderScale(tp), MEDIA_WAIT).toBe(2);
    await studentA.page.getByTestId("media-audio-only").uncheck({ force: true });
    await expect.poll(() => lastSenderScale(tp), MEDIA_WAIT).toBe(1);
    await expect
      .poll(
        () =>
          videoPlays(studentA.page.locator('[data-testid="stage-video"][data-source="screen"]')),
        MEDIA_WAIT,
      )
      .toBe(true);
  }, 300_000);

  it("explains a blocked camera and microphone, and the class goes on without them", async () => {
    const teacher = await blockedBrowser.signedIn("gv.lan");
    const tp = teacher.page;
    await openClassNow(tp, "Thiết bị bị chặn e2e");
    await tp.getByTestId("media-camera").click();
    const error = tp.getByTestId("device-error");
    await error.waitFor();
    expect(await error.getAttribute("data-reason")).toBe("denied");
    expect(await error.innerText()).toContain("Trình duyệt đang chặn camera hoặc micrô");
    expect(await tp.getByTestId("device-check-start").isDisabled()).toBe(true);
    await screenshot(teacher, "teacher-device-blocked-vi");
    await tp.keyboard.press("Escape");
    await tp.getByTestId("device-check").waitFor({ state: "hidden" });
    await tp.getByTestId("language-switch").getByText("EN", { exact: true }).click();
    await tp.getByTestId("media-mic").click();
    await tp.getByText("The browser is blocking the camera or microphone").waitFor();
    await screenshot(teacher, "teacher-device-blocked-en");
    expect(await tp.getByTestId("media-stage").isVisible()).toBe(true);
  });
});
