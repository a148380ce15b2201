// Policy tests, in the manner of `opa test`: fixture files hold an asset (plus its declaring system
// and neighbours) and the expected result per policy. `<policy-id>.test.yaml` tests that policy
// unless a case names others. Each case runs through the same context builder as a real run.
import { readdirSync, statSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { z } from "zod";
import {
  Asset,
  type DriftItem,
  type DriftReport,
  type Inventory,
  PolicyStatus,
  Provider,
  System,
} from "../model.ts";
import { InputError, readYaml } from "../yamlfile.ts";
import { BUILTIN_PACKS } from "./builtin-packs.ts";
import { evaluatePolicies } from "./evaluate.ts";
import { isFixtureFile, loadPolicies, type PolicySet } from "./load.ts";

const Expected = z.union([PolicyStatus, z.literal("skip")]);
type Expected = z.infer<typeof Expected>;

const FixtureAsset = Asset.partial().extend({ provider: Provider, service: z.string(), kind: z.string() });
const FixtureSystem = System.omit({ assets: true }).partial({ id: true });

const FixtureCase = z.strictObject({
  name: z.string().min(1),
  asset: FixtureAsset,
  /** the declaring system; giving one makes the asset declared */
  system: FixtureSystem.optional(),
  /** several claimants: the asset is ambiguous */
  systems: z.array(FixtureSystem).optional(),
  declared: z.boolean().optional(),
  /** other assets in the estate (default: same account and region), e.g. invocation-logging */
  neighbours: z.array(FixtureAsset).default([]),
  now: z
    .string()
    .refine((t) => /^\d{4}-\d{2}-\d{2}/.test(t) && !Number.isNaN(Date.parse(t)), {
      message: 'must be an ISO date or timestamp, e.g. "2026-03-01T00:00:00Z"',
    })
    .optional(),
  /** a status for the file's policy, or a map of policy id → status ("skip": does not apply) */
  expect: z.union([Expected, z.record(z.string(), Expected)]),
});

export const FixtureFile = z.strictObject({
  version: z.literal(1),
  policy: z.string().optional().describe("default: the file name without .test.yaml"),
  cases: z.array(FixtureCase).min(1),
});

export interface CaseOutcome {
  file: string;
  line: number;
  name: string;
  policyId: string;
  expected: Expected;
  actual: Expected;
  message?: string;
  ok: boolean;
}

export interface PolicyTestReport {
  outcomes: CaseOutcome[];
  passed: number;
  failed: number;
  /** per policy: how many pass and fail expectations its fixtures hold */
  coverage: Map<string, { pass: number; fail: number }>;
  /** loaded policies lacking a passing or a failing fixture */
  uncovered: string[];
}

/** Runs every `*.test.yaml` under `dir` against `refs` (default builtin) plus packs found in `dir`. */
export function runPolicyTests(dir: string, opts: { refs?: string[]; now?: Date } = {}): PolicyTestReport {
  const files = fixtureFiles(dir);
  // Packs kept beside the fixtures are loaded too; a single fixture file brings none.
  const set = loadPolicies([...(opts.refs ?? ["builtin"]), ...(statSync(dir).isDirectory() ? [dir] : [])]);
  if (files.length === 0) throw new InputError(`${dir}: no *.test.yaml fixture files`);
  const outcomes = files.flatMap((f) => runFixtureFile(set, f, opts.now));
  // Coverage is asked of the packs under test: those kept in DIR, else (built-in fixtures) all.
  const local = set.policies.filter((p) => !(p.source.file in BUILTIN_PACKS) && isUnder(p.source.file, dir));
  const coverage = new Map(
    (local.length > 0 ? local : set.policies).map((p) => [p.id, { pass: 0, fail: 0 }]),
  );
  for (const o of outcomes) {
    const c = coverage.get(o.policyId);
    if (c && (o.expected === "pass" || o.expected === "fail")) c[o.expected]++;
  }
  const uncovered = [...coverage].filter(([, c]) => c.pass === 0 || c.fail === 0).map(([id]) => id);
  const passed = outcomes.filter((o) => o.ok).length;
  return { outcomes, passed, failed: outcomes.length - passed, coverage, uncovered };
}

export function runFixtureFile(set: PolicySet, abs: string, now?: Date): CaseOutcome[] {
  const file = relative(process.cwd(), abs) || abs;
  const { value, pos } = readYaml(file, FixtureFile);
  const defaultPolicy = value.policy ?? basename(file).replace(/\.test\.ya?ml$/i, "");
  const known = new Set(set.policies.map((p) => p.id));
  const outcomes: CaseOutcome[] = [];
  value.cases.forEach((c, i) => {
    const line = pos(["cases", i]).line;
    const expectations: Array<[string, Expected]> =
      typeof c.expect === "string" ? [[defaultPolicy, c.expect]] : Object.entries(c.expect);
    for (const [policyId] of expectations) {
      if (known.has(policyId)) continue;
      const p =
        typeof c.expect === "string" ? pos(["cases", i, "expect"]) : pos(["cases", i, "expect", policyId]);
      throw new InputError(`${file}:${p.line}:${p.col}: no loaded policy has id "${policyId}"`);
    }
    const { assets, inventory, report } = scenario(c, i, file);
    const caseNow = c.now ? new Date(c.now) : (now ?? new Date());
    const { results } = evaluatePolicies(set, assets, { inventory, report, now: caseNow });
    const subject = assets[0]!.id;
    for (const [policyId, expected] of expectations) {
      const r = results.find((x) => x.policyId === policyId && x.assetId === subject);
      const actual: Expected = r?.status ?? "skip";
      outcomes.push({
        file,
        line,
        name: c.name,
        policyId,
        expected,
        actual,
        message: r?.message,
        ok: actual === expected,
      });
    }
  });
  return outcomes;
}

type Case = z.infer<typeof FixtureCase>;

function scenario(
  c: Case,
  i: number,
  file: string,
): { assets: Asset[]; inventory: Inventory; report: DriftReport } {
  const subject = fill(c.asset, `fixture:${basename(file)}#${i}`);
  const assets = [
    subject,
    ...c.neighbours.map((n, j) =>
      fill({ account: subject.account, region: subject.region, ...n }, `${subject.id}/neighbour-${j}`),
    ),
  ];
  const claimants = (c.systems ?? (c.system ? [c.system] : [])).map((s, j) => ({
    ...s,
    id: s.id ?? `system-${j}`,
  }));
  const declared = c.declared ?? claimants.length > 0;
  const inventory: Inventory = { systems: claimants.map((s) => ({ ...s, assets: [{ id: subject.id }] })) };
  const item: DriftItem = !declared
    ? { status: "undeclared", assetId: subject.id }
    : claimants.length > 1
      ? { status: "ambiguous", assetId: subject.id, systems: claimants.map((s) => s.id) }
      : { status: "matched", assetId: subject.id, systemId: claimants[0]?.id };
  const report: DriftReport = {
    runId: "policy-test",
    generatedAt: new Date(0).toISOString(),
    summary: {
      observed: assets.length,
      matched: 0,
      changed: 0,
      undeclared: 0,
      ambiguous: 0,
      missing: 0,
      unverified: 0,
    },
    items: [item],
    coverage: [],
    policyResults: [],
  };
  return { assets, inventory, report };
}

function fill(a: z.infer<typeof FixtureAsset>, id: string): Asset {
  return {
    account: "111122223333",
    region: "us-east-1",
    name: a.name ?? basename(id),
    tags: {},
    attributes: {},
    ...a,
    id: a.id ?? id,
  };
}

function isUnder(file: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return !rel.startsWith("..") && !isAbsolute(rel);
}

function fixtureFiles(path: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new InputError(`${path}: policy test folder not found`);
  }
  if (!isDir) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (isFixtureFile(name)) out.push(full);
    }
  };
  walk(path);
  return out;
}
