// completeRun's writes over the state projection, a few state chunks at a time: tonight's input
// of a chunk (tonight.ts) against the chunk's state at the previous run (plan.ts) becomes a new
// copy of the chunk when it changed and a history item per version it closed; then the chunk's
// versions are dropped (its new copy held as bytes), so what is held at once follows the chunk,
// not the estate. A chunk whose fingerprint is its current copy's is not even read. The new copies
// are stored with the report body (report-body.ts), one item per changed chunk under the run, and
// a new listing of the copies that count (state-index.ts) when any changed.
// A run on a store whose previous run was written by an older aimscan (every version its own
// item, or the state in the slots of the state partitions) reads that state once and writes every
// chunk: the migration.
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
import {
  type ChunkCopy,
  chunkDepth,
  chunkOf,
  type DepthBounds,
  decodeCopy,
  stateData,
  versionItem,
} from "./projection.ts";
import { readCoverage, readVersions, runItemKey } from "./reader.ts";
import { latestCompletedBefore, mergeCoverage } from "./records.ts";
import { bodyPlanner, type ChunkState, type ReportIndex, refreshAfterMs } from "./report-body.ts";
import { REPORT_INDEX_OWNER, readReportIndex, reportIndexItem, sameIndex } from "./report-index.ts";
import { indexItem, listingLost, readIndex, STATE_INDEX_OWNER, type StateItemMeta } from "./state-index.ts";
import { readCopyData, readStateKeys, stateOf } from "./state-reader.ts";
import { coverageSk, runKey, VERSION_KINDS, type VersionKind } from "./table.ts";
import { fingerprint, splitTonight } from "./tonight.ts";
import type { RunRecord, RunRef } from "./types.ts";
import { aliveAt, canonicalJson, committedRuns, type VersionRecord } from "./versions.ts";

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };
type ByKind = Record<VersionKind, VersionRecord[]>;

/**
 * The layout a run record says its run was written in: absent, every version its own item; 2, the
 * state in two slots per chunk under the state partitions; 3, each run's changed chunks under it,
 * 256 of them, the report's index in the run item; 4, as 3 in 256 or 4096 chunks (the listing's
 * names say which), the report's index in an item of its own (report-index.ts).
 */
export const LAYOUT = 4;
/** The first layout whose state the previous run's listing names (3 and 4 read alike). */
export const LISTED_LAYOUT = 3;

/** State chunks planned and written at once: a sixteenth of them, whose versions are what a run holds. */
export const chunksAtOnce = (depth: number) => 16 ** (depth - 1);

export interface CompletionContext {
  client: DynamoDBDocumentClient;
  table: string;
  retentionDays: number;
  batch?: BatchOptions | undefined;
  depths?: DepthBounds | undefined;
  coverageItem(run: RunRef, c: Coverage): Item;
  /**
   * An earlier attempt of this run, by an aimscan of layout 2, wrote state (its run item says so):
   * a layout-2 listing is not enough.
   */
  resumed?: boolean;
}

export interface StoredCompletion {
  /** The plan without its puts and deletes: they are written chunk by chunk, and dropped. */
  plan: Pick<CompletionPlan, "deltas" | "report" | "coverage">;
  /** Items written (puts and deletes). */
  written: number;
  /**
   * Where this run's report index is (for the run item): the run whose index item holds it (its
   * own, or the previous one's), or the index itself when it names no chunk (no item for nothing).
   */
  reportIndex: { owner: string } | { inline: ReportIndex };
  /** The run whose listing describes the state after this run (for the run item); none: empty. */
  stateIndex?: string;
  /** Items no reader needs once this run has completed (a previous layout's state): delete then. */
  retire: Key[];
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
  const before = previous === undefined ? undefined : (layouts.get(previous.runId) ?? 1);
  // Every version its own item (layout 1), or the state in slots of the state partitions
  // (layout 2): read once as it is, and every chunk written again in this layout.
  const legacy = before !== undefined && before < 2;
  const slotted = before === 2;

