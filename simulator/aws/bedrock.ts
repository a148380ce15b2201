// Bedrock and Bedrock Agent (REST-JSON; both sign as "bedrock"): routes as the SDK's HTTP bindings
// declare them, camelCase bodies, ISO timestamps, `nextToken` paging.
import type { BedrockScenario } from "../scenario.ts";
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

export interface Route {
  method: string;
  pattern: RegExp;
  params: string[];
  operation: string;
}

/** `GET /guardrails/{guardrailIdentifier}` → a matcher that yields the path parameters. */
export function route(spec: string, operation: string): Route {
  const [method, path] = spec.split(" ") as [string, string];
  const params: string[] = [];
  const source = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    params.push(name);
    return "([^/]+)";
  });
  return { method, pattern: new RegExp(`^${source}$`), params, operation };
}

export const bedrockRoutes: Route[] = [
  route("GET /custom-models", "ListCustomModels"),
  route("GET /custom-models/{modelIdentifier}", "GetCustomModel"),
  route("GET /imported-models", "ListImportedModels"),
  route("GET /imported-models/{modelIdentifier}", "GetImportedModel"),
  route("GET /provisioned-model-throughputs", "ListProvisionedModelThroughputs"),
  route("GET /guardrails", "ListGuardrails"),
  route("GET /guardrails/{guardrailIdentifier}", "GetGuardrail"),
  route("GET /logging/modelinvocations", "GetModelInvocationLoggingConfiguration"),
  route("POST /listTagsForResource", "ListTagsForResource"),
  // Bedrock Agent (bedrock-agent.REGION.amazonaws.com, same signing name).
  route("POST /agents/", "ListAgents"),
  route("GET /agents/{agentId}/", "GetAgent"),
  route("POST /knowledgebases/", "ListKnowledgeBases"),
  route("GET /knowledgebases/{knowledgeBaseId}", "GetKnowledgeBase"),
  route("GET /tags/{resourceArn}", "ListTagsForResource"),
];

type Kind = keyof Omit<BedrockScenario, "invocationLogging" | keyof BedrockMoreScenario>;
function items<K extends Kind>(call: Call, state: SimState, kind: K): NonNullable<BedrockScenario[K]> {
  return (regionOf(state, call).bedrock?.[kind] ?? []) as NonNullable<BedrockScenario[K]>;
}

const iso = (i: { createdAt?: string }) => i.createdAt ?? DEFAULT_CREATED;
type Item = { name: string; id?: string };
const idOf = (i: Item) => i.id ?? idFor(i.name);
const ARN: Record<Kind, (c: Call, i: Item) => string> = {
  customModels: (c, i) => bedrockArn(c, "custom-model", i.name),
  importedModels: (c, i) => bedrockArn(c, "imported-model", idFor(i.name).toLowerCase()),
  provisionedThroughputs: (c, i) => bedrockArn(c, "provisioned-model", idFor(i.name).toLowerCase()),
  guardrails: (c, i) => bedrockArn(c, "guardrail", idOf(i)),
  agents: (c, i) => bedrockArn(c, "agent", idOf(i)),
  knowledgeBases: (c, i) => bedrockArn(c, "knowledge-base", idOf(i)),
};

function list<K extends Kind>(
  kind: K,
  key: string,
  summary: (item: NonNullable<BedrockScenario[K]>[number], call: Call) => object,
): Handler {
  return (call, state) => {
    checkMax(call.input.maxResults, 1000, "maxResults");
    const all = items(call, state, kind) as NonNullable<BedrockScenario[K]>[number][];
    const p = page(all, call.input.nextToken, Number(call.input.maxResults) || undefined, state.pageSize);
    return { [key]: p.items.map((i) => summary(i, call)), nextToken: p.next };
  };
}

function byName<K extends Kind>(call: Call, state: SimState, kind: K, ident: string | undefined) {
  const found = (items(call, state, kind) as { name: string; id?: string }[]).find(
    (i) => i.name === ident || idOf(i) === ident || ARN[kind](call, i) === ident,
  );
  if (!found) throw notFound(`${kind} ${ident}`);
  return found as NonNullable<BedrockScenario[K]>[number];
}

