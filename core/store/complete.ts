// completeRun's writes over the state projection: tonight's plan (plan.ts) against the current
// state becomes the state chunks it changed (one new copy each, in the slot the current copy is
// not in) and a history item per version it closed. A run on a
// store whose previous run was written by an older aimscan (every version its own item) reads
// that state once and writes every chunk: the migration.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Asset, Coverage, DriftReport } from "../model.ts";
import { type BatchOptions, batchWrite } from "./batch.ts";
import { type CompletionPlan, planCompletion } from "./plan.ts";
import { type ChunkContent, chunkItems, chunkOf, decodeCopy, versionItem } from "./projection.ts";
import { readCoverage, readVersions } from "./reader.ts";
import { latestCompletedBefore } from "./records.ts";
import { readState } from "./state-reader.ts";
import { coverageSk, runKey, VERSION_KINDS, type VersionKind } from "./table.ts";
import type { RunRecord, RunRef } from "./types.ts";
import { aliveAt, canonicalJson, committedRuns, type VersionRecord } from "./versions.ts";

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

/** The layout a run record says its run was written in; absent: every version its own item. */
export const LAYOUT = 2;

export interface CompletionContext {
  client: DynamoDBDocumentClient;
  table: string;
  retentionDays: number;
  batch?: BatchOptions | undefined;
  coverageItem(run: RunRef, c: Coverage): Item;
}

export interface StoredCompletion {
  plan: CompletionPlan;
  /** Items written (puts and deletes). */
  written: number;
}

export async function storeCompletion(
  ctx: CompletionContext,
  run: RunRef,
  runs: RunRecord[],
  layouts: ReadonlyMap<string, number>,
  report: DriftReport,
  assets: Asset[],
): Promise<StoredCompletion> {
  const { client, table } = ctx;
  const previous = latestCompletedBefore(runs, run);
  const committed = committedRuns(runs, run.runId);
  const legacy = previous !== undefined && layouts.get(previous.runId) !== LAYOUT;

  const [state, stored] = await Promise.all([
    readState(client, table, committed),
    readCoverage(client, table, run.runId),
  ]);
  const base = new Map<string, ChunkContent>();
  for (const [chunk, copy] of state.current) base.set(chunk, decodeCopy(copy));
  const versions: Record<VersionKind, VersionRecord[]> = legacy
    ? await readVersions(client, table, VERSION_KINDS)
    : { asset: [], drift: [], policy: [] };
  if (!legacy) for (const c of base.values()) for (const v of c.open) versions[v.kind].push(v);

  const plan = planCompletion({
    run,
    runs,
    previous,
    committed,
    versions,
    report,
    assets,
    recordedCoverage: stored.map((s) => s.coverage),
    retentionDays: ctx.retentionDays,
  });

  // The state at the previous run, chunk by chunk, then tonight's puts applied to it.
  const at = previous ? runKey(previous) : undefined;
  const chunks = new Map<string, { open: Map<string, VersionRecord>; closed: VersionRecord[] }>();
  // One hash per asset, not per version (an asset has its state, drift and every policy's result).
  const chunkIds = new Map<string, string>();
  const chunkIdOf = (v: VersionRecord) => {
    const group = v.assetId ?? v.identity;
    let id = chunkIds.get(group);
    if (id === undefined) {
      id = chunkOf(v);
      chunkIds.set(group, id);
    }
    return id;
  };
  const chunk = (v: VersionRecord) => {
    const id = chunkIdOf(v);
    let c = chunks.get(id);
    if (!c) {
      c = { open: new Map(), closed: [] };
      chunks.set(id, c);
    }
    return c;
  };
  for (const kind of VERSION_KINDS)
    for (const v of aliveAt(versions[kind], at, committed).values()) chunk(v).open.set(key(v), v);
  const dirty = new Set<string>(legacy ? chunks.keys() : []);
  const history: Item[] = [];
  for (const v of plan.puts) {
    const c = chunk(v);
    dirty.add(chunkIdOf(v));
    if (v.closedRun !== undefined) {
      c.open.delete(key(v));
      c.closed.push(v);
      history.push(versionItem(v));
    } else {
      // An old-layout version item closed by a run that never completed: stored open again.
      if (c.open.get(key(v))?.closedRun !== undefined) history.push(versionItem(v));
      c.open.set(key(v), v);
    }
  }
  const puts: Item[] = [...history];
  for (const id of dirty) {
    const c = chunks.get(id)!;
    const slot = 1 - (state.current.get(id)?.slot ?? 1);
    puts.push(...chunkItems(id, slot, run, { open: [...c.open.values()], closed: c.closed }));
  }
  const storedCoverage = new Map(stored.map((s) => [s.sk, canonicalJson(s.coverage)]));
  for (const c of report.coverage)
    if (storedCoverage.get(coverageSk(c)) !== canonicalJson(c)) puts.push(ctx.coverageItem(run, c));

  // What tonight's copies do not overwrite of the copies no completed run will ever count: parts
  // beyond a shorter copy's in a slot it rewrites, and what runs that never completed left
  // (an earlier attempt's, a failed older run's), which must not outlive their run records.
  const putKeys = new Set(puts.map((p) => `${p.pk}|${p.sk}`));
  const stale = state.others.filter(
    (c) =>
      (dirty.has(c.chunk) && c.slot !== state.current.get(c.chunk)?.slot) ||
      (!committed(c.run) && (c.run === run.runId || c.runKey < runKey(run))),
  );
  const deletes: Key[] = [...(legacy ? plan.deletes : []), ...stale.flatMap((c) => c.keys)].filter(
    (k) => !putKeys.has(`${k.pk}|${k.sk}`),
  );
  const written = await batchWrite(client, table, { puts, deletes }, ctx.batch);
  return { plan, written };
}

const key = (v: VersionRecord) => `${v.pk}|${v.sk}`;
