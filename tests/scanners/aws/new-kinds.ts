// The newer AI kinds as a table: where each lives in a scenario, how to build the n-th one with a
// canary in its most secret-looking field, which list operation serves it, and one attribute a
// policy reads. Tests loop over it instead of copying a test per kind.
import type { AwsRegionScenario } from "../../../simulator/scenario.ts";

export const CANARY_NEW = "canary-new-kind-secret-5e2c81";
const env = { API_TOKEN: CANARY_NEW };
const MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

export interface KindRow {
  kind: string;
  service: "sagemaker" | "bedrock" | "bedrock-agentcore";
  /** Signing name the simulator sees. */
  signing: string;
  listOperation: string;
  place: (r: AwsRegionScenario, items: unknown[]) => void;
  make: (name: string, i: number) => Record<string, unknown>;
  /** A name generator: AgentCore runtime names allow no hyphens. */
  name?: (prefix: string, i: number) => string;
  /** Attributes the first item must carry. */
  first: Record<string, unknown>;
}

const sm = (key: string) => (r: AwsRegionScenario, items: unknown[]) => {
  r.sagemaker = { ...r.sagemaker, [key]: items };
};
const br = (key: string) => (r: AwsRegionScenario, items: unknown[]) => {
  r.bedrock = { ...r.bedrock, [key]: items };
};