  const [stored, previousItem] = await Promise.all([
    readCoverage(client, table, run.runId),
    previous
      ? client.send(new GetCommand({ TableName: table, Key: runItemKey(previous.runId) })).then((o) => o.Item)
      : undefined,
  ]);
  const previousBody = await readReportIndex(client, table, previousItem);
  const named = previousItem?.[STATE_INDEX_OWNER];
  const owner = typeof named === "string" ? named : undefined;
  let listing: StateItemMeta[];
  const listed = before !== undefined && before >= LISTED_LAYOUT;
  if (listed) {
    // The previous run's listing names the copies that count. Nothing overwrites them: a run
    // writes its copies under its own key, and only a completed run's listing is ever read.
    // None named: the state was empty.
    const read = owner === undefined ? [] : await readIndex(client, table, owner);
    if (!read) throw new Error(listingLost(owner!));
    listing = read;
  } else {
    // A layout-2 listing holds only if nothing wrote state after it: no other run started since
    // (a failed one may have written copies), no earlier attempt of this one.
    const trusted =
      slotted &&
      !ctx.resumed &&
      owner !== undefined &&
      runs.every((r) => r.runId === run.runId || runKey(r) <= runKey(previous!));
    listing =
      (trusted ? await readIndex(client, table, owner!) : undefined) ?? (await readStateKeys(client, table));
  }
  const state = stateOf(listing, committed);
  const coverage = mergeCoverage(
    stored.map((s) => s.coverage),
    report.coverage,
  );
  const now = currentOf(report);
  // The depth the state was cut at (its copies' names), and tonight's: a change of depth
  // (chunkDepth) regroups every version into tonight's chunks and writes them all, once.
  const from = state.current.keys().next().value?.length;
  const depth = chunkDepth(from, assets.length, ctx.depths);
  const rechunk = previous !== undefined && from !== undefined && from !== depth;
  const regroup = rechunk ? regrouper(state.current, from, depth) : undefined;
  const split = splitTonight(assets, now.items, now.results, depth);
  // An older layout's versions are every version item, read once and grouped by chunk here.
  const legacyVersions = legacy
    ? byChunk(await readVersions(client, table, VERSION_KINDS), split.chunkOfAsset, depth)
    : undefined;
  const ids = [
    ...new Set([
      ...split.chunks.keys(),
      // No previous run (none yet, or every run record expired): the state starts again, empty.
      ...(previous === undefined ? [] : regroup ? regroup.ids : state.current.keys()),
      ...(legacyVersions?.keys() ?? []),
    ]),
  ].sort();
  // A copy in force at half the retention's age is written again, so that none that counts expires.
  const oldest = new Date(Date.parse(run.startedAt) - refreshAfterMs(ctx.retentionDays)).toISOString();

