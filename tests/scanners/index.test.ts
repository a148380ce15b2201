// Provider dispatch and the whole-scan entry point.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Config, Snapshot } from "../../core/model.ts";
import { executeShard, planShards, scan } from "../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, MEMBER, twoAccounts } from "./aws/fixture.ts";

let sim: AwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator(twoAccounts(1));
});
afterAll(() => sim.stop());

const ctx = { throttle: async () => {}, answered: () => {}, signal: new AbortController().signal };

describe("scanners/index", () => {
  it("plans nothing when no cloud is configured", async () => {
    expect(await planShards(Config.parse({}))).toEqual([]);
  });

  it("plans AWS shards from the aws section", async () => {
    const specs = await planShards(awsConfig({ accounts: [CALLER], regions: ["us-east-1"] }), {
      aws: awsDeps(sim),
    });
    expect(specs.map((s) => `${s.provider}/${s.service}/${s.region}`).sort()).toEqual([
      "aws/bedrock-agentcore/us-east-1",
      "aws/bedrock/us-east-1",
      "aws/cloudwatch/us-east-1",
      "aws/iam/global",
      "aws/sagemaker/us-east-1",
      "aws/secretsmanager/us-east-1",
      "aws/ssm/us-east-1",
    ]);
  });

  it("executes a planned shard, e.g. in a Lambda that received it as JSON", async () => {
    const config = awsConfig({ accounts: [MEMBER], regions: ["eu-west-1"] });
    const specs = await planShards(config, { aws: awsDeps(sim) });
    const spec = JSON.parse(JSON.stringify(specs.find((s) => s.service === "sagemaker")));
    const found = await executeShard(spec, config, ctx, { aws: awsDeps(sim) });
    const assets = Array.isArray(found) ? found : found.assets;
    expect(assets.length).toBeGreaterThan(5);
    expect(
      assets.every((a) => a.account === MEMBER && a.region === "eu-west-1" && a.service === "sagemaker"),
    ).toBe(true);
  });

  it("tells the shard's pacing about every AWS attempt, the throttled ones as throttled", async () => {
    const config = awsConfig({ accounts: [MEMBER], regions: ["eu-west-1"] });
    const specs = await planShards(config, { aws: awsDeps(sim) });
    const spec = specs.find((s) => s.service === "sagemaker")!;
    sim.controls.throttle({ service: "sagemaker", operation: "ListEndpoints" }, 2);
    let tokens = 0;
    const answers: boolean[] = [];
    const paced = {
      throttle: async () => {
        tokens++;
      },
      answered: (throttled: boolean) => answers.push(throttled),
      signal: new AbortController().signal,
    };
    try {
      await executeShard(spec, config, paced, { aws: awsDeps(sim) });
    } finally {
      sim.controls.clear();
    }
    expect(answers).toHaveLength(tokens);
    expect(answers.filter(Boolean)).toHaveLength(2);
  });

  it("refuses a shard for a provider it has no scanner or config for", async () => {
    const spec = { provider: "aws" as const, account: CALLER, region: "us-east-1", service: "sagemaker" };
    await expect(executeShard(spec, Config.parse({}), ctx)).rejects.toThrow(/no aws section/);
  });

  it("scans into a valid snapshot with one coverage record per shard and reports progress", async () => {
    const progress: { done: number; total: number }[] = [];
    const snapshot = await scan(awsConfig({ accounts: [CALLER, MEMBER] }), {
      deps: { aws: awsDeps(sim) },
      onProgress: (p) => progress.push(p),
    });
    expect(Snapshot.parse(snapshot)).toEqual(snapshot);
    // 2 accounts × (2 regions × 6 regional services + IAM).
    expect(snapshot.coverage).toHaveLength(26);
    expect(progress).toHaveLength(26);
    expect(progress.at(-1)).toMatchObject({ done: 26, total: 26, errors: 0, assets: snapshot.assets.length });
  });
});
