// How a night's shards are cut into Map items. One item per (provider, account) keeps the Map's
// history small (a 500-account night is ~500 iterations, not ~4,500) while one Lambda still scans
// at most one wave of shards: a batch never holds more shards than the scan concurrency, so it
// finishes within one shard timeout (300 s by default) of the 15-minute Lambda limit.
import { type ShardSpec, shardKey } from "../scanners/engine.ts";

/**
 * Shards per scan Lambda when scan.concurrency does not cap it. 64 keeps an account at 17 regions
 * × 7 services (~120 shards) to 2 Map iterations, so 1,000 such accounts stay under a standard
 * execution's 25,000 history events (tests/rehearsal/scale.test.ts); the scanner's own pacing runs
 * them as one wave (it allows 4 shards per account+service key), well within 15 minutes.
 */
export const SHARDS_PER_BATCH = 64;

export interface Plan {
  runId: string;
  startedAt: string;
  configHash: string;
  shards: ShardSpec[];
  /** Shard indexes per batch. */
  batches: number[][];
}

export function batchShards(shards: readonly ShardSpec[], maxPerBatch: number): number[][] {
  const groups = new Map<string, number[]>();
  shards.forEach((s, i) => {
    const key = `${s.provider}/${s.account}`;
    const group = groups.get(key) ?? [];
    group.push(i);
    groups.set(key, group);
  });
  const batches: number[][] = [];
  for (const group of groups.values()) {
    for (let i = 0; i < group.length; i += maxPerBatch) batches.push(group.slice(i, i + maxPerBatch));
  }
  return batches;
}

/** What the plan hands the state machine: indexes only; the shards stay in S3. */
export interface PlanOutput {
  runId: string;
  shards: number;
  batches: number[];
}

/** What one scan batch hands back: counts only; assets and coverage stay in S3. */
export interface BatchOutput {
  batch: number;
  shards: number;
  ok: number;
  error: number;
  skipped: number;
  assets: number;
}

/** A failed Map iteration, as the BatchFailed Pass state shapes it (stacks/night.ts; no batch there:
 * its position in the Map's result says which). */
export interface BatchFailure {
  batch?: number;
  failed: true;
  error?: string;
}

export { shardKey };
