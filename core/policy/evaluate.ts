// Runs every policy on every asset its selector (and `when`) admits. Pure: no I/O. A runtime CEL
// error becomes an `error` result for that asset and policy; nothing here throws per asset.
import type { Asset, DriftReport, Inventory, PolicyResult } from "../model.ts";
import { matches } from "../reconcile.ts";
import { type AssetContext, contextBuilder } from "./context.ts";
import type { CompiledPolicy, PolicySet } from "./load.ts";
import { waiverIndex } from "./waivers.ts";

export interface EvaluateContext {
  inventory: Inventory;
  report: DriftReport;
  now?: Date;
}

export function evaluatePolicies(
  set: PolicySet,
  assets: Asset[],
  ctx: EvaluateContext,
): { results: PolicyResult[]; notices: string[] } {
  const now = ctx.now ?? new Date();
  const build = contextBuilder(assets, ctx.inventory, ctx.report, now);
  const waivers = waiverIndex(set, now);
  const results: PolicyResult[] = [];
  for (const asset of assets) {
    let context: AssetContext | undefined;
    for (const policy of set.policies) {
      if (!selects(policy, asset)) continue;
      context ??= build(asset);
      if (policy.resource.declared !== undefined && policy.resource.declared !== context.declared) continue;
      const result = run(policy, asset, context);
      if (result === undefined) continue;
      if (result.status === "fail") waivers.apply(result);
      results.push(result);
    }
  }
  return { results, notices: waivers.notices() };
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

function run(policy: CompiledPolicy, asset: Asset, context: AssetContext): PolicyResult | undefined {
  const base = {
    policyId: policy.id,
    assetId: asset.id,
    severity: policy.severity,
    controls: policy.controls,
    title: policy.title,
  };
  let value: unknown;
  try {
    if (policy.applies) {
      const applies = policy.applies(context);
      if (applies === false) return undefined;
      if (applies !== true) return { ...base, status: "error", message: notBool("when", applies, asset) };
    }
    value = policy.check(context);
  } catch (e) {
    const err = e as { summary?: string; message?: string };
    return {
      ...base,
      status: "error",
      message: `${describe(asset)}: ${err.summary ?? err.message ?? String(e)}`,
    };
  }
  if (value === true) return { ...base, status: "pass" };
  if (value === false)
    return { ...base, status: "fail", message: `${describe(asset)} fails: ${policy.title}` };
  return { ...base, status: "error", message: notBool("assert", value, asset) };
}

function notBool(what: string, value: unknown, asset: Asset): string {
  const shown = typeof value === "bigint" ? `${value}` : (JSON.stringify(value) ?? String(value));
  return `${describe(asset)}: ${what} returned ${shown}, not true or false`;
}

function describe(a: Asset): string {
  return `${a.provider} ${a.service} ${a.kind} "${a.name || a.id}" (${a.account}/${a.region})`;
}
