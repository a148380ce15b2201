// Builders for store tests: assets in one AWS scope, the drift report reconcile would give them.
import type { Asset, Coverage, DriftItem, DriftReport, PolicyResult } from "../../../core/model.ts";
import { summarize } from "../../../core/store/deltas.ts";

export const ACCOUNT = "111122223333";

export function asset(name: string, region = "us-east-1", attributes: Record<string, unknown> = {}): Asset {
  return {
    id: `arn:aws:sagemaker:${region}:${ACCOUNT}:endpoint/${name}`,
    provider: "aws",
    service: "sagemaker",
    kind: "endpoint",
    account: ACCOUNT,
    region,
    name,
    tags: {},
    attributes,
  };
}

export function coverage(region: string, status: Coverage["status"] = "ok"): Coverage {
  return {
    provider: "aws",
    account: ACCOUNT,
    region,
    service: "sagemaker",
    status,
    ...(status === "error" ? { error: "AccessDenied" } : {}),
  };
}

export function view(a: Asset): NonNullable<DriftItem["asset"]> {
  return {
    provider: a.provider,
    service: a.service,
    kind: a.kind,
    account: a.account,
    region: a.region,
    name: a.name,
  };
}

export const undeclared = (a: Asset): DriftItem => ({ status: "undeclared", assetId: a.id, asset: view(a) });
export const matched = (a: Asset, systemId = "fraud"): DriftItem => ({
  status: "matched",
  assetId: a.id,
  systemId,
  asset: view(a),
});

export function missing(
  id: string,
  systemId = "fraud",
  status: "missing" | "unverified" = "missing",
): DriftItem {
  return {
    status,
    assetId: id,
    systemId,
    found: 0,
    minCount: 1,
    ...(status === "unverified" ? { reason: "not scanned" } : {}),
  };
}

export function failing(
  a: Asset,
  policyId = "kms-required",
  status: PolicyResult["status"] = "fail",
): PolicyResult {
  return { policyId, assetId: a.id, status, severity: "high", controls: ["ISO42001:A.6.2.8"] };
}

export function report(
  items: DriftItem[],
  cov: Coverage[],
  policyResults: PolicyResult[] = [],
  observed = items.length,
): DriftReport {
  return {
    runId: "adhoc",
    generatedAt: "2026-03-01T02:00:00.000Z",
    summary: summarize(items, observed),
    items,
    coverage: cov,
    policyResults,
  };
}

/** A night: run id, start time n days after 2026-03-01. */
export function night(n: number) {
  const startedAt = new Date(Date.UTC(2026, 2, 1 + n, 2)).toISOString();
  return { runId: `night-${String(n).padStart(3, "0")}`, startedAt };
}

/**
 * Night n of 60 assets in two regions: asset n is renamed each night, asset 59-n vanishes, a
 * shortfall item alternates, and failures move (the estate the store's layout tests run).
 */
export function nightlyEstate(n: number, size = 60): { assets: Asset[]; report: DriftReport } {
  const cov = [coverage("us-east-1"), coverage("eu-west-1")];
  const assets: Asset[] = [];
  for (let i = 0; i < size; i++) {
    if (i === 59 - n) continue;
    const a = asset(`ep-${String(i).padStart(2, "0")}`, i % 2 ? "eu-west-1" : "us-east-1");
    assets.push(i === n ? { ...a, tags: { night: String(n) } } : a);
  }
  const items = [
    ...assets.map((a, i) => (i % 4 === 0 ? undeclared(a) : matched(a))),
    missing(`arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/gone-${n % 2}`),
  ];
  const results = assets.map((a, i) => failing(a, "kms-required", (i + n) % 5 === 0 ? "fail" : "pass"));
  return { assets, report: report(items, cov, results, assets.length) };
}
