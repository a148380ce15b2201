import { describe, expect, it } from "vitest";
import { escapeHtml, html } from "../../../core/evidence/html-escape.ts";
import { renderReportHtml } from "../../../core/evidence/report-html.ts";
import { STATIC_ROWS } from "../../../core/evidence/report-html-table.ts";
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

  it("is self-contained: a strict CSP naming its one stylesheet and one script by hash, no external reference", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/
      .exec(text)![1]!
      .replaceAll("&#39;", "'");
    expect(csp).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'/,
    );
    expect(text.match(/<script/g)).toHaveLength(2);
    expect(text).toContain('<script type="application/json" id="findings-data">');
    expect(text).not.toMatch(
      /<link|<iframe|<object|<[a-z][^>]*\s(src|xlink:href|style|on[a-z]+)=|@import|url\(/i,
    );
    for (const m of text.matchAll(/\shref="([^"]*)"/g)) expect(m[1]).toMatch(/^#[a-z]+$/);
  });

  it("embeds the findings as JSON that cannot close its element", () => {
    const data = text.slice(text.indexOf('id="findings-data">') + 19, text.indexOf("</script>"));
    expect(data).not.toContain("<");
    expect(data).toContain("\\u003cimg src=x onerror=alert(1)>");
  });

  it("shows the summary, notices and coverage gaps", () => {
    expect(text).toMatch(/<b>4<\/b>undeclared/);
    expect(text).toMatch(/<b>6<\/b>new findings/);
    expect(text).toContain("1 failing, 0 errors, 1 waived, 1 passing");
    expect(text).toContain("1 of 3 scan shards did not complete");
    expect(text).toContain("waiver for lab expires soon");
  });

  it("puts the summary, worst failures and coverage gaps first, then the findings, then the controls", () => {
    const at = (h: string) => text.indexOf(`<h2>${h}</h2>`);
    const order = ["Summary", "Worst failures", "Coverage gaps", "Trend", "Findings"];
    order.push("Policy results by ISO/IEC 42001 control", "Matched inventory");
    for (const h of order) expect(at(h), h).toBeGreaterThan(0);
    expect(order.map(at)).toEqual([...order.map(at)].sort((a, b) => a - b));
  });

  it("lists each finding once in one table: non-passing results, open drift and what was resolved", () => {
    const rows = staticRows(text);
    // 2 non-passing results + 7 open drift items (the 2 matched are not findings) + 1 resolved
    expect(rows).toHaveLength(10);
    expect(rows[0]).toContain("Bedrock model invocation logging is enabled");
    expect(rows.filter((r) => r.includes("endpoint/old-shadow"))).toHaveLength(1);
    expect(rows.find((r) => r.includes("endpoint/old-shadow"))).toContain(
      '<span class="resolved">resolved</span>',
    );
    expect(rows.join("")).not.toContain("aws-sagemaker-endpoint-kms");
    const markup = text.slice(0, text.indexOf('<script type="application/json"'));
    expect(markup.match(/Waived by ciso@example.com until 2026-12-31: lab/g)).toHaveLength(1);
  });

  it("keeps the static table to one page and says where the rest is", () => {
    const i = sampleInput("/unused");
    const many = Array.from({ length: STATIC_ROWS + 5 }, (_, n) => ({
      ...i.report.policyResults[0]!,
      assetId: `arn:aws:bedrock:us-east-1:111122223333:x/${n}`,
    }));
    const big = renderReportHtml({ ...i, report: { ...i.report, policyResults: many }, assetCount: 1 });
    expect(staticRows(big)).toHaveLength(STATIC_ROWS);
    // STATIC_ROWS + 5 failures + 8 drift findings, of which one page is static
    const total = STATIC_ROWS + 13;
    expect(big).toContain(`Showing 1–${STATIC_ROWS} of ${total} findings`);
    expect(big).toContain(`The other ${total - STATIC_ROWS} findings are listed when JavaScript is on`);
  });

  it("counts every result, passes too, per ISO/IEC 42001 control by clause number", () => {
    const headings = [...text.matchAll(/<h3>(A\.[^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      "A.4.5 System and computing resources",
      "A.6.2.5 Deployment",
      "A.6.2.8 Recording of event logs",
    ]);
    expect(text).toContain("1 pass · 0 fail · 0 error · 1 waived");
    expect(text).toContain('data-control="ISO42001:A.6.2.5">show 1 finding</a>');
  });

  it("draws the trend of the last runs as inline SVG, one point per run and series", () => {
    const svg = text.slice(text.indexOf("<svg"), text.indexOf("</svg>"));
    expect(svg.match(/<circle /g)).toHaveLength(2 * 3);
    expect(svg).toContain("run-1: 3 open drift");
  });
});

function staticRows(page: string): string[] {
  const start = page.indexOf('<tbody id="findings-body">');
  return page.slice(start, page.indexOf("</tbody>", start)).split("<tr>").slice(1);
}
