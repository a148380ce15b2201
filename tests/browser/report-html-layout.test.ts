// report.html's layout in Debian's headless Chromium: screenshots at desktop and phone width, no
// page wider than a 390 px phone, and print: A4 pages, every section expanded, every finding of the
// filter printed, no table cell clipped, and the run id and report hash in every page's margin.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeEvidence } from "../../core/evidence/index.ts";
import { STATIC_ROWS } from "../../core/evidence/report-html-table.ts";
import { sampleInput } from "../core/evidence/fixtures.ts";
import { manyFindings } from "../core/evidence/many-findings.ts";
import { launch, open } from "./chromium.ts";

let browser: Browser;
let dir: string;
let sampleUrl: string;
let bigUrl: string;

beforeAll(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), "aimscan-browser-layout-"));
  sampleUrl = pathToFileURL(join((await writeEvidence(sampleInput(dir))).dir, "report.html")).href;
  const big = await writeEvidence({ ...manyFindings(dir, 250), runId: "run-big" });
  bigUrl = pathToFileURL(join(big.dir, "report.html")).href;
});

afterAll(async () => {
  await browser?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Pages of a PDF: its page objects, `/Type /Page` but not `/Type /Pages`. */
const pdfPages = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

const overflow = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as any;
    return { scroll: g.document.scrollingElement.scrollWidth as number, inner: g.innerWidth as number };
  });

describe("report.html on screen", () => {
  for (const width of [1280, 390])
    it(`renders a full-page screenshot at ${width} px`, async () => {
      const { page } = await open(browser, sampleUrl, { viewport: { width, height: 900 } });
      const path = join(dir, `report-${width}.png`);
      await page.screenshot({ path, fullPage: true });
      const png = await readFile(path);
      expect(png.length).toBeGreaterThan(10_000);
      const size = pngSize(png);
      expect(size.width).toBe(width);
      expect(size.height).toBeGreaterThan(900);
      await page.close();
    });

  for (const javaScriptEnabled of [true, false])
    it(`is no wider than a 390 px phone, with JavaScript ${javaScriptEnabled ? "on" : "off"}`, async () => {
      for (const url of [sampleUrl, bigUrl]) {
        const { page } = await open(browser, url, {
          viewport: { width: 390, height: 844 },
          javaScriptEnabled,
        });
        const { scroll, inner } = await overflow(page);
        expect(inner).toBe(390);
        expect(scroll, url).toBeLessThanOrEqual(inner);
        // the findings are stacked cards there, not a squeezed table
        expect(await page.locator("#findings-table thead").isVisible()).toBe(false);
        await page.close();
      }
    });

  it("would notice a page wider than the phone (control)", async () => {
    const { page } = await open(browser, sampleUrl, { viewport: { width: 390, height: 844 } });
    await page.evaluate(() => {
      const g = globalThis as any;
      const wide = g.document.createElement("pre");
      wide.textContent = "x".repeat(400);
      g.document.body.append(wide);
    });
    const { scroll, inner } = await overflow(page);
    expect(scroll).toBeGreaterThan(inner);
    await page.close();
  });
});

describe("report.html in print", () => {
  it("prints A4 pages, few for a small run and more as findings grow, every finding of the filter", async () => {
    const small = await open(browser, sampleUrl);
    const smallPdf = await small.page.pdf({ format: "A4" });
    expect(smallPdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(smallPdf.toString("latin1")).toMatch(/\/MediaBox\s*\[\s*0 0 59[56](\.\d+)? 84[23](\.\d+)?\s*\]/);
    const smallPages = pdfPages(smallPdf);
    expect(smallPages).toBeGreaterThanOrEqual(2);
    expect(smallPages).toBeLessThanOrEqual(4);
    const big = await open(browser, bigUrl);
    expect(pdfPages(await big.page.pdf({ format: "A4" }))).toBeGreaterThan(smallPages + 2);
    // printing renders every finding the filters match, then the screen goes back to its page
    const rows = () => big.page.locator("#findings-body tr").count();
    await big.page.evaluate(() => (globalThis as any).dispatchEvent(new Event("beforeprint")));
    expect(await rows()).toBe(260);
    await big.page.evaluate(() => (globalThis as any).dispatchEvent(new Event("afterprint")));
    expect(await rows()).toBe(STATIC_ROWS);
    await small.page.close();
    await big.page.close();
  });

  it("clips no table cell, expands the folded inventory and hides the controls that cannot print", async () => {
    for (const url of [sampleUrl, bigUrl]) {
      // A4 minus the page margins is about 718 CSS px wide
      const { page } = await open(browser, url, { viewport: { width: 718, height: 1000 } });
      await page.emulateMedia({ media: "print" });
      const clipped = await page.evaluate(() =>
        [...(globalThis as any).document.querySelectorAll("td, th")]
          .filter((c: any) => c.scrollWidth > c.clientWidth)
          .map((c: any) => c.textContent.slice(0, 60)),
      );
      expect(clipped, url).toEqual([]);
      expect(await page.locator("details table tr").last().isVisible()).toBe(true);
      expect(await page.locator("#filters").isVisible()).toBe(false);
      expect(await page.locator("#controls").isVisible()).toBe(true);
      expect(await page.locator("#findings").isVisible()).toBe(true);
      await page.close();
    }
  });

  it("would notice a clipped cell (control)", async () => {
    const { page } = await open(browser, sampleUrl, { viewport: { width: 718, height: 1000 } });
    await page.emulateMedia({ media: "print" });
    const clipped = await page.evaluate(() => {
      const g = globalThis as any;
      const cell = g.document.querySelector("#findings-body td");
      const wide = g.document.createElement("pre");
      wide.textContent = "x".repeat(300);
      cell.append(wide);
      return cell.scrollWidth > cell.clientWidth;
    });
    expect(clipped).toBe(true);
    await page.close();
  });

  it("names the run and its report.json hash in the top margin of every printed page", async () => {
    const text = await readFile(new URL(sampleUrl), "utf8");
    const reportHash = /report\.json sha256 <code>([0-9a-f]{64})<\/code>/.exec(text)![1]!;
    const { page } = await open(browser, sampleUrl);
    const pageRule = await page.evaluate(() =>
      [...(globalThis as any).document.styleSheets[0].cssRules]
        .filter((r: any) => r.constructor.name === "CSSPageRule")
        .map((r: any) => r.cssText)
        .join("\n"),
    );
    expect(pageRule).toContain("size: a4");
    expect(pageRule).toMatch(/@top-left/);
    expect(pageRule).toContain(`aimscan run run-2 · report.json sha256 ${reportHash}`);
    await page.close();
  });
});
