// A member account that enabled an opt-in region its scanning (caller) account has not: the role
// session must come from the caller's home-region STS, since STS in that region refuses the caller.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, MEMBER } from "./fixture.ts";

let sim: AwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator({
    callerAccount: CALLER,
    accounts: {
      [CALLER]: { regions: { "us-east-1": {} } },
      [MEMBER]: {
        enabledRegions: ["us-east-1", "ap-east-1"],
        regions: { "ap-east-1": { sagemaker: { endpoints: [{ name: "hk-scorer", config: "c" }] } } },
      },
    },
  });
});
afterAll(() => sim.stop());

describe("opt-in regions", () => {
  it("scans a member's opt-in region that the caller account has not enabled", async () => {
    const snapshot = await scan(
      awsConfig({ accounts: [MEMBER], regions: ["ap-east-1"], services: ["sagemaker"] }),
      { deps: { aws: awsDeps(sim) } },
    );
    expect(snapshot.coverage).toEqual([
      expect.objectContaining({ account: MEMBER, region: "ap-east-1", status: "ok" }),
    ]);
    expect(snapshot.assets.map((a) => a.id)).toEqual([
      `arn:aws:sagemaker:ap-east-1:${MEMBER}:endpoint/hk-scorer`,
    ]);
    const assumes = sim.requests.filter((r) => r.operation === "AssumeRole");
    expect(assumes.map((r) => r.region)).toEqual(["us-east-1"]);
  });

  it("with regions: enabled, scans the member's enabled opt-in region and no disabled one", async () => {
    const snapshot = await scan(
      awsConfig({ accounts: [MEMBER], regions: "enabled", services: ["sagemaker"] }),
      {
        deps: { aws: awsDeps(sim) },
      },
    );
    expect(snapshot.coverage.map((c) => `${c.region}:${c.status}`).sort()).toEqual([
      "ap-east-1:ok",
      "us-east-1:ok",
    ]);
  });
});
