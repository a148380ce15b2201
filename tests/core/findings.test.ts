// Context on policy results: in place (the night's own results) gives each result exactly the
// fields, values and key order a copy gets, and leaves no copy behind.
import { describe, expect, it } from "vitest";
import { contextualiser, type PolicyCatalog } from "../../core/findings.ts";
import type { DriftReport, Inventory, PolicyResult } from "../../core/model.ts";

const catalog: PolicyCatalog = new Map([
  [
    "kms",
    { title: "Uses a KMS key", severity: "high", controls: ["ISO42001:A.7.2"], remediation: "Add one." },
  ],
  ["vpc", { title: "Runs in a VPC", severity: "low", controls: [] }],
]);
const inventory = {
  version: 1,
  systems: [{ id: "fraud", owner: "risk-team", riskLevel: "high", assets: [] }],
} as unknown as Inventory;
const report = {
  runId: "r",
  generatedAt: "2026-01-01T00:00:00.000Z",
  summary: {},
  coverage: [],
  policyResults: [],
  items: [
    { status: "matched", assetId: "a1", systemId: "fraud" },
    { status: "undeclared", assetId: "a2" },
    { status: "ambiguous", assetId: "a3", systems: ["fraud", "other"] },
  ],
} as unknown as DriftReport;

function results(): PolicyResult[] {
  return [
    {
      policyId: "kms",
      assetId: "a1",
      status: "fail",
      severity: "high",
      controls: ["ISO42001:A.7.2"],
      message: "no key",
    },
    { policyId: "vpc", assetId: "a2", status: "pass", severity: "low", controls: [] },
    { policyId: "kms", assetId: "a3", status: "error", severity: "high", controls: [], title: "own title" },
    { policyId: "gone", assetId: "a4", status: "pass", severity: "low", controls: [], delta: "new" },
  ] as PolicyResult[];
}

describe("contextualiser", () => {
  it("in place gives each result the fields, values and key order of a copy, on the result itself", () => {
    const copied = results().map(contextualiser(report, { catalog, inventory }));
    const originals = results();
    const inPlace = contextualiser(report, { catalog, inventory }, { inPlace: true });
    const enriched = originals.map(inPlace);
    for (const [i, r] of enriched.entries()) {
      expect(r).toBe(originals[i]);
      expect(Object.keys(r)).toEqual(Object.keys(copied[i]!));
      expect(r).toEqual(copied[i]);
    }
    // Applied twice (a result in the report and among the new failures): the same again.
    expect(enriched.map(inPlace)).toEqual(copied);
    expect(copied[0]).toMatchObject({
      systemId: "fraud",
      owner: "risk-team",
      riskLevel: "high",
      remediation: "Add one.",
    });
    expect(copied[2]).toMatchObject({ title: "own title", systemId: "ambiguous: fraud, other" });
  });

  it("by default leaves the result as it was", () => {
    const original = results()[0]!;
    const before = { ...original };
    contextualiser(report, { catalog, inventory })(original);
    expect(original).toEqual(before);
  });
});
