import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StreamedArray, sortedKeys, writeJson } from "../../../core/evidence/json-stream.ts";
import { sha256 } from "../../../core/evidence/manifest.ts";
import { FileSink } from "../../../core/evidence/sink.ts";
import { sampleReport } from "./fixtures.ts";

function streamed(value: unknown, replacer?: typeof sortedKeys): string {
  const parts: string[] = [];
  writeJson(value, (t) => parts.push(t), replacer);
  return parts.join("");
}

// Values with every shape JSON.stringify treats specially, at depths walked and stringified natively.
const shapes: Record<string, unknown> = {
  scalars: [1, "x", null, true, Number.NaN, -0, 1e21, Number.POSITIVE_INFINITY],
  empty: { a: [], o: {}, deep: { x: { y: [] } } },
  "no text": { a: undefined, f: () => 1, [Symbol("s")]: 1, arr: [undefined, () => 1, Symbol("t"), 1] },
  "only omitted keys": { a: undefined },
  "index-like keys": { z: 1, 10: "n", 2: "m", "01": 3, 4294967295: "not an index", 4294967294: "index" },
  dates: { d: new Date(0), nested: { deeper: { d: new Date(1), list: [{ q: 1, a: 2 }] } } },
  "escapes and surrogates": { s: 'li\nne\u2028\t"\\ \ud83d\ude00 \udc00' },
  "nested arrays": { arr: [[1, [2, [3, { b: 1, a: 2 }]]], { c: { b: { a: { z: 1, y: 2 } } } }] },
  "a report": sampleReport(),
  "own __proto__ keys and objects that are not plain": {
    list: [
      JSON.parse('{"b":1,"__proto__":{"z":1,"a":2}}'),
      new Number(3),
      new Map([[1, 2]]),
      new (class Point {
        y = 1;
        x = 2;
      })(),
    ],
  },
  "sorted already, deep below the walked levels": { a: { b: { c: [{ d: 1, e: { f: [2, { g: 3 }] } }] } } },
  "unsorted several levels deep": { rows: [[{ z: { y: [{ b: 1, a: { d: 1, c: 2 } }] }, a: 0 }]] },
  // Runs of leaf elements are written together (512 at a time): runs cut by arrays, by values with
  // no text and by the run length, at the walked depths and below them.
  "long runs of leaves": (() => {
    const list = Array.from({ length: 1300 }, (_, i) =>
      i % 97 === 0
        ? [i, { b: 1, a: 2 }]
        : i % 5 === 0
          ? undefined
          : i % 7 === 0
            ? new Date(i)
            : i % 3 === 0
              ? `s${i}`
              : { z: i, a: { y: 1, b: [i] } },
    );
    return { list, deep: { rows: list, more: { rows: list.slice(0, 600) } } };
  })(),
};

describe("writeJson", () => {
  for (const [name, value] of Object.entries(shapes)) {
    it(`writes exactly JSON.stringify(value, null, 2): ${name}`, () => {
      expect(streamed(value)).toBe(JSON.stringify(value, null, 2));
    });
    it(`writes exactly JSON.stringify(value, sortedKeys, 2): ${name}`, () => {
      expect(streamed(value, sortedKeys)).toBe(JSON.stringify(value, sortedKeys, 2));
    });
  }

  it("writes a StreamedArray as the array its iterable yields, calling it once", () => {
    let calls = 0;
    const rows = [{ b: 1, a: [1, { d: 2, c: 3 }] }, "x", undefined, { e: null }];
    const lazy = new StreamedArray(() => {
      calls++;
      return rows.values();
    });
    for (const replacer of [undefined, sortedKeys]) {
      const want = JSON.stringify({ top: { rows, empty: [] } }, replacer, 2);
      expect(streamed({ top: { rows: lazy, empty: new StreamedArray(() => []) } }, replacer)).toBe(want);
    }
    expect(calls).toBe(2);
  });

  it("cuts the text between tokens, never inside a surrogate pair, so a file sink hashes its bytes", () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-json-stream-"));
    try {
      // Over a MiB of emoji (two UTF-16 units each), so the sink flushes mid-document.
      const value = { rows: Array.from({ length: 40_000 }, (_, i) => ({ i, s: "\ud83d\ude00".repeat(10) })) };
      const sink = new FileSink(join(dir, "out.json"));
      writeJson(value, sink.write, sortedKeys);
      const written = sink.close();
      const text = JSON.stringify(value, sortedKeys, 2);
      const file = readFileSync(join(dir, "out.json"));
      expect(file.toString("utf8")).toBe(text);
      expect(written).toEqual({ sha256: sha256(text), bytes: Buffer.byteLength(text) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
