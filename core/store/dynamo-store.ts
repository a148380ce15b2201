// The Store over one DynamoDB table (real, or dynalite through the same client). See table.ts
// and projection.ts for the design; deltas.ts and versions.ts hold the rules, complete.ts and
// state-at.ts the reads and writes of the state, this file the rest of the I/O.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Asset, Coverage, DriftItem, DriftReport, PolicyResult } from "../model.ts";
import { type BatchOptions, batchPut, batchWrite } from "./batch.ts";
import { batchGet } from "./batch-get.ts";
import { LAYOUT, storeCompletion } from "./complete.ts";
import { computeDeltas, summarizePolicies } from "./deltas.ts";
import { assetHistoryFrom } from "./history.ts";
import { LeaseTable, OutboxTable } from "./outbox.ts";
import type { DepthBounds } from "./projection.ts";
import { queryRuns, readCoverage, runItemKey } from "./reader.ts";
import {
  annotateCarried,
  bodies,
  countCoverage,
  latestCompletedBefore,
  scopeMap,
  toRunRecord,
} from "./records.ts";
import { assembleReport, BODY_FIELDS, bodyKeys, REPORT_FORMAT } from "./report-body.ts";
import { INLINE_INDEX, REPORT_INDEX_OWNER, readReportIndex } from "./report-index.ts";
import { assetVersions, openDriftVersions, type Runs, versionsAt } from "./state-at.ts";
import { STATE_INDEX_OWNER, STATE_WRITTEN } from "./state-index.ts";
import { coverageSk, DEFAULT_RETENTION_DAYS, expiresAt, runKey, runPk } from "./table.ts";
import type { AssetHistory, CompletedRun, CompleteOptions, RunRecord, RunRef, Store } from "./types.ts";
import { RunAlreadyExists, UnknownRun } from "./types.ts";
import { aliveAt, committedRuns, parseBody } from "./versions.ts";

export interface StoreOptions {
  retentionDays?: number;
  now?: () => Date;
  batch?: BatchOptions;
  /** Where the state's depth changes (projection.ts chunkDepth); tests cross it with small estates. */
  depths?: DepthBounds;
}

type Item = Record<string, unknown>;

