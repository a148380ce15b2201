import { describe, expect, it } from "vitest";
import type { Asset, DriftReport, Inventory } from "../../../core/model.ts";
import { evaluatePolicyTable } from "../../../core/policy/index.ts";
import { addPack, type PolicySet } from "../../../core/policy/load.ts";
import { PolicyResultTable } from "../../../core/policy/results.ts";

const asset = (id: string, kind: string, attributes: Record<string, unknown> = {}): Asset => ({
  id,
  provider: "aws",
  service: "sagemaker",
  kind,
  account: "111122223333",
  region: "us-east-1",
  name: id,
  tags: {},
  attributes,
});

const report: DriftReport = {
  runId: "r",
  generatedAt: "2026-01-01T00:00:00Z",
  summary: { observed: 0, matched: 0, changed: 0, undeclared: 0, ambiguous: 0, missing: 0, unverified: 0 },
  items: [],
  coverage: [],
  policyResults: [],
};
const inventory: Inventory = { systems: [] };

function set(yaml: string): PolicySet {
  const s: PolicySet = { policies: [], waivers: [], files: [] };
  addPack(s, new Map(), "test.yaml", `version: 1\n${yaml}`);
  return s;
}

describe("PolicyResultTable", () => {
  it("keeps one status per policy and asset, and expands them policy by policy in asset order", () => {
    const policies = [
      { id: "p1", title: "one", severity: "high" as const, controls: ["A.1"] },
      { id: "p2", title: "two", severity: "low" as const, controls: [] },
    ];
    const table = new PolicyResultTable(policies, [{ id: "a" }, { id: "b" }, { id: "c" }]);
    table.set(1, 2, "error", { message: "boom" });
    table.set(0, 1, "pass");
    table.set(0, 0, "fail");
    table.set(1, 0, "pass");
    table.set(1, 0, "fail"); // a status set twice counts once, as its last value
    expect(table.toArray().map((r) => `${r.policyId}/${r.assetId}/${r.status}`)).toEqual([
      "p1/a/fail",
      "p1/b/pass",
      "p2/a/fail",
      "p2/c/error",
    ]);
    expect(table.toArray("non-pass").map((r) => `${r.policyId}/${r.assetId}`)).toEqual([
      "p1/a",
      "p2/a",
      "p2/c",
    ]);
    expect(table.counts(1)).toEqual({ pass: 0, fail: 1, error: 1, waived: 0 });
    expect(table.totals()).toEqual({ pass: 1, fail: 2, error: 1, waived: 0 });
    expect(table.size).toBe(4);
    expect(table.toArray()[0]).toEqual({
      policyId: "p1",
      assetId: "a",
      status: "fail",
      severity: "high",
      controls: ["A.1"],
      title: "one",
    });
    expect(table.toArray()[1]).toEqual({
      policyId: "p1",
      assetId: "b",
      status: "pass",
      severity: "high",
      controls: ["A.1"],
    });
    expect(table.toArray()[3]?.message).toBe("boom");
  });

  it("holds what evaluation found, waivers and errors included, with details only where they are", () => {
    const s = set(`policies:
  - { id: nb-root, title: root off, severity: high, resource: { kind: notebook }, assert: 'asset.attributes.rootAccess == "Disabled"' }
  - { id: any-name, title: named, severity: low, assert: 'asset.attributes.n > 1' }
waivers:
  - { policy: nb-root, asset: "b", reason: accepted, approvedBy: ciso@example.com, expires: "2999-01-01" }
`);
    const assets = [
      asset("a", "notebook", { rootAccess: "Disabled", n: 2 }),
      asset("b", "notebook", { rootAccess: "Enabled", n: 0 }),
      asset("c", "endpoint", { n: "x" }),
    ];
    const { table } = evaluatePolicyTable(s, assets, { inventory, report });
    const rows = table.toArray();
    expect(rows.map((r) => `${r.policyId}/${r.assetId}/${r.status}`)).toEqual([
      "nb-root/a/pass",
      "nb-root/b/waived",
      "any-name/a/pass",
      "any-name/b/fail",
      "any-name/c/error",
    ]);
    expect(rows[1]?.waiver).toEqual({
      reason: "accepted",
      approvedBy: "ciso@example.com",
      expires: "2999-01-01",
    });
    expect(rows[1]?.message).toMatch(/^waived until 2999-01-01 by ciso@example.com: accepted/);
    expect(rows[3]?.message).toBeUndefined();
    expect(rows[4]?.message).toMatch(/endpoint "c"/);
    expect(table.totals()).toEqual({ pass: 2, fail: 1, error: 1, waived: 1 });
  });
});
