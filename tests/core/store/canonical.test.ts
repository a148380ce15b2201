import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, sameJson } from "../../../core/store/versions.ts";

/** The definition the stored hashes were made with: JSON.stringify with a key-sorting replacer. */
const reference = (value: unknown) =>
  JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );

describe("canonicalJson", () => {
  it("writes the same text as JSON.stringify with sorted keys, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 500 },
    );
  });

  it("orders array-index keys first and keeps __proto__ a key, as the definition does", () => {
    const key = fc.constantFrom(
      "__proto__",
      "0",
      "1",
      "10",
      "2",
      "01",
      "-1",
      "4294967294",
      "4294967295",
      "a",
      "B",
      "é",
      "",
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue({ maxDepth: 0 }),
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(key, tie("node"), { maxKeys: 5 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        // Through JSON.parse, as stored content arrives: "__proto__" an own key, not the prototype.
        const parsed = JSON.parse(JSON.stringify(v));
        expect(canonicalJson(parsed)).toBe(reference(parsed));
      }),
      { numRuns: 500 },
    );
  });

  it("drops undefined members, writes null for undefined in arrays, and uses toJSON", () => {
    const v = { b: undefined, a: [undefined, 1], d: new Date(0), c: { z: 1, y: "é\n" } };
    expect(canonicalJson(v)).toBe(reference(v));
  });
});

// planVersions skips a night's unchanged content on sameJson alone, so it must never say "same"
// for content whose canonical text (and so its stored hash) differs.
describe("sameJson", () => {
  const anything = fc.anything({ withNullPrototype: false, withBoxedValues: false, withDate: true });
  it("is true only for values of the same canonical JSON, and for a value and its parsed copy", () => {
    fc.assert(
      fc.property(anything, anything, (a, b) => {
        if (sameJson(a, b)) expect(canonicalJson(a)).toBe(canonicalJson(b));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(sameJson(v, JSON.parse(JSON.stringify(v)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("tells apart what differs only in a nested member, an order of items, or undefined against null", () => {
    expect(sameJson({ a: { b: [1, 2] } }, { a: { b: [2, 1] } })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson([undefined], [null])).toBe(false);
    expect(sameJson({ b: 2, a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(sameJson({}, [])).toBe(false);
  });
});
