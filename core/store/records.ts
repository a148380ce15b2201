// Small pure helpers of the DynamoDB store: run records and ordering, version bodies, tonight's
// entries, asset scopes, coverage merging and the carried-item annotation.
import { withFields } from "../extend.ts";
import { idKey } from "../ids.ts";
import type { Asset, Coverage, DriftItem } from "../model.ts";
import { carryReason, type Scope, type ScopeLookup, scannedOkIn } from "./deltas.ts";
import { coverageSk, runKey } from "./table.ts";
import type { RunRecord, RunRef } from "./types.ts";
import { type Entry, parseBody, type VersionRecord } from "./versions.ts";

type Item = Record<string, unknown>;

export const RUN_FIELDS = [
  "runId",
  "status",
  "startedAt",
  "finishedAt",
  "summary",
  "policySummary",
  "newCount",
  "resolvedCount",
  "coverage",
  "manifestHash",
  "configHash",
  "error",
] as const;

export function toRunRecord(item: Item): RunRecord {
  const r: Item = {};
  for (const k of RUN_FIELDS) if (item[k] !== undefined) r[k] = item[k];
  return r as unknown as RunRecord;
}

export function latestCompletedBefore(runsNewestFirst: RunRecord[], run: RunRef): RunRecord | undefined {
  const key = runKey(run);
  return runsNewestFirst.find((r) => r.status === "completed" && r.runId !== run.runId && runKey(r) < key);
}

export function bodies<T>(versions: ReadonlyMap<string, VersionRecord>): T[] {
  return [...versions.values()].map((v) => parseBody<T>(v));
}

export function entries<T extends object>(
  list: readonly T[],
  identity: (t: T) => string,
  extra: (t: T) => Omit<Entry, "identity" | "value">,
  /** Filled with the position in `list` of each entry kept, in the map's order. */
  kept?: number[],
): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    const id = identity(t);
    if (map.has(id)) continue;
    kept?.push(i);
    // A copy only when there is a delta to drop (tonight's input rarely has one).
    const value = Object.hasOwn(t, "delta") ? withoutDelta(t) : t;
    const entry = extra(t) as Entry;
    entry.identity = id;
    entry.value = value;
    map.set(id, entry);
  }
  return map;
}

function withoutDelta<T extends object>(t: T): T {
  const { delta: _d, ...rest } = t as T & { delta?: unknown };
  return rest as T;
}

export const scopeOf = (a: Asset): Scope => ({
  provider: a.provider,
  account: a.account,
  region: a.region,
  service: a.service,
});

export function scopeMap(assets: readonly Asset[]): Map<string, Scope> {
  return new Map(assets.map((a) => [idKey(a.id), scopeOf(a)]));
}

/** Ongoing observed items whose scope was not scanned ok this run say why they are still listed. */
export function annotateCarried(items: DriftItem[], coverage: readonly Coverage[], scopes: ScopeLookup) {
  const scannedOk = scannedOkIn(coverage);
  return items.map((i) => {
    if (i.delta !== "ongoing") return i;
    const reason = carryReason(i, coverage, scopes, scannedOk);
    return reason === undefined ? i : withFields(i, { reason });
  });
}

/** Coverage recorded during the run, overridden by the report's, in shard-key order. */
export function mergeCoverage(recorded: readonly Coverage[], reported: readonly Coverage[]): Coverage[] {
  const byKey = new Map<string, Coverage>();
  for (const c of [...recorded, ...reported]) byKey.set(coverageSk(c), c);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}

export function countCoverage(coverage: readonly Coverage[]) {
  const counts = { ok: 0, error: 0, skipped: 0 };
  for (const c of coverage) counts[c.status] += 1;
  return counts;
}
