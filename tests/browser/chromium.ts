// Debian's headless Chromium for the report.html tests (never a downloaded browser), and a page that
// records what a reader would not see: console errors, dialogs and every request it makes.
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

export interface Observed {
  page: Page;
  consoleErrors: string[];
  dialogs: string[];
  requests: string[];
}

export async function open(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<Observed> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const seen: Observed = { page, consoleErrors: [], dialogs: [], requests: [] };
  page.on("console", (m) => {
    if (m.type() === "error") seen.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => seen.consoleErrors.push(e.message));
  // Both handlers run after a test may have closed the page, or afterAll the browser: a rejection
  // of "Target page, context or browser has been closed" is expected then, and must not be left
  // unhandled (vitest fails the run on an unhandled rejection).
  page.on("dialog", (d) => {
    seen.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on("request", (r) => seen.requests.push(r.url()));
  page.on("close", () => {
    context.close().catch(() => {});
  });
  await page.goto(url, { waitUntil: "load" });
  return seen;
}
