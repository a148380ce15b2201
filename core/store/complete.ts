// completeRun's writes over the state projection, a few state chunks at a time: tonight's input
// of a chunk (tonight.ts) against the chunk's state at the previous run (plan.ts) becomes a new
// copy of the chunk when it changed (in the slot the current copy is not in) and a history item
// per version it closed; then the chunk's versions are dropped, so what is held at once follows
// the chunk, not the estate. A chunk whose fingerprint is its current copy's is not even read.
// A run on a store whose previous run was written by an older aimscan (every version its own
// item) reads that state once and writes every chunk: the migration. Which copy of each chunk
// counts comes from the previous run's listing of the state items (state-index.ts) when it can be
// trusted, else from a query of every state partition.
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Asset, Coverage, DriftReport } from "../model.ts";
import { type BatchOptions, batchWrite } from "./batch.ts";
import {
  type CompletionPlan,
  completedReport,
  currentOf,
  mergeParts,
  type PartPlan,
  planPart,
  tonightEntries,
  unchangedPart,
} from "./plan.ts";
import { type ChunkCopy, chunkItems, chunkOf, decodeCopy, versionItem } from "./projection.ts";
import { readCoverage, readVersions, runItemKey } from "./reader.ts";
import { latestCompletedBefore, mergeCoverage } from "./records.ts";
import { planReportBody, type ReportIndex } from "./report-body.ts";
import {
  indexItem,
  listingAfter,
  metaOf,
  readIndex,
  STATE_INDEX_OWNER,
  type StateItemMeta,
} from "./state-index.ts";
import { readCopyData, readStateKeys, stateOf } from "./state-reader.ts";
import { coverageSk, runKey, VERSION_KINDS, type VersionKind } from "./table.ts";
import { fingerprint, splitTonight } from "./tonight.ts";
import type { RunRecord, RunRef } from "./types.ts";
import { aliveAt, canonicalJson, committedRuns, type VersionRecord } from "./versions.ts";

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };
type ByKind = Record<VersionKind, VersionRecord[]>;

/** The layout a run record says its run was written in; absent: every version its own item. */
export const LAYOUT = 2;

/** State chunks planned and written at once (of 256): their versions are what a run holds. */
export const CHUNKS_AT_ONCE = 16;

export interface CompletionContext {
  client: DynamoDBDocumentClient;
  table: string;
  retentionDays: number;
  batch?: BatchOptions | undefined;
  coverageItem(run: RunRef, c: Coverage): Item;
  /** An earlier attempt of this run wrote state (its run item says so): the listing is not enough. */
  resumed?: boolean;
  /** Records on the run item that it is about to write state (called once, before the first write). */
  markStateWritten(): Promise<void>;
}

export interface StoredCompletion {
  /** The plan without its puts and deletes: they are written chunk by chunk, and dropped. */
  plan: Pick<CompletionPlan, "deltas" | "report" | "coverage">;
  /** Items written (puts and deletes). */
  written: number;
  /** Where the report's body is stored (for the run item). */
  reportBody: ReportIndex;
  /** The run whose listing describes the state after this run (for the run item); none: query. */
  stateIndex?: string;
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

