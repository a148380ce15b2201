import { describe, expect, it } from "vitest";
import type { PolicyResult } from "../../../core/model.ts";
import { formatPolicyResults, summarizeBySeverity } from "../../../core/policy/index.ts";

const r = (
  policyId: string,
  status: PolicyResult["status"],
  severity: PolicyResult["severity"],
  controls: string[],
): PolicyResult => ({
  policyId,
  assetId: `asset-${policyId}-${status}`,
  status,
  severity,
  controls,
  ...(status === "pass" ? {} : { title: `${policyId} title` }),
});

const results: PolicyResult[] = [
  r("logs", "fail", "high", ["ISO42001:A.6.2.8"]),
  r("logs", "pass", "high", ["ISO42001:A.6.2.8"]),
  r("owner", "waived", "critical", ["ISO42001:A.3.2"]),
  r("vpc", "fail", "low", ["ISO42001:A.4.5", "ISO42001:A.6.2.5"]),
  r("cmk", "error", "medium", ["ISO42001:A.7.2"]),
];

describe("formatPolicyResults", () => {
  it("counts by severity and by ISO control, then lists findings most severe first", () => {
    const text = formatPolicyResults(results, "table");
    expect(text).toMatch(/^Policy results: 5 evaluated, 2 fail, 1 error, 1 waived, 1 pass/);
    expect(text).toMatch(/\nhigh\s+1\s+0\s+0\s+1\n/);
    expect(text).toMatch(/\nA\.6\.2\.8\s+1\s+0\s+0\s+1\n/);
    // Controls sort numerically: A.4.5 before A.6.2.5 before A.6.2.8.
    expect(text.indexOf("\nA.4.5")).toBeLessThan(text.indexOf("\nA.6.2.5"));
    const findings = text.slice(text.indexOf("Findings"));
    const heads = findings.split("\n").filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW) /.test(l));
    expect(heads.map((l) => l.split(/\s+/)[2])).toEqual(["owner", "logs", "cmk", "vpc"]);
    expect(findings).not.toMatch(/asset-logs-pass/);
  });

  it("filters by minimum severity", () => {
    const text = formatPolicyResults(results, "table", { minSeverity: "high" });
    expect(text).toMatch(/^Policy results: 3 evaluated/);
    expect(text).not.toMatch(/vpc/);
  });

  it("writes markdown tables", () => {
    const md = formatPolicyResults(results, "markdown");
    expect(md).toMatch(/^### Policy results/);
    expect(md).toMatch(/\n\| severity \| fail \| error \| waived \| pass \|\n\|---\|---\|---\|---\|---\|\n/);
  });

  it("gives JSON of the filtered results", () => {
    expect(JSON.parse(formatPolicyResults(results, "json", { minSeverity: "critical" }))).toEqual([
      results[2],
    ]);
  });

  it("summarizes by severity with every severity present", () => {
    expect(summarizeBySeverity([]).critical).toEqual({ fail: 0, error: 0, waived: 0, pass: 0 });
  });

  it("shows control characters in cloud-supplied asset ids escaped, so they cannot drive the terminal", () => {
    const hostile = { ...r("logs", "fail", "high", []), assetId: "arn:aws:x\u001b[2J\nfake-row" };
    const out = formatPolicyResults([hostile], "table");
    expect(out).not.toContain("\u001b[2J");
    expect(out).toContain("arn:aws:x\\u001b[2J\\u000afake-row");
  });
});
