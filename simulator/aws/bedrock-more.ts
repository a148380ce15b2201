// Bedrock's and Bedrock Agent's newer AI kinds (REST-JSON, routes as the SDK's HTTP bindings declare
// them): application inference profiles, custom model deployments, marketplace endpoints, evaluation /
// batch inference / customization jobs, prompts and flows with their versions and aliases. camelCase,
// ISO timestamps, `nextToken` paging, ResourceNotFoundException for a missing item.
import type { Route } from "./bedrock.ts";
import { route } from "./bedrock.ts";
import type { BedrockMoreScenario } from "./scenario-more.ts";
import {
  bedrockArn,
  type Call,
  DEFAULT_CREATED,
  type Handler,
  idFor,
  notFound,
  regionOf,
  type SimState,
} from "./state.ts";
import { checkMax, page } from "./wire.ts";

type Kind = keyof BedrockMoreScenario;
type ItemOf<K extends Kind> = NonNullable<BedrockMoreScenario[K]>[number];

export const bedrockMoreRoutes: Route[] = [
  route("GET /inference-profiles", "ListInferenceProfiles"),
  route("GET /model-customization/custom-model-deployments", "ListCustomModelDeployments"),
  route("GET /marketplace-model/endpoints", "ListMarketplaceModelEndpoints"),
  route("GET /marketplace-model/endpoints/{endpointArn}", "GetMarketplaceModelEndpoint"),
  route("GET /evaluation-jobs", "ListEvaluationJobs"),
  route("GET /evaluation-jobs/{jobIdentifier}", "GetEvaluationJob"),
  route("GET /model-invocation-jobs", "ListModelInvocationJobs"),
  route("GET /model-customization-jobs", "ListModelCustomizationJobs"),
  route("GET /model-customization-jobs/{jobIdentifier}", "GetModelCustomizationJob"),
  route("GET /prompts/", "ListPrompts"),
  route("GET /prompts/{promptIdentifier}/", "GetPrompt"),
  route("GET /flows/", "ListFlows"),
  route("GET /flows/{flowIdentifier}/", "GetFlow"),
  route("GET /flows/{flowIdentifier}/versions", "ListFlowVersions"),
  route("GET /flows/{flowIdentifier}/aliases", "ListFlowAliases"),
];

const lower = (name: string) => idFor(name).toLowerCase();
const ARN: { [K in Kind]: (c: Call, i: ItemOf<K>) => string } = {
  inferenceProfiles: (c, i) => bedrockArn(c, "application-inference-profile", i.id ?? lower(i.name)),
  customModelDeployments: (c, i) => bedrockArn(c, "custom-model-deployment", lower(i.name)),
  marketplaceEndpoints: (c, i) =>
    `arn:aws:sagemaker:${c.region}:${c.account}:endpoint/${i.name.toLowerCase()}`,
  evaluationJobs: (c, i) => bedrockArn(c, "evaluation-job", lower(i.name)),
  invocationJobs: (c, i) => bedrockArn(c, "model-invocation-job", lower(i.name)),
  customizationJobs: (c, i) => bedrockArn(c, "model-customization-job", lower(i.name)),
  prompts: (c, i) => bedrockArn(c, "prompt", i.id ?? idFor(i.name)),
  flows: (c, i) => bedrockArn(c, "flow", i.id ?? idFor(i.name)),
};

/** Jobs default to yesterday so a "last 30 days" filter keeps them. */
const jobIso = (i: { createdAt?: string }) => i.createdAt ?? new Date(Date.now() - 86_400_000).toISOString();
const iso = (i: { createdAt?: string }) => i.createdAt ?? DEFAULT_CREATED;
const role = (c: Call, name: string) => `arn:aws:iam::${c.account}:role/${name}`;
const TITAN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1";

function itemsOf<K extends Kind>(call: Call, state: SimState, kind: K): ItemOf<K>[] {
  return (regionOf(state, call).bedrock?.[kind] ?? []) as ItemOf<K>[];
}

function list<K extends Kind>(
  kind: K,
  key: string,
  summary: (i: ItemOf<K>, c: Call) => object,
  keep: (i: ItemOf<K>, c: Call) => boolean = () => true,
): Handler {
  return (call, state) => {
    checkMax(call.input.maxResults, 1000, "maxResults");
    const all = itemsOf(call, state, kind).filter((i) => keep(i, call));
    const p = page(all, call.input.nextToken, Number(call.input.maxResults) || undefined, state.pageSize);
    return { [key]: p.items.map((i) => summary(i, call)), nextToken: p.next };
  };
}

