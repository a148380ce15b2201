// A full `scan` of a second, differently shaped estate through the real AWS, Azure and Google clients.
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseId } from "../../core/ids.ts";
import { Config, type Snapshot } from "../../core/model.ts";
import { closeGcpClients } from "../../scanners/gcp/index.ts";
import { scan } from "../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../simulator/aws/index.ts";
import { type AzureSimulator, startAzureSimulator } from "../../simulator/azure/index.ts";
import { type GcpSimulator, startGcpSimulator } from "../../simulator/gcp/index.ts";
import { countKinds } from "./aws/fixture.ts";
import { depsFor } from "./azure/helpers.ts";
import { testDeps } from "./gcp/helpers.ts";
import {
  APAC,
  DATA,
  MGMT,
  otherAws,
  otherAzure,
  otherGcp,
  SUB_DISABLED,
  SUB_LIVE,
  SUSPENDED,
} from "./other-estate.ts";

let aws: AwsSimulator;
let azure: AzureSimulator;
let gcp: GcpSimulator;
let snapshot: Snapshot;
const gcpDeps = testDeps();

beforeAll(async () => {
  [aws, azure, gcp] = await Promise.all([
    startAwsSimulator(otherAws, { pageSize: 2 }),
    startAzureSimulator(otherAzure, { pageSize: 2 }),
    startGcpSimulator(otherGcp, { pageSize: 2 }),
  ]);
  const config = Config.parse({
    aws: { organization: true, regions: "enabled" },
    azure: { subscriptions: "all", endpoint: azure.endpoint },
    gcp: {
      projects: ["ml-prod", "ml-sandbox"],
      locations: ["us-central1", "europe-west4"],
      apiEndpoint: gcp.apiEndpoint,
    },
    scan: { requestsPerSecond: 10_000 },
  });
  snapshot = await scan(config, {
    deps: {
      aws: {
        endpoint: aws.endpoint,
        credentials: { accessKeyId: `AKIA${MGMT}`, secretAccessKey: "s" },
        retryStrategy: new ConfiguredRetryStrategy(3, () => 0),
      },
      azure: depsFor(azure),
      gcp: gcpDeps,
    },
  });
}, 60_000);
afterAll(async () => {
  await closeGcpClients(gcpDeps);
  await Promise.all([aws.stop(), azure.stop(), gcp.stop()]);
});

const shards = (provider: string) =>
  snapshot.coverage
    .filter((c) => c.provider === provider)
    .map((c) => `${c.account}/${c.region}/${c.service}:${c.status}`)
    .sort();
const of = (provider: string, account?: string) =>
  snapshot.assets.filter((a) => a.provider === provider && (!account || a.account === account));