export class DynamoStore implements Store {
  private readonly retentionDays: number;
  private readonly now: () => Date;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly options: StoreOptions = {},
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    this.now = options.now ?? (() => new Date());
    this.outbox = new OutboxTable(client, table);
    this.lease = new LeaseTable(client, table, this.now);
  }

  readonly outbox: OutboxTable;
  readonly lease: LeaseTable;

  async startRun(run: { runId: string; startedAt: string; configHash?: string }): Promise<void> {
    const item = {
      ...runItemKey(run.runId),
      type: "run",
      gsi1pk: "RUNS",
      gsi1sk: runKey(run),
      runId: run.runId,
      status: "running",
      startedAt: run.startedAt,
      ...(run.configHash !== undefined ? { configHash: run.configHash } : {}),
      expiresAt: expiresAt(run.startedAt, this.retentionDays),
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") throw new RunAlreadyExists(run.runId);
      throw err;
    }
  }

  async recordCoverage(runId: string, coverage: Coverage[]): Promise<void> {
    const run = await this.requireRun(runId);
    const ref = { runId, startedAt: run.startedAt };
    await batchPut(
      this.client,
      this.table,
      coverage.map((c) => this.coverageItem(ref, c)),
      this.options.batch,
    );
  }

  async completeRun(
    runId: string,
    report: DriftReport,
    assets: Asset[],
    options: CompleteOptions = {},
  ): Promise<CompletedRun> {
    const runItem = await this.requireRun(runId);
    const run: RunRef = { runId, startedAt: runItem.startedAt };
    const { runs, layouts } = await this.allRuns();
    const later = runs.find((r) => r.status === "completed" && r.runId !== runId && runKey(r) > runKey(run));
    if (later)
      throw new Error(`run ${runId} started before completed run ${later.runId}; history only appends`);
    const stored = await storeCompletion(
      {
        client: this.client,
        table: this.table,
        retentionDays: this.retentionDays,
        batch: this.options.batch,
        depths: this.options.depths,
        coverageItem: (r, c) => this.coverageItem(r, c),
        resumed: runItem.item[STATE_WRITTEN] !== undefined,
      },
      run,
      runs,
      layouts,
      report,
      assets,
    );
    const { deltas, coverage, report: out } = stored.plan;

    const finishedAt = this.now().toISOString();
    const result: CompletedRun = {
      report: out,
      newItems: deltas.newItems,
      resolvedItems: deltas.resolvedItems,
      newPolicyFailures: deltas.newPolicyFailures,
      resolvedPolicyFailures: deltas.resolvedPolicyFailures,
      written: stored.written + 1,
    };
    const sealed = await options.beforeCommit?.({ ...result, finishedAt });
    const record: Item = {
      ...runItem.item,
      status: "completed",
      finishedAt,
      generatedAt: out.generatedAt,
      summary: out.summary,
      policySummary: summarizePolicies(out.policyResults),
      newCount: deltas.newItems.length,
      resolvedCount: deltas.resolvedItems.length,
      coverage: countCoverage(coverage),
      layout: LAYOUT,
      ...("owner" in stored.reportIndex
        ? { [REPORT_INDEX_OWNER]: stored.reportIndex.owner }
        : { [INLINE_INDEX]: stored.reportIndex.inline }),
      ...(report.notices ? { notices: report.notices } : {}),
      ...(sealed?.manifestHash ? { manifestHash: sealed.manifestHash } : {}),
    };
    delete record.error;
    if ("owner" in stored.reportIndex) delete record[INLINE_INDEX];
    else delete record[REPORT_INDEX_OWNER];
    delete record[STATE_WRITTEN];
    if (stored.stateIndex !== undefined) record[STATE_INDEX_OWNER] = stored.stateIndex;
    else delete record[STATE_INDEX_OWNER];
    // Written last: a run is "completed" only once everything it refers to is stored.
    await this.client.send(new PutCommand({ TableName: this.table, Item: record }));
    // What no reader needs now that the run is completed (a redo, before, would have). The run is
    // complete whatever happens here: what a failed delete leaves is never read again.
    await batchWrite(this.client, this.table, { deletes: stored.retire }, this.options.batch).catch(() => 0);
    return result;
  }

  async failRun(runId: string, error: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: runItemKey(runId),
          UpdateExpression: "SET #s = :f, #e = :e, finishedAt = :t",
          ConditionExpression: "attribute_exists(pk) AND #s <> :c",
          ExpressionAttributeNames: { "#s": "status", "#e": "error" },
          ExpressionAttributeValues: {
            ":f": "failed",
            ":e": error,
            ":t": this.now().toISOString(),
            ":c": "completed",
          },
        }),
      );
    } catch (err) {
      if ((err as Error).name !== "ConditionalCheckFailedException") throw err;
      // A completed run stays completed; only an unknown id is an error.
      if (!(await this.getRun(runId))) throw new UnknownRun(runId);
    }
  }

  async listRuns(limit = 30): Promise<RunRecord[]> {
    return (await queryRuns(this.client, this.table, limit)).map(toRunRecord);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    if (runId === "latest") return (await this.allRuns()).runs.find((r) => r.status === "completed");
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: runItemKey(runId) }));
    return out.Item ? toRunRecord(out.Item) : undefined;
  }

  async previousCompletedRun(beforeRunId: string): Promise<RunRecord | undefined> {
    const { runs } = await this.allRuns();
    const before = runs.find((r) => r.runId === beforeRunId);
    return before ? latestCompletedBefore(runs, before) : runs.find((r) => r.status === "completed");
  }

  async assetsAt(runId: string): Promise<Asset[] | undefined> {
    const all = await this.allRuns();
    const target = all.runs.find((r) => r.status === "completed" && r.runId === runId);
    if (!target) return undefined;
    const { asset } = await versionsAt(this.client, this.table, all, target, ["asset"]);
    return bodies<Asset>(aliveAt(asset, runKey(target), committedRuns(all.runs)));
  }

  async getReport(runId: string): Promise<DriftReport | undefined> {
    const all = await this.allRuns();
    const { runs } = all;
    const target = runs.find((r) => r.status === "completed" && (runId === "latest" || r.runId === runId));
    if (!target) return undefined;
    const [record, coverage] = await Promise.all([
      this.client
        .send(new GetCommand({ TableName: this.table, Key: runItemKey(target.runId) }))
        .then((o) => o.Item!),
      readCoverage(this.client, this.table, target.runId).then((c) => c.map((s) => s.coverage)),
    ]);
    const index = await readReportIndex(this.client, this.table, record);
    const body =
      index !== undefined && index.format >= 1 && index.format <= REPORT_FORMAT
        ? assembleReport(
            index,
            await batchGet(this.client, this.table, bodyKeys(index), { projection: BODY_FIELDS }),
            target.runId,
          )
        : undefined;
    const report = (
      b: Pick<DriftReport, "items" | "policyResults" | "resolvedPolicyResults">,
    ): DriftReport => ({
      runId: target.runId,
      generatedAt: record.generatedAt as string,
      summary: record.summary as DriftReport["summary"],
      items: b.items,
      coverage,
      policyResults: b.policyResults ?? [],
      ...(b.resolvedPolicyResults && b.resolvedPolicyResults.length > 0
        ? { resolvedPolicyResults: b.resolvedPolicyResults }
        : {}),
      ...(record.notices ? { notices: record.notices as string[] } : {}),
    });
    if (body) return report(body);
    // Written by an older aimscan (or a copy expired): rebuilt from the versions.
    const versions = await versionsAt(this.client, this.table, all, target);
    const completed = committedRuns(runs);
    const previous = latestCompletedBefore(runs, target);
    const at = runKey(target);
    const before = previous ? runKey(previous) : undefined;
    const assetsBefore = bodies<Asset>(aliveAt(versions.asset, before, completed));
    const scopes = scopeMap([...assetsBefore, ...bodies<Asset>(aliveAt(versions.asset, at, completed))]);
    const deltas = computeDeltas({
      previous: {
        items: bodies<DriftItem>(aliveAt(versions.drift, before, completed)),
        policyResults: bodies<PolicyResult>(aliveAt(versions.policy, before, completed)),
      },
      current: {
        items: bodies<DriftItem>(aliveAt(versions.drift, at, completed)),
        policyResults: bodies<PolicyResult>(aliveAt(versions.policy, at, completed)),
      },
      coverage,
      scopes,
    });
    return report({
      items: annotateCarried(deltas.items, coverage, scopes),
      policyResults: deltas.policyResults,
      resolvedPolicyResults: deltas.resolvedPolicyResults,
    });
  }

  async assetHistory(assetId: string): Promise<AssetHistory> {
    const all = await this.allRuns();
    const versions = await assetVersions(this.client, this.table, all, assetId);
    return assetHistoryFrom(assetId, versions, all.runs);
  }

  async openDrift(status: DriftItem["status"]): Promise<Array<DriftItem & { firstSeen: RunRef }>> {
    const all = await this.allRuns();
    const committed = committedRuns(all.runs);
    return (await openDriftVersions(this.client, this.table, all, status))
      .filter((v) => committed(v.openedRun))
      .map((v) => ({
        ...parseBody<DriftItem>(v),
        firstSeen: { runId: v.firstSeenRun, startedAt: v.firstSeenKey.split("#")[0]! },
      }));
  }

  async setManifestHash(runId: string, sha256: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: runItemKey(runId),
          UpdateExpression: "SET manifestHash = :h",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":h": sha256 },
        }),
      );
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") throw new UnknownRun(runId);
      throw err;
    }
  }

  close(): Promise<void> {
    return this.onClose();
  }

  private async requireRun(runId: string): Promise<{ startedAt: string; item: Item }> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: runItemKey(runId) }));
    if (!out.Item) throw new UnknownRun(runId);
    return { startedAt: out.Item.startedAt as string, item: out.Item };
  }

  /** Every run, newest first (a few hundred at most: runs expire with the retention), and their layouts. */
  private async allRuns(): Promise<Runs> {
    const items = await queryRuns(this.client, this.table);
    const layouts = new Map<string, number>();
    for (const i of items) if (typeof i.layout === "number") layouts.set(i.runId as string, i.layout);
    return { runs: items.map(toRunRecord), layouts };
  }

  private coverageItem(run: RunRef, c: Coverage): Item {
    return {
      pk: runPk(run.runId),
      sk: coverageSk(c),
      type: "coverage",
      ...c,
      expiresAt: expiresAt(run.startedAt, this.retentionDays),
    };
  }
}