/** Created after the `field` query parameter, when given (ISO-8601 on the wire). */
const after = (field: string) => (i: { createdAt?: string }, c: Call) => {
  const v = c.input[field];
  return typeof v !== "string" || Date.parse(jobIso(i)) > Date.parse(v);
};

function find<K extends Kind>(call: Call, state: SimState, kind: K, ident: string | undefined): ItemOf<K> {
  const found = itemsOf(call, state, kind).find(
    (i) =>
      ARN[kind](call, i) === ident ||
      i.name === ident ||
      ("id" in i && i.id === ident) ||
      idFor(i.name) === ident,
  );
  if (!found) throw notFound(`${kind} ${ident}`);
  return found;
}

const vpcOut = (v?: { subnets: string[]; securityGroups?: string[] }) =>
  v ? { subnetIds: v.subnets, securityGroupIds: v.securityGroups ?? [] } : undefined;

function marketplace(i: ItemOf<"marketplaceEndpoints">, c: Call, full: boolean) {
  return {
    endpointArn: ARN.marketplaceEndpoints(c, i),
    modelSourceIdentifier: i.modelSourceIdentifier,
    status: i.status ?? "REGISTERED",
    statusMessage: i.secret,
    createdAt: iso(i),
    updatedAt: iso(i),
    ...(full
      ? {
          endpointConfig: {
            sageMaker: {
              initialInstanceCount: i.instanceCount ?? 1,
              instanceType: i.instanceType ?? "ml.g5.2xlarge",
              executionRole: role(c, "BedrockMarketplace"),
              kmsEncryptionKey: i.kmsKeyId,
              vpc: vpcOut(i.vpc),
            },
          },
          endpointStatus: "InService",
        }
      : {}),
  };
}

const promptSummary = (i: ItemOf<"prompts">, c: Call, version = "DRAFT") => ({
  name: i.name,
  description: i.secret,
  id: i.id ?? idFor(i.name),
  arn: version === "DRAFT" ? ARN.prompts(c, i) : `${ARN.prompts(c, i)}:${version}`,
  version,
  createdAt: iso(i),
  updatedAt: iso(i),
});

