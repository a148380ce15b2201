// 1,000 accounts × 17 regions through the stack's own definition (the interpreter counts history
// events and measures every state's payload the way AWS bounds them). The Map is INLINE with a
// concurrency the stack refuses above 40; these are counts, not timings, so they are asserted.
import { describe, expect, it } from "vitest";
import { type BatchOutput, batchShards, type PlanOutput, SHARDS_PER_BATCH } from "../../functions/batches.ts";
import type { FinishOutput } from "../../functions/finish.ts";
import { execute, HISTORY_LIMIT, type Invoke, PAYLOAD_LIMIT } from "../../rehearsal/sfn.ts";
import { definitionFor } from "../../rehearsal/stage.ts";
import { AWS_SERVICES } from "../../scanners/aws/declaration.ts";
import type { ShardSpec } from "../../scanners/engine.ts";

const ACCOUNTS = 1000;
const REGIONS = 17; // `regions: enabled` in an account with the 17 default regions
const CONCURRENCY = SHARDS_PER_BATCH; // shards per batch when scan.concurrency is not given

function shards(): ShardSpec[] {
  return Array.from({ length: ACCOUNTS }, (_, a) => String(100000000000 + a)).flatMap((account) =>
    AWS_SERVICES.flatMap((service): ShardSpec[] =>
      service === "iam"
        ? [{ provider: "aws", account, region: "global", service, params: {} }]
        : Array.from({ length: REGIONS }, (_, r) => ({
            provider: "aws" as const,
            account,
            region: `region-${r}`,
            service,
            params: { roleArn: `arn:aws:iam::${account}:role/AimscanReadOnly` },
          })),
    ),
  );
}

function night(failEvery: number): Invoke {
  const all = shards();
  const batches = batchShards(all, CONCURRENCY);
  return async (fn, payload) => {
    const p = payload as { runId: string; batch?: number; results?: unknown[] };
    if (fn.endsWith(":Plan")) {
      const out: PlanOutput = { runId: p.runId, shards: all.length, batches: batches.map((_, i) => i) };
      return { payload: out };
    }
    if (fn.endsWith(":Scan")) {
      if (failEvery && p.batch! % failEvery === 0)
        return { functionError: { errorType: "Error", errorMessage: "x".repeat(2000) } };
      const n = batches[p.batch!]!.length;
      const out: BatchOutput = { batch: p.batch!, shards: n, ok: n, error: 0, skipped: 0, assets: 40 };
      return { payload: out };
    }
    const out: FinishOutput = {
      runId: p.runId,
      assets: 80_000,
      shardsFailed: 0,
      newItems: 0,
      resolvedItems: 0,
      alertsSent: 0,
      manifestHash: "0".repeat(64),
    };
    return { payload: out };
  };
}

describe(`a night over ${ACCOUNTS} accounts × ${REGIONS} regions through the deployed definition`, () => {
  const asl = definitionFor({ AIMSCAN_MAX_CONCURRENCY: "40" });
  const runId = `nightly-${"0".repeat(60)}`; // execution names are up to 80 characters

  it("stays under 256 KiB per state and 25,000 history events, and prints the figures", async () => {
    const run = await execute(asl, {}, { name: runId, invoke: night(0) });
    const iterations = batchShards(shards(), CONCURRENCY).length;
    console.log(
      `scale: ${ACCOUNTS} accounts × ${REGIONS} regions = ${shards().length} shards, ${iterations} Map iterations; ` +
        `${run.events} history events (limit ${HISTORY_LIMIT}); largest payload ${run.largestPayload.bytes} B at ${run.largestPayload.where} (limit ${PAYLOAD_LIMIT})`,
    );
    expect(run.status).toBe("SUCCEEDED");
    expect(run.events).toBeLessThan(HISTORY_LIMIT);
    expect(run.largestPayload.bytes).toBeLessThan(PAYLOAD_LIMIT);
  }, 120_000);

  it("keeps the Map's result under 256 KiB even when every batch fails (only the error name crosses)", async () => {
    const run = await execute(asl, {}, { name: runId, invoke: night(1) });
    console.log(
      `scale, every batch failed: ${run.events} history events (${run.status}); largest payload ${run.largestPayload.bytes} B at ${run.largestPayload.where}`,
    );
    // Payloads stay small; the history may not: a failed iteration costs 3 more events (catch,
    // BatchFailed). Past 25,000 the execution fails on AWS's limit (README "Scale" gives the bound).
    expect(run.largestPayload.bytes).toBeLessThan(PAYLOAD_LIMIT);
    expect(run.error === undefined || run.cause?.includes("history events")).toBe(true);
    expect(run.trace.filter((t) => t.endsWith("/BatchFailed")).length).toBe(
      batchShards(shards(), CONCURRENCY).length,
    );
  }, 120_000);

  it("refuses a Map concurrency an inline Map cannot run (above 40)", () => {
    expect(() => definitionFor({ AIMSCAN_MAX_CONCURRENCY: "41" })).toThrow(/AIMSCAN_MAX_CONCURRENCY: .*40/);
    expect(definitionFor({ AIMSCAN_MAX_CONCURRENCY: "40" }).States.ScanBatches!.MaxConcurrency).toBe(40);
  }, 120_000);
});
