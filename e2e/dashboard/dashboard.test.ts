/**
 * The dashboard in a real headless Chromium against the Worker under `wrangler dev`: sign-in,
 * the overview's numbers against GET /v1/stats, decision filters and detail, a rollback through
 * the confirmation dialog, a 375 px screen and the keyboard. DASHBOARD_SCREENSHOTS=1 also
 * writes docs/dashboard-*.png.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { count, grams, percent, share, usd, UNKNOWN, wattHours } from "../../dashboard/src/format.ts";
import type { Decision, ModelVersion, Page as ApiPage, Stats, Task } from "../../clients/api-json.ts";
import { launchChromium } from "./browser.ts";
import { SKIP_WITHOUT_SMS_SPAM } from "../support/sms-spam.ts";
import { client, seed, type Seeded } from "./seed.ts";
import { STATS_WITH_UNKNOWN_COST } from "./stats-fixture.ts";

const url = inject("workerUrl");
const key = inject("apiKey");
const call = client(url, key);
const DOCS = resolve(import.meta.dirname, "../../docs");

if (SKIP_WITHOUT_SMS_SPAM) console.warn("dashboard tests skipped: ../shared/data/sms_spam not found (CI fails instead)");

let browser: Browser;
let context: BrowserContext;
let seeded: Seeded;
const problems: string[] = [];
const requested: string[] = [];
/** Set while a test answers some API calls with a 500 of its own. */
let answeringServerErrors = false;

