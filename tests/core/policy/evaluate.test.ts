import { describe, expect, it } from "vitest";
import type { Asset, DriftReport, Inventory } from "../../../core/model.ts";
import { evaluatePolicies } from "../../../core/policy/index.ts";
import { addPack, type PolicySet } from "../../../core/policy/load.ts";

function set(yaml: string): PolicySet {
  const s: PolicySet = { policies: [], waivers: [], files: [] };
  addPack(s, new Map(), "test.yaml", `version: 1\n${yaml}`);
  return s;
}

const asset = (
  id: string,
  kind: string,
  attributes: Record<string, unknown> = {},
  extra: Partial<Asset> = {},
): Asset => ({
  id,
  provider: "aws",
  service: "sagemaker",
  kind,
  account: "111122223333",
  region: "us-east-1",
  name: id,
  tags: {},
  attributes,
  ...extra,
});

const report = (items: DriftReport["items"]): DriftReport => ({
  runId: "r",
  generatedAt: "2026-01-01T00:00:00Z",
  summary: { observed: 0, matched: 0, changed: 0, undeclared: 0, ambiguous: 0, missing: 0, unverified: 0 },
  items,
  coverage: [],
  policyResults: [],
});

const inventory: Inventory = {
  systems: [
    { id: "fraud", owner: "risk@example.com", riskLevel: "high", assets: [] },
    { id: "churn", riskLevel: "low", assets: [] },
  ],
};

describe("evaluatePolicies", () => {
  it("runs a policy only on assets its resource selector matches, and reports pass and fail", () => {
    const s = set(`policies:
  - { id: nb-root, title: root off, severity: high, controls: ["ISO42001:A.4.5"], resource: { kind: notebook }, assert: 'asset.attributes.rootAccess == "Disabled"' }
`);
    const assets = [
      asset("a", "notebook", { rootAccess: "Disabled" }),
      asset("b", "notebook", { rootAccess: "Enabled" }),
      asset("c", "endpoint"),
    ];
    const { results } = evaluatePolicies(s, assets, { inventory, report: report([]) });
    expect(results.map((r) => [r.assetId, r.status])).toEqual([
      ["a", "pass"],
      ["b", "fail"],
    ]);
    expect(results[1]).toMatchObject({
      policyId: "nb-root",
      severity: "high",
      controls: ["ISO42001:A.4.5"],
      title: "root off",
    });
  });

  it("turns a runtime error into an error result for that asset and carries on", () => {
    const s = set(`policies:
  - { id: p, title: t, severity: low, assert: 'asset.attributes.count > 1' }
`);
    const { results } = evaluatePolicies(
      s,
      [asset("bad", "model", {}), asset("good", "model", { count: 2 })],
      {
        inventory,
        report: report([]),
      },
    );
    expect(results[0]).toMatchObject({ assetId: "bad", status: "error" });
    expect(results[0]!.message).toMatch(/"bad".*No such key: count/);
    expect(results[1]).toMatchObject({ assetId: "good", status: "pass" });
  });

  it("reports an error when a dynamic expression yields something other than a bool", () => {
    const s = set(`policies:
  - { id: p, title: t, severity: low, assert: 'asset.attributes.flag' }
`);
    const { results } = evaluatePolicies(s, [asset("x", "model", { flag: "yes" })], {
      inventory,
      report: report([]),
    });
    expect(results[0]).toMatchObject({ status: "error" });
    expect(results[0]!.message).toMatch(/assert returned "yes", not true or false/);
  });

  it("binds declared and system from matched items, and skips policies whose when is false", () => {
    const s = set(`policies:
  - { id: owner, title: t, severity: high, resource: { declared: true }, when: 'system != null', assert: 'system.owner != null' }
  - { id: declared, title: t, severity: medium, assert: declared }
`);
    const assets = [asset("m", "endpoint"), asset("n", "endpoint"), asset("u", "endpoint")];
    const { results } = evaluatePolicies(s, assets, {
      inventory,
      report: report([
        { status: "matched", assetId: "m", systemId: "fraud" },
        { status: "changed", assetId: "n", systemId: "churn" },
        { status: "undeclared", assetId: "u" },
      ]),
    });
    expect(results.map((r) => `${r.policyId}:${r.assetId}:${r.status}`)).toEqual([
      "owner:m:pass",
      "owner:n:fail",
      "declared:m:pass",
      "declared:n:pass",
      "declared:u:fail",
    ]);
  });

  it("holds an ambiguous asset to its highest-risk claimant and lists every claimant", () => {
    const s = set(`policies:
  - { id: risk, title: t, severity: high, when: 'system != null', assert: 'system.id == "fraud" && size(systems) == 2' }
`);
    const { results } = evaluatePolicies(s, [asset("a", "endpoint")], {
      inventory,
      report: report([{ status: "ambiguous", assetId: "a", systems: ["churn", "fraud"] }]),
    });
    expect(results[0]).toMatchObject({ status: "pass" });
  });

  it("exposes account facts: invocation logging and guardrails of the same account and region", () => {
    const s = set(`policies:
  - { id: logs, title: t, severity: high, resource: { kind: custom-model }, assert: 'account.invocationLogging && account.guardrails == 1 && account.kinds["bedrock/guardrail"] == 1' }
`);
    const bedrock = { service: "bedrock" };
    const assets = [
      asset("cm-east", "custom-model", {}, bedrock),
      asset("cm-west", "custom-model", {}, { ...bedrock, region: "us-west-2" }),
      asset("log-east", "invocation-logging", { enabled: true }, bedrock),
      asset("gr-east", "guardrail", {}, bedrock),
    ];
    const { results } = evaluatePolicies(s, assets, { inventory, report: report([]) });
    expect(results.map((r) => [r.assetId, r.status])).toEqual([
      ["cm-east", "pass"],
      ["cm-west", "fail"],
    ]);
  });

  it("gives CEL the evaluation time as now", () => {
    const s = set(`policies:
  - { id: age, title: t, severity: low, assert: 'now - timestamp(asset.createdAt) <= duration("720h")' }
`);
    const assets = [
      asset("new", "model", {}, { createdAt: "2026-02-20T00:00:00Z" }),
      asset("old", "model", {}, { createdAt: "2025-01-01T00:00:00Z" }),
    ];
    const { results } = evaluatePolicies(s, assets, {
      inventory,
      report: report([]),
      now: new Date("2026-03-01T00:00:00Z"),
    });
    expect(results.map((r) => r.status)).toEqual(["pass", "fail"]);
  });

  it("matches glob and tag selectors", () => {
    const s = set(`policies:
  - { id: p, title: t, severity: low, resource: { provider: aws, name: "prod-*", tags: { env: prod } }, assert: "true" }
`);
    const assets = [
      asset("prod-a", "model", {}, { tags: { env: "prod" } }),
      asset("prod-b", "model", {}, { tags: { env: "dev" } }),
      asset("dev-c", "model", {}, { tags: { env: "prod" } }),
    ];
    const { results } = evaluatePolicies(s, assets, { inventory, report: report([]) });
    expect(results.map((r) => r.assetId)).toEqual(["prod-a"]);
  });
});
