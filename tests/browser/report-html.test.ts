// Opens a written report.html in Debian's headless Chromium to prove that it renders cleanly, that
// its CSP admits exactly its own script, that it fetches nothing, that a hostile asset name stays
// text, and that the findings table filters, searches, sorts and pages as its data says.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEvidence } from "../../core/evidence/index.ts";
import { STATIC_ROWS } from "../../core/evidence/report-html-table.ts";
import { sampleInput, sampleReport, XSS_NAME } from "../core/evidence/fixtures.ts";
import { manyFindings } from "../core/evidence/many-findings.ts";
import { launch, open } from "./chromium.ts";

let browser: Browser;
let dir: string;
let sampleUrl: string;
let bigUrl: string;

beforeAll(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), "aimscan-browser-"));
  sampleUrl = pathToFileURL(join((await writeEvidence(sampleInput(dir))).dir, "report.html")).href;
  const big = await writeEvidence({ ...manyFindings(dir, 450), runId: "run-big" });
  bigUrl = pathToFileURL(join(big.dir, "report.html")).href;
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

const rows = (page: Page) => page.locator("#findings-body tr").count();
const count = (page: Page) => page.locator("#findings-count").textContent();

describe("report.html in Chromium", () => {
  it("renders with no console errors and fetches nothing beyond itself", async () => {
    const { page, consoleErrors, requests } = await open(browser, sampleUrl);
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
    expect(requests.filter((u) => u !== sampleUrl && !/^(data|about):/.test(u))).toEqual([]);
    await page.close();
  });

  it("runs its script because the CSP names the SHA-256 of exactly those bytes", async () => {
    const text = await readFile(new URL(sampleUrl), "utf8");
    const script = /<script>([\s\S]*?)<\/script>/.exec(text)![1]!;
    const hash = createHash("sha256").update(script).digest("base64");
    expect(text).toContain(`script-src &#39;sha256-${hash}&#39;`);
    const { page, consoleErrors } = await open(browser, sampleUrl);
    expect(await page.locator("#filters").isVisible()).toBe(true);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it("blocks the script once a single byte of it changes (control)", async () => {
    const text = await readFile(new URL(sampleUrl), "utf8");
    const file = join(dir, "tampered.html");
    await writeFile(file, text.replace(`var PAGE = ${STATIC_ROWS};`, `var PAGE = ${STATIC_ROWS + 1};`));
    const { page, consoleErrors } = await open(browser, pathToFileURL(file).href);
    expect(await page.locator("#filters").isVisible()).toBe(false);
    expect(consoleErrors.join("\n")).toMatch(/Content Security Policy/);
    await page.close();
  });

  it("shows an asset named like an HTML tag as text and runs nothing", async () => {
    const { page, dialogs } = await open(browser, sampleUrl);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.getByText(XSS_NAME).count()).toBeGreaterThan(0);
    await page.waitForTimeout(200); // an onerror handler would fire right after the failed load
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("would notice the attack if the name were not escaped (control)", async () => {
    const file = join(dir, "unescaped.html");
    await writeFile(file, `<!DOCTYPE html><html><body><p>${XSS_NAME}</p></body></html>`);
    const { page, dialogs } = await open(browser, pathToFileURL(file).href);
    await expect.poll(() => dialogs, { timeout: 5000 }).toEqual(["1"]);
    await page.close();
  });
});

describe("the findings table", () => {
  const report = sampleReport();
  const open_ = report.items.filter((i) => i.delta !== "resolved");

  it("filters by severity, status, provider, system and control, as the data says", async () => {
    const { page } = await open(browser, sampleUrl);
    expect(await rows(page)).toBe(10);
    const pick = async (name: string, value: string) => {
      await page.locator(`#filters [name=${name}]`).selectOption(value);
      const n = await rows(page);
      await page.locator(`#filters [name=${name}]`).selectOption("");
      return n;
    };
    expect(await pick("status", "undeclared")).toBe(open_.filter((i) => i.status === "undeclared").length);
    expect(await pick("severity", "high")).toBe(
      report.policyResults.filter((r) => r.severity === "high").length,
    );
    expect(await pick("provider", "azure")).toBe(open_.filter((i) => i.asset?.provider === "azure").length);
    expect(await pick("system", "fraud-scoring")).toBe(
      open_.filter((i) => i.status !== "matched" && i.systemId === "fraud-scoring").length,
    );
    expect(await pick("control", "ISO42001:A.4.5")).toBe(1);
    expect(await pick("status", "resolved")).toBe(1);
    await page.locator("#filters [name=newOnly]").check();
    expect(await rows(page)).toBe(6);
    expect(await count(page)).toBe("Showing 1–6 of 6 findings (of 10 in this run).");
    await page.close();
  });

  it("searches ids, names, messages and owners as typed, and says when nothing matches", async () => {
    const { page } = await open(browser, sampleUrl);
    const search = page.locator("#filters [name=q]");
    await search.fill("ACCA1");
    expect(await rows(page)).toBe(1);
    // the hostile endpoint by its name, and the logging failure by its message
    await search.fill("ONERROR");
    expect(await rows(page)).toBe(2);
    await search.fill("no such thing");
    expect(await rows(page)).toBe(0);
    expect(await count(page)).toBe("No finding matches.");
    await page.locator("#filters button[type=reset]").click();
    await expect.poll(() => rows(page)).toBe(10);
    await page.close();
  });

  it("pages a long list, shows it all on request, and searches across every page", async () => {
    const { page } = await open(browser, bigUrl);
    expect(await rows(page)).toBe(STATIC_ROWS);
    expect(await count(page)).toBe(`Showing 1–${STATIC_ROWS} of 460 findings.`);
    const pages = Math.ceil(460 / STATIC_ROWS);
    for (let n = 1; n < pages; n++) await page.locator("#next").click();
    expect(await rows(page)).toBe(460 - (pages - 1) * STATIC_ROWS);
    expect(await page.locator("#next").isDisabled()).toBe(true);
    await page.locator("#all").click();
    expect(await rows(page)).toBe(460);
    // x/12, x/120 … x/129
    await page.locator("#filters [name=q]").fill("custom-model/x/12");
    expect(await rows(page)).toBe(11);
    await page.close();
  });

  it("sorts by a column and reverses on a second click", async () => {
    const { page } = await open(browser, sampleUrl);
    const header = page.locator('th[data-sort="asset"]');
    const names = () => page.locator('#findings-body td[data-label="asset"]').allInnerTexts();
    await header.locator("button").click();
    const up = await names();
    expect(await header.getAttribute("aria-sort")).toBe("ascending");
    await header.locator("button").click();
    expect(await header.getAttribute("aria-sort")).toBe("descending");
    expect(await names()).toEqual([...up].reverse());
    await page.close();
  });

  it("opens the ISO/IEC 42001 tab and goes back to the same table filtered by a control", async () => {
    const { page } = await open(browser, sampleUrl);
    await page.getByRole("tab", { name: "ISO/IEC 42001 controls" }).click();
    expect(await page.locator("#controls").isVisible()).toBe(true);
    expect(await page.locator("#findings").isVisible()).toBe(false);
    await page.locator('a.show[data-control="ISO42001:A.6.2.8"]').click();
    expect(await page.locator("#findings").isVisible()).toBe(true);
    expect(await page.locator("#filters [name=control]").inputValue()).toBe("ISO42001:A.6.2.8");
    expect(await rows(page)).toBe(1);
    await page.close();
  });

  it("reads without JavaScript: the static rows are exactly what the script renders", async () => {
    const off = await open(browser, sampleUrl, { javaScriptEnabled: false });
    const on = await open(browser, sampleUrl);
    expect(await off.page.locator("#filters").isVisible()).toBe(false);
    expect(await off.page.locator("#controls").isVisible()).toBe(true);
    // a link that only the script can make filter is not offered without it
    expect(await off.page.locator("a.show").first().isVisible()).toBe(false);

    const body = (p: Page) => p.locator("#findings-body").innerHTML();
    // the page opens on its static rows; a filter and its reset make the script render them
    const staticBody = await body(on.page);
    await on.page.locator("#filters [name=q]").fill("no such thing");
    expect(await rows(on.page)).toBe(0);
    await on.page.locator("#filters button[type=reset]").click();
    await expect.poll(() => body(on.page)).toBe(staticBody);
    expect(await body(off.page)).toBe(staticBody);
    // the folded matched inventory: opened, the script renders its rows from the data
    const matched = (p: Page) => p.locator("#matched-body").innerHTML();
    const before = await matched(on.page);
    await on.page.evaluate(() => {
      const g = globalThis as any;
      g.document.querySelector("#matched-body").innerHTML = "";
    });
    await on.page.locator("#matched summary").click();
    await expect.poll(() => matched(on.page)).toBe(before);
    expect(await matched(off.page)).toBe(before);
    await off.page.close();
    await on.page.close();
  });

  it("without JavaScript shows the first page of a long list and says where the rest is", async () => {
    const { page } = await open(browser, bigUrl, { javaScriptEnabled: false });
    expect(await rows(page)).toBe(STATIC_ROWS);
    const rest = `The other ${460 - STATIC_ROWS} findings are listed when JavaScript is on`;
    expect(await page.getByText(rest).isVisible()).toBe(true);
    await page.close();
  });
});