beforeAll(async () => {
  if (SKIP_WITHOUT_SMS_SPAM) return;
  [browser, seeded] = await Promise.all([launchChromium(), seed(url, key)]);
  context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

/** A page signed in through the form, recording errors (CSP violations included) and every URL it asks for. */
async function signedIn(target: BrowserContext = context): Promise<Page> {
  const page = await target.newPage();
  page.on("pageerror", (error) => problems.push(error.message));
  // The refused sign-in's 401 is expected (the sign-in test makes it), and so is a 500 a test answers itself; any other failed load is not.
  const expected = (text: string) => text.includes("status of 401") || (answeringServerErrors && text.includes("status of 500"));
  page.on("console", (message) => void (message.type() === "error" && !expected(message.text()) && problems.push(message.text())));
  page.on("request", (request) => void requested.push(request.url()));
  await page.goto(`${url}/dashboard/`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "Dashboard" }).waitFor();
  return page;
}

async function show(page: Page, fragment: string): Promise<void> {
  await page.evaluate((hash) => (location.hash = hash), fragment);
  await page.locator(".view:not([aria-busy])").waitFor();
}

describe.skipIf(SKIP_WITHOUT_SMS_SPAM)("the dashboard", () => {
  test("is served with a content security policy, and stays small", async () => {
    const response = await fetch(`${url}/dashboard/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    // The API keeps answering first.
    expect((await fetch(`${url}/openapi.json`)).headers.get("content-type")).toContain("application/json");
    const dist = resolve(import.meta.dirname, "../../dashboard/dist/dashboard");
    const files = readdirSync(dist).map((name) => join(dist, name));
    const gzip = files.reduce((sum, file) => sum + gzipSync(readFileSync(file)).length, 0);
    const raw = files.reduce((sum, file) => sum + statSync(file).size, 0);
    expect(raw).toBeLessThan(100 * 1024);
    expect(gzip).toBeLessThan(40 * 1024);
  });

  test("signs in with the key, kept in sessionStorage and never in a URL", async () => {
    const page = await signedIn();
    expect(await page.evaluate(() => sessionStorage.getItem("edge-cascade.api-key"))).toBe(key);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(page.url()).not.toContain(key);
    await page.getByRole("button", { name: "Sign out" }).click();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.getByLabel("API key").fill("ec_not_a_key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("#sign-in-status").textContent()).toContain("refused");
    await page.close();
  });

  test("the overview shows the numbers GET /v1/stats answers", async () => {
    const page = await signedIn();
    await show(page, `#/overview?task=${seeded.taskId}`);
    const section = page.locator("section.stats");
    const query = new URLSearchParams({
      task: (await section.getAttribute("data-task"))!,
      from: (await section.getAttribute("data-from"))!,
      to: (await section.getAttribute("data-to"))!,
      bucket: (await section.getAttribute("data-bucket"))!,
    });
    const stats = await call<Stats>(`/v1/stats?${query}`);
    expect(stats.totals.requests).toBeGreaterThanOrEqual(40);
    // "Last 7 days" is exactly 7 daily buckets, today's included (the API's default window).
    expect(stats.bucket).toBe("day");
    expect((Date.parse(stats.to) - Date.parse(stats.from)) / 86_400_000).toBe(7);
    expect(Date.parse(stats.to)).toBeGreaterThan(Date.now() - 60_000);
    const t = stats.totals;
    const expected: Record<string, string> = {
      requests: count(t.requests),
      edge_share: share(t.edge_share),
      cache_hits: count(t.cache_hits),
      cost_usd: usd(t.cost_usd),
      large_only_cost_usd: usd(t.large_only_cost_usd),
      savings_usd: usd(t.savings_usd),
      savings_pct: percent(t.savings_pct),
      large_only_energy_wh: wattHours(t.large_only_energy_wh),
      large_only_co2_g: grams(t.large_only_co2_g),
      "statuses.ok": count(t.statuses.ok),
      "statuses.degraded": count(t.statuses.degraded),
      "statuses.failed": count(t.statuses.failed),
      "answers_by_tier.edge": count(t.answers_by_tier.edge),
      ...Object.fromEntries(Object.entries(t.fallback_reasons).filter(([, n]) => n > 0).map(([reason, n]) => [`fallback_reasons.${reason}`, count(n)])),
    };
    for (const [stat, text] of Object.entries(expected)) expect(await page.locator(`[data-stat="${stat}"]`).textContent(), stat).toBe(text);
    expect(await page.locator(".chart canvas").count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, "dashboard-overview.png");
    await page.close();
  });

  test("shows an unknown cost as unknown, never 0", async () => {
    const page = await signedIn();
    await page.route("**/v1/stats?*", (route) => route.fulfill({ json: STATS_WITH_UNKNOWN_COST }));
    await show(page, "#/overview?range=24h");
    for (const stat of ["cost_usd", "large_only_cost_usd", "savings_usd", "savings_pct", "large_only_energy_wh", "large_only_co2_g"]) {
      expect(await page.locator(`[data-stat="${stat}"]`).textContent(), stat).toBe(UNKNOWN);
    }
    expect(await page.locator('[data-stat="requests"]').textContent()).toBe("3");
    expect(await page.locator('[data-stat="energy_wh"]').textContent()).toBe("0.5 Wh");
    await page.close();
  });

  test("filters decisions by tier and status, and opens one with every tier tried", async () => {
    const page = await signedIn();
    await show(page, "#/decisions");
    const all = await call<{ data: Decision[] }>(`/v1/decisions?task=${seeded.taskId}&tier=edge&limit=50`);
    const status = all.data.some((d) => d.status === "degraded") ? "degraded" : "ok";
    const wanted = await call<{ data: Decision[] }>(`/v1/decisions?task=${seeded.taskId}&tier=edge&status=${status}&limit=50`);
    expect(wanted.data.length).toBeGreaterThan(0);
    await page.getByLabel("Task").selectOption(seeded.taskId);
    await page.getByLabel("Tier").selectOption("edge");
    await page.getByLabel("Status").selectOption(status);
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/tier=edge/);
    await page.locator("#decisions").waitFor();
    const rows = page.locator("#decisions tbody tr");
    expect(await rows.count()).toBe(wanted.data.length);
    expect(new Set(await page.locator("#decisions [data-tier]").allTextContents())).toEqual(new Set(["edge"]));
    await screenshot(page, "dashboard-decisions.png");

    await rows.first().getByRole("link").click();
    await page.getByRole("heading", { name: `Decision ${wanted.data[0].decision_id}` }).waitFor();
    const detail = await call<Decision>(`/v1/decisions/${wanted.data[0].decision_id}`);
    const tried = page.locator("#tiers-tried tbody tr");
    expect(await tried.count()).toBe(detail.tiers.length);
    expect(await tried.first().locator("td").nth(1).textContent()).toBe(detail.tiers[0].tier);
    expect(await page.locator('[data-stat="status"]').textContent()).toBe(detail.status);
    await page.getByRole("link", { name: "← Back to the decisions" }).click();
    await page.waitForURL(/#\/decisions\?.*tier=edge/);
    await page.close();
  });

  test('"Load more" moves focus to the first new row, not to the page', async () => {
    const page = await signedIn();
    // Pages of 5, so the seeded decisions make several.
    await page.route("**/v1/decisions?*", (route) => route.continue({ url: route.request().url().replace(/limit=50\b/, "limit=5") }));
    await show(page, `#/decisions?task=${seeded.taskId}`);
    const more = page.getByRole("button", { name: "Load more" });
    await more.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("table", { name: "More decisions" }).waitFor();
    const focused = await page.evaluate(() => ({ tag: document.activeElement?.tagName, table: document.activeElement?.closest("table")?.querySelector("caption")?.textContent }));
    expect(focused).toEqual({ tag: "A", table: "More decisions" });
    const firstNew = page.getByRole("table", { name: "More decisions" }).locator("tbody tr").first().getByRole("link");
    expect(await firstNew.evaluate((link) => link === document.activeElement)).toBe(true);
    await page.close();
  });

  test("a fragment that cannot be decoded shows the overview, and every task is offered past the first page", async () => {
    const page = await signedIn();
    // The task list comes in two pages: the second one's task must be offered too.
    await page.route("**/v1/tasks?*", async (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.get("cursor") === "page-2") {
        const extra = { ...(await call<Task>(`/v1/tasks/${seeded.taskId}`)), id: "tsk_second_page", name: "on-the-second-page" };
        return route.fulfill({ json: { data: [extra], next_cursor: null } });
      }
      const first = await route.fetch();
      return route.fulfill({ response: first, json: { ...((await first.json()) as ApiPage<Task>), next_cursor: "page-2" } });
    });
    await show(page, "#/decisions/%E0");
    await page.getByRole("heading", { name: "Overview: all tasks" }).waitFor();
    expect(await page.locator('#field-task option[value="tsk_second_page"]').count()).toBe(1);
    await page.close();
  });

  test("the sign-in page's skip link moves focus to the form's region", async () => {
    const page = await browser.newPage();
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${url}/dashboard/`);
    await page.getByLabel("API key").waitFor();
    await page.locator(".skip-link").focus();
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await page.close();
  });

  test("rolls back to the older model version through a confirmation", async () => {
    const page = await signedIn();
    await show(page, `#/models?task=${seeded.taskId}`);
    expect(await page.locator('[data-stat="active-version"]').textContent()).toBe("v2");
    const rollBack = page.getByRole("button", { name: "Roll back to v1" });
    // Cancelled (Escape): nothing changes.
    await rollBack.click();
    await page.getByRole("dialog").waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "hidden" });
    expect(await activeVersion()).toBe(2);
    // Confirmed.
    await rollBack.click();
    await page.getByRole("dialog").getByRole("button", { name: "Roll back to v1" }).click();
    await expect.poll(() => page.locator('[data-stat="active-version"]').textContent()).toBe("v1");
    expect(await activeVersion()).toBe(1);
    expect(await page.locator("#announce").textContent()).toContain("v1");
    await page.close();
  });

  test("an activation that succeeds but whose page cannot be reloaded says so in the live region", async () => {
    const page = await signedIn();
    await show(page, `#/models?task=${seeded.taskId}`);
    const before = await activeVersion();
    const target = before === 1 ? 2 : 1;
    const button = page.locator(`#versions button[data-version="${target}"]`);
    // Once the activation is sent, reading the versions again fails.
    let activated = false;
    answeringServerErrors = true;
    await page.route("**/v1/tasks/*/models/*/activate", (route) => ((activated = true), route.continue()));
    await page.route("**/v1/tasks/*/models", (route) => (activated ? route.fulfill({ status: 500, json: { error: { code: "internal", message: "models unavailable" } } }) : route.continue()));
    try {
      await button.click();
      await page.getByRole("dialog").getByRole("button", { name: (await button.textContent())! }).click();
      await expect.poll(() => page.locator("#announce").textContent()).toContain("could not be reloaded: models unavailable");
      expect(await page.locator(".view .error").textContent()).toContain("models unavailable");
      expect(await page.getByRole("dialog").isVisible()).toBe(false);
      expect(await activeVersion()).toBe(target);
    } finally {
      await page.close();
      answeringServerErrors = false;
    }
  });

  test("lists the integrations and an integration's deliveries", async () => {
    const page = await signedIn();
    await show(page, "#/integrations");
    await page.getByRole("link", { name: `${seeded.taskName}-hook` }).click();
    await page.getByRole("heading", { name: /^Deliveries:/ }).waitFor();
    await page.locator(".view:not([aria-busy])").waitFor();
    const deliveries = await call<{ data: Array<{ status: string }> }>(`/v1/integrations/${seeded.integrationId}/deliveries`);
    expect(deliveries.data.length).toBe(1);
    expect(await page.locator("#deliveries tbody tr").count()).toBe(1);
    expect(await page.locator('[data-stat="failed"]').textContent()).toBe(String(deliveries.data.filter((d) => d.status === "failed").length));
    await page.close();
  });

  test("fits a 375 px screen on every page, without horizontal scrolling", async () => {
    // Not isMobile: a mobile viewport zooms out to fit wide content, which would hide the overflow this looks for.
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true });
    const page = await signedIn(phone);
    const decision = (await call<{ data: Decision[] }>("/v1/decisions?limit=1")).data[0];
    for (const fragment of ["#/overview", `#/overview?task=${seeded.taskId}`, "#/decisions", `#/decisions/${decision.decision_id}`, `#/models?task=${seeded.taskId}`, `#/learning?task=${seeded.taskId}`, "#/integrations", `#/integrations/${seeded.integrationId}`]) {
      await show(page, fragment);
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(widths.viewport).toBe(375);
      expect(widths.scroll, fragment).toBeLessThanOrEqual(widths.viewport);
    }
    await phone.close();
  });

  test("works by keyboard: Tab reaches the navigation with a visible focus, Enter follows a link", async () => {
    const page = await signedIn();
    // A fresh load of a signed-in tab, keyboard from the top of the document.
    await page.reload();
    await page.locator(".view:not([aria-busy])").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      const style = getComputedStyle(active);
      return { inNav: !!active.closest("nav"), text: active.textContent, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focused).toMatchObject({ inNav: true, text: "Overview" });
    expect(focused.outline).not.toBe("none");
    expect(focused.width).not.toBe("0px");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#\/decisions$/);
    await page.getByRole("heading", { name: "Decisions" }).waitFor();
    // Once the page is drawn, focus moves to its heading, so a screen reader announces the new page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    await page.close();
  });

  test("never put the key in a URL, and raised no error (CSP violations included)", () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(requested.filter((u) => u.includes(key))).toEqual([]);
    expect(problems).toEqual([]);
  });
});

async function activeVersion(): Promise<number | undefined> {
  return (await call<{ data: ModelVersion[] }>(`/v1/tasks/${seeded.taskId}/models`)).data.find((v) => v.active)?.version;
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.DASHBOARD_SCREENSHOTS) return;
  mkdirSync(DOCS, { recursive: true });
  // The first screenful only, so the PNGs stay small.
  await page.screenshot({ path: join(DOCS, name), animations: "disabled" });
}
