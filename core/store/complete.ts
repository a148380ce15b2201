// completeRun's writes over the state projection: tonight's plan (plan.ts) against the current
// state becomes the state chunks it changed (one new copy each, in the slot the current copy is
// not in) and a history item per version it closed. A run on a
// store whose previous run was written by an older aimscan (every version its own item) reads
// that state once and writes every chunk: the migration.
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Asset, Coverage, DriftReport } from "../model.ts";
import { type BatchOptions, batchWrite } from "./batch.ts";
import { type CompletionPlan, planCompletion } from "./plan.ts";
import { type ChunkContent, chunkItems, chunkOf, decodeCopy, versionItem } from "./projection.ts";
import { readCoverage, readVersions, runItemKey } from "./reader.ts";
import { latestCompletedBefore } from "./records.ts";
import { planReportBody, type ReportIndex } from "./report-body.ts";
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
  /** The plan without its puts and deletes: they are written, and at 100k assets hold ~300k records. */
  plan: Pick<CompletionPlan, "deltas" | "report" | "coverage">;
  /** Items written (puts and deletes). */
  written: number;
  /** Where the report's body is stored (for the run item). */
  reportBody: ReportIndex;
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

  const [state, stored, previousBody] = await Promise.all([
    readState(client, table, committed),
    readCoverage(client, table, run.runId),
    previous
      ? client
          .send(new GetCommand({ TableName: table, Key: runItemKey(previous.runId) }))
          .then((o) => o.Item?.reportBody as ReportIndex | undefined)
      : undefined,
  ]);
  const base = new Map<string, ChunkContent>();
  // Each stored asset's chunk, as decoded: the report body is split by it without hashing again.
  const assetChunks = new Map<string, string>();
  for (const [chunk, copy] of state.current) {
    const content = decodeCopy(copy);
    base.set(chunk, content);
    for (const v of content.open) if (v.assetId !== undefined) assetChunks.set(v.assetId, chunk);
  }
  const versions: Record<VersionKind, VersionRecord[]> = legacy
    ? await readVersions(client, table, VERSION_KINDS)
    : { asset: [], drift: [], policy: [] };
  // No previous run (none yet, or every run record expired): the state starts again, empty.
  if (!previous) base.clear();
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

  // Tonight's puts by chunk, applied to the chunk's state at the previous run. An old-layout base
  // is grouped into chunks here, all of them written (the migration); otherwise only the chunks
  // tonight changed are touched.
  const chunkIds = new Map<string, string>(); // one hash per asset, not per version
  const chunkIdOf = (v: VersionRecord) => {
    const group = v.assetId ?? v.identity;
    let id = chunkIds.get(group);
    if (id === undefined) {
      id = chunkOf(v);
      chunkIds.set(group, id);
    }
    return id;
  };
  const baseOpen = new Map<string, VersionRecord[]>();
  if (legacy) {
    const at = previous ? runKey(previous) : undefined;
    for (const kind of VERSION_KINDS)
      for (const v of aliveAt(versions[kind], at, committed).values()) {
        const id = chunkIdOf(v);
        const list = baseOpen.get(id);
        if (list) list.push(v);
        else baseOpen.set(id, [v]);
      }
  } else for (const [id, c] of base) baseOpen.set(id, c.open);
  const rewrite = legacy ? [...baseOpen.keys()] : previous ? [] : [...state.current.keys()];
  const tonight = new Map<string, VersionRecord[]>(rewrite.map((id) => [id, []]));
  for (const v of plan.puts) {
    const id = chunkIdOf(v);
    const list = tonight.get(id);
    if (list) list.push(v);
    else tonight.set(id, [v]);
  }
  const history: Item[] = [];
  const copies: Item[] = [];
  for (const [id, changes] of tonight) {
    const open = new Map((baseOpen.get(id) ?? []).map((v) => [key(v), v]));
    const closed: VersionRecord[] = [];
    for (const v of changes) {
      if (v.closedRun !== undefined) {
        open.delete(key(v));
        closed.push(v);
        history.push(versionItem(v));
      } else {
        // An old-layout version item closed by a run that never completed: stored open again.
        if (open.get(key(v))?.closedRun !== undefined) history.push(versionItem(v));
        open.set(key(v), v);
      }
    }
    const slot = 1 - (state.current.get(id)?.slot ?? 1);
    copies.push(...chunkItems(id, slot, run, { open: [...open.values()], closed }));
  }
  const dirty = new Set(tonight.keys());
  const body = planReportBody(plan.report, run, previousBody, ctx.retentionDays, {
    chunkOf: (assetId, identity) => {
      if (assetId === undefined) return chunkOf({ identity: identity() });
      let id = assetChunks.get(assetId);
      if (id === undefined) {
        id = chunkOf({ assetId, identity: "" });
        assetChunks.set(assetId, id);
      }
      return id;
    },
    untouched: (chunk) => previous !== undefined && !legacy && !dirty.has(chunk),
  });
  const puts: Item[] = [...history, ...copies, ...body.items];
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
  // Only what the caller returns: the rest (version records, chunk copies) must not stay alive
  // through the evidence and alerts the caller does before the run item is written.
  return {
    plan: { deltas: plan.deltas, report: plan.report, coverage: plan.coverage },
    written,
    reportBody: body.index,
  };
}

const key = (v: VersionRecord) => `${v.pk}|${v.sk}`;
