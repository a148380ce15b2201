// Plan: load the deployed config, expand it into shards, cut them into batches, keep the plan in
// S3 and open the run in the store. Returns only batch indexes to the state machine.
import { z } from "zod";
import { prepareNight } from "../core/night.ts";
import { openStore, RunAlreadyExists } from "../core/store/index.ts";
import { planShards } from "../scanners/index.ts";
import { batchShards, type Plan, type PlanOutput, SHARDS_PER_BATCH } from "./batches.ts";
import { type Deps, defaultDeps, loadDeployedConfig, logger, metrics, putJson, runKey } from "./runtime.ts";

export const PlanEvent = z.object({ runId: z.string().min(1), startedAt: z.string().min(1) });

export async function plan(event: unknown, deps: Deps): Promise<PlanOutput> {
  const { runId, startedAt } = PlanEvent.parse(event);
  logger.removeKeys(["runId", "batch"]); // warm containers keep keys between invocations
  logger.appendKeys({ runId });
  const config = await loadDeployedConfig(deps);
  // Bad inventory or policies fail the night now, before any cloud is called or anything written.
  const { configHash } = prepareNight(config);
  const shards = await planShards(config, deps.scan);
  const batches = batchShards(shards, config.scan.concurrency ?? SHARDS_PER_BATCH);
  const doc: Plan = { runId, startedAt, configHash, shards, batches };
  const bytes = await putJson(deps, runKey(runId, "plan.json"), doc);
  const store = await openStore(config.store, { retentionDays: config.retentionDays });
  try {
    await store.startRun({ runId, startedAt, configHash });
  } catch (e) {
    // A retried Plan finds its own run already open: the same id converges, so carry on.
    if (!(e instanceof RunAlreadyExists)) throw e;
  } finally {
    await store.close();
  }
  logger.info("planned", { shards: shards.length, batches: batches.length, planBytes: bytes });
  metrics.addMetric("shardsPlanned", "Count", shards.length);
  metrics.addMetric("batchesPlanned", "Count", batches.length);
  metrics.publishStoredMetrics();
  return { runId, shards: shards.length, batches: batches.map((_, i) => i) };
}

export const handler = (event: unknown) => plan(event, defaultDeps());