  const [stored, previousItem] = await Promise.all([
    readCoverage(client, table, run.runId),
    previous
      ? client.send(new GetCommand({ TableName: table, Key: runItemKey(previous.runId) })).then((o) => o.Item)
      : undefined,
  ]);
  const previousBody = previousItem?.reportBody as ReportIndex | undefined;
  // The previous run's listing holds only if nothing wrote state after it: no other run started
  // since (a failed one may have written copies), no earlier attempt of this one.
  const named = previousItem?.[STATE_INDEX_OWNER];
  const owner = typeof named === "string" ? named : undefined;
  const trusted =
    previous !== undefined &&
    !legacy &&
    !ctx.resumed &&
    owner !== undefined &&
    runs.every((r) => r.runId === run.runId || runKey(r) <= runKey(previous));
  const indexed = trusted ? await readIndex(client, table, owner!) : undefined;
  const listing: StateItemMeta[] = indexed ?? (await readStateKeys(client, table));
  const state = stateOf(listing, committed);
  const coverage = mergeCoverage(
    stored.map((s) => s.coverage),
    report.coverage,
  );
  const now = currentOf(report);
  const split = splitTonight(assets, now.items, now.results);
  // An older layout's versions are every version item, read once and grouped by chunk here.
  const legacyVersions = legacy
    ? byChunk(await readVersions(client, table, VERSION_KINDS), split.chunkOfAsset)
    : undefined;
  const ids = [
    ...new Set([...split.chunks.keys(), ...state.current.keys(), ...(legacyVersions?.keys() ?? [])]),
  ].sort();

  const common = { run, runs, previous, committed, coverage, retentionDays: ctx.retentionDays };
  const parts: PartPlan[] = [];
  const dirty = new Set<string>();
  const putKeys = new Set<string>();
  const deletes: Key[] = [];
  const statePuts: StateItemMeta[] = [];
  let written = 0;
  let marked = false;
  const beforeWrites = async () => {
    if (marked) return;
    marked = true;
    await ctx.markStateWritten();
    written += 1;
  };
  for (let at = 0; at < ids.length; at += CHUNKS_AT_ONCE) {
    const batch = ids.slice(at, at + CHUNKS_AT_ONCE).map((id) => {
      const input = split.chunks.get(id);
      split.chunks.delete(id);
      const tonight = tonightEntries(
        input?.assets ?? [],
        input?.items ?? [],
        input?.results ?? [],
        input?.at ?? { items: [], results: [] },
      );
      // No previous run (none yet, or every run record expired): the state starts again, empty.
      const copy = previous ? state.current.get(id) : undefined;
      const print = fingerprint(tonight);
      return { id, tonight, copy, print, same: !legacy && copy !== undefined && copy.fingerprint === print };
    });
    await readCopyData(
      client,
      table,
      batch.filter((c) => !legacy && c.copy && !c.same).map((c) => c.copy!),
    );
    const puts: Item[] = [];
    for (const { id, tonight, copy, print, same } of batch) {
      if (same) {
        parts.push(unchangedPart(tonight, coverage));
        continue;
      }
      const versions = legacyVersions?.get(id) ?? (copy ? openByKind(copy) : emptyKinds());
      const part = planPart({ ...common, versions, tonight });
      parts.push({ ...part, puts: [], deletes: [] });
      if (legacy) deletes.push(...part.deletes);
      // Rewritten though unchanged: the migration, a state started again, a copy written before
      // fingerprints (once, so that the next quiet night need not read it).
      const rewrite =
        legacy ||
        (previous === undefined && state.current.has(id)) ||
        (copy !== undefined && copy.fingerprint === undefined);
      if (part.puts.length === 0 && !rewrite) continue;
      const baseOpen = legacy
        ? VERSION_KINDS.flatMap((k) => [
            ...aliveAt(versions[k], previous ? runKey(previous) : undefined, committed).values(),
          ])
        : VERSION_KINDS.flatMap((k) => versions[k]);
      const open = new Map(baseOpen.map((v) => [key(v), v]));
      const closed: VersionRecord[] = [];
      for (const v of part.puts) {
        if (v.closedRun !== undefined) {
          open.delete(key(v));
          closed.push(v);
          puts.push(versionItem(v));
        } else {
          // An old-layout version item closed by a run that never completed: stored open again.
          if (open.get(key(v))?.closedRun !== undefined) puts.push(versionItem(v));
          open.set(key(v), v);
        }
      }
      // Every version open is one of tonight's (none carried): the fingerprint says the content.
      const alone = open.size === tonight.assets.size + tonight.items.size + tonight.results.size;
      const slot = 1 - (state.current.get(id)?.slot ?? 1);
      puts.push(...chunkItems(id, slot, run, { open: [...open.values()], closed }, alone ? print : ""));
      dirty.add(id);
    }
    for (const p of puts) {
      putKeys.add(`${p.pk}|${p.sk}`);
      if (p.type === "state") statePuts.push(metaOf(p));
    }
    if (puts.length > 0) await beforeWrites();
    written += await batchWrite(client, table, { puts }, ctx.batch);
  }

