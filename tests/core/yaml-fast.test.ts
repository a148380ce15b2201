// The fast YAML reader must agree with the `yaml` library: whenever it answers, the value is
// yaml's value (toJS) and every position is the one nodeAt + LineCounter give; when it is not
// sure it answers undefined and yaml decides (errors included).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { loadInventory } from "../../core/inventory.ts";
import { fastYaml } from "../../core/yaml-fast.ts";
import { nodeAt, readYamlAll } from "../../core/yamlfile.ts";

type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

// Mostly what inventories hold, sometimes what the subset leaves to yaml.
const keys = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom("a", "id", "b c", "x_y", "k-1", "v1.2") },
  { weight: 1, arbitrary: fc.constantFrom("q:k", "#k", "1", "__proto__", "-k", "k ") },
);
const strings = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.constantFrom(
      "x",
      "arn:aws:sagemaker:us-east-1:1:endpoint/e",
      "a b",
      "team@example.com",
      "app-*",
      "ml.m5.large",
    ),
  },
  fc.constantFrom(
    "true",
    "True",
    "null",
    "~",
    "yes",
    "011",
    "1.5",
    "-3",
    "0x1F",
    "1e3",
    ".inf",
    "",
    " x",
    "x ",
  ),
  fc.constantFrom(
    "a: b",
    "a #b",
    "a#b",
    "'q'",
    '"q"',
    "it's",
    "a\\b",
    "-x",
    "- x",
    "[x]",
    "{x}",
    "*x",
    "&x",
    "!x",
  ),
  fc.constantFrom("%x", "@x", "`x", "|", ">", "?x", ":x", "x:", "é ü", "a,b", "  "),
  fc.string({ maxLength: 6 }),
);
const scalars = fc.oneof(strings, fc.integer({ min: -5, max: 100_000 }), fc.boolean(), fc.constant(null));

const tree: fc.Arbitrary<Value> = fc.letrec<{ value: Value; map: Value; seq: Value }>((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalars, tie("map"), tie("seq")),
  map: fc.dictionary(keys, tie("value"), { minKeys: 1, maxKeys: 4 }),
  seq: fc.array(fc.oneof(scalars, tie("map")), { minLength: 1, maxLength: 3 }),
})).map;

/** One way of writing a scalar: plain as it is, or quoted (escaped as each style needs). */
function scalarText(v: Value, style: number): string {
  if (typeof v !== "string") return String(v);
  if (style === 1) return JSON.stringify(v);
  if (style === 2) return `'${v.replaceAll("'", "''")}'`;
  return v;
}

interface Style {
  width: number;
  compact: boolean;
  quote: number[];
  comments: boolean;
}

/** Block YAML for `v` (with comments, blank lines, compact or indented sequences as `style` says). */
function render(v: Value, indent: number, s: Style, n = { i: 0 }): string[] {
  const pad = " ".repeat(indent);
  const q = () => s.quote[n.i++ % s.quote.length]!;
  const note = () => (s.comments && n.i % 3 === 0 ? " # note" : "");
  const lines: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item !== null && typeof item === "object") {
        const inner = render(item, indent + 2, s, n);
        lines.push(`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
      } else lines.push(`${pad}- ${scalarText(item, q())}${note()}`);
      if (s.comments && n.i % 4 === 0) lines.push("", `${pad}# between`);
    }
    return lines;
  }
  for (const [k, item] of Object.entries(v as object) as [string, Value][]) {
    const key = q() === 1 ? JSON.stringify(k) : k;
    if (item !== null && typeof item === "object") {
      lines.push(`${pad}${key}:${note()}`);
      const deeper = Array.isArray(item) && s.compact ? indent : indent + s.width;
      lines.push(...render(item, deeper, s, n));
    } else lines.push(`${pad}${key}: ${scalarText(item, q())}${note()}`);
  }
  return lines;
}

const styles = fc.record({
  width: fc.constantFrom(2, 4),
  compact: fc.boolean(),
  quote: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }),
  comments: fc.boolean(),
});

/** Every path into a value, and a step past each (a missing key, a missing item). */
function paths(v: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  const out: PropertyKey[][] = [at, [...at, "missing"], [...at, 7]];
  if (Array.isArray(v)) {
    for (const [i, item] of v.entries()) out.push(...paths(item, [...at, i]));
  } else if (v && typeof v === "object")
    for (const [k, item] of Object.entries(v)) out.push(...paths(item, [...at, k]), [...at, k, 0]);
  return out;
}

/** Fails unless fastYaml answers undefined or exactly what yaml gives; true when it answered. */
function agrees(text: string): boolean {
  const fast = fastYaml(text);
  if (!fast) return false;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(fast.value).toStrictEqual(doc.toJS());
  for (const path of paths(fast.value)) {
    const want = lines.linePos(nodeAt(doc, path)?.range?.[0] ?? 0);
    expect(fast.at(fast.offsetOf(path)), JSON.stringify(path)).toEqual(want);
  }
  return true;
}

