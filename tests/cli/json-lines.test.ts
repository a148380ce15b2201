// The lines written from pieces are the ones JSON.stringify writes, for the shapes reconcile and
// the policy table produce and for anything else a report may hold (hostile strings, other keys,
// other orders): those take JSON.stringify itself.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { driftItemJson, resultJson } from "../../cli/json-lines.ts";
import { contextIndex, contextualiser, policyCatalog } from "../../core/findings.ts";
import type { DriftItem, DriftReport, Inventory, PolicyResult } from "../../core/model.ts";
import type { PolicySet } from "../../core/policy/load.ts";

// Strings JSON must escape, or must not: quotes, backslashes, controls, lone and paired surrogates.
const text = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    'a"b',
    "a\\b",
    "\n",
    "\u0000",
    "\u001f",
    "\u007f",
    "\u2028",
    "\ud800",
    "x\udc00",
    "😀",
    "é",
  ),
);

const view = fc.record({
  provider: fc.constantFrom("aws", "azure", "gcp"),
  service: text,
  kind: text,
  account: text,
  region: text,
  name: text,
});

const item: fc.Arbitrary<DriftItem> = fc.oneof(
  fc.record({ status: fc.constant("undeclared" as const), assetId: text, asset: view }),
  fc.record({
    status: fc.constantFrom("matched" as const, "changed" as const),
    assetId: text,
    systemId: text,
    source: fc.record({ file: text, line: fc.oneof(fc.nat(), fc.constant(-0), fc.double()) }),
    asset: view,
  }),
  // Other shapes and orders: ambiguous, missing, diffs, keys in another order, extra keys.
  fc.record({
    status: fc.constant("ambiguous" as const),
    assetId: text,
    systems: fc.array(text),
    asset: view,
  }),
  fc.record(
    {
      status: fc.constant("missing" as const),
      systemId: text,
      found: fc.nat(),
      minCount: fc.nat(),
      reason: text,
    },
    { requiredKeys: ["status"] },
  ),
  fc.record({ asset: view, status: fc.constant("matched" as const), assetId: text, systemId: text }),
  fc.record({
    status: fc.constant("undeclared" as const),
    assetId: text,
    asset: fc.record({
      name: text,
      provider: fc.constant("aws" as const),
      service: text,
      kind: text,
      account: text,
      region: text,
    }),
  }),
) as fc.Arbitrary<DriftItem>;

describe("driftItemJson", () => {
  it("writes what JSON.stringify writes, for any item", () => {
    fc.assert(
      fc.property(item, (i) => driftItemJson(i) === JSON.stringify(i)),
      { numRuns: 2000 },
    );
  });

  it("leaves values with toJSON, undefined or non-string fields to JSON.stringify", () => {
    const base = {
      status: "matched",
      assetId: "a",
      systemId: "s",
      source: { file: "f", line: 1 },
      asset: { provider: "aws", service: "s", kind: "k", account: "1", region: "r", name: "n" },
    } as DriftItem;
    const odd: unknown[] = [
      { ...base, systemId: undefined },
      { ...base, source: { file: "f", line: 1, toJSON: () => "x" } },
      { ...base, asset: { ...base.asset, name: 5 } },
      { ...base, source: { line: 1, file: "f" } },
      { ...base, source: { file: "f", line: Number.NaN } },
      { ...base, source: { file: "f", line: 2 ** 60 } },
      Object.assign(Object.create({ inherited: 1 }), base),
      { ...base, toJSON: () => ({ other: true }) },
    ];
    for (const i of odd) expect(driftItemJson(i as DriftItem)).toBe(JSON.stringify(i));
  });
});

describe("resultJson", () => {
  const inventory: Inventory = {
    systems: [
      { id: "s1", owner: 'o"wner', riskLevel: "high", assets: [] },
      { id: "s2", assets: [] },
    ],
  };
  const report: DriftReport = {
    runId: "r",
    generatedAt: "2026-01-01T00:00:00Z",
    summary: { observed: 0, matched: 0, changed: 0, undeclared: 0, ambiguous: 0, missing: 0, unverified: 0 },
    items: [
      { status: "matched", assetId: "a1", systemId: "s1" },
      { status: "matched", assetId: "a2", systemId: "s2" },
      { status: "matched", assetId: "a3", systemId: "gone" },
      { status: "ambiguous", assetId: "a4", systems: ["s1", "s2"] },
      { status: "undeclared", assetId: "a5" },
    ],
    coverage: [],
    policyResults: [],
  };
  const policy = (id: string, title: string, remediation?: string) =>
    ({ id, title, severity: "high", controls: ["A.1"], remediation }) as PolicySet["policies"][number];
  const set = {
    policies: [policy("p1", 'Title "one"\n', "Fix\tit"), policy("p2", "two"), policy("p3", "\ud800")],
    waivers: [],
    files: [],
  } as unknown as PolicySet;
  const sources = { catalog: policyCatalog(set), inventory };

  const row: fc.Arbitrary<PolicyResult> = fc
    .record({
      policyId: fc.constantFrom("p1", "p2", "p3", "unknown"),
      assetId: fc.oneof(fc.constantFrom("a1", "a2", "a3", "a4", "a5", "a6"), text),
      status: fc.constantFrom("pass" as const, "fail" as const, "error" as const, "waived" as const),
      severity: fc.constantFrom("low" as const, "high" as const),
      controls: fc.constantFrom<string[]>(["A.1"], [], ['B"2']),
      title: fc.option(text, { nil: undefined }),
      message: fc.option(text, { nil: undefined }),
      waiver: fc.option(fc.record({ reason: text, approvedBy: text, expires: text }), { nil: undefined }),
      shape: fc.constantFrom("table", "pass", "other"),
    })
    .map(({ shape, ...r }) => {
      // As PolicyResultTable writes its rows, and as anything else may.
      if (shape === "pass")
        return {
          policyId: r.policyId,
          assetId: r.assetId,
          status: r.status,
          severity: r.severity,
          controls: r.controls,
        };
      if (shape === "table")
        return {
          policyId: r.policyId,
          assetId: r.assetId,
          status: r.status,
          severity: r.severity,
          controls: r.controls,
          title: r.title,
          message: r.message,
        };
      return r as PolicyResult;
    });

  it("writes JSON.stringify of the contextualised result, for any result", () => {
    const show = contextualiser(report, sources);
    const json = resultJson(contextIndex(report, sources));
    fc.assert(
      fc.property(row, (r) => json(r) === JSON.stringify(show(r))),
      { numRuns: 3000 },
    );
  });

  it("does not reuse a policy's pieces for a row whose severity, controls or title differ", () => {
    const show = contextualiser(report, sources);
    const json = resultJson(contextIndex(report, sources));
    const r = {
      policyId: "p1",
      assetId: "a1",
      status: "fail",
      severity: "high",
      controls: ["A.1"],
      title: "t",
      message: undefined,
    } as PolicyResult;
    for (const v of [
      r,
      { ...r, severity: "low" },
      { ...r, controls: ["B"] },
      { ...r, title: "u" },
      r,
    ] as PolicyResult[])
      expect(json(v)).toBe(JSON.stringify(show(v)));
  });
});
