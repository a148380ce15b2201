// The zod-free check of an inventory accepts only what zod accepts, and returns what zod returns
// (keys in schema order, defaults filled in, fresh objects); what it is not sure of goes to zod,
// so bad input keeps zod's file:line:col message.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadInventory } from "../../core/inventory.ts";
import { fastInventoryFile } from "../../core/inventory-shape.ts";
import { InventoryFile } from "../../core/model.ts";
import { InputError } from "../../core/yamlfile.ts";

// A key left out (rather than present with undefined, which the check leaves to zod).
const GONE = "\u0000gone";

// Values of the right type most of the time, and of every wrong one sometimes.
const odd = fc.constantFrom<unknown>(
  undefined,
  null,
  "",
  "x",
  0,
  -0,
  1,
  -1,
  1.5,
  2 ** 60,
  Number.NaN,
  true,
  [],
  {},
  ["a"],
  { a: 1 },
  Object.create(null),
  new Date(0),
);
// Mostly valid, so that files the check accepts are common and a wrong answer shows.
const str = fc.oneof({ weight: 30, arbitrary: fc.string({ maxLength: 3 }) }, { weight: 1, arbitrary: odd });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
const strMap = fc.oneof(
  { weight: 12, arbitrary: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.constant(null))) },
  { weight: 1, arbitrary: fc.dictionary(fc.string(), odd) },
  { weight: 1, arbitrary: odd },
);
const selector = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        provider: fc.oneof(
          { weight: 10, arbitrary: fc.constantFrom("aws", "azure", "gcp", "AWS") },
          { weight: 1, arbitrary: odd },
        ),
        service: str,
        kind: str,
        account: str,
        region: str,
        name: str,
        id: str,
        tags: strMap,
        attributes: fc.oneof(
          fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), odd)),
          odd,
        ),
        extra: fc.oneof({ weight: 1, arbitrary: str }, { weight: 3, arbitrary: fc.constant(GONE) }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: odd },
);
const entry = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        id: str,
        match: selector,
        expect: fc.oneof(
          fc.record(
            {
              name: str,
              region: str,
              tags: strMap,
              attributes: fc.oneof(
                { weight: 10, arbitrary: fc.dictionary(fc.string(), fc.jsonValue()) },
                { weight: 1, arbitrary: fc.dictionary(fc.string(), fc.anything()) },
                { weight: 1, arbitrary: odd },
              ),
              other: str,
            },
            { requiredKeys: [] },
          ),
          odd,
        ),
        minCount: fc.oneof({ weight: 10, arbitrary: fc.nat(5) }, { weight: 1, arbitrary: odd }),
        source: fc.oneof({ weight: 1, arbitrary: str }, { weight: 6, arbitrary: fc.constant(GONE) }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: odd },
);
const system = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        id: str,
        name: str,
        owner: str,
        riskLevel: fc.oneof(
          { weight: 10, arbitrary: fc.constantFrom("low", "medium", "high", "TODO", "HIGH") },
          { weight: 1, arbitrary: odd },
        ),
        purpose: str,
        impactAssessment: str,
        tags: strMap,
        assets: fc.oneof(
          { weight: 5, arbitrary: fc.array(entry, { maxLength: 4 }) },
          { weight: 1, arbitrary: odd },
        ),
        owners: fc.oneof({ weight: 1, arbitrary: str }, { weight: 3, arbitrary: fc.constant(GONE) }),
      },
      { requiredKeys: ["id"] },
    ),
  },
  { weight: 1, arbitrary: odd },
);
const file = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        version: fc.oneof({ weight: 20, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: odd }),
        systems: fc.oneof(
          { weight: 5, arbitrary: fc.array(system, { maxLength: 4 }) },
          { weight: 1, arbitrary: odd },
        ),
        extra: fc.oneof({ weight: 1, arbitrary: str }, { weight: 20, arbitrary: fc.constant(GONE) }),
      },
      { requiredKeys: ["version", "extra"] },
    ),
  },
  { weight: 1, arbitrary: odd },
);
// Keys in another order than the schema's: zod's output is in schema order all the same.
const shuffled = fc.tuple(file, fc.boolean()).map(([f, reverse]) => stripped(reverse ? reversed(f) : f));

function stripped(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripped);
  if (!v || typeof v !== "object" || Object.getPrototypeOf(v) !== Object.prototype) return v;
  return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (x === GONE ? [] : [[k, stripped(x)]])));
}

function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (!v || typeof v !== "object" || Object.getPrototypeOf(v) !== Object.prototype) return v;
  return Object.fromEntries(
    Object.entries(v)
      .reverse()
      .map(([k, x]) => [k, reversed(x)]),
  );
}

