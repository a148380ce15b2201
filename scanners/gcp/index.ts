// GCP discovery: one shard per (project, location) for Vertex AI and for model usage (Cloud
// Monitoring, locations plus "global"), one per project for API keys, Secret Manager and Workbench
// ("global"), and Discovery Engine at "global" plus the configured multi-regions "us"/"eu".
// Assets are keyed by the configured project id even though Google's names carry the project
// number (see declaration.ts).
import type { protos as vertex } from "@google-cloud/aiplatform";
import type { protos as apikeys } from "@google-cloud/apikeys";
import type { GcpConfig } from "../../core/model.ts";
import type { ShardContext, ShardOutcome, ShardSpec } from "../engine.ts";
import { DEFAULT_SETTINGS, type ScanSettings } from "../settings.ts";
import { apiKey } from "./apikeys-key.ts";
import {
  apiKeysClient,
  authClientFor,
  endpointClient,
  type GcpDeps,
  hostFor,
  modelClient,
} from "./clients.ts";
import type { GcpScope } from "./declaration.ts";
import { listAll } from "./list-all.ts";
import { executeMonitoringShard, monitoringModelUsage } from "./monitoring-model-usage.ts";
import {
  DISCOVERY_LOCATIONS,
  executeDiscoveryShard,
  executeNotebooksShard,
  MORE_GCP_DECLARATIONS,
  moreVertexLists,
} from "./more-shards.ts";
import { executeSecretManagerShard, secretManagerAiCredential } from "./secretmanager-ai-credentials.ts";
import { settleKinds } from "./settle-kinds.ts";
import { vertexEndpoint } from "./vertexai-endpoint.ts";
import { vertexModel } from "./vertexai-model.ts";

export { closeGcpClients, type GcpDeps } from "./clients.ts";

type KeysRequest = apikeys.google.api.apikeys.v2.IListKeysRequest;
type EndpointsRequest = vertex.google.cloud.aiplatform.v1.IListEndpointsRequest;
type ModelsRequest = vertex.google.cloud.aiplatform.v1.IListModelsRequest;

export const gcpDeclarations = [
  vertexModel,
  vertexEndpoint,
  apiKey,
  monitoringModelUsage,
  secretManagerAiCredential,
  ...MORE_GCP_DECLARATIONS,
] as const;

/** Shards whose logic lives in its own file: service → executor. */
const EXECUTORS: Record<
  string,
  (s: ShardSpec, c: GcpConfig, x: ShardContext, d: GcpDeps, t: ScanSettings) => Promise<ShardOutcome>
> = {
  monitoring: executeMonitoringShard,
  secretmanager: executeSecretManagerShard,
};

/** Mapping a project id to its number needs this beyond the declarations. */
export const GCP_PLAN_PERMISSIONS = ["resourcemanager.projects.get"] as const;

/** Production deps (ADC): one shared object, so its pooled clients are reused across shards. */
const DEFAULT_DEPS: GcpDeps = {};

/** Page size asked for; servers may return fewer. */
const PAGE_SIZE = 100;

export async function planGcp(cfg: GcpConfig, deps: GcpDeps = DEFAULT_DEPS): Promise<ShardSpec[]> {
  const specs: ShardSpec[] = [];
  for (const project of [...new Set(cfg.projects)]) {
    const number = await projectNumber(project, cfg, deps);
    const params = number ? { params: { projectNumber: number } } : {};
    const locations = [...new Set(cfg.locations)];
    // "us" and "eu" are Discovery Engine's multi-regions, not Vertex AI locations.
    const discovery = DISCOVERY_LOCATIONS.filter((l) => l === "global" || locations.includes(l));
    const vertexLocations = locations.filter((l) => !discovery.includes(l as never));
    for (const region of vertexLocations) {
      specs.push({ provider: "gcp", account: project, region, service: "vertexai", ...params });
    }
    specs.push({ provider: "gcp", account: project, region: "global", service: "apikeys", ...params });
    // model-usage per location, and at "global" too: Gemini's global endpoint records its calls there.
    for (const region of [...new Set([...vertexLocations, "global"])]) {
      specs.push({ provider: "gcp", account: project, region, service: "monitoring", ...params });
    }
    specs.push({ provider: "gcp", account: project, region: "global", service: "secretmanager", ...params });
    // Workbench instances are zonal: one shard lists every zone of the project.
    specs.push({ provider: "gcp", account: project, region: "global", service: "notebooks", ...params });
    for (const region of discovery) {
      specs.push({ provider: "gcp", account: project, region, service: "discoveryengine", ...params });
    }
  }
  return specs;
}

