// The AWS simulator as the real SDK v3 clients see it: accounts from SigV4 keys, regions from the
// credential scope, paging, throttling, denial, failures, and the SNS/EventBridge sinks.
import { BedrockClient, ListCustomModelsCommand } from "@aws-sdk/client-bedrock";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { IAMClient, ListServiceSpecificCredentialsCommand } from "@aws-sdk/client-iam";
import { ListEndpointsCommand, paginateListEndpoints, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import type { AwsScenario } from "../../../simulator/scenario.ts";

const A = "111111111111";
const B = "222222222222";
const scenario = (): AwsScenario => ({
  callerAccount: A,
  accounts: {
    [A]: {
      regions: {
        "us-east-1": {
          sagemaker: { endpoints: ["e1", "e2", "e3", "e4", "e5"].map((name) => ({ name, config: "c" })) },
        },
      },
    },
    [B]: {
      regions: {
        "eu-west-1": {
          deniedServices: ["bedrock"],
          sagemaker: { endpoints: [{ name: "b-only", config: "c" }] },
        },
      },
    },
  },
});

let sim: AwsSimulator;
beforeEach(async () => {
  sim = await startAwsSimulator(scenario(), { pageSize: 2 });
});
afterEach(() => sim.stop());

const base = { accessKeyId: "AKIDBASEKEY", secretAccessKey: "x" };
const opts = (region = "us-east-1", credentials: typeof base & { sessionToken?: string } = base) => ({
  endpoint: sim.endpoint,
  region,
  credentials,
  maxAttempts: 1,
});
const names = async (client: SageMakerClient) => {
  const out: string[] = [];
  for await (const page of paginateListEndpoints({ client }, {}))
    out.push(...(page.Endpoints ?? []).map((e) => e.EndpointName!));
  return out;
};

describe("AWS simulator", () => {
  it("pages list calls and honours a smaller MaxResults", async () => {
    const sm = new SageMakerClient(opts());
    expect(await names(sm)).toEqual(["e1", "e2", "e3", "e4", "e5"]);
    expect(sim.requests.filter((r) => r.operation === "ListEndpoints")).toHaveLength(3);
    const one = await sm.send(new ListEndpointsCommand({ MaxResults: 1 }));
    expect(one.Endpoints).toHaveLength(1);
    expect(one.NextToken).toBeDefined();
  });

  it("maps base keys to the caller account and assumed-role keys to the target account", async () => {
    const sts = new STSClient(opts());
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(A);
    const assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/Reader`, RoleSessionName: "t" }),
    );
    const c = assumed.Credentials!;
    const creds = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    expect(await names(new SageMakerClient(opts("eu-west-1", creds)))).toEqual(["b-only"]);
    expect(sim.requests.at(-1)).toMatchObject({ account: B, region: "eu-west-1", service: "sagemaker" });
    // Keys shaped AKIA<12 digits> name their account directly.
    const direct = new STSClient(opts("us-east-1", { accessKeyId: `AKIA${B}XXXX`, secretAccessKey: "x" }));
    expect((await direct.send(new GetCallerIdentityCommand({}))).Account).toBe(B);
  });

  it("refuses AssumeRole into an account that denies it, as AccessDenied", async () => {
    sim.scenario.accounts[B]!.assumeRole = { denied: true };
    const sts = new STSClient(opts());
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${B}:role/Reader`, RoleSessionName: "t" })),
    ).rejects.toMatchObject({ name: "AccessDenied" });
  });

  it("throttles each account+service above its rate with the error each protocol uses", async () => {
    sim.controls.rateLimit = 5;
    const sm = new SageMakerClient(opts());
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => sm.send(new ListEndpointsCommand({}))),
    );
    const rejected = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(rejected.length).toBeGreaterThanOrEqual(6);
    expect(rejected[0]!.reason.name).toBe("ThrottlingException");
    // Another service of the same account has its own budget.
    sim.controls.throttle({ service: "iam" }, 1);
    await expect(
      new IAMClient(opts()).send(new ListServiceSpecificCredentialsCommand({})),
    ).rejects.toMatchObject({
      name: "Throttling",
    });
    expect(sim.controls.throttled).toBe(rejected.length + 1);
  });

  it("denies services per account and region from the scenario or the controls", async () => {
    const bedrock = new BedrockClient(
      opts("eu-west-1", { accessKeyId: `AKIA${B}XXXX`, secretAccessKey: "x" }),
    );
    await expect(bedrock.send(new ListCustomModelsCommand({}))).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    sim.controls.deny({ account: A, region: "us-east-1", service: "sagemaker", operation: "ListEndpoints" });
    await expect(new SageMakerClient(opts()).send(new ListEndpointsCommand({}))).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
    expect(sim.requests.at(-1)?.status).toBe(403);
  });

  it("fails a chosen number of times with 5xx, then answers", async () => {
    sim.controls.fail({ service: "sagemaker" }, 503, 1);
    const sm = new SageMakerClient(opts());
    await expect(sm.send(new ListEndpointsCommand({}))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 503 },
    });
    expect((await sm.send(new ListEndpointsCommand({}))).Endpoints).toHaveLength(2);
  });

  it("answers a malformed body that the client cannot parse", async () => {
    sim.controls.malformed({ service: "sagemaker" }, 1);
    await expect(new SageMakerClient(opts()).send(new ListEndpointsCommand({}))).rejects.toThrow();
    expect(sim.requests.at(-1)?.status).toBe(200);
  });

  it("serves the estate given to seed from then on", async () => {
    sim.seed({
      accounts: {
        [A]: { regions: { "us-east-1": { sagemaker: { endpoints: [{ name: "new", config: "c" }] } } } },
      },
    });
    expect(await names(new SageMakerClient(opts()))).toEqual(["new"]);
  });

  it("is reached through AWS_ENDPOINT_URL like real AWS, with no endpoint in code", async () => {
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = sim.endpoint;
    try {
      const sm = new SageMakerClient({ region: "us-east-1", credentials: base });
      expect((await sm.send(new ListEndpointsCommand({}))).Endpoints).toHaveLength(2);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  it("records SNS Publish and EventBridge PutEvents for the alert sinks", async () => {
    const topic = `arn:aws:sns:us-east-1:${A}:aimscan-alerts`;
    await new SNSClient(opts()).send(
      new PublishCommand({
        TopicArn: topic,
        Subject: "aimscan: 3 new",
        Message: "digest",
        MessageAttributes: { severity: { DataType: "String", StringValue: "high" } },
      }),
    );
    await new EventBridgeClient(opts()).send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: "ai-bus", Source: "aimscan", DetailType: "aimscan.drift", Detail: '{"new":3}' },
        ],
      }),
    );
    expect(sim.published).toEqual([
      {
        service: "sns",
        target: topic,
        message: "digest",
        subject: "aimscan: 3 new",
        attributes: { severity: "high" },
      },
      {
        service: "events",
        target: "ai-bus",
        message: '{"new":3}',
        attributes: { source: "aimscan", detailType: "aimscan.drift" },
      },
    ]);
  });
});
