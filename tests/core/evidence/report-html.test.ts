import { describe, expect, it } from "vitest";
import { escapeHtml, html } from "../../../core/evidence/html-escape.ts";
import { CSP, renderReportHtml } from "../../../core/evidence/report-html.ts";
import { sampleAssets, sampleInput, XSS_NAME } from "./fixtures.ts";

function page(): string {
  const i = sampleInput("/unused");
  return renderReportHtml({ ...i, runs: i.runs, assetCount: sampleAssets().length });
}

describe("html", () => {
  it("escapes interpolated strings but keeps nested markup", () => {
    const inner = html`<b>${"<i>"}</b>`;
    expect(html`<p title="${'"x"'}">${inner}${[1, "&"]}</p>`.text).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>1&amp;</p>',
    );
    expect(escapeHtml("'")).toBe("&#39;");
  });
});

describe("renderReportHtml", () => {
  const text = page();

  it("escapes every cloud-supplied string, in names, ids, messages and errors", () => {
    expect(text).not.toContain(XSS_NAME);
    expect(text).toContain(escapeHtml(XSS_NAME));
    expect(text).not.toMatch(/<img/i);
  });

  it("is self-contained: a strict CSP, no script and no external reference", () => {
    expect(text).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CSP)}">`);
    expect(CSP).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(text).not.toMatch(
      /<script|<link|<iframe|<object|<[a-z][^>]*\s(src|href|xlink:href)=|@import|url\(/i,
    );
  });

  it("shows the summary, new and resolved drift, coverage gaps and notices", () => {
    expect(text).toMatch(/<b>4<\/b>undeclared/);
    expect(text).toContain("<h3>undeclared (4)</h3>");
    expect(text).toContain("Resolved since the previous run");
    expect(text).toContain("endpoint/old-shadow");
    expect(text).toContain("1 of 3 scan shards did not complete");
    expect(text).toContain("waiver for lab expires soon");
  });

  it("puts the worst failures and the coverage gaps right after the summary, before the listings", () => {
    const at = (h: string) => text.indexOf(`<h2>${h}</h2>`);
    expect(at("Summary")).toBeLessThan(at("Worst failures"));
    expect(at("Worst failures")).toBeLessThan(at("Coverage gaps"));
    expect(at("Coverage gaps")).toBeLessThan(at("Trend"));
    expect(at("Trend")).toBeLessThan(at("Drift by status"));
  });

  it("groups policy results under ISO/IEC 42001 controls by clause number", () => {
    const headings = [...text.matchAll(/<h3>(A\.[^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      "A.4.5 System and computing resources",
      "A.6.2.5 Deployment",
      "A.6.2.8 Recording of event logs",
    ]);
    expect(text).toContain("1 pass · 0 fail · 0 error · 1 waived");
  });

  it("draws the trend of the last runs as inline SVG, one point per run and series", () => {
    const svg = text.slice(text.indexOf("<svg"), text.indexOf("</svg>"));
    expect(svg.match(/<circle /g)).toHaveLength(2 * 3);
    expect(svg).toContain("run-1: 3 open drift");
  });
});