  const common = { run, runs, previous, committed, coverage, retentionDays: ctx.retentionDays };
  const parts: PartPlan[] = [];
  const body = bodyPlanner(run, previousBody, ctx.retentionDays);
  const statePuts: StateItemMeta[] = [];
  const deletes: Key[] = [];
  let written = 0;
  const atOnce = chunksAtOnce(depth);
  for (let at = 0; at < ids.length; at += atOnce) {
    const batch = ids.slice(at, at + atOnce).map((id) => {
      const input = split.chunks.get(id);
      split.chunks.delete(id);
      const tonight = tonightEntries(
        input?.assets ?? [],
        input?.items ?? [],
        input?.results ?? [],
        input?.at ?? { items: [], results: [] },
      );
      const copy = previous && !rechunk ? state.current.get(id) : undefined;
      const print = fingerprint(tonight);
      const same =
        !legacy && !slotted && copy !== undefined && copy.fingerprint === print && copy.runKey >= oldest;
      return { id, tonight, copy, print, same };
    });
    await readCopyData(client, table, [
      ...batch.filter((c) => !legacy && c.copy && !c.same).map((c) => c.copy!),
      ...(regroup?.sources(batch.map((c) => c.id)) ?? []),
    ]);
    const puts: Item[] = [];
    // The chunk's report, and its state when tonight changed it, in one item (report-body.ts).
    const store = (id: string, part: PartPlan, changed?: ChunkState) => {
      const planned = body.chunk(
        id,
        {
          items: part.items,
          policyResults: part.deltas.policyResults,
          resolvedPolicyResults: part.deltas.resolvedPolicyResults,
        },
        changed,
      );
      for (const i of planned.items) puts.push(i);
      for (const m of planned.state) statePuts.push(m);
    };
    for (const { id, tonight, copy, print, same } of batch) {
      if (same) {
        const part = unchangedPart(tonight, coverage);
        parts.push(part);
        store(id, part);
        continue;
      }
      const versions =
        legacyVersions?.get(id) ?? regroup?.take(id) ?? (copy ? openByKind(copy) : emptyKinds());
      const part = planPart({ ...common, versions, tonight });
      parts.push({ ...part, puts: [], deletes: [] });
      if (legacy) deletes.push(...part.deletes);
      // Rewritten though unchanged: the migration, a change of depth, a copy written before
      // fingerprints (once, so that the next quiet night need not read it), or one about to expire.
      const rewrite =
        legacy ||
        slotted ||
        rechunk ||
        (copy !== undefined && (copy.fingerprint === undefined || copy.runKey < oldest));
      if (part.puts.length === 0 && !rewrite) {
        store(id, part);
        continue;
      }
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
      // Regrouped into a chunk that holds nothing and closed nothing: no copy to keep.
      if (rechunk && open.size === 0 && closed.length === 0) {
        store(id, part);
        continue;
      }
      // Every version open is one of tonight's (none carried): the fingerprint says the content.
      const alone = open.size === tonight.assets.size + tonight.items.size + tonight.results.size;
      store(id, part, {
        data: stateData({ open: [...open.values()], closed }),
        fingerprint: alone ? print : "",
      });
    }
    written += await batchWrite(client, table, { puts }, ctx.batch);
  }

  const merged = mergeParts(parts, { items: now.items.length, results: now.results.length });
  const out = completedReport(report, run.runId, coverage, merged);
  const puts: Item[] = [];
  const storedCoverage = new Map(stored.map((s) => [s.sk, canonicalJson(s.coverage)]));
  for (const c of report.coverage)
    if (storedCoverage.get(coverageSk(c)) !== canonicalJson(c)) puts.push(ctx.coverageItem(run, c));

