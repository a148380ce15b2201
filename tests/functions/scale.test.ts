// The arithmetic of the README's "scale on paper", as tests: 500 accounts × 4 regions.
import { describe, expect, it } from "vitest";
import { type BatchOutput, batchShards, type PlanOutput } from "../../functions/batches.ts";
import { AWS_SERVICES } from "../../scanners/aws/declaration.ts";
import type { ShardSpec } from "../../scanners/engine.ts";

const STATE_LIMIT = 256 * 1024; // Step Functions: max payload of a state's input or output
const HISTORY_LIMIT = 25_000; // Step Functions standard: events per execution
const EVENTS_PER_ITERATION = 7; // MapIterationStarted, TaskStateEntered, TaskScheduled/Started/Succeeded, TaskStateExited, MapIterationSucceeded
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
const accounts = Array.from({ length: 500 }, (_, i) => String(100000000000 + i));

function orgShards(): ShardSpec[] {
  return accounts.flatMap((account) => {
    const params = { roleArn: `arn:aws:iam::${account}:role/AimscanReadOnly` };
    return AWS_SERVICES.flatMap((service): ShardSpec[] =>
      service === "iam"
        ? [{ provider: "aws" as const, account, region: "global", service, params }]
        : REGIONS.map((region) => ({ provider: "aws" as const, account, region, service, params })),
    );
  });
}

describe("a night over 500 accounts × 4 regions", () => {
  const shards = orgShards();
  // The default scan concurrency: one Lambda runs one wave of shards.
  const batches = batchShards(shards, 32);

  it("cuts the shards into one batch per account, each one wave of the scan concurrency", () => {
    expect(shards.length).toBe(500 * (4 * (AWS_SERVICES.length - 1) + 1));
    expect(batches.length).toBe(500);
    for (const b of batches) {
      expect(b.length).toBeLessThanOrEqual(32);
      expect(new Set(b.map((i) => shards[i]!.account)).size).toBe(1);
    }
    expect(batches.flat().sort((a, b) => a - b)).toEqual(shards.map((_, i) => i));
  });

  it("splits an account with more shards than the concurrency into several batches", () => {
    const many = shards.filter((s) => s.account === accounts[0]);
    expect(batchShards([...many, ...many, ...many], 4).every((b) => b.length <= 4)).toBe(true);
  });

  it("keeps the plan output, the Map's results and Finish's input far below 256 KB", () => {
    const planOut: PlanOutput = {
      runId: "a".repeat(80),
      shards: shards.length,
      batches: batches.map((_, i) => i),
    };
    const planBytes = Buffer.byteLength(JSON.stringify(planOut));
    expect(planBytes).toBeLessThan(STATE_LIMIT / 50);
    const results: BatchOutput[] = batches.map((b, batch) => ({
      batch,
      shards: b.length,
      ok: 99_999,
      error: 99_999,
      skipped: 99_999,
      assets: 9_999_999,
    }));
    const finishIn = { runId: "a".repeat(80), startedAt: new Date().toISOString(), results };
    const finishBytes = Buffer.byteLength(JSON.stringify(finishIn));
    expect(finishBytes).toBeLessThan(STATE_LIMIT / 4);
    // The shards themselves would not fit: that is why they stay in S3.
    expect(Buffer.byteLength(JSON.stringify(shards))).toBeGreaterThan(STATE_LIMIT);
  });

  it("stays within the execution history limit with an inline Map", () => {
    expect(batches.length * EVENTS_PER_ITERATION + 50).toBeLessThan(HISTORY_LIMIT);
  });
});