describe("scan of a second estate", () => {
  it("plans AWS from the Organization's ACTIVE accounts and each one's enabled regions", () => {
    expect(shards("aws")).toEqual(
      [
        `${APAC}/ap-southeast-2/bedrock:ok`,
        `${APAC}/ap-southeast-2/bedrock-agentcore:ok`,
        `${APAC}/ap-southeast-2/sagemaker:ok`,
        `${APAC}/ap-southeast-2/cloudwatch:ok`,
        `${APAC}/ap-southeast-2/secretsmanager:ok`,
        `${APAC}/ap-southeast-2/ssm:ok`,
        `${APAC}/global/iam:ok`,
        // Bedrock is not offered in af-south-1: skipped (unverified), never an empty ok.
        `${DATA}/af-south-1/bedrock:skipped`,
        `${DATA}/af-south-1/bedrock-agentcore:skipped`,
        `${DATA}/af-south-1/sagemaker:ok`,
        `${DATA}/af-south-1/cloudwatch:ok`,
        `${DATA}/af-south-1/secretsmanager:ok`,
        `${DATA}/af-south-1/ssm:ok`,
        `${DATA}/global/iam:ok`,
        `${DATA}/us-east-1/bedrock:ok`,
        `${DATA}/us-east-1/bedrock-agentcore:ok`,
        `${DATA}/us-east-1/sagemaker:ok`,
        `${DATA}/us-east-1/cloudwatch:ok`,
        `${DATA}/us-east-1/secretsmanager:ok`,
        `${DATA}/us-east-1/ssm:ok`,
        `${DATA}/us-west-1/bedrock:ok`,
        // AgentCore does not run in N. California.
        `${DATA}/us-west-1/bedrock-agentcore:skipped`,
        `${DATA}/us-west-1/sagemaker:ok`,
        `${DATA}/us-west-1/cloudwatch:ok`,
        `${DATA}/us-west-1/secretsmanager:ok`,
        `${DATA}/us-west-1/ssm:ok`,
        `${MGMT}/global/iam:ok`,
        `${MGMT}/us-east-1/bedrock:ok`,
        `${MGMT}/us-east-1/bedrock-agentcore:ok`,
        `${MGMT}/us-east-1/sagemaker:ok`,
        `${MGMT}/us-east-1/cloudwatch:ok`,
        `${MGMT}/us-east-1/secretsmanager:ok`,
        `${MGMT}/us-east-1/ssm:ok`,
      ].sort(),
    );
    // The suspended account is neither planned nor touched.
    expect(aws.requests.some((r) => r.account === SUSPENDED)).toBe(false);
  });

  it("finds every AWS asset across several pages of every kind", () => {
    expect(countKinds(of("aws", MGMT))).toEqual({
      endpoint: 5,
      "endpoint-config": 5,
      model: 5,
      notebook: 5,
      "custom-model": 5,
      guardrail: 5,
      agent: 5,
      "knowledge-base": 5,
      "invocation-logging": 1,
      "api-key": 5,
    });
    expect(countKinds(of("aws", DATA))).toMatchObject({ endpoint: 15, "custom-model": 10, agent: 5 });
    expect(
      aws.requests.filter((r) => r.operation === "ListAgents" && r.input.nextToken).length,
    ).toBeGreaterThan(0);
    expect(JSON.stringify(snapshot.assets)).not.toContain("never-copied");
  });

  it("scans the enabled Azure subscription only, every AI account kind, with paged deployments", () => {
    expect(shards("azure")).toEqual(
      ["cognitiveservices", "insights", "keyvault", "machinelearningservices"].map(
        (service) => `${SUB_LIVE}/global/${service}:ok`,
      ),
    );
    expect(azure.requests.some((r) => r.subscription === SUB_DISABLED && r.path.includes("accounts"))).toBe(
      false,
    );
    const accounts = of("azure").filter((a) => a.kind === "account");
    expect(accounts.map((a) => a.attributes.kind).sort()).toEqual([
      "AIServices",
      "CognitiveServices",
      "ComputerVision",
      "FormRecognizer",
      "OpenAI",
      "SpeechServices",
    ]);
    const deployments = of("azure").filter((a) => a.kind === "deployment");
    expect(deployments).toHaveLength(10);
    expect(deployments.find((d) => d.name === "dep-2")?.attributes).toMatchObject({
      skuName: "ProvisionedManaged",
      capacity: 20,
      versionUpgradeOption: "NoAutoUpgrade",
    });
    expect(azure.requests.some((r) => /listkeys/i.test(r.path))).toBe(false);
  });

  it("scans both GCP projects in every location, keyed by project id", () => {
    expect(shards("gcp")).toEqual(
      [
        "ml-prod/europe-west4/vertexai:ok",
        "ml-prod/global/apikeys:ok",
        "ml-prod/global/discoveryengine:ok",
        "ml-prod/global/notebooks:ok",
        "ml-prod/us-central1/vertexai:ok",
        "ml-sandbox/europe-west4/vertexai:ok",
        "ml-sandbox/global/apikeys:ok",
        "ml-sandbox/global/discoveryengine:ok",
        "ml-sandbox/global/notebooks:ok",
        "ml-sandbox/us-central1/vertexai:ok",
        // model-usage (Cloud Monitoring) per location plus global, and Secret Manager per project.
        ...["ml-prod", "ml-sandbox"].flatMap((p) => [
          `${p}/europe-west4/monitoring:ok`,
          `${p}/global/monitoring:ok`,
          `${p}/us-central1/monitoring:ok`,
          `${p}/global/secretmanager:ok`,
        ]),
      ].sort(),
    );
    expect(countKinds(of("gcp", "ml-sandbox"))).toEqual({ model: 10, endpoint: 10, "api-key": 5 });
    expect(JSON.stringify(snapshot.assets)).not.toContain("AIza-canary");
    expect(gcp.requests.some((r) => /keyString/i.test(r.path))).toBe(false);
  });

  it("gives every asset an id whose scope is a shard scanned ok", () => {
    const ok = new Set(
      snapshot.coverage
        .filter((c) => c.status === "ok")
        .map((c) => `${c.provider}/${c.account}/${c.region}/${c.service}`),
    );
    const orphans = snapshot.assets.filter((a) => {
      const scope = parseId(a.id);
      if (!scope) return true;
      const region = scope.region ?? "global";
      return (
        scope.provider !== a.provider ||
        scope.account !== a.account.toLowerCase() ||
        scope.service !== a.service ||
        !ok.has(
          `${a.provider}/${scope.account}/${a.provider === "azure" ? "global" : region}/${scope.service}`,
        ) ||
        (a.provider !== "azure" && region !== a.region)
      );
    });
    expect(orphans.map((a) => a.id)).toEqual([]);
  });
});
