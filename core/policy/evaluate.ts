// Runs every policy on every asset its selector (and `when`) admits. Pure: no I/O. A runtime CEL
// error becomes an `error` result for that asset and policy; nothing here throws per asset.
import type { Asset, DriftReport, Inventory, PolicyResult, PolicyStatus } from "../model.ts";
import { matches } from "../reconcile.ts";
import { type AssetContext, contextBuilder } from "./context.ts";
import type { CompiledPolicy, PolicySet } from "./load.ts";
import { waiverIndex } from "./waivers.ts";

export interface EvaluateContext {
  inventory: Inventory;
  report: DriftReport;
  now?: Date;
}

/**
 * Results come policy by policy (in load order), each over the assets in input order. Assets are
 * bucketed by kind first, so a policy about notebooks never looks at the other 99% of the estate.
 */
export function evaluatePolicies(
  set: PolicySet,
  assets: Asset[],
  ctx: EvaluateContext,
): { results: PolicyResult[]; notices: string[] } {
  const now = ctx.now ?? new Date();
  const build = contextBuilder(assets, ctx.inventory, ctx.report, now);
  const contexts: (AssetContext | undefined)[] = new Array(assets.length);
  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  assets.forEach((a, i) => {
    all.push(i);
    let bucket = byKind.get(a.kind);
    if (!bucket) {
      bucket = [];
      byKind.set(a.kind, bucket);
    }
    bucket.push(i);
  });
  const waivers = waiverIndex(set, now);
  const results: PolicyResult[] = [];
  for (const policy of set.policies) {
    const candidates = policy.resource.kind === undefined ? all : (byKind.get(policy.resource.kind) ?? []);
    const wantDeclared = policy.resource.declared;
    for (const i of candidates) {
      const asset = assets[i]!;
      if (!selects(policy, asset)) continue;
      let context = contexts[i];
      if (context === undefined) {
        context = build(asset);
        contexts[i] = context;
      }
      if (wantDeclared !== undefined && wantDeclared !== context.declared) continue;
      const result = run(policy, asset, context);
      if (result === undefined) continue;
      if (result.status === "fail" && waivers.active) waivers.apply(result);
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
  let value: unknown;
  try {
    if (policy.applies) {
      const applies = policy.applies(context);
      if (applies === false) return undefined;
      if (applies !== true) return result(policy, asset, "error", notBool("when", applies, asset));
    }
    value = policy.check(context);
  } catch (e) {
    const err = e as { summary?: string; message?: string };
    return result(policy, asset, "error", `${describe(asset)}: ${err.summary ?? err.message ?? String(e)}`);
  }
  if (value === true) return result(policy, asset, "pass");
  // No per-failure message: at 10^6 failures the strings cost more than the evaluation. The
  // formatter writes the sentence from the title and asset id when it is shown.
  if (value === false) return result(policy, asset, "fail");
  return result(policy, asset, "error", notBool("assert", value, asset));
}

/**
 * Two shapes only: passes (the bulk, so no title or message: the id says it) and findings. At 10^6
 * results, allocation and GC of the result objects cost more than the CEL evaluation itself.
 */
function result(policy: CompiledPolicy, asset: Asset, status: PolicyStatus, message?: string): PolicyResult {
  if (status === "pass")
    return {
      policyId: policy.id,
      assetId: asset.id,
      status,
      severity: policy.severity,
      controls: policy.controls,
    };
  return {
    policyId: policy.id,
    assetId: asset.id,
    status,
    severity: policy.severity,
    controls: policy.controls,
    title: policy.title,
    message,
  };
}

function notBool(what: string, value: unknown, asset: Asset): string {
  const shown = typeof value === "bigint" ? `${value}` : (JSON.stringify(value) ?? String(value));
  return `${describe(asset)}: ${what} returned ${shown}, not true or false`;
}

function describe(a: Asset): string {
  return `${a.provider} ${a.service} ${a.kind} "${a.name || a.id}" (${a.account}/${a.region})`;
}
