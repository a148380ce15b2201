// Completing a run, as a pure plan: tonight's report and assets against the state at the
// previous completed run → the deltas, the report to return, and the version puts and deletes.
// Every rule is per asset (an asset's drift and results live with it), so the plan is made part
// by part (planPart, one or a few state chunks at a time) and the parts merged (mergeParts).
import { idKey } from "../ids.ts";
import type { Asset, Coverage, DriftItem, DriftReport, PolicyResult } from "../model.ts";
import { sortItems } from "../reconcile.ts";
import {
  type DeltaResult,
  deltasByIdentity,
  driftIdentity,
  isVanished,
  policyIdentity,
  type ScopeLookup,
  scopeScannedOk,
  sortResults,
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

/** Tonight's content of one part, keyed by identity (the first of each). */
export interface Tonight {
  assets: Map<string, Entry>;
  items: Map<string, Entry>;
  results: Map<string, Entry>;
  /** Where each of `items` and `results` (in the maps' order) is in tonight's whole lists. */
  at: { items: number[]; results: number[] };
}

/** Tonight's entries; `items` without resolved ones and `results` without vanished ones. */
export function tonightEntries(
  assets: readonly Asset[],
  items: readonly DriftItem[],
  results: readonly PolicyResult[],
  /** The position of each of `items` and `results` in tonight's whole lists (absent: these are). */
  whole?: { items: readonly number[]; results: readonly number[] },
): Tonight {
  const at = { items: [] as number[], results: [] as number[] };
  const t: Tonight = {
    assets: entries(
      assets,
      (a) => idKey(a.id),
      (a) => ({ assetId: a.id }),
    ),
    items: entries(
      items,
      driftIdentity,
      (i) => ({ assetId: i.assetId, openStatus: i.status === "matched" ? undefined : i.status }),
      at.items,
    ),
    results: entries(results, policyIdentity, (r) => ({ assetId: r.assetId }), at.results),
    at,
  };
  if (whole) {
    at.items = at.items.map((i) => whole.items[i]!);
    at.results = at.results.map((i) => whole.results[i]!);
  }
  return t;
}

export interface PartInput {
  run: RunRef;
  runs: readonly RunRecord[];
  previous: RunRecord | undefined;
  committed: Committed;
  /** The part's stored versions (open ones, or every version of an older layout). */
  versions: Record<VersionKind, VersionRecord[]>;
  tonight: Tonight;
  /** Tonight's coverage, merged with what was recorded. */
  coverage: readonly Coverage[];
  retentionDays: number;
}

export interface PartPlan {
  /** Unsorted (deltasByIdentity's `sorted: false`): mergeParts puts them in order. */
  deltas: DeltaResult;
  /** The deltas' items with their carried reasons (what the report lists). */
  items: DriftItem[];
  puts: VersionRecord[];
  deletes: Array<{ pk: string; sk: string }>;
  at: Tonight["at"];
}

export function planPart(input: PartInput): PartPlan {
  const { run, runs, previous, committed: completed, versions, tonight, coverage } = input;
  const runId = run.runId;
  const at = previous ? runKey(previous) : undefined;
  const base = {
    asset: aliveAt(versions.asset, at, completed),
    drift: aliveAt(versions.drift, at, completed),
    policy: aliveAt(versions.policy, at, completed),
  };
  // Tonight's asset, else the stored one (the maps are keyed by idKey already).
  const scopes: ScopeLookup = {
    get(key) {
      const now = tonight.assets.get(key);
      if (now) return scopeOf(now.value as Asset);
      const before = base.asset.get(key);
      return before ? scopeOf(parseBody<Asset>(before)) : undefined;
    },
  };
  const deltas = deltasByIdentity(
    {
      previous: {
        items: valuesOf<DriftItem>(base.drift),
        policyResults: valuesOf<PolicyResult>(base.policy),
      },
      current: {
        items: entryValues<DriftItem>(tonight.items),
        policyResults: entryValues<PolicyResult>(tonight.results),
      },
      coverage,
      scopes,
    },
    false,
  );

  const carriedAssets = new Set(
    [...base.asset]
      .filter(([id, v]) => !tonight.assets.has(id) && !scopeScannedOk(scopeOf(parseBody<Asset>(v)), coverage))
      .map(([id]) => id),
  );
  const common = { run, previous, retentionDays: input.retentionDays };
  const puts = [
    ...planVersions({
      ...common,
      kind: "asset",
      base: base.asset,
      tonight: tonight.assets,
      carried: carriedAssets,
    }),
    ...planVersions({
      ...common,
      kind: "drift",
      base: base.drift,
      tonight: tonight.items,
      carried: new Set(deltas.carriedItems.map(driftIdentity)),
    }),
    ...planVersions({
      ...common,
      kind: "policy",
      base: base.policy,
      tonight: tonight.results,
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
  return { deltas, items: annotateCarried(deltas.items, coverage, scopes), puts, deletes, at: tonight.at };
}

/**
 * A part whose stored state is tonight's content exactly (same identities, same JSON): what
 * planPart would make of it, without the stored versions. Every item and failure is ongoing,
 * nothing is carried, resolved or written.
 */
export function unchangedPart(tonight: Tonight, coverage: readonly Coverage[]): PartPlan {
  const scopes: ScopeLookup = {
    get(key) {
      const now = tonight.assets.get(key);
      return now ? scopeOf(now.value as Asset) : undefined;
    },
  };
  const current = {
    items: entryValues<DriftItem>(tonight.items),
    policyResults: entryValues<PolicyResult>(tonight.results),
  };
  const deltas = deltasByIdentity({ previous: current, current, coverage, scopes }, false);
  const items = annotateCarried(deltas.items, coverage, scopes);
  return { deltas, items, puts: [], deletes: [], at: tonight.at };
}

/**
 * The parts' deltas as one, sorted. Tonight's items and results go back where they were in
 * tonight's lists (sorted already, so sorting them again is one pass), what the previous run left
 * after them, as one plan of the whole estate makes them.
 */
export function mergeParts(
  parts: readonly PartPlan[],
  size: { items: number; results: number },
): { deltas: DeltaResult; items: DriftItem[] } {
  const inOrder = <T>(list: (p: PartPlan) => readonly T[], at: (p: PartPlan) => number[], n: number) => {
    const slots: Array<T | undefined> = new Array(n);
    const rest: T[] = [];
    for (const p of parts) {
      const values = list(p);
      const where = at(p);
      for (let i = 0; i < values.length; i++)
        if (i < where.length) slots[where[i]!] = values[i];
        else rest.push(values[i]!);
    }
    const out: T[] = [];
    for (const v of slots) if (v !== undefined) out.push(v);
    for (const v of rest) out.push(v);
    return out;
  };
  const all = <K extends keyof DeltaResult>(k: K): DeltaResult[K] => {
    const out: unknown[] = [];
    for (const p of parts) for (const x of p.deltas[k]) out.push(x);
    return out as DeltaResult[K];
  };
  const deltas: DeltaResult = {
    items: sortItems(
      inOrder(
        (p) => p.deltas.items,
        (p) => p.at.items,
        size.items,
      ),
    ),
    policyResults: sortResults(
      inOrder(
        (p) => p.deltas.policyResults,
        (p) => p.at.results,
        size.results,
      ),
    ),
    resolvedPolicyResults: sortResults(all("resolvedPolicyResults")),
    newItems: sortItems(all("newItems")),
    resolvedItems: sortItems(all("resolvedItems")),
    carriedItems: sortItems(all("carriedItems")),
    endedItems: all("endedItems"),
    newPolicyFailures: sortResults(all("newPolicyFailures")),
    resolvedPolicyFailures: sortResults(all("resolvedPolicyFailures")),
    carriedPolicyResults: all("carriedPolicyResults"),
    endedPolicyResults: all("endedPolicyResults"),
  };
  // The report's items are the deltas' with carried reasons: sorted once, the reasons put back.
  const annotated = new Map<DriftItem, DriftItem>();
  for (const p of parts)
    for (let i = 0; i < p.items.length; i++)
      if (p.items[i] !== p.deltas.items[i]) annotated.set(p.deltas.items[i]!, p.items[i]!);
  return { deltas, items: deltas.items.map((i) => annotated.get(i) ?? i) };
}

/** The report to return and store: the merged deltas over tonight's report. */
export function completedReport(
  report: DriftReport,
  runId: string,
  coverage: Coverage[],
  merged: { deltas: DeltaResult; items: DriftItem[] },
): DriftReport {
  const { deltas, items } = merged;
  return {
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
}

/** Tonight's report items and results that belong to tonight's state (not resolved, not vanished). */
export function currentOf(report: DriftReport) {
  return {
    items: report.items.filter((i) => i.delta !== "resolved"),
    results: (report.policyResults ?? []).filter((r) => !isVanished(r)),
  };
}

/** The whole estate as one part (the previous layout's writer, in tests, plans so). */
export function planCompletion(input: CompletionInput): CompletionPlan {
  const { report } = input;
  const now = currentOf(report);
  const coverage = mergeCoverage(input.recordedCoverage, report.coverage);
  const part = planPart({
    ...input,
    tonight: tonightEntries(input.assets, now.items, now.results),
    coverage,
  });
  const merged = mergeParts([part], { items: now.items.length, results: now.results.length });
  return {
    deltas: merged.deltas,
    report: completedReport(report, input.run.runId, coverage, merged),
    coverage,
    puts: part.puts,
    deletes: part.deletes,
  };
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
