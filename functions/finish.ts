// Finish: gather the batches' results into one snapshot (a batch without a result becomes failed
// coverage for each of its shards, never "no assets"), then the same finishNight as the CLI:
// reconcile, policies, store, evidence, alerts. Evidence goes to the Object Lock bucket.
// One night commits at a time: Finish takes the store's night lease (as `aimscan run` does) for its
// whole invocation, so a second execution, or a CLI run on the same table, never commits beside it
// and alerts the same items twice. A lease another night holds fails Finish with StoreBusy, which
// the state machine retries (stacks/night.ts).
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { withLeanHeap } from "../core/lean-heap.ts";
import type { Asset, Coverage, Snapshot } from "../core/model.ts";
import { finishNight, prepareNight } from "../core/night.ts";
import { openStore } from "../core/store/index.ts";
import { LeaseHeld } from "../core/store/outbox.ts";
import type { ShardRunResult } from "../scanners/engine.ts";
import type { Plan } from "./batches.ts";
import { type Deps, defaultDeps, getJson, loadDeployedConfig, logger, metrics, runKey } from "./runtime.ts";
import { batchKey } from "./scan.ts";

// The Map's result, one entry per batch in item order (stacks/night.ts): the batch index when it
// finished, BatchFailed's `{failed, error}` when it did not. Full objects with `batch` are accepted too.
const BatchResult = z.union([
  z.number().int().nonnegative(),
  z.object({ batch: z.number().optional(), failed: z.literal(true), error: z.string().nullish() }),
  z.object({ batch: z.number(), shards: z.number() }).passthrough(),
]);
export const FinishEvent = z.object({
  runId: z.string().min(1),
  startedAt: z.string().min(1),
  results: z.array(BatchResult).default([]),
});

export interface FinishOutput {
  runId: string;
  assets: number;
  shardsFailed: number;
  newItems: number;
  resolvedItems: number;
  alertsSent: number;
  manifestHash: string;
}

/** The lean heap from before the batches' results are read: they are the night's snapshot (lean-heap.ts). */
export function finish(event: unknown, deps: Deps): Promise<FinishOutput> {
  return withLeanHeap(() => finishRun(event, deps));
}

async function finishRun(event: unknown, deps: Deps): Promise<FinishOutput> {
  const { runId, startedAt, results } = FinishEvent.parse(event);
  logger.removeKeys(["runId", "batch"]); // warm containers keep keys between invocations
  logger.appendKeys({ runId });
  const plan = await getJson<Plan>(deps, runKey(runId, "plan.json"));
  if (!plan) throw new Error(`no plan for run ${runId}`);
  const failures = new Map(
    results.flatMap((r, i) =>
      typeof r === "object" && "failed" in r ? [[r.batch ?? i, r.error ?? "Error"] as const] : [],
    ),
  );
  const assets: Asset[] = [];
  const coverage: Coverage[] = [];
  await Promise.all(
    plan.batches.map(async (indexes, batch) => {
      const result = await getJson<ShardRunResult>(deps, batchKey(runId, batch));
      if (result) {
        assets.push(...result.assets);
        coverage.push(...result.coverage);
        return;
      }
      const error = `batch ${batch} did not finish: ${failures.get(batch) ?? "no result"}`;
      for (const i of indexes) {
        const s = plan.shards[i]!;
        coverage.push({
          provider: s.provider,
          account: s.account,
          region: s.region,
          service: s.service,
          status: "error",
          error,
        });
      }
    }),
  );
  const snapshot: Snapshot = { schemaVersion: 1, scannedAt: startedAt, assets, coverage };
  const config = await loadDeployedConfig(deps);
  const prepared = prepareNight(config);
  const store = await openStore(config.store, { retentionDays: config.retentionDays });
  const owner = `lambda finish run ${runId}`;
  try {
    await takeLease(store.lease, owner);
  } catch (e) {
    await store.close();
    throw e;
  }
  try {
    const night = await finishNight({
      config,
      prepared,
      runId,
      startedAt,
      snapshot,
      store,
      ...(deps.alertDeps ? { alertDeps: deps.alertDeps } : {}),
    });
    // Streamed from the file: report.json alone is ~430 MB at 100k assets, which read whole would
    // sit beside the night's heap in the Lambda's memory. The SDK sends a stream aws-chunked, its
    // checksum (which a bucket under Object Lock requires) in the trailer.
    for (const file of night.evidence.files) {
      await deps.s3.send(
        new PutObjectCommand({
          Bucket: deps.evidenceBucket,
          Key: `${encodeURIComponent(runId)}/${basename(file)}`,
          Body: createReadStream(file),
          ContentLength: statSync(file).size,
        }),
      );
    }
    const out: FinishOutput = {
      runId,
      assets: assets.length,
      shardsFailed: coverage.filter((c) => c.status === "error").length,
      newItems: night.completed.newItems.length,
      resolvedItems: night.completed.resolvedItems.length,
      alertsSent: night.sinks.filter((s) => s.ok && s.sent).length,
      manifestHash: night.evidence.manifestHash,
    };
    logger.info("night finished", { ...out, summary: night.report.summary });
    metrics.addMetric("assets", "Count", out.assets);
    metrics.addMetric("driftNew", "Count", out.newItems);
    metrics.addMetric("driftResolved", "Count", out.resolvedItems);
    metrics.addMetric("shardsFailed", "Count", out.shardsFailed);
    metrics.publishStoredMetrics();
    return out;
  } finally {
    try {
      await store.lease.release(owner);
    } finally {
      await store.close();
    }
  }
}

/** Longer than Finish's own timeout (15 minutes), so it never lapses while Finish still runs; a
 * Finish that is killed leaves it to expire, and its retry (same owner) takes it straight back. */
export const FINISH_LEASE_MS = 16 * 60_000;

/** The error name Step Functions retries Finish on (stacks/night.ts). */
export class StoreBusy extends Error {
  override name = "StoreBusy";
}

async function takeLease(lease: { acquire(owner: string, ms: number): Promise<void> }, owner: string) {
  try {
    await lease.acquire(owner, FINISH_LEASE_MS);
  } catch (e) {
    if (!(e instanceof LeaseHeld)) throw e;
    throw new StoreBusy(
      `store busy: another night is committing (${e.owner}, lease until ${e.until}); Finish is retried`,
    );
  }
}

export const handler = (event: unknown) => finish(event, defaultDeps());
