// Every partition: GovCloud and China estates scanned through the real SDK clients against the
// simulator. ARNs aimscan builds carry the partition; STS, IAM, Organizations and the Account API are
// signed for the partition's home region (never us-east-1); the member role ARN is the partition's.
import { partition as sdkPartition } from "@aws-sdk/core/client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../core/model.ts";
import { partitionOf } from "../../../scanners/aws/partition.ts";
import { planAws } from "../../../scanners/aws/plan.ts";
import { awsIamPolicy } from "../../../scanners/iam-policy.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import type { AwsScenario } from "../../../simulator/scenario.ts";
import { awsConfig, awsDeps, CALLER, fullRegion, MEMBER } from "./fixture.ts";

function estate(regions: string[]): AwsScenario {
  const account = (prefix: string) => ({
    iam: { users: [{ name: "alice", serviceCredentials: [{ id: `ACCA${prefix.toUpperCase()}1` }] }] },
    enabledRegions: regions,
    regions: Object.fromEntries(
      regions.map((r, i) => {
        const region = fullRegion(`${prefix}-${i}`, 1);
        return [r, { ...region, bedrock: { ...region.bedrock, invocationLogging: { s3Bucket: "logs" } } }];
      }),
    ),
  });
  return { callerAccount: CALLER, accounts: { [CALLER]: account("a"), [MEMBER]: account("b") } };
}

describe("the partition table", () => {
  it.each([
    "us-east-1",
    "eu-west-1",
    "us-gov-west-1",
    "us-gov-east-1",
    "cn-north-1",
    "cn-northwest-1",
    "us-iso-east-1",
    "us-isob-east-1",
    "eu-isoe-west-1",
    "us-isof-south-1",
  ])("names the partition the AWS SDK names for %s", (region) => {
    expect(partitionOf(region).name).toBe(sdkPartition(region).name);
  });
});

describe.each([
  {
    partition: "aws-us-gov",
    regions: ["us-gov-west-1", "us-gov-east-1"],
    home: "us-gov-west-1",
    orgHome: "us-gov-west-1",
  },
  {
    partition: "aws-cn",
    regions: ["cn-north-1", "cn-northwest-1"],
    home: "cn-north-1",
    orgHome: "cn-northwest-1",
  },
])("a $partition estate", ({ partition, regions, home, orgHome }) => {
  let sim: AwsSimulator;
  let snapshot: Snapshot;
  beforeAll(async () => {
    sim = await startAwsSimulator(estate(regions));
    snapshot = await scan(awsConfig({ regions, organization: true }), { deps: { aws: awsDeps(sim) } });
  });
  afterAll(() => sim.stop());

  it("finds every asset, each ARN in the partition", () => {
    const bad = snapshot.coverage.filter((c) => c.status === "error");
    expect(bad).toEqual([]);
    expect(snapshot.assets.length).toBeGreaterThan(20);
    for (const a of snapshot.assets) expect(a.id.startsWith(`arn:${partition}:`), a.id).toBe(true);
  });

  it("builds the ARNs of invocation logging and Bedrock API keys in the partition", () => {
    const keys = snapshot.assets.filter((a) => a.kind === "api-key");
    expect(keys.map((k) => k.id).sort()).toEqual([
      `arn:${partition}:iam::${CALLER}:user/alice/service-specific-credential/ACCAA1`,
      `arn:${partition}:iam::${MEMBER}:user/alice/service-specific-credential/ACCAB1`,
    ]);
    const logging = snapshot.assets.filter((a) => a.kind === "invocation-logging");
    for (const l of logging) {
      expect(l.id).toBe(`arn:${partition}:bedrock:${l.region}:${l.account}:model-invocation-logging`);
    }
    // Bedrock is not offered in China: its shards are skipped there, never empty.
    if (partition === "aws-cn") {
      expect(logging).toEqual([]);
      expect(
        snapshot.coverage.filter((c) => c.service === "bedrock").every((c) => c.status === "skipped"),
      ).toBe(true);
    } else expect(logging.length).toBe(4);
  });

  it("signs STS and IAM for the partition's home region, Organizations for its own home", () => {
    const regionsOf = (service: string) => [
      ...new Set(sim.requests.filter((r) => r.service === service).map((r) => r.region)),
    ];
    expect(regionsOf("sts")).toEqual([home]);
    expect(regionsOf("iam")).toEqual([home]);
    expect(regionsOf("organizations")).toEqual([orgHome]);
  });

  it("assumes the member role by its partition's ARN", () => {
    const assumed = sim.requests.filter((r) => r.operation === "AssumeRole").map((r) => r.input.RoleArn);
    expect(new Set(assumed)).toEqual(new Set([`arn:${partition}:iam::${MEMBER}:role/AimscanReadOnly`]));
  });
});

describe("planning across partitions", () => {
  let sim: AwsSimulator;
  const saved = process.env.AWS_REGION;
  beforeAll(async () => {
    sim = await startAwsSimulator(estate(["us-gov-west-1", "us-gov-east-1"]));
  });
  afterAll(() => sim.stop());
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_REGION;
    else process.env.AWS_REGION = saved;
  });

  it("refuses regions of two partitions in one scan, saying why", async () => {
    await expect(
      planAws(awsConfig({ regions: ["us-east-1", "us-gov-west-1"] }).aws!, awsDeps(sim)),
    ).rejects.toThrow(/aws.regions mixes partitions \(aws, aws-us-gov\)/);
  });

  it("lists enabled regions in the partition the SDK's region names", async () => {
    process.env.AWS_REGION = "us-gov-east-1";
    const specs = await planAws(awsConfig({ regions: "enabled", accounts: [CALLER] }).aws!, awsDeps(sim));
    expect(new Set(specs.map((s) => s.region))).toEqual(
      new Set(["us-gov-west-1", "us-gov-east-1", "global"]),
    );
    const listed = sim.requests.filter((r) => r.operation === "ListRegions");
    expect(listed.map((r) => r.region)).toEqual(["us-gov-west-1"]);
    expect(specs.find((s) => s.region === "global")!.params).toMatchObject({ partition: "aws-us-gov" });
  });

  it("writes the iam-policy role ARN in the partition asked for", () => {
    const assume = awsIamPolicy({ partition: "aws-cn" }).Statement.find(
      (s) => s.Sid === "AimscanAssumeMemberRole",
    )!;
    expect(assume.Resource).toBe("arn:aws-cn:iam::*:role/AimscanReadOnly");
    expect(awsIamPolicy().Statement[1]!.Resource).toBe("arn:aws:iam::*:role/AimscanReadOnly");
  });
});
