// The same scanners against moto: metrics put with PutMetricData, secrets and parameters created with
// their values (a parameter tagged, not named, after a vendor), then a scan that finds usage and
// credentials and never reads a value.
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Config, type Snapshot } from "../../../core/model.ts";
import { scan } from "../../../scanners/index.ts";
import { type Moto, startMoto } from "./moto-server.ts";

const CANARY = "sk-ant-CANARY-moto-77";
const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

let moto: Moto;
let snapshot: Snapshot;
beforeAll(async () => {
  moto = await startMoto();
  const opts = {
    endpoint: moto.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDMOTO", secretAccessKey: "moto" },
  };
  const cw = new CloudWatchClient(opts);
  const now = Date.now();
  const point = (metric: string, model: string, value: number, hoursAgo: number) => ({
    MetricName: metric,
    Dimensions: [{ Name: "ModelId", Value: model }],
    Value: value,
    Timestamp: new Date(now - hoursAgo * 3_600_000),
  });
  await cw.send(
    new PutMetricDataCommand({
      Namespace: "AWS/Bedrock",
      MetricData: [
        point("Invocations", HAIKU, 4, 1),
        point("Invocations", HAIKU, 6, 30),
        point("InputTokenCount", HAIKU, 400, 1),
        point("OutputTokenCount", HAIKU, 40, 1),
        point("Invocations", `us.${HAIKU}`, 5, 2),
        point("Invocations", "meta.llama3-8b-instruct-v1:0", 2, 3),
      ],
    }),
  );
  await new SecretsManagerClient(opts).send(
    new CreateSecretCommand({
      Name: "prod/anthropic-key",
      SecretString: CANARY,
      Tags: [{ Key: "team", Value: "support" }],
    }),
  );
  await new SecretsManagerClient(opts).send(
    new CreateSecretCommand({ Name: "prod/db", SecretString: CANARY }),
  );
  const ssm = new SSMClient(opts);
  await ssm.send(
    new PutParameterCommand({ Name: "/ml/openai/api-key", Value: CANARY, Type: "SecureString" }),
  );
  // Named after no vendor: found by its tags (ListTagsForResource), the other one not at all.
  await ssm.send(
    new PutParameterCommand({
      Name: "/svc/llm",
      Value: CANARY,
      Type: "SecureString",
      Tags: [{ Key: "vendor", Value: "Mistral" }],
    }),
  );
  await ssm.send(new PutParameterCommand({ Name: "/svc/db", Value: CANARY, Type: "SecureString" }));
  const config = Config.parse({
    aws: {
      regions: ["us-east-1"],
      services: ["cloudwatch", "secretsmanager", "ssm"],
      endpoint: moto.endpoint,
    },
    scan: { requestsPerSecond: 1000 },
  });
  snapshot = await scan(config, {
    deps: {
      aws: {
        credentials: opts.credentials,
        retryStrategy: new ConfiguredRetryStrategy(2, () => 0),
      },
    },
  });
}, 60_000);
afterAll(() => moto?.stop());

describe("model-usage and ai-credential against moto", () => {
  it("scans every shard ok", () => {
    expect(snapshot.coverage.map((c) => `${c.service}:${c.status}:${c.error ?? ""}`).sort()).toEqual([
      "cloudwatch:ok:",
      "secretsmanager:ok:",
      "ssm:ok:",
    ]);
  });

  it("finds models in use from put metric data, the profile folded into its model", () => {
    const usage = snapshot.assets.filter((a) => a.kind === "model-usage");
    expect(usage.map((a) => a.name).sort()).toEqual([HAIKU, "meta.llama3-8b-instruct-v1:0"]);
    expect(usage.find((a) => a.name === HAIKU)!.attributes).toMatchObject({
      invocations: 15,
      inputTokens: 400,
      outputTokens: 40,
      modelProvider: "Anthropic",
      inferenceProfiles: [`us.${HAIKU}`],
    });
  });

  it("finds AI credentials by name and never carries a value", () => {
    const creds = snapshot.assets.filter((a) => a.kind === "ai-credential");
    expect(creds.map((a) => `${a.service} ${a.name} ${a.attributes.vendor}`).sort()).toEqual([
      "secretsmanager prod/anthropic-key Anthropic",
      "ssm /ml/openai/api-key OpenAI",
      "ssm /svc/llm Mistral",
    ]);
    expect(creds.find((a) => a.name === "/svc/llm")).toMatchObject({
      tags: { vendor: "Mistral" },
      attributes: { matchedOn: "tags" },
    });
    expect(JSON.stringify(snapshot)).not.toContain("CANARY");
  });
});
