// sortByFields orders records by their string fields through ranks and one number per record:
// the order must be exactly that of a stable comparator sort on the strings themselves, for any
// strings (shared prefixes, non-ASCII, surrogates, empty) and any number of ties.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sortByFields } from "../../core/ranked-sort.ts";

interface Rec {
  a: string;
  b: string;
  n: number;
}

const text = fc.oneof(
  fc.constantFrom("", "a", "ab", "aws-x", "aws-x-y", "é", "\u0000", "\uffff", "😀", "Z"),
  fc.string({ maxLength: 4, unit: "binary" }),
);
const records = fc
  .array(fc.record({ a: text, b: text }), { maxLength: 120 })
  .map((rs) => rs.map((r, n): Rec => ({ ...r, n })));
const reference = (rs: Rec[]) =>
  [...rs].sort((x, y) => (x.a !== y.a ? (x.a < y.a ? -1 : 1) : x.b !== y.b ? (x.b < y.b ? -1 : 1) : 0));

describe("sortByFields", () => {
  it("gives the order of a stable comparator sort on the fields", () => {
    fc.assert(
      fc.property(records, (rs) => {
        const got = sortByFields([...rs], [(r) => r.a, (r) => r.b]);
        expect(got.map((r) => r.n)).toEqual(reference(rs).map((r) => r.n));
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the same order where the keys would not fit one number with positions, or at all", () => {
    fc.assert(
      fc.property(records, fc.constantFrom(1, 50, 2000), (rs, exact) => {
        const got = sortByFields([...rs], [(r) => r.a, (r) => r.b], exact);
        expect(got.map((r) => r.n)).toEqual(reference(rs).map((r) => r.n));
      }),
      { numRuns: 600 },
    );
  });

  it("sorts in place and keeps equal records in their input order", () => {
    const rs: Rec[] = [
      { a: "p2", b: "x", n: 0 },
      { a: "p1", b: "y", n: 1 },
      { a: "p2", b: "x", n: 2 },
      { a: "p1", b: "x", n: 3 },
    ];
    const same = sortByFields(rs, [(r) => r.a, (r) => r.b]);
    expect(same).toBe(rs);
    expect(rs.map((r) => r.n)).toEqual([3, 1, 0, 2]);
  });
});
