// Scan one batch: read its shards from the plan, run them with the shared engine (errors become
// coverage records), keep assets and coverage in S3, return counts. Reads clouds, nothing else.
import { z } from "zod";
import { runShards } from "../scanners/engine.ts";
import { executeShard } from "../scanners/index.ts";
import type { BatchOutput, Plan } from "./batches.ts";
import {
  type Deps,
  defaultDeps,
  getJson,
  loadDeployedConfig,
  logger,
  metrics,
  putJson,
  runKey,
} from "./runtime.ts";

export const ScanEvent = z.object({ runId: z.string().min(1), batch: z.number().int().nonnegative() });

export const batchKey = (runId: string, batch: number) => runKey(runId, `batches/${batch}.json`);

export async function scanBatch(event: unknown, deps: Deps): Promise<BatchOutput> {
  const { runId, batch } = ScanEvent.parse(event);
  logger.removeKeys(["runId", "batch"]); // warm containers keep keys between invocations
  logger.appendKeys({ runId, batch });
  const plan = await getJson<Plan>(deps, runKey(runId, "plan.json"));
  if (!plan) throw new Error(`no plan for run ${runId}`);
  const indexes = plan.batches[batch];
  if (!indexes) throw new Error(`run ${runId} has no batch ${batch}`);
  const config = await loadDeployedConfig(deps);
  const specs = indexes.map((i) => plan.shards[i]!);
  // One set of assumed-role sessions per batch, like the CLI's one per scan.
  const scanDeps = { ...deps.scan, aws: { sessions: new Map(), ...deps.scan?.aws } };
  const result = await runShards(specs, (spec, ctx) => executeShard(spec, config, ctx, scanDeps), {
    concurrency: config.scan.concurrency,
    requestsPerSecond: config.scan.requestsPerSecond,
    timeoutMs: config.scan.shardTimeoutSeconds * 1000,
  });
  await putJson(deps, batchKey(runId, batch), result);
  const count = (status: string) => result.coverage.filter((c) => c.status === status).length;
  const out: BatchOutput = {
    batch,
    shards: specs.length,
    ok: count("ok"),
    error: count("error"),
    skipped: count("skipped"),
    assets: result.assets.length,
  };
  for (const c of result.coverage.filter((c) => c.status === "error")) {
    logger.warn("shard failed", {
      shard: `${c.provider}/${c.account}/${c.region}/${c.service}`,
      error: c.error,
    });
  }
  logger.info("batch scanned", { ...out });
  metrics.addMetric("shardsFailed", "Count", out.error);
  metrics.addMetric("assetsFound", "Count", out.assets);
  metrics.publishStoredMetrics();
  return out;
}

export const handler = (event: unknown) => scanBatch(event, defaultDeps());
