import { describe, expect, it } from "vitest";
import { formatReport } from "../../cli/format.ts";
import type { DriftReport } from "../../core/model.ts";

const evil = "arn:aws:sagemaker:us-east-1:1:endpoint/x\u001b[2J\nrow";
const report: DriftReport = {
  runId: "r",
  generatedAt: "2026-01-01T00:00:00Z",
  summary: { observed: 1, matched: 0, changed: 0, undeclared: 1, ambiguous: 0, missing: 0, unverified: 0 },
  items: [
    {
      status: "undeclared",
      assetId: evil,
      asset: { provider: "aws", service: "s", kind: "k\u0007", account: "1", region: "r", name: "n" },
    },
  ],
  coverage: [
    { provider: "aws", account: "1", region: "r", service: "s", status: "error", error: "boom\u001b[31m" },
  ],
  policyResults: [],
};

describe("formatReport", () => {
  it("shows control characters from cloud names escaped in tables and markdown", () => {
    for (const format of ["table", "markdown"] as const) {
      const out = formatReport(report, format);
      expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(out).toMatch(/x\\+u001b\\?\[2J\\+u000arow/);
    }
  });

  it("keeps JSON exact", () => {
    expect(JSON.parse(formatReport(report, "json")).items[0].assetId).toBe(evil);
  });
});