describe("fastInventoryFile", () => {
  it("accepts only what zod accepts, and returns zod's value with its key order", () => {
    let accepted = 0;
    let valid = 0;
    fc.assert(
      fc.property(shuffled, (raw) => {
        const fast = fastInventoryFile(raw);
        const zod = InventoryFile.safeParse(raw);
        if (zod.success) valid++;
        if (fast === undefined) return true;
        accepted++;
        return zod.success && JSON.stringify(fast) === JSON.stringify(zod.data) && sameShape(fast, zod.data);
      }),
      { numRuns: 5000 },
    );
    // The property says something only if the check accepts a fair share.
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeGreaterThan(valid * 0.8);
  });

  it("puts every key where zod does, whatever order the file gives", () => {
    const full = {
      version: 1,
      systems: [
        {
          id: "s",
          name: "n",
          owner: "o",
          riskLevel: "high",
          purpose: "p",
          impactAssessment: "i",
          tags: { b: "1", a: "2" },
          assets: [
            {
              id: "x",
              match: {
                provider: "aws",
                service: "s",
                kind: "k",
                account: "a",
                region: "r",
                name: "n*",
                id: "i*",
                tags: { t: "v" },
                attributes: { s: "x", n: 1, b: true, z: null },
              },
              expect: { name: "n", region: "r", tags: { t: null }, attributes: { a: [1, { b: 2 }] } },
              minCount: 0,
            },
          ],
        },
      ],
    };
    for (const raw of [full, reversed(full)]) {
      const fast = fastInventoryFile(raw);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(InventoryFile.parse(raw)));
      expect(sameShape(fast, InventoryFile.parse(raw))).toBe(true);
    }
  });

  it("returns fresh objects, so the parsed YAML stays as it was", () => {
    const raw = {
      version: 1,
      systems: [{ id: "s", tags: { a: "b" }, assets: [{ id: "x", expect: { attributes: { n: [1] } } }] }],
    };
    const fast = fastInventoryFile(raw)!;
    expect(fast).toEqual(InventoryFile.parse(raw));
    expect(fast.systems[0]).not.toBe(raw.systems[0]);
    expect(fast.systems[0]!.tags).not.toBe(raw.systems[0]!.tags);
    expect(fast.systems[0]!.assets[0]!.expect!.attributes).not.toBe(
      raw.systems[0]!.assets[0]!.expect.attributes,
    );
  });

  it("leaves hostile values to zod: wrong types, unknown keys, odd numbers, __proto__", () => {
    const base = { id: "s", assets: [{ id: "x" }] };
    for (const system of [
      { ...base, id: 5 },
      { ...base, id: "" },
      { ...base, riskLevel: "critical" },
      { ...base, tags: { a: 1 } },
      { ...base, owners: "typo" },
      { ...base, assets: [{ id: "x", minCount: 1.5 }] },
      { ...base, assets: [{ id: "x", minCount: -1 }] },
      { ...base, assets: [{ id: "x", minCount: 2 ** 60 }] },
      { ...base, assets: [{ match: { provider: "oci" } }] },
      { ...base, assets: [{ match: { attributes: { a: [1] } } }] },
      { ...base, assets: [{ expect: { tags: { a: 2 } } }] },
      { ...base, assets: "x" },
      JSON.parse('{"id":"s","__proto__":{"polluted":true}}'),
    ])
      expect(fastInventoryFile({ version: 1, systems: [system] }), JSON.stringify(system)).toBeUndefined();
    expect(fastInventoryFile({ version: 2, systems: [] })).toBeUndefined();
    expect(fastInventoryFile([])).toBeUndefined();
  });
});

describe("loadInventory with the zod-free check", () => {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-inventory-shape-"));
  const load = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    try {
      return loadInventory(path);
    } catch (e) {
      if (e instanceof InputError)
        return e.message.replace(`${path}`, name).replace(/^.*?(bad|ok)\.yaml/, "$1.yaml");
      throw e;
    }
  };

  it("reads a plain file as zod reads it", () => {
    const inv = load(
      "ok.yaml",
      "version: 1\nsystems:\n  - id: s\n    riskLevel: TODO\n    assets:\n      - id: arn:aws:sagemaker:us-east-1:111122223333:endpoint/e\n        minCount: 0\n",
    );
    expect(inv).toMatchObject({
      systems: [{ id: "s", riskLevel: "TODO", assets: [{ minCount: 0, source: { line: 6 } }] }],
    });
  });

  it("gives the schema's one-line message, with the line, for wrong types, duplicates, anchors and huge strings", () => {
    const head = "version: 1\nsystems:\n  - id: s\n";
    expect(load("bad.yaml", `${head}    riskLevel: critical\n`)).toMatch(/^bad\.yaml:4:\d+: .*riskLevel/);
    expect(load("bad.yaml", `${head}    assets:\n      - id: x\n        minCount: -1\n`)).toMatch(
      /^bad\.yaml:6:\d+: /,
    );
    expect(load("bad.yaml", `${head}  - id: s\n`)).toMatch(
      /^bad\.yaml:4:\d+: system id "s" is already declared at .*:3:/,
    );
    expect(load("bad.yaml", `${head}    owner: &o team\n    purpose: *o\n    tags: 5\n`)).toMatch(
      /^bad\.yaml:6:\d+: /,
    );
    expect(load("bad.yaml", `${head}    owner: ${"x".repeat(200_000)}\n    ownr: y\n`)).toMatch(
      /^bad\.yaml:5:\d+: .*ownr/,
    );
  });
});

/** The same keys in the same order, all the way down. */
function sameShape(a: unknown, b: unknown): boolean {
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameShape(x, b[i]));
  if (!a || typeof a !== "object") return Object.is(a, b);
  if (!b || typeof b !== "object") return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k, i) =>
        k === kb[i] && sameShape((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}
