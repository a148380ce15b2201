import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../../core/store/versions.ts";

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

  it("drops undefined members, writes null for undefined in arrays, and uses toJSON", () => {
    const v = { b: undefined, a: [undefined, 1], d: new Date(0), c: { z: 1, y: "é\n" } };
    expect(canonicalJson(v)).toBe(reference(v));
  });
});
