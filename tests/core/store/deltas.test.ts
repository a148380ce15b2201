import { describe, expect, it } from "vitest";
import { computeDeltas, driftIdentity, summarize, summarizePolicies } from "../../../core/store/deltas.ts";
import { asset, coverage, failing, matched, missing, undeclared } from "./fixtures.ts";

const east = [coverage("us-east-1")];
const none = { items: [], policyResults: [] };

describe("computeDeltas", () => {
  it("marks every item new when there is no previous run", () => {
    const a = asset("a");
    const d = computeDeltas({
      previous: none,
      current: { items: [undeclared(a)], policyResults: [] },
      coverage: east,
    });
    expect(d.items.map((i) => i.delta)).toEqual(["new"]);
    expect(d.newItems).toHaveLength(1);
  });

  it("marks a repeated item ongoing and one gone from an ok-scanned scope resolved", () => {
    const [a, b] = [asset("a"), asset("b")];
    const d = computeDeltas({
      previous: { items: [undeclared(a), undeclared(b)], policyResults: [] },
      current: { items: [undeclared(a)], policyResults: [] },
      coverage: east,
    });
    expect(d.items.map((i) => [i.assetId, i.delta])).toEqual([
      [a.id, "ongoing"],
      [b.id, "resolved"],
    ]);
    expect(d.resolvedItems.map((i) => i.assetId)).toEqual([b.id]);
    expect(d.newItems).toEqual([]);
  });

  it("keeps an item that turns from missing to unverified ongoing, not resolved", () => {
    const id = asset("gone").id;
    const d = computeDeltas({
      previous: { items: [missing(id)], policyResults: [] },
      current: { items: [missing(id, "fraud", "unverified")], policyResults: [] },
      coverage: [coverage("us-east-1", "error")],
    });
    expect(d.items.map((i) => [i.status, i.delta])).toEqual([["unverified", "ongoing"]]);
    expect(d.resolvedItems).toEqual([]);
  });

  it("alerts once when an unverified entry is verified missing, keeping the item ongoing", () => {
    const id = asset("gone").id;
    const d = computeDeltas({
      previous: { items: [missing(id, "fraud", "unverified")], policyResults: [] },
      current: { items: [missing(id)], policyResults: [] },
      coverage: east,
    });
    expect(d.items.map((i) => [i.status, i.delta])).toEqual([["missing", "ongoing"]]);
    expect(d.newItems.map((i) => i.status)).toEqual(["missing"]);
    const again = computeDeltas({
      previous: { items: [missing(id)], policyResults: [] },
      current: { items: [missing(id)], policyResults: [] },
      coverage: east,
    });
    expect(again.newItems).toEqual([]);
  });

  it("carries an undeclared item whose region failed tonight instead of resolving it", () => {
    const a = asset("a", "eu-west-1");
    const d = computeDeltas({
      previous: { items: [undeclared(a)], policyResults: [] },
      current: none,
      coverage: [coverage("us-east-1"), coverage("eu-west-1", "error")],
    });
    expect(d.resolvedItems).toEqual([]);
    expect(d.carriedItems).toHaveLength(1);
    expect(d.items[0]).toMatchObject({ status: "undeclared", delta: "ongoing" });
    expect(d.items[0]!.reason).toContain("aws/111122223333/eu-west-1/sagemaker");
  });

  it("treats a matched asset that drifts as a new changed item and never reports matched as resolved", () => {
    const a = asset("a");
    const changed = {
      ...matched(a),
      status: "changed" as const,
      diffs: [{ path: "x", expected: 1, actual: 2 }],
    };
    const d = computeDeltas({
      previous: { items: [matched(a)], policyResults: [] },
      current: { items: [changed], policyResults: [] },
      coverage: east,
    });
    expect(d.items.map((i) => [i.status, i.delta])).toEqual([["changed", "new"]]);
    expect(d.resolvedItems).toEqual([]);
    expect(d.endedItems.map((i) => i.status)).toEqual(["matched"]);
  });

  it("gives failing policy results new, ongoing and resolved deltas by (policy, asset)", () => {
    const [a, b, c, e] = [asset("a"), asset("b"), asset("c"), asset("e")];
    const d = computeDeltas({
      previous: {
        items: [],
        policyResults: [failing(a), failing(b), failing(c), failing(e)],
      },
      current: {
        items: [],
        policyResults: [
          failing(a),
          failing(b, "kms-required", "pass"),
          failing(e, "kms-required", "error"),
          failing(asset("n")),
        ],
      },
      coverage: east,
    });
    const byAsset = Object.fromEntries(
      d.policyResults.map((r) => [r.assetId.split("/")[1], [r.status, r.delta]]),
    );
    expect(byAsset).toEqual({
      a: ["fail", "ongoing"],
      b: ["pass", "resolved"],
      e: ["error", "ongoing"],
      n: ["fail", "new"],
    });
    // c's asset is gone (its scope was scanned ok): resolved, and no longer one of tonight's results.
    expect(d.resolvedPolicyResults).toEqual([
      { ...failing(c), delta: "resolved", reason: "asset not observed in this run" },
    ]);
    expect(d.newPolicyFailures.map((r) => r.assetId)).toEqual([asset("n").id]);
    expect(d.resolvedPolicyFailures.map((r) => r.assetId)).toEqual([b.id, c.id]);
    expect(summarizePolicies(d.policyResults)).toEqual({ pass: 1, fail: 2, error: 1, waived: 0 });
  });

  it("carries a failing result whose asset's scope was not scanned ok", () => {
    const a = asset("a", "eu-west-1");
    const d = computeDeltas({
      previous: { items: [], policyResults: [failing(a)] },
      current: none,
      coverage: east,
    });
    expect(d.resolvedPolicyFailures).toEqual([]);
    expect(d.policyResults).toEqual([
      {
        ...failing(a),
        delta: "ongoing",
        reason: "not rescanned: aws/111122223333/eu-west-1/sagemaker was not scanned ok in this run",
      },
    ]);
  });

  it("compares Azure asset ids case-insensitively", () => {
    const id = "/subscriptions/S/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai";
    expect(driftIdentity({ status: "undeclared", assetId: id })).toBe(
      driftIdentity({ status: "undeclared", assetId: id.toUpperCase() }),
    );
  });
});

describe("summarize", () => {
  it("counts items by status, leaving resolved ones out", () => {
    const a = asset("a");
    const s = summarize(
      [undeclared(a), { ...undeclared(asset("b")), delta: "resolved" }, matched(asset("c"))],
      2,
    );
    expect(s).toEqual({
      observed: 2,
      matched: 1,
      changed: 0,
      undeclared: 1,
      ambiguous: 0,
      missing: 0,
      unverified: 0,
    });
  });
});
