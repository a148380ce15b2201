import { describe, expect, it } from "vitest";
import { formatReport } from "../../cli/format.ts";
import type { DriftReport } from "../../core/model.ts";

const report: DriftReport = {
  runId: "r2",
  generatedAt: "2026-11-28T00:00:00Z",
  summary: { observed: 1, matched: 0, changed: 0, undeclared: 1, ambiguous: 0, missing: 0, unverified: 0 },
  items: [
    { status: "undeclared", assetId: "arn:aws:sagemaker:us-east-1:1:endpoint/new", delta: "new" },
    { status: "undeclared", assetId: "arn:aws:sagemaker:us-east-1:1:endpoint/gone", delta: "resolved" },
  ],
  coverage: [
    {
      provider: "aws",
      account: "1",
      region: "eu-west-1",
      service: "sagemaker",
      status: "error",
      error: "denied",
    },
  ],
  policyResults: [],
};

describe("formatReport", () => {
  it("counts only open items under each status and lists resolved ones on their own", () => {
    const out = formatReport(report, "table");
    expect(out).toMatch(/UNDECLARED \(1\)\n\s+\[new\] arn:aws:sagemaker:us-east-1:1:endpoint\/new/);
    expect(out).toMatch(/RESOLVED \(1\)\n\s+\[undeclared\] arn:aws:sagemaker:us-east-1:1:endpoint\/gone/);
  });

  it("names failed shards in markdown too", () => {
    const out = formatReport(report, "markdown");
    expect(out).toContain("- not scanned: aws/1/eu-west-1/sagemaker: denied");
    expect(out).toContain("## undeclared (1)");
    expect(out).toContain("## resolved (1)");
  });
});
