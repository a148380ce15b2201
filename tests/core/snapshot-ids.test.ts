// readSnapshotWithIds hands reconcile the idKey map it built while checking for duplicate ids;
// reconcile given it says exactly what it says when it builds its own.
import { describe, expect, it } from "vitest";
import { idKey } from "../../core/ids.ts";
import { loadInventory } from "../../core/inventory.ts";
import { reconcile } from "../../core/reconcile.ts";
import { readSnapshotWithIds } from "../../core/snapshot-file.ts";

describe("readSnapshotWithIds", () => {
  it("maps each asset's idKey to the asset, and reconcile given the map reports the same", () => {
    const { snapshot, ids } = readSnapshotWithIds("examples/snapshot.json");
    expect([...ids.keys()]).toEqual(snapshot.assets.map((a) => idKey(a.id)));
    expect([...ids.values()]).toEqual(snapshot.assets);
    const inventory = loadInventory("examples/inventory");
    const now = new Date("2026-01-01T00:00:00Z");
    expect(reconcile(inventory, snapshot, { now, ids })).toEqual(reconcile(inventory, snapshot, { now }));
  });
});
