// Policy contexts and result context read the report's items through one index by asset id; they
// give what a map filled in report order gave (the rules they had), duplicates and resolved items
// of a night included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contextIndex, UNDECLARED } from "../../core/findings.ts";
import type { Asset, DriftItem, DriftReport, Inventory } from "../../core/model.ts";
import { contextBuilder } from "../../core/policy/context.ts";
import { itemIndex } from "../../core/reconcile-index.ts";

const ids = ["a", "b", "c", "d"];
const item: fc.Arbitrary<DriftItem> = fc
  .record(
    {
      status: fc.constantFrom("matched", "changed", "undeclared", "ambiguous", "missing", "unverified"),
      assetId: fc.constantFrom(...ids),
      systemId: fc.constantFrom("s1", "s2", "gone"),
      systems: fc.constantFrom(["s1", "s2"], ["s2"], []),
      delta: fc.constantFrom("new", "resolved"),
    },
    { requiredKeys: ["status"] },
  )
  .map((i) => i as DriftItem);
const report = (items: DriftItem[]): DriftReport => ({
  runId: "r",
  generatedAt: "2026-01-01T00:00:00Z",
  summary: { observed: 0, matched: 0, changed: 0, undeclared: 0, ambiguous: 0, missing: 0, unverified: 0 },
  items,
  coverage: [],
  policyResults: [],
});
const inventory: Inventory = {
  systems: [
    { id: "s1", owner: "o", riskLevel: "high", assets: [] },
    { id: "s2", riskLevel: "low", assets: [] },
  ],
};
const assets: Asset[] = ids.map((id) => ({
  id,
  provider: "aws",
  service: "sagemaker",
  kind: "model",
  account: "111122223333",
  region: "us-east-1",
  name: id,
  tags: {},
  attributes: {},
}));

/** The facts as contextualiser's own map of them gave them (session 7). */
function factsBefore(items: DriftItem[], assetId: string): string {
  const claimed = new Map<string, string>();
  for (const i of items) {
    if (!i.assetId || i.status === "missing" || i.status === "unverified") continue;
    if (claimed.has(i.assetId) && i.delta === "resolved") continue;
    const facts =
      i.status === "ambiguous"
        ? `ambiguous: ${(i.systems ?? []).join(", ")}/${UNDECLARED}`
        : i.systemId
          ? i.systemId === "gone"
            ? "gone/unknown"
            : `${i.systemId}/${i.systemId === "s1" ? "o" : UNDECLARED}`
          : `${UNDECLARED}/${UNDECLARED}`;
    claimed.set(i.assetId, facts);
  }
  return claimed.get(assetId) ?? `${UNDECLARED}/${UNDECLARED}`;
}

/** The claimants as contextBuilder's own map of them gave them (session 7). */
function claimBefore(items: DriftItem[], assetId: string): string[] {
  const byAsset = new Map<string, string[]>();
  for (const i of items) {
    if (!i.assetId) continue;
    if (i.status === "matched" || i.status === "changed") {
      if (i.systemId) byAsset.set(i.assetId, [i.systemId]);
    } else if (i.status === "ambiguous")
      byAsset.set(i.assetId, i.systems ?? (i.systemId ? [i.systemId] : []));
  }
  return byAsset.get(assetId) ?? [];
}

describe("itemIndex", () => {
  it("gives result context and policy context what their own maps gave, for any items", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), (items) => {
        const r = report(items);
        const index = itemIndex(r);
        const context = contextIndex(r, { inventory }, index);
        const build = contextBuilder(assets, inventory, r, new Date(), index);
        for (const a of assets) {
          const f = context.facts(a.id);
          expect(`${f.systemId}/${f.owner}`).toBe(factsBefore(items, a.id));
          const c = build(a);
          expect(c.systems.map((s) => s.id)).toEqual(claimBefore(items, a.id));
          expect(c.declared).toBe(claimBefore(items, a.id).length > 0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("shares one facts object per system and per ambiguous item", () => {
    const items: DriftItem[] = [
      { status: "matched", assetId: "a", systemId: "s1" },
      { status: "matched", assetId: "b", systemId: "s1" },
      { status: "ambiguous", assetId: "c", systems: ["s1", "s2"] },
    ];
    const context = contextIndex(report(items), { inventory });
    expect(context.facts("a")).toBe(context.facts("b"));
    expect(context.facts("c")).toBe(context.facts("c"));
  });
});
