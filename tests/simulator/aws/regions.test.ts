// Opt-in regions in the AWS simulator, as the real clients meet them: ListRegions reports each
// region's opt status, and a call signed for an opt-in region the caller has not enabled is refused.
import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import { ListEndpointsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";

const A = "111111111111";
let sim: AwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator({
    callerAccount: A,
    accounts: {
      [A]: {
        enabledRegions: ["us-east-1", "eu-west-1", "ap-east-1"],
        regions: { "ap-east-1": { sagemaker: { endpoints: [{ name: "hk", config: "c" }] } } },
      },
    },
  });
});
afterAll(() => sim.stop());

const opts = (region: string) => ({
  region,
  endpoint: sim.endpoint,
  credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "s" },
  maxAttempts: 1,
});

describe("opt-in regions", () => {
  it("reports default regions ENABLED_BY_DEFAULT, enabled opt-in ones ENABLED and the rest DISABLED", async () => {
    const r = await new AccountClient(opts("us-east-1")).send(new ListRegionsCommand({}));
    const status = Object.fromEntries((r.Regions ?? []).map((x) => [x.RegionName, x.RegionOptStatus]));
    expect(status).toMatchObject({
      "us-east-1": "ENABLED_BY_DEFAULT",
      "eu-west-1": "ENABLED_BY_DEFAULT",
      "ap-east-1": "ENABLED",
      "af-south-1": "DISABLED",
      "me-central-1": "DISABLED",
    });
  });

  it("filters by RegionOptStatusContains", async () => {
    const r = await new AccountClient(opts("us-east-1")).send(
      new ListRegionsCommand({ RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] }),
    );
    expect((r.Regions ?? []).map((x) => x.RegionName).sort()).toEqual([
      "ap-east-1",
      "eu-west-1",
      "us-east-1",
    ]);
  });

  it("answers in an enabled opt-in region and refuses a disabled one with an invalid-token error", async () => {
    const ok = await new SageMakerClient(opts("ap-east-1")).send(new ListEndpointsCommand({}));
    expect(ok.Endpoints?.map((e) => e.EndpointName)).toEqual(["hk"]);
    await expect(
      new SageMakerClient(opts("af-south-1")).send(new ListEndpointsCommand({})),
    ).rejects.toMatchObject({ name: "UnrecognizedClientException" });
    await expect(
      new STSClient(opts("me-central-1")).send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({ name: "InvalidClientTokenId" });
  });
});
