// Name selectors over big pools (more than 64 assets of one provider) look only at the assets whose
// name starts with the glob's literal prefix (core/reconcile.ts, NamePrefixes): the claims must be
// those of testing every asset, for any names (shared ones, non-ASCII ones) and any mix of prefix
// lengths, found by binary search over the pool's distinct names.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Asset, Inventory, Snapshot } from "../../core/model.ts";
import { matches, reconcile } from "../../core/reconcile.ts";

const name = fc.array(fc.constantFrom("a", "b", "-", "é"), { maxLength: 6 }).map((cs) => cs.join(""));
const glob = fc
  .tuple(name, fc.constantFrom("*", "*a", "*-*", "?", "*b*"))
  .map(([prefix, rest]) => `${prefix}${rest}`);

const asset = (n: string, i: number): Asset => ({
  id: `arn:aws:bedrock:us-east-1:111122223333:agent/${i}`,
  provider: "aws",
  service: "bedrock",
  kind: "agent",
  account: "111122223333",
  region: "us-east-1",
  name: n,
  tags: {},
  attributes: {},
});

describe("name selectors over a big pool", () => {
  it("claim exactly the assets whose name the glob matches", () => {
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 65, maxLength: 150 }),
        fc.array(glob, { minLength: 1, maxLength: 10 }),
        (names, globs) => {
          const assets = names.map(asset);
          const inventory: Inventory = {
            systems: globs.map((g, s) => ({
              id: `s${s}`,
              assets: [
                { match: { provider: "aws", name: g }, minCount: 0, source: { file: "i.yaml", line: s } },
              ],
            })),
          };
          const snapshot: Snapshot = { schemaVersion: 1, scannedAt: "x", assets, coverage: [] };
          const report = reconcile(inventory, snapshot);
          const byId = new Map(report.items.map((i) => [i.assetId, i]));
          for (const a of assets) {
            const systems = inventory.systems
              .filter((s) => matches(a, s.assets[0]!.match!))
              .map((s) => s.id)
              .sort();
            const item = byId.get(a.id)!;
            if (systems.length === 0) expect(item.status).toBe("undeclared");
            else if (systems.length === 1)
              expect([item.status, item.systemId]).toEqual(["matched", systems[0]]);
            else expect([item.status, item.systems]).toEqual(["ambiguous", systems]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
