// withFields is spread's twin for records made in bulk: the same keys, in the same order, the same
// values, a fresh object each time, and the base left as it was.
import { describe, expect, it } from "vitest";
import { withFields } from "../../core/extend.ts";

describe("withFields", () => {
  it("gives what { ...base, ...extra } gives, key order included", () => {
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ status: "matched", assetId: "a", asset: { name: "n" } }, { delta: "new" }],
      // An existing key keeps its place and takes the new value, as in a spread.
      [
        { status: "fail", delta: "new", assetId: "a" },
        { delta: "ongoing", reason: "r" },
      ],
      [{}, { delta: "resolved" }],
      [{ a: 1, b: undefined }, {}],
    ];
    for (const [base, extra] of cases) {
      const before = JSON.stringify(base);
      const out = withFields(base, extra);
      const spread = { ...base, ...extra };
      expect(Object.entries(out)).toEqual(Object.entries(spread));
      expect(out).not.toBe(base);
      expect(JSON.stringify(base)).toBe(before);
    }
  });

  it("shares nested values as a spread does (a shallow copy)", () => {
    const asset = { name: "n" };
    expect(withFields({ asset }, { delta: "new" }).asset).toBe(asset);
  });
});
