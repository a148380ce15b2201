import { describe, expect, it } from "vitest";
import type { Asset, DriftReport } from "../../../core/model.ts";
import { evaluatePolicies } from "../../../core/policy/index.ts";
import { addPack, type PolicySet } from "../../../core/policy/load.ts";

const assets: Asset[] = ["prod-1", "prod-2", "dev-1"].map((name) => ({
  id: `arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/${name}`,
  provider: "aws",
  service: "sagemaker",
  kind: "notebook",
  account: "111122223333",
  region: "us-east-1",
  name,
  tags: {},
  attributes: { rootAccess: name === "prod-2" ? "Disabled" : "Enabled" },
}));
const report: DriftReport = {
  runId: "r",
  generatedAt: "2026-01-01T00:00:00Z",
  summary: { observed: 3, matched: 0, changed: 0, undeclared: 3, ambiguous: 0, missing: 0, unverified: 0 },
  items: [],
  coverage: [],
  policyResults: [],
};

function load(waivers: string): PolicySet {
  const s: PolicySet = { policies: [], waivers: [], files: [] };
  addPack(
    s,
    new Map(),
    "waivers.yaml",
    `version: 1
policies:
  - { id: aws-nb-root, title: root off, severity: high, resource: { kind: notebook }, assert: 'asset.attributes.rootAccess == "Disabled"' }
waivers:
${waivers}`,
  );
  return s;
}

const now = new Date("2026-03-01T12:00:00Z");

describe("waivers", () => {
  it("reports a waived failure as waived, with the waiver's reason, and leaves passes alone", () => {
    const set = load(
      `  - { policy: "aws-nb-*", asset: "*:notebook-instance/prod-*", reason: vendor image needs root, approvedBy: ciso@example.com, expires: 2026-06-30 }`,
    );
    const { results, notices } = evaluatePolicies(set, assets, { inventory: { systems: [] }, report, now });
    expect(results.map((r) => [r.assetId.split("/")[1], r.status])).toEqual([
      ["prod-1", "waived"],
      ["prod-2", "pass"],
      ["dev-1", "fail"],
    ]);
    expect(results[0]!.waiver).toEqual({
      reason: "vendor image needs root",
      approvedBy: "ciso@example.com",
      expires: "2026-06-30",
    });
    expect(results[0]!.message).toMatch(/vendor image needs root/);
    expect(notices).toEqual([]);
  });

  it("stops applying an expired waiver and reports it once, with the failures it no longer covers", () => {
    const set = load(
      `  - { policy: aws-nb-root, asset: "*", reason: migration, approvedBy: ciso@example.com, expires: 2026-01-01 }`,
    );
    const { results, notices } = evaluatePolicies(set, assets, { inventory: { systems: [] }, report, now });
    expect(results.filter((r) => r.status === "fail")).toHaveLength(2);
    expect(results.some((r) => r.status === "waived")).toBe(false);
    expect(notices).toEqual([
      "waiver for aws-nb-root on * expired 2026-01-01 (waivers.yaml:5); 2 failure(s) no longer waived",
    ]);
  });

  it("treats the expiry day as the first day without the waiver", () => {
    const set = load(
      `  - { policy: aws-nb-root, asset: "*", reason: r, approvedBy: me, expires: 2026-03-02 }`,
    );
    const day = (d: string) =>
      evaluatePolicies(set, assets, { inventory: { systems: [] }, report, now: new Date(d) });
    expect(day("2026-03-01T23:59:59Z").results.filter((r) => r.status === "waived")).toHaveLength(2);
    expect(day("2026-03-02T00:00:00Z").results.filter((r) => r.status === "waived")).toHaveLength(0);
  });

  it("notices a waiver that names no loaded policy", () => {
    const set = load(`  - { policy: aws-typo, asset: "*", reason: r, approvedBy: me, expires: 2027-01-01 }`);
    const { notices } = evaluatePolicies(set, assets, { inventory: { systems: [] }, report, now });
    expect(notices).toEqual(["waiver for aws-typo on * names no loaded policy (waivers.yaml:5)"]);
  });
});
