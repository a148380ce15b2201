// No secret leaves the cloud: container environment values and credential secrets planted in the
// estate never appear in a snapshot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../core/model.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, CANARY_ENV, CANARY_SECRET, twoAccounts } from "./fixture.ts";

let sim: AwsSimulator;
let snapshot: Snapshot;
beforeAll(async () => {
  const scenario = twoAccounts(1);
  scenario.accounts[CALLER]!.regions["us-east-1"]!.sagemaker!.trainingJobs!.push({
    name: "leaky-train",
    environment: { HF_TOKEN: CANARY_ENV },
  });
  sim = await startAwsSimulator(scenario);
  snapshot = await scan(awsConfig({ accounts: [CALLER] }), { deps: { aws: awsDeps(sim) } });
});
afterAll(() => sim.stop());

describe("secrets", () => {
  it("received the canary from the simulator, so the test can fail", () => {
    const describeModel = sim.requests.filter((r) => r.operation === "DescribeModel" && r.status === 200);
    expect(describeModel.length).toBeGreaterThan(0);
    expect(snapshot.assets.some((a) => a.name === "leaky-train")).toBe(true);
  });

  it("never copies container environment values or credential secrets into the snapshot", () => {
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain(CANARY_ENV);
    expect(text).not.toContain(CANARY_SECRET);
    expect(text).toContain("API_TOKEN");
  });
});