  // A night that left the state as it found it points at the listing it read; one that changed
  // it lists it again: per chunk, the one copy that counts (tonight's where it wrote one).
  const unchanged = listed && statePuts.length === 0 && !rechunk;
  let stateIndex = unchanged ? owner : undefined;
  if (!unchanged) {
    const rewritten = new Set(statePuts.map((m) => m.chunk));
    // Regrouped, or started again (no previous run), no copy of before counts any more.
    const carried = previous !== undefined && !rechunk;
    const counts = new Set(
      [...state.current.values()]
        .filter((c) => carried && !rewritten.has(c.chunk))
        .map((c) => `${c.chunk}|${c.runKey}`),
    );
    const after = [...listing.filter((m) => counts.has(`${m.chunk}|${m.runKey}`)), ...statePuts];
    // An empty state needs no listing: a run that names none had none.
    if (after.length > 0) {
      const item = indexItem(run, after, ctx.retentionDays);
      if (!item) throw new Error(`the state listing of run ${run.runId} does not fit in one item`);
      puts.push(item);
      stateIndex = run.runId;
    }
  }
  // The report's index: the previous run's item when it points at the same copies and is not old
  // enough to be refreshed (an index that names no chunk would otherwise be named for ever).
  const previousIndexOwner = previousItem?.[REPORT_INDEX_OWNER];
  const reuse =
    typeof previousIndexOwner === "string" &&
    previousBody !== undefined &&
    previousBody.runs[0]?.[0] === previousIndexOwner &&
    previousBody.runs[0][1] >= oldest &&
    sameIndex(body.index, previousBody);
  const empty = Object.keys(body.index.chunks).length === 0;
  const reportIndex = empty ? { inline: body.index } : { owner: reuse ? previousIndexOwner : run.runId };
  if (!empty && !reuse) puts.push(reportIndexItem(run, body.index, ctx.retentionDays));
  const putKeys = new Set(puts.map((p) => `${p.pk}|${p.sk}`));
  written += await batchWrite(
    client,
    table,
    { puts, deletes: deletes.filter((k) => !putKeys.has(`${k.pk}|${k.sk}`)) },
    ctx.batch,
  );
  // The state partitions of layout 2, and what runs that never completed left there: read no more
  // once this run completes, and deleted then (before, a redo of this run would still need them).
  const retire = listed ? [] : listing.map((m) => ({ pk: m.pk, sk: m.sk }));
  return {
    plan: { deltas: merged.deltas, report: out, coverage },
    written,
    reportIndex,
    stateIndex,
    retire,
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
function byChunk(
  versions: ByKind,
  chunkOfAsset: (assetId: string) => string,
  depth: number,
  out = new Map<string, ByKind>(),
): Map<string, ByKind> {
  for (const kind of VERSION_KINDS)
    for (const v of versions[kind]) {
      const id = v.assetId !== undefined ? chunkOfAsset(v.assetId) : chunkOf(v, depth);
      let c = out.get(id);
      if (!c) {
        c = emptyKinds();
        out.set(id, c);
      }
      c[kind].push(v);
    }
  return out;
}

/**
 * The previous state's copies, cut at depth `from`, served as chunks of depth `to`: the ids they
 * may hold, the copies a batch of ids needs read, and each id's open versions. A copy is decoded
 * once, when the first of its ids is planned, into every id it covers (ids are planned in order,
 * so a copy's ids follow one another and are taken soon after).
 */
function regrouper(current: ReadonlyMap<string, ChunkCopy>, from: number, to: number) {
  // A copy and an id overlap when they share the shorter name's digits: one group per prefix.
  const shared = Math.min(from, to);
  const byPrefix = new Map<string, ChunkCopy[]>();
  for (const c of current.values()) {
    const prefix = c.chunk.slice(0, shared);
    const group = byPrefix.get(prefix);
    if (group) group.push(c);
    else byPrefix.set(prefix, [c]);
  }
  const cover = (id: string) => byPrefix.get(id.slice(0, shared)) ?? [];
  const ids =
    from < to
      ? [...byPrefix.keys()].flatMap((p) =>
          Array.from({ length: 16 ** (to - from) }, (_, i) => p + hexOf(i, to - from)),
        )
      : [...byPrefix.keys()];
  const decoded = new Set<ChunkCopy>();
  const byId = new Map<string, ByKind>();
  const chunkOfAsset = (assetId: string) => chunkOf({ assetId, identity: "" }, to);
  return {
    ids,
    /** The copies `batch` needs whose bytes are not read yet. */
    sources(batch: readonly string[]): ChunkCopy[] {
      const out = new Set<ChunkCopy>();
      for (const id of batch) for (const c of cover(id)) if (!decoded.has(c)) out.add(c);
      return [...out];
    },
    /** The open versions of chunk `id` (its copies read by now). */
    take(id: string): ByKind {
      for (const c of cover(id)) {
        if (decoded.has(c)) continue;
        decoded.add(c);
        byChunk(openByKind(c), chunkOfAsset, to, byId);
      }
      const out = byId.get(id) ?? emptyKinds();
      byId.delete(id);
      return out;
    },
  };
}

const hexOf = (n: number, digits: number) => n.toString(16).padStart(digits, "0");
