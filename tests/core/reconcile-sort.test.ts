// Items print in one order: status, then asset id (UTF-16 code units), then system and
// declaration, as one comparison over every key would sort them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DriftItem } from "../../core/model.ts";
import { DriftStatus } from "../../core/model.ts";
import { sortItems } from "../../core/reconcile.ts";

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The one comparison over every key, as the order is defined. */
function reference(a: DriftItem, b: DriftItem): number {
  const order = DriftStatus.options;
  return (
    order.indexOf(a.status) - order.indexOf(b.status) ||
    cmp(a.assetId ?? "", b.assetId ?? "") ||
    cmp(a.systemId ?? "", b.systemId ?? "") ||
    cmp(a.source?.file ?? "", b.source?.file ?? "") ||
    (a.source?.line ?? 0) - (b.source?.line ?? 0)
  );
}

const id = fc.oneof(
  fc.string(),
  fc.constantFrom("a", "B", "é", "😀", "\ud800", "\uffff", "arn:aws:x", "arn:aws:x/1", "arn:aws:x/10"),
);
const item: fc.Arbitrary<DriftItem> = fc.record(
  {
    status: fc.constantFrom(...DriftStatus.options),
    assetId: id,
    systemId: fc.constantFrom("s1", "s2"),
    source: fc.record({ file: fc.constantFrom("a.yaml", "b.yaml"), line: fc.nat(9) }),
  },
  { requiredKeys: ["status"] },
);

describe("sortItems", () => {
  it("orders any items as the one comparison does, distinct ids or not", () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.boolean(), (items, distinct) => {
        const input = distinct ? items.map((x, i) => ({ ...x, assetId: `${x.assetId ?? ""}#${i}` })) : items;
        const want = [...input].sort(reference);
        const got = sortItems([...input]);
        // Items equal by every key may come in either order; compare by the keys.
        return got.every((x, i) => reference(x, want[i]!) === 0);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps every item, each once, ids in UTF-16 order", () => {
    const items: DriftItem[] = ["c", "a", "b", "😀", "é"].map((assetId) => ({ status: "matched", assetId }));
    const got = sortItems([...items]);
    expect(got.map((i) => i.assetId)).toEqual(["a", "b", "c", "é", "😀"]);
    expect(new Set(got)).toEqual(new Set(items));
  });
});
