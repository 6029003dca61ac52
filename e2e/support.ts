/**
 * Helpers for the Playwright specs under e2e/ (run with `npm run test:e2e`).
 *
 * A spec file calls `useBrowser()` once at its top level: Chromium is launched once for the
 * file, each test creates as many actors as it needs (one browser context each, so cookies and
 * local storage are separate), and the actors are closed after the test — with a full-page
 * screenshot of each into test-results/e2e/ when the test failed (after every test with
 * E2E_SCREENSHOTS=all, to look at pages that pass).
 *
 * All specs share ONE server and database (started by e2e/global-setup.ts, files run one after
 * another): create your own records with unique names instead of changing the demo province.
 * Wait on visible state (`locator.waitFor()`, `page.waitForURL()`, `expect.poll(...)`), never on
 * fixed sleeps.
 *
 * Run one file: `npm run test:e2e -- e2e/language.spec.ts`. Knobs: E2E_SCREENSHOTS=all (screenshot
 * passing tests too), E2E_KEEP_DATA=1 (keep .tmp/e2e-data/run-*), E2E_LOG_LEVEL=info (server log,
 * copied to test-results/e2e-server.log), E2E_CHROMIUM=/path/to/chromium.
 *
 * @example
 * const browser = useBrowser();
 * it("shows the teacher their classes", async () => {
 *   const { page } = await browser.signedIn("gv.thao");
 *   await page.goto("/classes");
 *   await page.getByRole("link", { name: "8A1" }).waitFor();
 * });
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, inject } from "vitest";

/** Password of every demo account (src/server/seed/demo.ts). */
export const DEMO_PASSWORD = "SafeClass2026";

/** Debian's Chromium; the e2e run never downloads a browser. */
export const CHROMIUM_PATH = process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";

/** Flags that keep a headless Chromium quiet, fast and working inside containers. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** How long a single wait (click, waitFor, goto…) may take before the step fails. */
export const STEP_TIMEOUT_MS = 15_000;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Where failure screenshots go. */
export const SCREENSHOT_DIR = path.join(repoRoot, "test-results/e2e");

/** Origin of the SafeClass server under test ("http://127.0.0.1:PORT"). */
export function baseUrl(): string {
  return inject("baseUrl");
}

/** One person using SafeClass: their own browser context (cookies, storage) and page. */
export interface Actor {
  /** Used in screenshot file names ("gv.thao", "visitor"…). */
  name: string;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far; printed when the test fails. */
  errors: string[];
}

/** What `useBrowser()` gives a spec file. */
export interface E2EBrowser {
  /** The file's Chromium (launched in beforeAll). */
  readonly browser: Browser;
  /** A new signed-out actor: own context with `baseURL` set (so `page.goto("/login")` works),
   * Vietnamese locale and Asia/Ho_Chi_Minh time zone unless `options` say otherwise. */
  newActor(name: string, options?: BrowserContextOptions): Promise<Actor>;
  /** A new actor signed in through the login form (see `signIn`). */
  signedIn(username: string, password?: string): Promise<Actor>;
}

/** Options of `useBrowser()`. */
export interface BrowserOptions {
  /** Extra Chromium flags, e.g. fake camera and microphone (`MEDIA_ARGS`). */
  args?: string[];
}

/** Chromium's fake camera, microphone and screen, granted without a prompt, sound without a
 * click: for the audio and video specs. */
export const MEDIA_ARGS = [
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--autoplay-policy=no-user-gesture-required",
];

/** Launches Chromium once for this spec file and closes every test's actors after it. */
export function useBrowser(options: BrowserOptions = {}): E2EBrowser {
  let browser: Browser | undefined;
  let actors: Actor[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
    });
  });

  afterEach(async ({ task }) => {
    const current = actors;
    actors = [];
    const failed = task.result?.state === "fail";
    if (failed || process.env.E2E_SCREENSHOTS === "all") {
      const file = path.basename(task.file.name).replace(/\.spec\.ts$/, "");
      for (const actor of current) {
        const target = path.join(
          SCREENSHOT_DIR,
          `${file}--${slug(task.name)}--${slug(actor.name)}.png`,
        );
        fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await actor.page
          .screenshot({ path: target, fullPage: true, timeout: 5_000 })
          .then(() =>
            console.error(`e2e: screenshot of ${actor.name} at ${actor.page.url()} → ${target}`),
          )
          .catch((error: unknown) =>
            console.error(`e2e: no screenshot of ${actor.name}: ${String(error)}`),
          );
        if (failed && actor.errors.length > 0) {
          console.error(`e2e: errors in ${actor.name}'s page:\n  ${actor.errors.join("\n  ")}`);
        }
      }
    }
    await Promise.all(current.map((actor) => actor.context.close().catch(() => undefined)));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const api: E2EBrowser = {
    get browser() {
      if (!browser) throw new Error("useBrowser(): the browser is launched in beforeAll");
      return browser;
    },
    async newActor(name, options = {}) {
      const context = await api.browser.newContext({
        baseURL: baseUrl(),
        locale: "vi-VN",
        timezoneId: "Asia/Ho_Chi_Minh",
        viewport: { width: 1280, height: 860 },
        ...options,
      });
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS * 2);
      const page = await context.newPage();
      const actor: Actor = { name, context, page, errors: [] };
      page.on("pageerror", (error) => actor.errors.push(`pageerror: ${error.message}`));
      page.on("console", (message) => {
        // a signed-out page asking "who am I?" gets a 401 by design; that is not an error
        const text = message.text();
        if (message.type() === "error" && !text.includes("status of 401")) {
          actor.errors.push(`console: ${text}`);
        }
      });
      actors.push(actor);
      return actor;
    },
    async signedIn(username, password = DEMO_PASSWORD) {
      const actor = await api.newActor(username);
      await signIn(actor.page, username, password);
      return actor;
    },
  };
  return api;
}

