// An expression that reads only shared variables runs once per claim and account; its results
// are the ones running it on every asset gives. One that reads the asset only as named attributes
// runs once per combination of their (primitive) values, and so does one that adds scope fields
// (asset.kind…) and the claim; one that names the asset otherwise always runs.
import type { ParseResult } from "@marcbachmann/cel-js";
import { describe, expect, it } from "vitest";
import type { Asset, DriftReport, Inventory } from "../../../core/model.ts";
import { celEnvironment } from "../../../core/policy/cel.ts";
import { contextBuilder } from "../../../core/policy/context.ts";
import { evaluatePolicies, loadPolicies } from "../../../core/policy/index.ts";
import { addPack, type PolicySet } from "../../../core/policy/load.ts";
import { attributeKeys, memoised, valueKey, variables } from "../../../core/policy/memo.ts";

const parse = (expr: string) => celEnvironment().parse(expr);

function counted(expr: string): { run: ParseResult; calls: () => number } {
  const inner = parse(expr);
  let n = 0;
  const run = Object.assign((c: unknown) => {
    n++;
    return inner(c as never);
  }, inner) as unknown as ParseResult;
  return { run, calls: () => n };
}

const assets: Asset[] = Array.from({ length: 40 }, (_, i) => ({
  id: `arn:aws:sagemaker:us-east-1:${111122223330 + (i % 3 === 0 ? 0 : 1)}:notebook/n${i}`,
  provider: "aws",
  service: "sagemaker",
  kind: "notebook",
  account: String(111122223330 + (i % 3 === 0 ? 0 : 1)),
  region: "us-east-1",
  name: `n${i}`,
  tags: (i % 3 === 0 ? { team: "t" } : {}) as Record<string, string>,
  attributes: { rootAccess: i % 5 === 0 ? "Enabled" : "Disabled" },
}));
// One of the two accounts logs model invocations: account facts differ between them.
assets.push({
  ...assets[0]!,
  id: "arn:aws:bedrock:us-east-1:111122223330:logging",
  service: "bedrock",
  kind: "invocation-logging",
  name: "logging",
  attributes: { enabled: true },
});
const inventory: Inventory = {
  systems: [
    { id: "s1", owner: "o", riskLevel: "high", assets: [] },
    { id: "s2", riskLevel: "low", assets: [] },
  ],
};
const report: DriftReport = {
  runId: "r",
  generatedAt: "2026-01-01T00:00:00Z",
  summary: { observed: 0, matched: 0, changed: 0, undeclared: 0, ambiguous: 0, missing: 0, unverified: 0 },
  items: assets.map((a, i) =>
    i % 4 === 0
      ? { status: "undeclared", assetId: a.id }
      : i % 4 === 3
        ? { status: "ambiguous", assetId: a.id, systems: ["s1", "s2"] }
        : { status: "matched", assetId: a.id, systemId: i % 4 === 1 ? "s1" : "s2" },
  ),
  coverage: [],
  policyResults: [],
};