  const merged = mergeParts(parts, { items: now.items.length, results: now.results.length });
  const out = completedReport(report, run.runId, coverage, merged);
  const body = planReportBody(out, run, previousBody, ctx.retentionDays, {
    chunkOf: (assetId, identity) =>
      assetId === undefined ? chunkOf({ identity: identity() }) : split.chunkOfAsset(assetId),
    untouched: (chunk) => previous !== undefined && !legacy && !dirty.has(chunk),
  });
  const puts: Item[] = [...body.items];
  const storedCoverage = new Map(stored.map((s) => [s.sk, canonicalJson(s.coverage)]));
  for (const c of report.coverage)
    if (storedCoverage.get(coverageSk(c)) !== canonicalJson(c)) puts.push(ctx.coverageItem(run, c));
  for (const p of puts) putKeys.add(`${p.pk}|${p.sk}`);

  // What tonight's copies do not overwrite of the copies no completed run will ever count: parts
  // beyond a shorter copy's in a slot it rewrites, and what runs that never completed left
  // (an earlier attempt's, a failed older run's), which must not outlive their run records.
  const stale = state.others.filter(
    (c) =>
      (dirty.has(c.chunk) && c.slot !== state.current.get(c.chunk)?.slot) ||
      (!committed(c.run) && (c.run === run.runId || c.runKey < runKey(run))),
  );
  const finalDeletes = [...deletes, ...stale.flatMap((c) => c.keys)].filter(
    (k) => !putKeys.has(`${k.pk}|${k.sk}`),
  );
  // A night that left the state as it found it points at the listing it read; one that changed
  // it (or had to query) lists it again. A listing too big for an item is not kept: the next run queries.
  let stateIndex = indexed && statePuts.length === 0 && finalDeletes.length === 0 ? owner : undefined;
  const after = stateIndex === undefined ? listingAfter(listing, statePuts, finalDeletes) : [];
  // An empty state needs no listing: the next run's query finds nothing, and cheaply.
  if (after.length > 0) {
    const item = indexItem(run, after, ctx.retentionDays);
    if (item) {
      puts.push(item);
      stateIndex = run.runId;
    }
  }
  if (finalDeletes.length > 0) await beforeWrites();
  written += await batchWrite(client, table, { puts, deletes: finalDeletes }, ctx.batch);
  return {
    plan: { deltas: merged.deltas, report: out, coverage },
    written,
    reportBody: body.index,
    ...(stateIndex !== undefined ? { stateIndex } : {}),
  };
}

const key = (v: VersionRecord) => `${v.pk}|${v.sk}`;
const emptyKinds = (): ByKind => ({ asset: [], drift: [], policy: [] });

function openByKind(copy: ChunkCopy): ByKind {
  const out = emptyKinds();
  for (const v of decodeCopy(copy).open) out[v.kind].push(v);
  // The bytes are not needed again: the copy stays listed (its keys) for the stale deletes.
  copy.data = [];
  return out;
}

/** Versions by the chunk they belong to (their asset's; one hash per asset, not per version). */
function byChunk(versions: ByKind, chunkOfAsset: (assetId: string) => string): Map<string, ByKind> {
  const out = new Map<string, ByKind>();
  for (const kind of VERSION_KINDS)
    for (const v of versions[kind]) {
      const id = v.assetId !== undefined ? chunkOfAsset(v.assetId) : chunkOf(v);
      let c = out.get(id);
      if (!c) {
        c = emptyKinds();
        out.set(id, c);
      }
      c[kind].push(v);
    }
  return out;
}