/**
 * The project number from Cloud Resource Manager, or undefined when it cannot be read: the
 * scanner then still keys each asset by the project id, and leaves cross-references as Google wrote them.
 */
export async function projectNumber(
  project: string,
  cfg: GcpConfig,
  deps: GcpDeps,
): Promise<string | undefined> {
  if (/^\d+$/.test(project)) return project;
  try {
    const auth = await authClientFor(deps, cfg);
    const { base } = hostFor(cfg, "cloudresourcemanager.googleapis.com");
    const res = await auth.request<{ projectNumber?: string }>({
      url: `${base}/v1/projects/${encodeURIComponent(project)}`,
    });
    return res.data.projectNumber || undefined;
  } catch {
    return undefined;
  }
}

export async function executeGcpShard(
  spec: ShardSpec,
  cfg: GcpConfig,
  ctx: ShardContext,
  deps: GcpDeps = DEFAULT_DEPS,
  settings: ScanSettings = DEFAULT_SETTINGS,
): Promise<ShardOutcome> {
  const execute = EXECUTORS[spec.service];
  if (execute) return execute(spec, cfg, ctx, deps, settings);
  const scope: GcpScope = { project: spec.account, location: spec.region };
  if (spec.params?.projectNumber) scope.projectNumber = spec.params.projectNumber;
  const parent = `projects/${spec.account}/locations/${spec.region}`;
  // gax's own retry is off: retry.ts retries each call through the shard's pacing instead.
  const options = { autoPaginate: false, retry: null };
  // The names a SERVICE_DISABLED error may give this project by (Google uses the number).
  const projects = [spec.account, ...(scope.projectNumber ? [scope.projectNumber] : [])];

  if (spec.service === "apikeys") {
    const client = await apiKeysClient(cfg, deps);
    const keys = await listAll(
      ctx,
      deps,
      projects,
      `list API keys of ${spec.account}`,
      (req: KeysRequest) => client.listKeys(req, options),
      {
        parent,
        pageSize: PAGE_SIZE,
      },
    );
    return { assets: keys.map((k) => apiKey.toAsset(k, scope)), kinds: [apiKey.kind] };
  }
  const shard = { spec, cfg, ctx, deps, scope, projects };
  if (spec.service === "notebooks") return executeNotebooksShard(shard);
  if (spec.service === "discoveryengine") return executeDiscoveryShard(shard);
  if (spec.service !== "vertexai") throw new Error(`unknown GCP service ${spec.service}`);

  const [endpoints, models] = await Promise.all([
    endpointClient(cfg, deps, spec.region),
    modelClient(cfg, deps, spec.region),
  ]);
  const request = { parent, pageSize: PAGE_SIZE };
  // Each kind settles on its own (settle-kinds.ts): a feature not offered in the location is that
  // kind not covered there, and one failing list keeps the kinds listed to the end.
  return settleKinds([
    {
      kind: vertexEndpoint.kind,
      list: async () =>
        (
          await listAll(
            ctx,
            deps,
            projects,
            `list Vertex AI endpoints in ${parent}`,
            (req: EndpointsRequest) => endpoints.listEndpoints(req, options),
            request,
          )
        ).map((e) => vertexEndpoint.toAsset(e, scope)),
    },
    {
      kind: vertexModel.kind,
      list: async () =>
        (
          await listAll(
            ctx,
            deps,
            projects,
            `list Vertex AI models in ${parent}`,
            (req: ModelsRequest) => models.listModels(req, options),
            request,
          )
        ).map((m) => vertexModel.toAsset(m, scope)),
    },
    ...(await moreVertexLists(shard)),
  ]);
}