describe("memoised", () => {
  it("names every identifier an expression reads, macro variables included", () => {
    expect([...variables(parse('{"a": asset.name}["a"] == "x"').ast)]).toEqual(["asset"]);
    expect([...variables(parse("systems.all(s, s.owner != null)").ast)].sort()).toEqual(["s", "systems"]);
    expect(
      [...variables(parse("system == null || account.invocationLogging || declared").ast)].sort(),
    ).toEqual(["account", "declared", "system"]);
  });

  it("runs an expression of the claim and account once per pair, with the answer of every asset", () => {
    const build = contextBuilder(assets, inventory, report, new Date("2026-01-01T00:00:00Z"));
    for (const expr of [
      "declared",
      'system == null || system.riskLevel != "high" || account.invocationLogging',
      "systems.size() > 1",
      "system.owner != null",
      // A macro's variable over the claimants ranges over the claim.
      "systems.all(s, s.owner != null)",
    ]) {
      const { run, calls } = counted(expr);
      const memo = memoised(run);
      const answer = (f: (c: never) => unknown, c: never) => {
        try {
          return f(c);
        } catch (e) {
          return `error: ${(e as Error).message}`;
        }
      };
      for (const a of assets)
        expect(answer(memo, build(a) as never), expr).toEqual(answer(parse(expr), build(a) as never));
      // Claims: undeclared, s1, s2, the ambiguous pair; two accounts when it reads account.
      expect(calls(), expr).toBeLessThanOrEqual(expr.includes("account") ? 8 : 4);
    }
  });

  it("runs an expression of attributes once per value, with the answer (or error) of every asset", () => {
    const build = contextBuilder(assets, inventory, report, new Date());
    const answer = (f: (c: never) => unknown, c: never) => {
      try {
        return f(c);
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    };
    for (const [expr, runs] of [
      // rootAccess: Enabled, Disabled, absent (the logging asset: an error for the plain access)
      ['asset.attributes.rootAccess == "Disabled"', 3],
      ['asset.attributes.?rootAccess.orValue("Enabled") == "Disabled"', 3],
      ["has(asset.attributes.enabled) && asset.attributes.enabled", 2],
      [
        'asset.attributes.?rootAccess.orValue("") + string(asset.attributes.?enabled.orValue(false)) != ""',
        3,
      ],
    ] as const) {
      const { run, calls } = counted(expr);
      const memo = memoised(run);
      for (const a of assets)
        expect(answer(memo, build(a) as never), expr).toEqual(answer(parse(expr), build(a) as never));
      expect(calls(), expr).toBe(runs);
    }
    expect(attributeKeys(parse("asset.attributes.?a.orValue(1) > asset.attributes.b").ast)).toEqual([
      "a",
      "b",
    ]);
    for (const expr of [
      'asset.attributes["a"] == 1',
      "asset.name == 'x'",
      "asset.attributes.a == declared",
      "[asset].all(x, x.name == '')",
    ])
      expect(attributeKeys(parse(expr).ast), expr).toBeUndefined();
  });

  it("keys lists and maps by their JSON content (macros over them too); other objects always run", () => {
    const shapes: unknown[] = [
      ["s"],
      [],
      { a: [1] },
      { a: [1, 2] },
      [{ instanceCount: 2 }],
      [{ instanceCount: 1 }],
    ];
    const withValues = assets.map((a, i) => ({
      ...a,
      attributes: { v: structuredClone(shapes[i % shapes.length]), other: i },
    }));
    const build = contextBuilder(withValues, inventory, report, new Date());
    const answer = (f: (c: never) => unknown, c: never) => {
      try {
        return f(c);
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    };
    for (const expr of [
      "size(asset.attributes.v) > 0",
      "asset.attributes.v.all(x, !has(x.instanceCount) || x.instanceCount > 1)",
      'has(asset.attributes.v.a) && asset.attributes.v["a"].size() == 2',
    ]) {
      const { run, calls } = counted(expr);
      const memo = memoised(run);
      for (const a of withValues)
        expect(answer(memo, build(a) as never), expr).toEqual(answer(parse(expr), build(a) as never));
      expect(calls(), expr).toBe(shapes.length);
    }
    expect(valueKey([1, "1"])).not.toBe(valueKey(["1", 1]));
    expect(valueKey({ a: 1, b: 2 })).not.toBe(valueKey({ b: 2, a: 1 }));
    for (const odd of [-0, Number.NaN, undefined, 1n, new Map(), new Date(0), [undefined], { a: -0 }])
      expect(valueKey(odd)).toBeUndefined();
  });

  it("runs an expression of scope fields, the claim and attributes once per combination", () => {
    const build = contextBuilder(assets, inventory, report, new Date());
    const answer = (f: (c: never) => unknown, c: never) => {
      try {
        return f(c);
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    };
    for (const [expr, most] of [
      // kinds: notebook, invocation-logging
      ['asset.kind != "invocation-logging"', 2],
      // accounts × kinds
      ['asset.account == "111122223330" && asset.kind == "notebook"', 3],
      // claims (4) × kinds (2) × enabled (absent, true)
      [
        'systems.exists(s, s.riskLevel == "high") && (asset.kind == "notebook" || has(asset.attributes.enabled))',
        8,
      ],
      // claims × account facts × provider
      ['declared && asset.provider == "aws" ? account.invocationLogging : true', 8],
      ['asset.?region.orValue("") == "us-east-1" && asset.attributes.rootAccess == "Disabled"', 3],
    ] as const) {
      const { run, calls } = counted(expr);
      const memo = memoised(run);
      for (const a of assets)
        expect(answer(memo, build(a) as never), expr).toEqual(answer(parse(expr), build(a) as never));
      expect(calls(), expr).toBeLessThanOrEqual(most);
    }
  });

  it("gives every built-in policy's expressions the answers of a run per asset", () => {
    const build = contextBuilder(assets, inventory, report, new Date("2026-01-01T00:00:00Z"));
    const answer = (f: (c: never) => unknown, c: never) => {
      try {
        return f(c);
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    };
    const { policies } = loadPolicies(["builtin"]);
    for (const p of policies)
      for (const run of p.applies ? [p.check, p.applies] : [p.check]) {
        const memo = memoised(run);
        for (const a of assets)
          expect(answer(memo, build(a) as never), p.id).toEqual(answer(run, build(a) as never));
      }
  });

  it("runs an expression that names the asset otherwise on every asset", () => {
    const build = contextBuilder(assets, inventory, report, new Date());
    for (const expr of [
      'asset.name != "" && asset.attributes.?rootAccess.orValue("") == "Disabled"',
      'asset.id.startsWith("arn:") && declared',
      'asset.?tags.team.orValue("") == "t"',
      "size(asset.attributes) > 0",
      "[asset].exists(x, x.kind == 'notebook')",
    ]) {
      const { run, calls } = counted(expr);
      const memo = memoised(run);
      for (const a of assets) {
        try {
          memo(build(a) as never);
        } catch {
          // the logging asset has no rootAccess: an error result, still one run
        }
      }
      expect(calls(), expr).toBe(assets.length);
    }
  });

  it("leaves evaluation's results as they were: claim-only policies beside asset ones", () => {
    const set: PolicySet = { policies: [], waivers: [], files: [] };
    addPack(
      set,
      new Map(),
      "p.yaml",
      [
        "version: 1",
        "policies:",
        "  - id: declared",
        "    title: declared",
        "    severity: low",
        "    assert: declared",
        "  - id: owned",
        "    title: owned",
        "    severity: low",
        "    resource: { declared: true }",
        "    assert: system.owner != null",
        "  - id: root",
        "    title: root",
        "    severity: high",
        "    when: system != null",
        '    assert: asset.attributes.rootAccess == "Disabled"',
      ].join("\n"),
    );
    const { results } = evaluatePolicies(set, assets, { inventory, report });
    const status = (policy: string, i: number) =>
      results.find((r) => r.policyId === policy && r.assetId === assets[i]!.id)?.status;
    expect(status("declared", 0)).toBe("fail");
    expect(status("declared", 1)).toBe("pass");
    expect(status("owned", 0)).toBeUndefined();
    expect(status("owned", 1)).toBe("pass");
    expect(status("owned", 2)).toBe("fail");
    // Ambiguous: the strictest claimant (s1, high) is the system.
    expect(status("owned", 3)).toBe("pass");
    expect(status("root", 5)).toBe("fail");
    expect(status("root", 6)).toBe("pass");
    expect(results.filter((r) => r.policyId === "declared")).toHaveLength(assets.length);
  });
});
