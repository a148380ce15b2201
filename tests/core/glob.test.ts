// Globs whose only wildcard is `*` are matched without a regular expression: the answer must be the
// regular expression's, for every pattern and value (ids contain `/`, `:` and newlines never stop `*`).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { globMatch, globToRegExp } from "../../core/glob.ts";

const text = (chars: string[], maxLength: number) =>
  fc.array(fc.constantFrom(...chars), { maxLength }).map((cs) => cs.join(""));

describe("globMatch", () => {
  it("agrees with the glob's regular expression for patterns of `*` and literals", () => {
    const chars = ["a", "b", "-", "/", ":", "\n", "."];
    fc.assert(
      fc.property(text([...chars, "*", "*"], 8), text(chars, 10), (pattern, value) => {
        expect(globMatch(pattern, value)).toBe(globToRegExp(pattern).test(value));
      }),
      { numRuns: 5000 },
    );
  });

  it("matches prefixes, suffixes and pieces in order, each piece used once", () => {
    expect(globMatch("app7-*", "app7-team1-svc")).toBe(true);
    expect(globMatch("app7-*", "app70-team1")).toBe(false);
    expect(globMatch("*-svc", "a-svc")).toBe(true);
    expect(globMatch("a*a", "a")).toBe(false);
    expect(globMatch("a*b*a", "aba")).toBe(true);
    expect(globMatch("a*b*b*a", "abba")).toBe(true);
    expect(globMatch("a*bb*a", "aba")).toBe(false);
    expect(globMatch("*", "")).toBe(true);
    expect(globMatch("A*", "app", true)).toBe(true);
  });
});
