// Shared test estate: scenarios with every AWS kind, and scanner deps pointed at the simulator with
// instant retries.
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { type Config, Config as ConfigSchema } from "../../../core/model.ts";
import type { AwsDeps } from "../../../scanners/aws/index.ts";
import type { AwsSimulator } from "../../../simulator/aws/index.ts";
import type { AwsRegionScenario, AwsScenario } from "../../../simulator/scenario.ts";

export const CALLER = "111111111111";
export const MEMBER = "222222222222";
export const CANARY_ENV = "canary-env-value-7f3a9c";
export const CANARY_SECRET = "canary-credential-secret-b41d";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** `n` of every regional kind, names prefixed so each region's assets are distinct. */
export function fullRegion(prefix: string, n: number): AwsRegionScenario {
  return {
    sagemaker: {
      endpoints: range(n).map((i) => ({
        name: `${prefix}-ep-${i}`,
        config: `${prefix}-cfg-${i}`,
        tags: { team: "risk" },
      })),
      endpointConfigs: range(n).map((i) => ({
        name: `${prefix}-cfg-${i}`,
        variants: [{ model: `${prefix}-model-${i}`, instanceType: "ml.g5.xlarge", instanceCount: 2 }],
        kmsKeyId: i === 1 ? "arn:aws:kms:us-east-1:111111111111:key/abc" : undefined,
        dataCapture: i === 1,
      })),
      models: range(n).map((i) => ({
        name: `${prefix}-model-${i}`,
        images: ["1234.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"],
        environment: { API_TOKEN: CANARY_ENV },
        networkIsolation: i === 1,
        vpc: i === 1 ? { subnets: ["subnet-1"], securityGroups: ["sg-1"] } : undefined,
      })),
      notebooks: range(n).map((i) => ({
        name: `${prefix}-nb-${i}`,
        rootAccess: i === 1 ? ("Disabled" as const) : ("Enabled" as const),
        directInternetAccess: "Disabled" as const,
        subnetId: "subnet-1",
      })),
      trainingJobs: [
        ...range(n).map((i) => ({ name: `${prefix}-train-${i}`, interContainerEncryption: true })),
        { name: `${prefix}-train-old`, createdAt: "2020-01-01T00:00:00Z" },
      ],
      domains: range(n).map((i) => ({
        name: `${prefix}-domain-${i}`,
        appNetworkAccessType: "VpcOnly" as const,
      })),
      modelPackageGroups: range(n).map((i) => ({ name: `${prefix}-mpg-${i}` })),
      inferenceComponents: range(n).map((i) => ({ name: `${prefix}-ic-${i}`, endpoint: `${prefix}-ep-1` })),
    },
    bedrock: {
      customModels: range(n).map((i) => ({
        name: `${prefix}-custom-${i}`,
        kmsKeyArn: i === 1 ? "arn:aws:kms:us-east-1:111111111111:key/cm" : undefined,
        tags: { owner: "ml" },
      })),
      importedModels: range(n).map((i) => ({ name: `${prefix}-imported-${i}` })),
      provisionedThroughputs: range(n).map((i) => ({
        name: `${prefix}-pt-${i}`,
        modelArn: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2",
        modelUnits: 2,
      })),
      guardrails: range(n).map((i) => ({
        name: `${prefix}-guard-${i}`,
        contentFilters: [{ type: "PROMPT_ATTACK", inputStrength: "HIGH", outputStrength: "NONE" }],
        deniedTopics: ["investment advice"],
      })),
      agents: range(n).map((i) => ({
        name: `${prefix}-agent-${i}`,
        guardrailId: i === 1 ? "gr-1" : undefined,
      })),
      knowledgeBases: range(n).map((i) => ({ name: `${prefix}-kb-${i}` })),
    },
  };
}

/** Two accounts (caller and member) × two regions, n of each kind, Bedrock API keys on the caller. */
export function twoAccounts(n = 3): AwsScenario {
  return {
    callerAccount: CALLER,
    accounts: {
      [CALLER]: {
        iam: {
          users: [
            {
              name: "alice",
              serviceCredentials: range(n).map((i) => ({
                id: `ACCAALICE${i}`,
                secret: CANARY_SECRET,
                expiresAt: i === 1 ? "2026-12-31T00:00:00Z" : undefined,
              })),
            },
            {
              name: "bob",
              serviceCredentials: [{ id: "ACCABOBCODECOMMIT", serviceName: "codecommit.amazonaws.com" }],
            },
          ],
        },
        regions: {
          "us-east-1": {
            ...fullRegion("a-use1", n),
            bedrock: { ...fullRegion("a-use1", n).bedrock, invocationLogging: { s3Bucket: "logs" } },
          },
          "eu-west-1": fullRegion("a-euw1", n),
        },
      },
      [MEMBER]: { regions: { "us-east-1": fullRegion("b-use1", n), "eu-west-1": fullRegion("b-euw1", n) } },
    },
  };
}

export function awsDeps(sim: AwsSimulator, extra: AwsDeps = {}): AwsDeps {
  return {
    endpoint: sim.endpoint,
    credentials: { accessKeyId: "AKIDTESTBASEKEY", secretAccessKey: "test-secret" },
    retryStrategy: new ConfiguredRetryStrategy(4, () => 0),
    sessions: new Map(),
    ...extra,
  };
}

/** Tests lift the default 8 req/s so they are fast; the bench measures pacing. */
export function awsConfig(aws: Record<string, unknown>, scan: Record<string, unknown> = {}): Config {
  return ConfigSchema.parse({
    aws: { regions: ["us-east-1", "eu-west-1"], ...aws },
    scan: { requestsPerSecond: 10_000, ...scan },
  });
}

/** The count of every kind in a snapshot's assets. */
export function countKinds(assets: { kind: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of assets) out[a.kind] = (out[a.kind] ?? 0) + 1;
  return out;
}