function guardrailDetail(g: NonNullable<BedrockScenario["guardrails"]>[number], call: Call) {
  return {
    guardrailId: idOf(g),
    guardrailArn: ARN.guardrails(call, g),
    name: g.name,
    version: g.version ?? "DRAFT",
    status: g.status ?? "READY",
    createdAt: iso(g),
    updatedAt: iso(g),
    kmsKeyArn: g.kmsKeyArn,
    blockedInputMessaging: "Sorry, the model cannot answer this question.",
    blockedOutputsMessaging: "Sorry, the model cannot answer this question.",
    contentPolicy: g.contentFilters ? { filters: g.contentFilters } : undefined,
    topicPolicy: g.deniedTopics
      ? { topics: g.deniedTopics.map((name) => ({ name, definition: name, type: "DENY" })) }
      : undefined,
    sensitiveInformationPolicy: g.piiEntities ? { piiEntities: g.piiEntities } : undefined,
    wordPolicy: g.wordFilters ? { words: g.wordFilters.map((text) => ({ text })) } : undefined,
    contextualGroundingPolicy: g.groundingFilters ? { filters: g.groundingFilters } : undefined,
  };
}

function tagsOf(call: Call, state: SimState, arn: string) {
  const region = regionOf(state, call).bedrock ?? {};
  for (const kind of Object.keys(ARN) as Kind[]) {
    for (const item of (region[kind] ?? []) as {
      name: string;
      id?: string;
      tags?: Record<string, string>;
    }[]) {
      if (ARN[kind](call, item) === arn) return item.tags ?? {};
    }
  }
  return {};
}