/**
 * Signs in through the real login form (test ids login-username, login-password, login-submit)
 * and waits until the signed-in shell shows. Throws with the form's message when refused.
 */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByTestId("login-username").fill(username);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  const shell = page.getByTestId("user-menu");
  const refused = page.getByTestId("login-error");
  const mustChange = page.getByTestId("change-password-form");
  await shell.or(refused).or(mustChange).first().waitFor();
  if (await refused.isVisible()) {
    throw new Error(`signIn(${username}) was refused: ${await refused.innerText()}`);
  }
  if (await mustChange.isVisible()) {
    throw new Error(`signIn(${username}): the account must change its password first`);
  }
}

/** The trimmed visible texts of every element the locator matches, once at least one shows. */
export async function visibleTexts(locator: Locator): Promise<string[]> {
  await locator.first().waitFor();
  const texts = await locator.allInnerTexts();
  return texts.map((text) => text.trim());
}

function slug(text: string): string {
  return (
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .replace(/[^A-Za-z0-9.]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "test"
  );
}

/** "HH:MM" and "YYYY-MM-DD" of an instant in Vietnam time, as the session forms take them. */
export function vietnam(at: Date): { date: string; time: string } {
  const iso = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** "YYYY-MM-DD" → "DD/MM/YYYY", the way the app's date fields show a date and take it typed. */
export function displayedDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-");
  return `${day}/${month}/${year}`;
}

/** Types `isoDate` into a date field (DateField: an input showing DD/MM/YYYY) as a person would,
 * then leaves the field, which closes its calendar and shows the date as the field read it. */
export async function fillDate(field: Locator, isoDate: string): Promise<void> {
  await field.fill(displayedDate(isoDate));
  await field.press("Tab");
  expect(await field.inputValue(), "the date field took the typed date").toBe(
    displayedDate(isoDate),
  );
}

/** Types "HH:MM" into a time field (TimeField: 24-hour hours and minutes boxes; `field` is the
 * hours box, which carries the test id and the label) as a person would, digits only — the
 * field moves to the minutes by itself — then leaves the field, which closes its lists. */
export async function fillTime(field: Locator, time: string): Promise<void> {
  if (!/^\d{2}:\d{2}$/.test(time)) throw new Error(`fillTime: "${time}" is not HH:MM`);
  await field.selectText(); // as a click does, so the first digit replaces the old hours
  await field.page().keyboard.type(time.replace(":", ""));
  await field.page().keyboard.press("Tab");
  expect(await field.inputValue(), "the hours box took the typed hours").toBe(time.slice(0, 2));
}

/** On a class's sessions page: creates an ad-hoc session `title` from `startsInMinutes` to
 * `endsInMinutes` from now (cut at midnight), enters its teacher page and returns its id. */
export async function scheduleSessionAndEnter(
  page: Page,
  input: { title: string; startsInMinutes: number; endsInMinutes: number },
): Promise<string> {
  const start = vietnam(new Date(Date.now() + input.startsInMinutes * 60_000));
  const endAt = vietnam(new Date(Date.now() + input.endsInMinutes * 60_000));
  await page.getByTestId("adhoc-title").fill(input.title);
  await fillDate(page.getByTestId("adhoc-date"), start.date);
  await fillTime(page.getByTestId("adhoc-start"), start.time);
  await fillTime(page.getByTestId("adhoc-end"), endAt.date === start.date ? endAt.time : "23:59");
  await page.getByTestId("adhoc-create").click();
  await page
    .getByTestId("session-row")
    .filter({ hasText: input.title })
    .getByTestId("session-open-live")
    .click();
  await page.getByTestId("teacher-live").waitFor();
  return page.url().split("/").pop()!;
}

/** On the teacher's live page: opens the class to students. */
export async function openLiveClass(page: Page): Promise<void> {
  await page.getByTestId("live-open").click();
  await page.getByTestId("state-open").waitFor();
}

/** JSON requests with the page's session and CSRF token (what the app itself sends). */
export function apiOf(page: Page) {
  const headers = async () => {
    const csrf = (await page.context().cookies()).find((c) => c.name === "sc_csrf")?.value;
    return { "x-csrf-token": csrf ?? "", origin: baseUrl() };
  };
  return {
    async get<T>(url: string): Promise<T> {
      const response = await page.request.get(url);
      expect(response.ok(), `GET ${url}`).toBe(true);
      return (await response.json()) as T;
    },
    async post<T>(url: string, data: unknown): Promise<T> {
      const response = await page.request.post(url, { data, headers: await headers() });
      expect(response.status(), `POST ${url}: ${await response.text()}`).toBeLessThan(300);
      return (await response.json()) as T;
    },
  };
}

/** Acknowledges every school rules document the signed-in person still has to accept. */
export async function acknowledgeRules(page: Page): Promise<void> {
  const api = apiOf(page);
  const pending = await api.get<{ items: Array<{ rulesId: string }> }>("/api/rules/pending");
  for (const item of pending.items) await api.post(`/api/rules/${item.rulesId}/acknowledge`, {});
}
