// Runs every policy on every asset its selector (and `when`) admits. Pure: no I/O. A runtime CEL
// error becomes an `error` result for that asset and policy; nothing here throws per asset.
import type { Asset, DriftReport, Inventory, PolicyResult, PolicyStatus } from "../model.ts";
import { matches } from "../reconcile.ts";
import type { ItemIndex } from "../reconcile-index.ts";
import { type AssetContext, contextBuilder } from "./context.ts";
import type { CompiledPolicy, PolicySet } from "./load.ts";
import { memoised } from "./memo.ts";
import { PolicyResultTable } from "./results.ts";
import { waiverIndex } from "./waivers.ts";

export interface EvaluateContext {
  inventory: Inventory;
  report: DriftReport;
  now?: Date;
  /** The report's items by asset id, when the caller has them (itemIndex): saves building them again. */
  items?: ItemIndex;
}

/** Results come policy by policy (in load order), each over the assets in input order. */
export function evaluatePolicies(
  set: PolicySet,
  assets: Asset[],
  ctx: EvaluateContext,
): { results: PolicyResult[]; notices: string[] } {
  const { table, notices } = evaluatePolicyTable(set, assets, ctx);
  return { results: table.toArray("all"), notices };
}

/**
 * The same evaluation, kept as columns (see results.ts): what outputs that count passes use. Asset
 * by asset, each against the policies of its kind and those of any kind: a policy about notebooks
 * never looks at the other 99% of the estate, and an asset's context is built once, used while it
 * is fresh in the cache and dropped (100k contexts held across policies were old-generation garbage).
 */
export function evaluatePolicyTable(
  set: PolicySet,
  assets: Asset[],
  ctx: EvaluateContext,
): { table: PolicyResultTable; notices: string[] } {
  const now = ctx.now ?? new Date();
  const build = contextBuilder(assets, ctx.inventory, ctx.report, now, ctx.items);
  const waivers = waiverIndex(set, now);
  const table = new PolicyResultTable(set.policies, assets);
  const anyKind: Runnable[] = [];
  const byKind = new Map<string, Runnable[]>();
  set.policies.forEach((policy, p) => {
    const runnable: Runnable = {
      p,
      policy,
      check: memoised(policy.check),
      applies: policy.applies ? memoised(policy.applies) : undefined,
    };
    const kind = policy.resource.kind;
    if (kind === undefined) anyKind.push(runnable);
    else {
      let list = byKind.get(kind);
      if (!list) {
        list = [];
        byKind.set(kind, list);
      }
      list.push(runnable);
    }
  });
  for (let i = 0; i < assets.length; i++) {
    const asset = assets[i]!;
    const ofKind = byKind.get(asset.kind);
    let context: AssetContext | undefined;
    for (let l = 0; l < 2; l++) {
      const list = l === 0 ? ofKind : anyKind;
      if (!list) continue;
      for (const r of list) {
        if (!selects(r.policy, asset)) continue;
        context ??= build(asset);
        const wantDeclared = r.policy.resource.declared;
        if (wantDeclared !== undefined && wantDeclared !== context.declared) continue;
        const outcome = run(r.check, r.applies, asset, context);
        if (outcome === undefined) continue;
        if (outcome.status === "fail" && waivers.active) {
          // Waivers judge a result as outputs show it; only the rare waived one keeps details.
          const { id: policyId, severity, controls } = r.policy;
          const result: PolicyResult = { policyId, assetId: asset.id, status: "fail", severity, controls };
          waivers.apply(result);
          table.set(r.p, i, result.status, result);
        } else table.set(r.p, i, outcome.status, outcome);
      }
    }
  }
  return { table, notices: waivers.notices() };
}

/** A policy with its expressions memoised, and its index in the set (the table's row). */
interface Runnable {
  p: number;
  policy: CompiledPolicy;
  check: (c: AssetContext) => unknown;
  applies: ((c: AssetContext) => unknown) | undefined;
}

function selects(policy: CompiledPolicy, asset: Asset): boolean {
  const r = policy.resource;
  // The cheap equality checks inline; globs and tags only when the policy uses them.
  if (r.provider !== undefined && r.provider !== asset.provider) return false;
  if (r.kind !== undefined && r.kind !== asset.kind) return false;
  if (r.service !== undefined && r.service !== asset.service) return false;
  if (
    r.account !== undefined ||
    r.region !== undefined ||
    r.name !== undefined ||
    r.id !== undefined ||
    r.tags
  )
    return matches(asset, r);
  return true;
}

interface Outcome {
  status: PolicyStatus;
  message?: string;
}

// Shared: a pass or a fail carries nothing but its status (no per-failure message: at 10^6
// failures the strings cost more than the evaluation; outputs write the sentence from the title).
const PASS: Outcome = { status: "pass" };
const FAIL: Outcome = { status: "fail" };

function run(
  check: (c: AssetContext) => unknown,
  when: ((c: AssetContext) => unknown) | undefined,
  asset: Asset,
  context: AssetContext,
): Outcome | undefined {
  let value: unknown;
  try {
    if (when) {
      const applies = when(context);
      if (applies === false) return undefined;
      if (applies !== true) return { status: "error", message: notBool("when", applies, asset) };
    }
    value = check(context);
  } catch (e) {
    const err = e as { summary?: string; message?: string };
    return { status: "error", message: `${describe(asset)}: ${err.summary ?? err.message ?? String(e)}` };
  }
  if (value === true) return PASS;
  if (value === false) return FAIL;
  return { status: "error", message: notBool("assert", value, asset) };
}

function notBool(what: string, value: unknown, asset: Asset): string {
  const shown = typeof value === "bigint" ? `${value}` : (JSON.stringify(value) ?? String(value));
  return `${describe(asset)}: ${what} returned ${shown}, not true or false`;
}

function describe(a: Asset): string {
  return `${a.provider} ${a.service} ${a.kind} "${a.name || a.id}" (${a.account}/${a.region})`;
}