export const bedrockHandlers: Record<string, Handler> = {
  ListCustomModels: list("customModels", "modelSummaries", (m, call) => ({
    modelArn: ARN.customModels(call, m),
    modelName: m.name,
    creationTime: iso(m),
    baseModelArn:
      m.baseModelArn ?? "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
    baseModelName: "",
    customizationType: m.customizationType ?? "FINE_TUNING",
    modelStatus: m.status ?? "Active",
  })),
  GetCustomModel: (call, state) => {
    const m = byName(call, state, "customModels", call.path.modelIdentifier);
    return {
      modelArn: ARN.customModels(call, m),
      modelName: m.name,
      jobName: m.jobName ?? `${m.name}-job`,
      baseModelArn:
        m.baseModelArn ?? "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
      customizationType: m.customizationType ?? "FINE_TUNING",
      modelKmsKeyArn: m.kmsKeyArn,
      creationTime: iso(m),
      modelStatus: m.status ?? "Active",
      outputDataConfig: { s3Uri: "s3://custom-model-output/" },
      trainingDataConfig: { s3Uri: "s3://custom-model-training/" },
    };
  },
  ListImportedModels: list("importedModels", "modelSummaries", (m, call) => ({
    modelArn: ARN.importedModels(call, m),
    modelName: m.name,
    creationTime: iso(m),
    modelArchitecture: m.architecture ?? "llama3",
    instructSupported: true,
  })),
  GetImportedModel: (call, state) => {
    const m = byName(call, state, "importedModels", call.path.modelIdentifier);
    return {
      modelArn: ARN.importedModels(call, m),
      modelName: m.name,
      creationTime: iso(m),
      modelArchitecture: m.architecture ?? "llama3",
      modelKmsKeyArn: m.kmsKeyArn,
      instructSupported: true,
      modelDataSource: { s3DataSource: { s3Uri: "s3://imported-models/" } },
    };
  },
  ListProvisionedModelThroughputs: list("provisionedThroughputs", "provisionedModelSummaries", (p, call) => ({
    provisionedModelName: p.name,
    provisionedModelArn: ARN.provisionedThroughputs(call, p),
    modelArn: p.modelArn,
    desiredModelArn: p.modelArn,
    foundationModelArn: p.modelArn,
    modelUnits: p.modelUnits ?? 1,
    desiredModelUnits: p.modelUnits ?? 1,
    status: p.status ?? "InService",
    commitmentDuration: p.commitment,
    creationTime: iso(p),
    lastModifiedTime: iso(p),
  })),
  ListGuardrails: list("guardrails", "guardrails", (g, call) => ({
    id: idOf(g),
    arn: ARN.guardrails(call, g),
    name: g.name,
    status: g.status ?? "READY",
    version: g.version ?? "DRAFT",
    createdAt: iso(g),
    updatedAt: iso(g),
  })),
  GetGuardrail: (call, state) =>
    guardrailDetail(byName(call, state, "guardrails", call.path.guardrailIdentifier), call),
  GetModelInvocationLoggingConfiguration: (call, state) => {
    const l = regionOf(state, call).bedrock?.invocationLogging;
    if (!l) return {};
    return {
      loggingConfig: {
        s3Config: l.s3Bucket ? { bucketName: l.s3Bucket, keyPrefix: l.s3KeyPrefix } : undefined,
        cloudWatchConfig: l.cloudWatchLogGroup
          ? {
              logGroupName: l.cloudWatchLogGroup,
              roleArn: l.cloudWatchRoleArn ?? `arn:aws:iam::${call.account}:role/BedrockLogging`,
            }
          : undefined,
        textDataDeliveryEnabled: l.textDataDeliveryEnabled ?? true,
        imageDataDeliveryEnabled: l.imageDataDeliveryEnabled ?? true,
        embeddingDataDeliveryEnabled: l.embeddingDataDeliveryEnabled ?? true,
      },
    };
  },
  ListTagsForResource: (call, state) => {
    const arn = String(call.path.resourceArn ?? call.input.resourceARN ?? "");
    const tags = tagsOf(call, state, arn);
    // Bedrock answers a list of {key, value}; Bedrock Agent a map.
    return call.path.resourceArn
      ? { tags }
      : { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) };
  },
  ListAgents: list("agents", "agentSummaries", (a) => ({
    agentId: idOf(a),
    agentName: a.name,
    agentStatus: a.status ?? "PREPARED",
    updatedAt: iso(a),
    latestAgentVersion: "1",
    guardrailConfiguration: a.guardrailId
      ? { guardrailIdentifier: a.guardrailId, guardrailVersion: a.guardrailVersion ?? "DRAFT" }
      : undefined,
  })),
  GetAgent: (call, state) => {
    const a = byName(call, state, "agents", call.path.agentId);
    return {
      agent: {
        agentId: idOf(a),
        agentName: a.name,
        agentArn: ARN.agents(call, a),
        agentVersion: "DRAFT",
        agentStatus: a.status ?? "PREPARED",
        foundationModel: a.foundationModel ?? "anthropic.claude-3-haiku-20240307-v1:0",
        idleSessionTTLInSeconds: 600,
        agentResourceRoleArn: a.roleArn ?? `arn:aws:iam::${call.account}:role/BedrockAgent`,
        customerEncryptionKeyArn: a.kmsKeyArn,
        createdAt: iso(a),
        updatedAt: iso(a),
        guardrailConfiguration: a.guardrailId
          ? { guardrailIdentifier: a.guardrailId, guardrailVersion: a.guardrailVersion ?? "DRAFT" }
          : undefined,
      },
    };
  },
  ListKnowledgeBases: list("knowledgeBases", "knowledgeBaseSummaries", (k) => ({
    knowledgeBaseId: idOf(k),
    name: k.name,
    status: k.status ?? "ACTIVE",
    updatedAt: iso(k),
  })),
  GetKnowledgeBase: (call, state) => {
    const k = byName(call, state, "knowledgeBases", call.path.knowledgeBaseId);
    return {
      knowledgeBase: {
        knowledgeBaseId: idOf(k),
        name: k.name,
        knowledgeBaseArn: ARN.knowledgeBases(call, k),
        roleArn: k.roleArn ?? `arn:aws:iam::${call.account}:role/BedrockKnowledgeBase`,
        knowledgeBaseConfiguration: {
          type: "VECTOR",
          vectorKnowledgeBaseConfiguration: {
            embeddingModelArn:
              k.embeddingModelArn ??
              "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0",
          },
        },
        storageConfiguration: { type: k.storageType ?? "OPENSEARCH_SERVERLESS" },
        status: k.status ?? "ACTIVE",
        createdAt: iso(k),
        updatedAt: iso(k),
      },
    };
  },
};