const handlers: Record<string, Handler> = {
  ListInferenceProfiles: list(
    "inferenceProfiles",
    "inferenceProfileSummaries",
    (i, c) => ({
      inferenceProfileName: i.name,
      description: i.secret,
      createdAt: iso(i),
      updatedAt: iso(i),
      inferenceProfileArn: ARN.inferenceProfiles(c, i),
      models: i.models.map((modelArn) => ({ modelArn })),
      inferenceProfileId: i.id ?? lower(i.name),
      status: i.status ?? "ACTIVE",
      type: i.type ?? "APPLICATION",
    }),
    (i, c) => c.input.type === undefined || (i.type ?? "APPLICATION") === c.input.type,
  ),
  ListCustomModelDeployments: list("customModelDeployments", "modelDeploymentSummaries", (i, c) => ({
    customModelDeploymentArn: ARN.customModelDeployments(c, i),
    customModelDeploymentName: i.name,
    modelArn: i.modelArn,
    createdAt: iso(i),
    status: i.status ?? "Active",
    lastUpdatedAt: iso(i),
    failureMessage: i.secret,
  })),
  ListMarketplaceModelEndpoints: list("marketplaceEndpoints", "marketplaceModelEndpoints", (i, c) =>
    marketplace(i, c, false),
  ),
  GetMarketplaceModelEndpoint: (call, state) => ({
    marketplaceModelEndpoint: marketplace(
      find(call, state, "marketplaceEndpoints", call.path.endpointArn),
      call,
      true,
    ),
  }),
  ListEvaluationJobs: list(
    "evaluationJobs",
    "jobSummaries",
    (i, c) => ({
      jobArn: ARN.evaluationJobs(c, i),
      jobName: i.name,
      status: i.status ?? "Completed",
      creationTime: jobIso(i),
      jobType: i.jobType ?? "Automated",
      evaluationTaskTypes: i.taskTypes ?? ["General"],
      modelIdentifiers: i.models ?? [TITAN],
      applicationType: "ModelEvaluation",
    }),
    after("creationTimeAfter"),
  ),
  GetEvaluationJob: (call, state) => {
    const i = find(call, state, "evaluationJobs", call.path.jobIdentifier);
    return {
      jobName: i.name,
      status: i.status ?? "Completed",
      jobArn: ARN.evaluationJobs(call, i),
      jobDescription: i.secret,
      roleArn: role(call, "BedrockEvaluation"),
      customerEncryptionKeyId: i.kmsKeyId,
      jobType: i.jobType ?? "Automated",
      applicationType: "ModelEvaluation",
      evaluationConfig: {
        automated: {
          datasetMetricConfigs: [
            { taskType: "General", dataset: { name: "Builtin.Bold" }, metricNames: ["Builtin.Toxicity"] },
          ],
        },
      },
      inferenceConfig: {
        models: (i.models ?? [TITAN]).map((modelIdentifier) => ({
          bedrockModel: { modelIdentifier, inferenceParams: "{}" },
        })),
      },
      outputDataConfig: { s3Uri: "s3://evaluation-results/" },
      creationTime: jobIso(i),
      lastModifiedTime: jobIso(i),
    };
  },
  ListModelInvocationJobs: list(
    "invocationJobs",
    "invocationJobSummaries",
    (i, c) => ({
      jobArn: ARN.invocationJobs(c, i),
      jobName: i.name,
      modelId: i.modelId,
      clientRequestToken: i.secret,
      roleArn: role(c, "BedrockBatch"),
      status: i.status ?? "Completed",
      submitTime: jobIso(i),
      lastModifiedTime: jobIso(i),
      inputDataConfig: { s3InputDataConfig: { s3Uri: "s3://batch-in/" } },
      outputDataConfig: {
        s3OutputDataConfig: { s3Uri: "s3://batch-out/", s3EncryptionKeyId: i.outputKmsKeyId },
      },
      vpcConfig: vpcOut(i.vpc),
      timeoutDurationInHours: 24,
    }),
    after("submitTimeAfter"),
  ),
  ListModelCustomizationJobs: list(
    "customizationJobs",
    "modelCustomizationJobSummaries",
    (i, c) => ({
      jobArn: ARN.customizationJobs(c, i),
      baseModelArn: i.baseModelArn ?? TITAN,
      jobName: i.name,
      status: i.status ?? "Completed",
      creationTime: jobIso(i),
      lastModifiedTime: jobIso(i),
      customModelArn: i.customModel ? bedrockArn(c, "custom-model", i.customModel) : undefined,
      customModelName: i.customModel,
      customizationType: i.customizationType ?? "FINE_TUNING",
    }),
    after("creationTimeAfter"),
  ),
  GetModelCustomizationJob: (call, state) => {
    const i = find(call, state, "customizationJobs", call.path.jobIdentifier);
    return {
      jobArn: ARN.customizationJobs(call, i),
      jobName: i.name,
      outputModelName: i.customModel ?? `${i.name}-model`,
      outputModelArn: i.customModel ? bedrockArn(call, "custom-model", i.customModel) : undefined,
      roleArn: role(call, "BedrockCustomization"),
      creationTime: jobIso(i),
      baseModelArn: i.baseModelArn ?? TITAN,
      hyperParameters: i.hyperParameters ?? { epochCount: "2" },
      trainingDataConfig: { s3Uri: "s3://customization-train/" },
      validationDataConfig: { validators: [] },
      outputDataConfig: { s3Uri: "s3://customization-out/" },
      customizationType: i.customizationType ?? "FINE_TUNING",
      outputModelKmsKeyArn: i.outputModelKmsKeyArn,
      status: i.status ?? "Completed",
      lastModifiedTime: jobIso(i),
    };
  },
  ListPrompts: (call, state) => {
    checkMax(call.input.maxResults, 1000, "maxResults");
    const ident = call.input.promptIdentifier;
    // With a prompt identifier, ListPrompts lists that prompt's versions (DRAFT first).
    const rows =
      typeof ident === "string"
        ? (() => {
            const p = find(call, state, "prompts", ident);
            const numbered = Array.from({ length: p.versions ?? 0 }, (_, n) =>
              promptSummary(p, call, String(n + 1)),
            );
            return [promptSummary(p, call), ...numbered];
          })()
        : itemsOf(call, state, "prompts").map((p) => promptSummary(p, call));
    const pg = page(rows, call.input.nextToken, Number(call.input.maxResults) || undefined, state.pageSize);
    return { promptSummaries: pg.items, nextToken: pg.next };
  },
  GetPrompt: (call, state) => {
    const p = find(call, state, "prompts", call.path.promptIdentifier);
    return {
      ...promptSummary(p, call),
      customerEncryptionKeyArn: p.kmsKeyArn,
      defaultVariant: "default",
      variants: [
        {
          name: "default",
          templateType: "TEXT",
          templateConfiguration: { text: { text: `You are a helpful assistant. ${p.secret ?? ""}` } },
          modelId: p.modelId ?? "anthropic.claude-3-haiku-20240307-v1:0",
          inferenceConfiguration: { text: { temperature: 0.2 } },
        },
      ],
    };
  },
  ListFlows: list("flows", "flowSummaries", (f, c) => ({
    name: f.name,
    id: f.id ?? idFor(f.name),
    arn: ARN.flows(c, f),
    status: f.status ?? "Prepared",
    createdAt: iso(f),
    updatedAt: iso(f),
    version: "DRAFT",
  })),
  GetFlow: (call, state) => {
    const f = find(call, state, "flows", call.path.flowIdentifier);
    return {
      name: f.name,
      executionRoleArn: f.roleArn ?? role(call, "BedrockFlow"),
      customerEncryptionKeyArn: f.kmsKeyArn,
      id: f.id ?? idFor(f.name),
      arn: ARN.flows(call, f),
      status: f.status ?? "Prepared",
      createdAt: iso(f),
      updatedAt: iso(f),
      version: "DRAFT",
      definition: {
        nodes: [
          { name: "FlowInput", type: "Input", outputs: [{ name: "document", type: "String" }] },
          {
            name: "Prompt",
            type: "Prompt",
            configuration: {
              prompt: {
                sourceConfiguration: {
                  inline: {
                    templateType: "TEXT",
                    templateConfiguration: { text: { text: `Summarise. ${f.secret ?? ""}` } },
                    modelId: "anthropic.claude-3-haiku-20240307-v1:0",
                  },
                },
              },
            },
          },
        ],
        connections: [],
      },
    };
  },
  ListFlowVersions: (call, state) => {
    checkMax(call.input.maxResults, 1000, "maxResults");
    const f = find(call, state, "flows", call.path.flowIdentifier);
    const rows = ["DRAFT", ...Array.from({ length: f.versions ?? 0 }, (_, n) => String(n + 1))].map(
      (version) => ({
        id: f.id ?? idFor(f.name),
        arn: version === "DRAFT" ? ARN.flows(call, f) : `${ARN.flows(call, f)}/version/${version}`,
        status: "Prepared",
        createdAt: iso(f),
        version,
      }),
    );
    const pg = page(rows, call.input.nextToken, Number(call.input.maxResults) || undefined, state.pageSize);
    return { flowVersionSummaries: pg.items, nextToken: pg.next };
  },
  ListFlowAliases: (call, state) => {
    checkMax(call.input.maxResults, 1000, "maxResults");
    const f = find(call, state, "flows", call.path.flowIdentifier);
    const rows = (f.aliases ?? []).map((a) => ({
      name: a.name,
      routingConfiguration: [{ flowVersion: a.version }],
      flowId: f.id ?? idFor(f.name),
      id: idFor(`${f.name}/${a.name}`),
      arn: `${ARN.flows(call, f)}/alias/${idFor(`${f.name}/${a.name}`)}`,
      createdAt: iso(f),
      updatedAt: iso(f),
    }));
    const pg = page(rows, call.input.nextToken, Number(call.input.maxResults) || undefined, state.pageSize);
    return { flowAliasSummaries: pg.items, nextToken: pg.next };
  },
};

function tagsOf(call: Call, state: SimState, arn: string): Record<string, string> | undefined {
  for (const kind of Object.keys(ARN) as Kind[]) {
    const arnOf = ARN[kind] as (c: Call, i: ItemOf<Kind>) => string;
    const item = itemsOf(call, state, kind).find((i) => arnOf(call, i) === arn);
    if (item) return item.tags ?? {};
  }
  return undefined;
}

/** The base Bedrock handlers with the newer kinds added; both ListTagsForResource forms answer for them. */
export function withMoreBedrock(base: Record<string, Handler>): Record<string, Handler> {
  const baseTags = base.ListTagsForResource!;
  return {
    ...base,
    ...handlers,
    ListTagsForResource: (call, state) => {
      const tags = tagsOf(call, state, String(call.path.resourceArn ?? call.input.resourceARN ?? ""));
      if (!tags) return baseTags(call, state);
      // Bedrock answers a list of {key, value}; Bedrock Agent a map.
      return call.path.resourceArn
        ? { tags }
        : { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) };
    },
  };
}
