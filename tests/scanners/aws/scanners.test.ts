// Every AWS declaration through its real SDK client against the simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArn } from "../../../core/ids.ts";
import type { Snapshot } from "../../../core/model.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsConfig, awsDeps, CALLER, countKinds, MEMBER, twoAccounts } from "./fixture.ts";

let sim: AwsSimulator;
let snapshot: Snapshot;
const byName = (name: string) => snapshot.assets.find((a) => a.name === name)!;

beforeAll(async () => {
  // Page size 2 with 5 of each kind: every list call needs three pages.
  sim = await startAwsSimulator(twoAccounts(5), { pageSize: 2 });
  snapshot = await scan(awsConfig({ accounts: [CALLER, MEMBER] }), { deps: { aws: awsDeps(sim) } });
}, 120_000);
afterAll(() => sim.stop());

describe("AWS scanners against the simulator", () => {
  it("finds every asset of every kind over several pages, in every account and region", () => {
    expect(snapshot.coverage.every((c) => c.status === "ok")).toBe(true);
    // 2 accounts × 2 regions × 5 per kind; training jobs older than 30 days are left out.
    const regional = 4 * 5;
    expect(countKinds(snapshot.assets)).toEqual({
      endpoint: regional,
      "endpoint-config": regional,
      model: regional,
      notebook: regional,
      "training-job": regional,
      domain: regional,
      "model-package-group": regional,
      "inference-component": regional,
      "custom-model": regional,
      "imported-model": regional,
      "provisioned-throughput": regional,
      guardrail: regional,
      agent: regional,
      "knowledge-base": regional,
      "invocation-logging": 4,
      "api-key": 5,
    });
    const pages = sim.requests.filter((r) => r.operation === "ListEndpoints" && r.input.NextToken);
    expect(pages.length).toBeGreaterThanOrEqual(8);
  });

  it("gives each asset an ARN whose service, account and region match its shard", () => {
    for (const a of snapshot.assets) {
      const scope = parseArn(a.id);
      expect(scope, a.id).toMatchObject({
        provider: "aws",
        service: a.service,
        account: a.account,
        region: a.region,
      });
      expect(
        snapshot.coverage.some(
          (c) => c.service === a.service && c.account === a.account && c.region === a.region,
        ),
      ).toBe(true);
    }
  });

  it("reads endpoints together with their endpoint config", () => {
    expect(byName("a-use1-ep-1")).toMatchObject({
      id: "arn:aws:sagemaker:us-east-1:111111111111:endpoint/a-use1-ep-1",
      tags: { team: "risk" },
      attributes: {
        instanceType: "ml.g5.xlarge",
        instanceCount: 2,
        kmsKeyId: "arn:aws:kms:us-east-1:111111111111:key/abc",
        dataCaptureEnabled: true,
        variants: [{ model: "a-use1-model-1", instanceType: "ml.g5.xlarge", instanceCount: 2 }],
      },
    });
    expect(byName("a-use1-ep-2").attributes).toMatchObject({ kmsKeyId: null, dataCaptureEnabled: false });
  });

  it("maps models, notebooks, training jobs and domains to the attributes policies read", () => {
    expect(byName("b-euw1-model-1").attributes).toMatchObject({
      networkIsolation: true,
      vpc: { subnets: ["subnet-1"], securityGroups: ["sg-1"] },
      images: ["1234.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"],
      environmentKeys: ["API_TOKEN"],
    });
    expect(byName("a-use1-nb-1").attributes).toMatchObject({
      rootAccess: "Disabled",
      directInternetAccess: "Disabled",
      kmsKeyId: null,
      subnetId: "subnet-1",
    });
    expect(byName("a-use1-nb-2").attributes.rootAccess).toBe("Enabled");
    expect(byName("a-use1-train-1").attributes).toMatchObject({
      interContainerEncryption: true,
      volumeKmsKeyId: null,
    });
    expect(snapshot.assets.some((a) => a.name === "a-use1-train-old")).toBe(false);
    expect(byName("a-use1-domain-1").attributes.appNetworkAccessType).toBe("VpcOnly");
  });

  it("maps Bedrock kinds, agents and knowledge bases into the bedrock service", () => {
    expect(byName("a-use1-custom-1")).toMatchObject({
      service: "bedrock",
      tags: { owner: "ml" },
      attributes: {
        kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/cm",
        customizationType: "FINE_TUNING",
      },
    });
    expect(byName("a-use1-custom-2").attributes.kmsKeyArn).toBeNull();
    expect(byName("a-use1-agent-1")).toMatchObject({
      service: "bedrock",
      attributes: { guardrailId: "gr-1" },
    });
    expect(byName("a-use1-agent-2").attributes.guardrailId).toBeNull();
    expect(byName("a-use1-guard-1").attributes).toMatchObject({
      promptAttackStrength: "HIGH",
      deniedTopics: ["investment advice"],
    });
    expect(byName("b-use1-pt-1").attributes).toMatchObject({ modelUnits: 2, status: "InService" });
    expect(byName("b-use1-kb-1").id).toMatch(/^arn:aws:bedrock:us-east-1:222222222222:knowledge-base\//);
  });

  it("reports invocation logging once per account and region, disabled when off", () => {
    const logging = snapshot.assets.filter((a) => a.kind === "invocation-logging");
    const on = logging.find(
      (a) => a.id === "arn:aws:bedrock:us-east-1:111111111111:model-invocation-logging",
    );
    expect(on?.attributes).toMatchObject({ enabled: true, s3Bucket: "logs", cloudWatchLogGroup: null });
    const off = logging.filter((a) => a !== on);
    expect(off).toHaveLength(3);
    expect(off.every((a) => a.attributes.enabled === false)).toBe(true);
  });

  it("lists Bedrock API keys of every user as global IAM assets, metadata only", () => {
    const keys = snapshot.assets.filter((a) => a.kind === "api-key");
    expect(keys.every((k) => k.service === "iam" && k.region === "global" && k.account === CALLER)).toBe(
      true,
    );
    expect(byName("ACCAALICE1")).toMatchObject({
      id: "arn:aws:iam::111111111111:user/alice/service-specific-credential/ACCAALICE1",
      attributes: {
        status: "Active",
        userName: "alice",
        expiresAt: "2026-12-31T00:00:00.000Z",
        // IAM answers a Bedrock key with its public alias, not a ServiceUserName.
        serviceCredentialAlias: "alice+1-at-111111111111",
        serviceUserName: null,
      },
    });
    expect(byName("ACCAALICE2").attributes.expiresAt).toBeNull();
    // Credentials for other services (CodeCommit) are not Bedrock API keys.
    expect(keys.some((k) => k.name === "ACCABOBCODECOMMIT")).toBe(false);
  });
});
