import { describe, expect, it } from "vitest";
import { policySummary, proportional, Streamed, writeJson, writeJsonBytes } from "../../cli/report-json.ts";
import type { DriftReport, PolicyResult } from "../../core/model.ts";

const result = (policyId: string, assetId: string, status: PolicyResult["status"]): PolicyResult => ({
  policyId,
  assetId,
  status,
  severity: "high",
  controls: ["A.6.2.6"],
});

describe("writeJson", () => {
  const write = (value: unknown): string => {
    const chunks: string[] = [];
    writeJson(value, (text) => chunks.push(text));
    return chunks.join("");
  };

  it("prints the same value as JSON.stringify, in chunks, each element of a report's arrays on one line", () => {
    const value = {
      runId: "r",
      empty: [],
      nothing: {},
      skipped: undefined,
      summary: { observed: 3, nested: { a: [1, 2] } },
      items: Array.from({ length: 3000 }, (_, i) => ({
        id: `a-${i}`,
        tags: { t: "x\ny" },
        list: [1, { n: null }, undefined],
      })),
      nested: { deep: [{ a: [] }], s: "\u2028" },
      n: 1.5,
      t: true,
    };
    const text = write(value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    const lines = text.split("\n");
    expect(lines).toContain(`    ${JSON.stringify(value.items[7])},`);
    expect(lines).toContain(`  "summary": {`);
    expect(lines).toContain(`  "empty": [],`);
    expect(text.endsWith("}\n")).toBe(true);
    // The top-level keys as JSON.stringify(value, null, 2) lays them out; only array elements differ.
    const keys = (t: string) => t.split("\n").filter((l) => /^ {2}"/.test(l));
    expect(keys(text)).toEqual(keys(JSON.stringify(value, null, 2)));
  });

  it("prints a streamed array as the array it yields, an empty one as []", () => {
    const rows = [
      { a: 1, b: ["x"] },
      { a: 2, b: [] },
    ];
    for (const items of [rows, []]) {
      const text = write({ n: 1, rows: new Streamed(() => items.values()), z: [] });
      expect(text).toBe(write({ n: 1, rows: items, z: [] }));
      expect(JSON.parse(text)).toEqual({ n: 1, rows: items, z: [] });
    }
  });

  it("prints scalars and empty arrays and objects at the top as JSON.stringify does", () => {
    for (const value of [null, 3, "x", [], {}])
      expect(write(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
    expect(write([{ a: 1 }, 2])).toBe('[\n  {"a":1},\n  2\n]\n');
  });
});

describe("writeJsonBytes", () => {
  it("writes writeJson's text as UTF-8, pieces bigger than a chunk and surrogates included", () => {
    const value = {
      runId: "r",
      items: Array.from({ length: 20_000 }, (_, i) => ({
        id: `a-${i}`,
        s: i % 7 === 0 ? "é😀\ud800x" : "plain",
      })),
      big: "€".repeat(600_000),
      rows: new Streamed(() => ['{"a":"\u2028"}', `"${"x".repeat(1_100_000)}"`], true),
      n: [1, null],
    };
    const text: string[] = [];
    writeJson(value, (t) => text.push(t));
    const bytes: Uint8Array[] = [];
    writeJsonBytes(value, (b) => bytes.push(Uint8Array.from(b)));
    expect(bytes.length).toBeGreaterThan(2);
    expect(Buffer.concat(bytes).equals(Buffer.from(text.join("")))).toBe(true);
  });
});

describe("proportional", () => {
  const report: DriftReport = {
    runId: "r",
    generatedAt: "2026-01-01T00:00:00Z",
    summary: { observed: 0, matched: 0, changed: 0, undeclared: 0, ambiguous: 0, missing: 0, unverified: 0 },
    items: [],
    coverage: [],
    policyResults: [
      result("p1", "a", "pass"),
      result("p1", "b", "fail"),
      result("p2", "a", "pass"),
      result("p2", "b", "waived"),
      result("p2", "c", "error"),
    ],
  };

  it("keeps the non-pass results and counts all of them, per policy too", () => {
    const out = proportional(report, "non-pass");
    expect(out.policyResults.map((r) => `${r.policyId}/${r.assetId}`)).toEqual(["p1/b", "p2/b", "p2/c"]);
    expect(out.policySummary).toEqual({
      listed: "non-pass",
      pass: 2,
      fail: 1,
      error: 1,
      waived: 1,
      policies: [
        { policyId: "p1", severity: "high", pass: 1, fail: 1, error: 0, waived: 0 },
        { policyId: "p2", severity: "high", pass: 1, fail: 0, error: 1, waived: 1 },
      ],
    });
  });

  it("lists every result with --results all, and leaves the report it was given alone", () => {
    expect(proportional(report, "all").policyResults).toHaveLength(5);
    expect(report.policyResults).toHaveLength(5);
    expect(policySummary([], "all")).toEqual({
      listed: "all",
      pass: 0,
      fail: 0,
      error: 0,
      waived: 0,
      policies: [],
    });
  });
});