export const NEW_KINDS: KindRow[] = [
  {
    kind: "inference-profile",
    service: "bedrock",
    signing: "bedrock",
    listOperation: "ListInferenceProfiles",
    place: br("inferenceProfiles"),
    make: (name) => ({ name, models: [MODEL], secret: CANARY_NEW, tags: { team: "ml" } }),
    first: { status: "ACTIVE", type: "APPLICATION", models: [MODEL] },
  },
  {
    kind: "custom-model-deployment",
    service: "bedrock",
    signing: "bedrock",
    listOperation: "ListCustomModelDeployments",
    place: br("customModelDeployments"),
    make: (name) => ({
      name,
      modelArn: "arn:aws:bedrock:us-east-1:111111111111:custom-model/x",
      secret: CANARY_NEW,
    }),
    first: { status: "Active", modelArn: "arn:aws:bedrock:us-east-1:111111111111:custom-model/x" },
  },
  {
    kind: "marketplace-endpoint",
    service: "sagemaker",
    signing: "bedrock",
    listOperation: "ListMarketplaceModelEndpoints",
    place: br("marketplaceEndpoints"),
    make: (name, i) => ({
      name,
      modelSourceIdentifier: "arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/llama/1",
      kmsKeyId: i === 1 ? "arn:aws:kms:us-east-1:111111111111:key/mk" : undefined,
      secret: CANARY_NEW,
    }),
    first: {
      status: "REGISTERED",
      instanceType: "ml.g5.2xlarge",
      kmsKeyId: "arn:aws:kms:us-east-1:111111111111:key/mk",
    },
  },
  {
    kind: "evaluation-job",
    service: "bedrock",
    signing: "bedrock",
    listOperation: "ListEvaluationJobs",
    place: br("evaluationJobs"),
    make: (name) => ({ name, models: [MODEL], secret: CANARY_NEW }),
    first: { status: "Completed", jobType: "Automated", models: [MODEL] },
  },
  {
    kind: "batch-inference-job",
    service: "bedrock",
    signing: "bedrock",
    listOperation: "ListModelInvocationJobs",
    place: br("invocationJobs"),
    make: (name) => ({ name, modelId: MODEL, secret: CANARY_NEW }),
    first: { status: "Completed", modelId: MODEL, outputKmsKeyId: null },
  },
  {
    kind: "customization-job",
    service: "bedrock",
    signing: "bedrock",
    listOperation: "ListModelCustomizationJobs",
    place: br("customizationJobs"),
    make: (name) => ({ name, customModel: `${name}-out`, hyperParameters: { apiKey: CANARY_NEW } }),
    first: { status: "Completed", customizationType: "FINE_TUNING", outputModelKmsKeyArn: null },
  },
  {
    kind: "prompt",
    service: "bedrock",
    signing: "bedrock",
    listOperation: "ListPrompts",
    place: br("prompts"),
    make: (name) => ({ name, versions: 3, secret: CANARY_NEW }),
    first: {
      version: "DRAFT",
      versions: ["1", "2", "3"],
      models: ["anthropic.claude-3-haiku-20240307-v1:0"],
    },
  },
  {
    kind: "flow",
    service: "bedrock",
    signing: "bedrock",
    listOperation: "ListFlows",
    place: br("flows"),
    make: (name) => ({
      name,
      versions: 3,
      aliases: [
        { name: "live", version: "2" },
        { name: "canary", version: "3" },
        { name: "old", version: "1" },
      ],
      secret: CANARY_NEW,
    }),
    first: {
      status: "Prepared",
      versions: ["1", "2", "3"],
      aliases: [
        { name: "canary", versions: ["3"] },
        { name: "live", versions: ["2"] },
        { name: "old", versions: ["1"] },
      ],
    },
  },
  {
    kind: "agent-runtime",
    service: "bedrock-agentcore",
    signing: "bedrock-agentcore",
    listOperation: "ListAgentRuntimes",
    place: (r, items) => {
      r.agentcore = { runtimes: items as never };
    },
    name: (prefix, i) => `${prefix.replace(/-/g, "_")}_agent_${i}`,
    make: (name) => ({
      name,
      environment: env,
      endpoints: [{ name: "prod", liveVersion: "1" }, { name: "beta" }],
      tags: { team: "agents" },
    }),
    first: {
      status: "READY",
      networkMode: "PUBLIC",
      authorizer: "iam",
      environmentKeys: ["API_TOKEN"],
      endpoints: [
        { name: "DEFAULT", liveVersion: "1", targetVersion: null, status: "READY" },
        { name: "prod", liveVersion: "1", targetVersion: null, status: "READY" },
        { name: "beta", liveVersion: null, targetVersion: null, status: "READY" },
      ],
    },
  },
  {
    kind: "model-card",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListModelCards",
    place: sm("modelCards"),
    make: (name, i) => ({
      name,
      status: "Approved",
      riskRating: "High",
      model: `model-${i}`,
      secret: CANARY_NEW,
    }),
    first: { status: "Approved", riskRating: "High", modelId: "model-1", version: 1 },
  },
  {
    kind: "hyperpod-cluster",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListClusters",
    place: sm("clusters"),
    make: (name) => ({
      name,
      instanceGroups: [{ name: "gpu", instanceType: "ml.p5.48xlarge", count: 4, onCreate: CANARY_NEW }],
    }),
    first: { status: "InService", orchestrator: "slurm", instanceCount: 4 },
  },
  {
    kind: "pipeline",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListPipelines",
    place: sm("pipelines"),
    make: (name) => ({ name, steps: 3, secret: CANARY_NEW }),
    first: { status: "Active", stepCount: 3 },
  },
  {
    kind: "space",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListSpaces",
    place: sm("spaces"),
    make: (name) => ({ name, domainId: "d-abc123", owner: "alice", secret: CANARY_NEW }),
    first: { domainId: "d-abc123", appType: "JupyterLab", sharingType: "Private", owner: "alice" },
  },
  {
    kind: "processing-job",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListProcessingJobs",
    place: sm("processingJobs"),
    make: (name, i) => ({
      name,
      image:
        i === 1 ? "205585389593.dkr.ecr.us-east-1.amazonaws.com/sagemaker-clarify-processing:1.0" : undefined,
      environment: env,
    }),
    first: { clarify: true, status: "Completed", environmentKeys: ["API_TOKEN"] },
  },
  {
    kind: "transform-job",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListTransformJobs",
    place: sm("transformJobs"),
    make: (name) => ({ name, model: "scorer", environment: env }),
    first: { modelName: "scorer", environmentKeys: ["API_TOKEN"] },
  },
  {
    kind: "tuning-job",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListHyperParameterTuningJobs",
    place: sm("tuningJobs"),
    make: (name) => ({ name, bestTrainingJob: `${name}-best`, hyperParameters: env }),
    first: { strategy: "Bayesian", maxTrainingJobs: 10 },
  },
  {
    kind: "automl-job",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListAutoMLJobs",
    place: sm("autoMLJobs"),
    make: (name) => ({ name, bestCandidate: `${name}-c1`, environment: env }),
    first: { problemType: "Tabular", status: "Completed" },
  },
  {
    kind: "compilation-job",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListCompilationJobs",
    place: sm("compilationJobs"),
    make: (name) => ({ name, secret: JSON.stringify({ token: CANARY_NEW }) }),
    first: { status: "COMPLETED", targetDevice: "ml_inf2", framework: "PYTORCH" },
  },
  {
    kind: "monitoring-schedule",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListMonitoringSchedules",
    place: sm("monitoringSchedules"),
    make: (name) => ({ name, endpoint: "scorer", type: "ModelBias", environment: env }),
    first: { status: "Scheduled", monitoringType: "ModelBias", endpointName: "scorer" },
  },
  {
    kind: "model-package",
    service: "sagemaker",
    signing: "sagemaker",
    listOperation: "ListModelPackages",
    place: sm("modelPackages"),
    make: (_name, i) => ({
      name: "fraud-models",
      version: i,
      approvalStatus: "Approved",
      secret: CANARY_NEW,
    }),
    first: { group: "fraud-models", version: 1, approvalStatus: "Approved" },
  },
];

/** A region with `n` of every newer kind, names prefixed so regions differ. */
export function newKindsRegion(
  prefix: string,
  n: number,
  rows: readonly KindRow[] = NEW_KINDS,
): AwsRegionScenario {
  const region: AwsRegionScenario = {};
  for (const row of rows) {
    const items = Array.from({ length: n }, (_, k) => {
      const i = k + 1;
      const name = row.name ? row.name(prefix, i) : `${prefix}-${row.kind}-${i}`;
      return row.make(name, i);
    });
    row.place(region, items);
  }
  return region;
}
