// Completing a run, as a pure plan: tonight's report and assets against the state at the
// previous completed run → the deltas, the report to return, and the version puts and deletes.
import { idKey } from "../ids.ts";
import type { Asset, Coverage, DriftItem, DriftReport, PolicyResult } from "../model.ts";
import {
  type DeltaResult,
  deltasByIdentity,
  driftIdentity,
  isVanished,
  policyIdentity,
  type ScopeLookup,
  scopeScannedOk,
  summarize,
} from "./deltas.ts";
import { annotateCarried, entries, mergeCoverage, scopeOf } from "./records.ts";
import { runKey, type VersionKind } from "./table.ts";
import type { RunRecord, RunRef } from "./types.ts";
import {
  aliveAt,
  type Committed,
  type Entry,
  parseBody,
  planVersions,
  type VersionRecord,
} from "./versions.ts";

export interface CompletionInput {
  run: RunRef;
  /** Every run, newest first. */
  runs: readonly RunRecord[];
  previous: RunRecord | undefined;
  /** Which runs' writes count (this run's own earlier attempts do not). */
  committed: Committed;
  versions: Record<VersionKind, VersionRecord[]>;
  report: DriftReport;
  assets: readonly Asset[];
  /** Coverage already recorded for this run while its shards finished. */
  recordedCoverage: readonly Coverage[];
  retentionDays: number;
}

export interface CompletionPlan {
  deltas: DeltaResult;
  /** The report to return and to read back later: deltas, carried reasons, merged coverage. */
  report: DriftReport;
  coverage: Coverage[];
  puts: VersionRecord[];
  deletes: Array<{ pk: string; sk: string }>;
}

export function planCompletion(input: CompletionInput): CompletionPlan {
  const { run, runs, previous, committed: completed, versions, report, assets } = input;
  const runId = run.runId;
  const at = previous ? runKey(previous) : undefined;
  const base = {
    asset: aliveAt(versions.asset, at, completed),
    drift: aliveAt(versions.drift, at, completed),
    policy: aliveAt(versions.policy, at, completed),
  };
  const currentItems = report.items.filter((i) => i.delta !== "resolved");
  const currentResults = (report.policyResults ?? []).filter((r) => !isVanished(r));
  const tonightAssets = entries(
    assets,
    (a) => idKey(a.id),
    (a) => ({ assetId: a.id }),
  );
  const tonightItems = entries(currentItems, driftIdentity, (i) => ({
    assetId: i.assetId,
    openStatus: i.status === "matched" ? undefined : i.status,
  }));
  const tonightResults = entries(currentResults, policyIdentity, (r) => ({ assetId: r.assetId }));
  // Tonight's asset, else the stored one (the maps are keyed by idKey already).
  const scopes: ScopeLookup = {
    get(key) {
      const tonight = tonightAssets.get(key);
      if (tonight) return scopeOf(tonight.value as Asset);
      const before = base.asset.get(key);
      return before ? scopeOf(parseBody<Asset>(before)) : undefined;
    },
  };
  const coverage = mergeCoverage(input.recordedCoverage, report.coverage);
  const deltas = deltasByIdentity({
    previous: { items: valuesOf<DriftItem>(base.drift), policyResults: valuesOf<PolicyResult>(base.policy) },
    current: {
      items: entryValues<DriftItem>(tonightItems),
      policyResults: entryValues<PolicyResult>(tonightResults),
    },
    coverage,
    scopes,
  });

  const carriedAssets = new Set(
    [...base.asset]
      .filter(([id, v]) => !tonightAssets.has(id) && !scopeScannedOk(scopeOf(parseBody<Asset>(v)), coverage))
      .map(([id]) => id),
  );
  const common = { run, previous, retentionDays: input.retentionDays };
  const puts = [
    ...planVersions({
      ...common,
      kind: "asset",
      base: base.asset,
      tonight: tonightAssets,
      carried: carriedAssets,
    }),
    ...planVersions({
      ...common,
      kind: "drift",
      base: base.drift,
      tonight: tonightItems,
      carried: new Set(deltas.carriedItems.map(driftIdentity)),
    }),
    ...planVersions({
      ...common,
      kind: "policy",
      base: base.policy,
      tonight: tonightResults,
      carried: new Set(deltas.carriedPolicyResults.map(policyIdentity)),
    }),
  ];
  // Versions no completed run will ever own: opened by an earlier attempt of this run id and not
  // wanted now, or left by an older run that failed (once this run completes it never can).
  const planned = new Set(puts.map((p) => `${p.pk}|${p.sk}`));
  const stale = new Set(
    runs.filter((r) => r.status !== "completed" && runKey(r) < runKey(run)).map((r) => r.runId),
  );
  const deletes = [...versions.asset, ...versions.drift, ...versions.policy]
    .filter((v) => (v.openedRun === runId || stale.has(v.openedRun)) && !planned.has(`${v.pk}|${v.sk}`))
    .map((v) => ({ pk: v.pk, sk: v.sk }));
  const items = annotateCarried(deltas.items, coverage, scopes);
  const out: DriftReport = {
    runId,
    generatedAt: report.generatedAt,
    summary: summarize(items, report.summary.observed),
    items,
    coverage,
    policyResults: deltas.policyResults,
    ...(deltas.resolvedPolicyResults.length > 0
      ? { resolvedPolicyResults: deltas.resolvedPolicyResults }
      : {}),
    ...(report.notices ? { notices: report.notices } : {}),
  };
  return { deltas, report: out, coverage, puts, deletes };
}

function valuesOf<T>(versions: ReadonlyMap<string, VersionRecord>): Map<string, T> {
  const out = new Map<string, T>();
  for (const [id, v] of versions) out.set(id, parseBody<T>(v));
  return out;
}

function entryValues<T>(list: ReadonlyMap<string, Entry>): Map<string, T> {
  const out = new Map<string, T>();
  for (const [id, e] of list) out.set(id, e.value as T);
  return out;
}
