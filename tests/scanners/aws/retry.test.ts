// Throttled AWS attempts are paced once, by the shard's pacing: the SDK retries them without its own
// throttling backoff, and AssumeRole spends the caller's STS quota, not the member's service quota.
import { ListEndpointsCommand } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asShard, CALLER_STS_KEY, shardClients } from "../../../scanners/aws/clients.ts";
import type { Pacing, ShardContext } from "../../../scanners/engine.ts";
import { executeShard, planShards } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, MEMBER, twoAccounts } from "./fixture.ts";

let sim: AwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator(twoAccounts(1));
});
afterAll(() => sim.stop());

/** A pacing that lets everything through and records each answer. */
function recorder(): Pacing & { taken: number; answers: boolean[] } {
  const r = {
    taken: 0,
    answers: [] as boolean[],
    throttle: async () => {
      r.taken++;
    },
    answered: (throttled: boolean) => {
      r.answers.push(throttled);
    },
  };
  return r;
}

describe("AWS retries under the shard's pacing", () => {
  it("retries a throttled attempt with a transient error's short backoff, each attempt through the pacing", async () => {
    const config = awsConfig({ accounts: [MEMBER], regions: ["us-east-1"] });
    // The default retry strategy (no test override), as a scan gets it.
    const { retryStrategy: _, ...deps } = awsDeps(sim);
    const clients = shardClients(
      config.aws!,
      { ...deps, clients: new Map() },
      "us-east-1",
      undefined,
      "caller",
    );
    const pacing = recorder();
    const ctx: ShardContext = { ...pacing, signal: new AbortController().signal };
    sim.controls.throttle({ service: "sagemaker", operation: "ListEndpoints" }, 2);
    try {
      const out = await asShard(ctx, () => clients.sagemaker().send(new ListEndpointsCommand({})));
      expect(out.$metadata.attempts).toBe(3);
      // The SDK's chosen waits (not a measured time): at most 50 + 100 ms, where its throttling
      // backoff would choose up to 1 s + 2 s on top of the pacing.
      expect(out.$metadata.totalRetryDelay).toBeLessThanOrEqual(150);
    } finally {
      sim.controls.clear();
      clients.close();
    }
    expect(pacing.answers).toEqual([true, true, false]);
    expect(pacing.taken).toBe(3);
  });

  it("paces AssumeRole on the caller's STS key, and tells it about a throttle", async () => {
    const config = awsConfig({ accounts: [MEMBER], regions: ["us-east-1"] });
    const specs = await planShards(config, { aws: awsDeps(sim) });
    const spec = specs.find((s) => s.service === "sagemaker")!;
    expect(spec.params?.roleArn).toBeDefined();
    const own = recorder();
    const sts = recorder();
    const keys: string[] = [];
    const ctx: ShardContext = {
      ...own,
      signal: new AbortController().signal,
      pacingFor: (key) => {
        keys.push(key);
        return sts;
      },
    };
    sim.controls.throttle({ service: "sts", operation: "AssumeRole" }, 1);
    try {
      await executeShard(spec, config, ctx, { aws: awsDeps(sim) });
    } finally {
      sim.controls.clear();
    }
    expect(new Set(keys)).toEqual(new Set([CALLER_STS_KEY]));
    expect(sts.answers).toEqual([true, false]);
    // The member's sagemaker key paced its own calls, and only those.
    expect(own.answers.length).toBe(own.taken);
    expect(own.taken).toBeGreaterThan(5);
  });
});
