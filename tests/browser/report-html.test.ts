// Opens a written report.html in Debian's headless Chromium (never a downloaded browser) to prove
// that it renders cleanly and that a hostile asset name stays text.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEvidence } from "../../core/evidence/index.ts";
import { sampleInput, XSS_NAME } from "../core/evidence/fixtures.ts";

let browser: Browser;
let dir: string;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  dir = await mkdtemp(join(tmpdir(), "aimscan-browser-"));
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Observed {
  page: Page;
  consoleErrors: string[];
  dialogs: string[];
  requests: string[];
}

async function open(url: string): Promise<Observed> {
  const page = await browser.newPage();
  const seen: Observed = { page, consoleErrors: [], dialogs: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") seen.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => seen.consoleErrors.push(e.message));
  page.on("dialog", async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on("request", (r) => seen.requests.push(r.url()));
  await page.goto(url, { waitUntil: "load" });
  return seen;
}

describe("report.html in Chromium", () => {
  it("renders with no console errors and fetches nothing beyond itself", async () => {
    const out = await writeEvidence(sampleInput(dir));
    const url = pathToFileURL(join(out.dir, "report.html")).href;
    const { page, consoleErrors, requests } = await open(url);
    expect(await page.title()).toBe("aimscan evidence: run run-2");
    expect(await page.locator("h2").allTextContents()).toContain("Policy results by ISO/IEC 42001 control");
    expect(await page.locator("svg circle").count()).toBe(6);
    // The stylesheet applies only if the CSP's hash matches it.
    expect(
      await page
        .locator("th")
        .first()
        .evaluate((e) => (globalThis as any).getComputedStyle(e).backgroundColor),
    ).toBe("rgb(245, 245, 245)");
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it("shows an asset named like an HTML tag as text and runs nothing", async () => {
    const out = await writeEvidence(sampleInput(dir));
    const { page, dialogs } = await open(pathToFileURL(join(out.dir, "report.html")).href);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.getByText(XSS_NAME, { exact: true }).count()).toBeGreaterThan(0);
    await page.waitForTimeout(200); // an onerror handler would fire right after the failed load
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("would notice the attack if the name were not escaped (control)", async () => {
    const file = join(dir, "unescaped.html");
    await writeFile(file, `<!DOCTYPE html><html><body><p>${XSS_NAME}</p></body></html>`);
    const { page, dialogs } = await open(pathToFileURL(file).href);
    await expect.poll(() => dialogs, { timeout: 5000 }).toEqual(["1"]);
    await page.close();
  });
});