describe("fastYaml", () => {
  it("gives yaml's value and positions for block YAML, or leaves the text to yaml", () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(tree, styles, (value, style) => {
        runs++;
        if (agrees(`${render(value, 0, style).join("\n")}\n`)) answered++;
      }),
      { numRuns: 1500 },
    );
    // Not a vacuous property: most generated documents are in the subset.
    expect(answered / runs).toBeGreaterThan(0.3);
  });

  it("agrees with yaml on any one-character change of a document it reads", () => {
    const base = render(
      { version: 1, systems: [{ id: "s", owner: "o", assets: [{ id: "a:b", expect: { n: 2 } }] }] },
      0,
      { width: 2, compact: false, quote: [0, 1], comments: true },
    ).join("\n");
    expect(agrees(base)).toBe(true);
    const chars = fc.constantFrom(" ", "\n", "-", ":", "#", '"', "'", "\t", "x", "[", "&", "|", "\r", "1");
    fc.assert(
      fc.property(fc.nat(base.length), chars, fc.boolean(), (at, c, replace) => {
        agrees(base.slice(0, at) + c + base.slice(replace ? at + 1 : at));
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves to yaml what it does not read: flows, block scalars, anchors, tags, empty values, odd numbers", () => {
    for (const text of [
      "a: [1, 2]\n",
      "a: {b: 1}\n",
      "a: |\n  x\n",
      "a: >-\n  x\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a:\nb: 1\n",
      "a: 1.5\n",
      "a: 011\n",
      "a: 0x1F\n",
      "a: plain\n  continued\n",
      '"a\\n": 1\n',
      "a: 1\na: 2\n",
      "---\na: 1\n",
      "a:\tb\n",
      "a: 1\r\n",
      "",
      "# only a comment\n",
      "- - x\n",
      "x\n",
    ])
      expect(fastYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it("reads an inventory as written by hand: comments, quotes, compact sequences", () => {
    const text = [
      "# the AI inventory",
      "version: 1",
      "systems:",
      "- id: credit-scoring   # owned by risk",
      "  owner: 'risk@example.com'",
      "  assets:",
      '  - id: "arn:aws:sagemaker:eu-west-1:111122223333:endpoint/score"',
      "",
      "    expect: { attributes: { instanceType: ml.m5.large } }",
    ].join("\n");
    expect(fastYaml(text)).toBeUndefined(); // a flow map: yaml's
    const block = text.replace(
      "    expect: { attributes: { instanceType: ml.m5.large } }",
      "    expect:\n      attributes:\n        instanceType: ml.m5.large",
    );
    expect(agrees(block)).toBe(true);
  });
});

describe("readYamlAll on the fast path", () => {
  const schema = z.object({ version: z.literal(1), items: z.array(z.object({ n: z.number() })) });

  it("gives the same value, positions and document as the full parse", () => {
    const text = "version: 1\nitems:\n  - n: 1\n  - n: 2\n";
    const read = readYamlAll("f.yaml", schema, text);
    expect(read.problems).toEqual([]);
    expect(read.value).toEqual({ version: 1, items: [{ n: 1 }, { n: 2 }] });
    expect(read.pos(["items", 1, "n"])).toEqual({ line: 4, col: 8 });
    // The document is there for callers that point at what they found wrong later.
    expect(nodeAt(read.doc, ["items", 1])?.range?.[0]).toBe(text.indexOf("n: 2"));
  });

  it("reports a value the schema refuses with yaml's positions", () => {
    const read = readYamlAll("f.yaml", schema, "version: 1\nitems:\n  - n: 1\n  - n: two\n");
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(/^f\.yaml:4:8: /);
  });

  it("loads an inventory with each entry's line, as before", () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-yaml-fast-"));
    const file = join(dir, "inventory.yaml");
    writeFileSync(
      file,
      [
        "version: 1",
        "systems:",
        "  - id: s1",
        "    owner: o",
        "    assets:",
        '      - id: "arn:aws:sagemaker:us-east-1:111122223333:endpoint/e"',
        "      # a selector",
        "      - match:",
        "          provider: aws",
        "          name: app-*",
        "        minCount: 0",
        "",
      ].join("\n"),
    );
    expect(fastYaml(`${"version: 1\n"}`)).toBeDefined();
    const inventory = loadInventory(file);
    expect(inventory.systems[0]!.source?.line).toBe(3);
    expect(inventory.systems[0]!.assets.map((a) => a.source?.line)).toEqual([6, 8]);
  });
});
