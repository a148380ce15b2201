// Each export format, from one report holding every kind of finding (new, ongoing, waived, error,
// resolved with its asset gone, undeclared drift): valid by its published schema, the same findings.
import { describe, expect, it } from "vitest";
import { exportFindings, renderExport } from "../../core/export/index.ts";
import type { DriftReport, PolicyResult } from "../../core/model.ts";
import { runCli } from "../cli/run-cli.ts";
import { asffProblems, ocsfProblems, sarifProblems } from "./validate.ts";

const ARN = (n: string) => `arn:aws:sagemaker:us-east-1:111122223333:endpoint/${n}`;
const result = (
  assetId: string,
  status: PolicyResult["status"],
  extra: Partial<PolicyResult> = {},
): PolicyResult => ({
  policyId: "aws-sagemaker-endpoint-kms",
  assetId,
  status,
  severity: "high",
  controls: ["ISO42001:A.7.2", "ISO42001:A.6.2.5"],
  title: "SageMaker endpoints are encrypted with a customer-managed key",
  remediation: "Recreate the endpoint config with a KMS key.",
  systemId: "fraud-scoring",
  owner: "risk@example.com",
  riskLevel: "high",
  ...extra,
});

const report: DriftReport = {
  runId: "20260301T020000Z-abcd1234",
  generatedAt: "2026-03-01T02:05:00.000Z",
  summary: { observed: 4, matched: 3, changed: 0, undeclared: 1, ambiguous: 0, missing: 0, unverified: 0 },
  items: [
    {
      status: "undeclared",
      assetId: ARN("shadow"),
      delta: "new",
      asset: {
        provider: "aws",
        service: "sagemaker",
        kind: "endpoint",
        account: "111122223333",
        region: "us-east-1",
        name: "shadow",
      },
    },
  ],
  coverage: [],
  policyResults: [
    result(ARN("a"), "fail", { delta: "new", message: "endpoint a has no KMS key" }),
    result(ARN("b"), "fail", { delta: "ongoing" }),
    result(ARN("c"), "error", { delta: "new", message: "kmsKeyId: no such key" }),
    result(ARN("d"), "waived", {
      waiver: { reason: "migrating", approvedBy: "ciso@example.com", expires: "2026-06-30" },
    }),
    result(ARN("e"), "pass"),
    result(ARN("f"), "pass", { delta: "resolved" }),
  ],
  resolvedPolicyResults: [
    result(ARN("gone"), "fail", { delta: "resolved", reason: "asset not observed in this run" }),
  ],
};
const run = { runId: report.runId, generatedAt: report.generatedAt, toolVersion: "0.1.0" };

describe("export findings", () => {
  it("lists every non-passing and resolved result and the drift, each once", () => {
    const findings = exportFindings(report);
    expect(findings.map((f) => [f.assetId?.split("/")[1], f.state, f.status])).toEqual([
      ["a", "new", "fail"],
      ["b", "ongoing", "fail"],
      ["c", "new", "error"],
      ["d", "ongoing", "waived"],
      ["f", "resolved", "pass"],
      ["gone", "resolved", "fail"],
      ["shadow", "new", "undeclared"],
    ]);
    expect(new Set(findings.map((f) => f.uid)).size).toBe(findings.length);
  });

  it("writes OCSF 1.2.0 Compliance and Detection Findings, one JSON object per line, valid by the OCSF definitions", () => {
    const lines = renderExport(report, "ocsf", run).trimEnd().split("\n");
    expect(lines).toHaveLength(7);
    const events = lines.map((l) => JSON.parse(l));
    for (const e of events) expect(ocsfProblems(e), JSON.stringify(e)).toBeUndefined();
    expect(events.map((e) => e.class_uid)).toEqual([2003, 2003, 2003, 2003, 2003, 2003, 2004]);
    const gone = events.find((e) => e.resource?.uid === ARN("gone"));
    expect(gone).toMatchObject({
      activity_id: 3,
      type_uid: 200303,
      status: "Resolved",
      remediation: { desc: expect.any(String) },
    });
    expect(events[0]).toMatchObject({
      severity_id: 4,
      compliance: { standards: ["ISO/IEC 42001:2023"], status: "Fail" },
    });
    expect(events[0].unmapped).toMatchObject({
      system: "fraud-scoring",
      owner: "risk@example.com",
      risk_level: "high",
    });
  });

  it("writes ASFF that BatchImportFindings accepts: resolved ones RESOLVED and archived", () => {
    const findings = JSON.parse(
      renderExport(report, "asff", run, { account: "999988887777", region: "eu-west-1" }),
    );
    for (const f of findings) expect(asffProblems(f), JSON.stringify(f)).toBeUndefined();
    const byAsset = (id: string) => findings.find((f: any) => f.Resources[0].Id === id);
    expect(byAsset(ARN("gone"))).toMatchObject({ Workflow: { Status: "RESOLVED" }, RecordState: "ARCHIVED" });
    expect(byAsset(ARN("d"))).toMatchObject({ Workflow: { Status: "SUPPRESSED" } });
    expect(byAsset(ARN("a"))).toMatchObject({
      ProductArn: "arn:aws:securityhub:eu-west-1:999988887777:product/999988887777/default",
      AwsAccountId: "111122223333",
      Compliance: { Status: "FAILED" },
      Remediation: { Recommendation: { Text: "Recreate the endpoint config with a KMS key." } },
    });
  });

  it("writes SARIF 2.1.0 valid by the OASIS schema, with the remediation as rule help", () => {
    const log = JSON.parse(renderExport(report, "sarif", run));
    expect(sarifProblems(log)).toBeUndefined();
    expect(log.runs[0].results).toHaveLength(7);
    expect(log.runs[0].tool.driver.rules[0]).toMatchObject({
      help: { text: "Recreate the endpoint config with a KMS key." },
    });
    expect(log.runs[0].results.map((r: any) => r.baselineState)).toContain("absent");
    // The schema itself rejects what is not SARIF: the validator is not a rubber stamp.
    expect(sarifProblems({ ...log, version: "2.0.0" })).toBeDefined();
  });

  it("writes JUnit with one case per checked asset: failures, an error, a skip, passes", () => {
    const xml = renderExport(report, "junit", run);
    expect(xml).toMatch(
      /<testsuites name="aimscan 20260301T020000Z-abcd1234" tests="6" failures="3" errors="1" skipped="1">/,
    );
    expect(xml).toContain("Fix: Recreate the endpoint config with a KMS key.");
    expect(xml).not.toContain(ARN("gone"));
  });

  it("rejects an OCSF event that breaks the class definition", () => {
    const event = JSON.parse(renderExport(report, "ocsf", run).split("\n")[0]!);
    delete event.finding_info.uid;
    expect(ocsfProblems(event)).toMatch(/uid/);
    expect(
      ocsfProblems({ ...JSON.parse(renderExport(report, "ocsf", run).split("\n")[0]!), surprise: 1 }),
    ).toMatch(/additional/);
  });

  it("refuses an unknown --format in one line, exit 2", async () => {
    const r = await runCli(["export", "--format", "csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("ocsf, asff, sarif, junit");
  });
});
