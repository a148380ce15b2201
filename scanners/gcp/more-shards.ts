// Listing of the newer GCP kinds. The Vertex AI ones join the (project, location) vertexai shard;
// Workbench instances get one notebooks shard per project (zonal, listed across zones at once);
// Discovery Engine apps one discoveryengine shard per project and Discovery Engine location.
import type { GcpConfig } from "../../core/model.ts";
import { type ShardContext, type ShardOutcome, ShardPartlyFailed, type ShardSpec } from "../engine.ts";
import type { GcpDeps } from "./clients.ts";
import type { GcpScope } from "./declaration.ts";
import { discoveryEngine } from "./discoveryengine-engine.ts";
import { listAll } from "./list-all.ts";
import {
  engineClient,
  featureOnlineStoreClient,
  indexEndpointClient,
  notebooksClient,
  reasoningEngineClient,
  tuningClient,
} from "./more-clients.ts";
import { workbenchInstance } from "./notebooks-instance.ts";
import type { KindList } from "./settle-kinds.ts";
import { vertexReasoningEngine, vertexTuningJob } from "./vertexai-genai.ts";
import { vertexFeatureOnlineStore, vertexIndexEndpoint } from "./vertexai-serving.ts";

export const MORE_VERTEX = [
  vertexTuningJob,
  vertexReasoningEngine,
  vertexFeatureOnlineStore,
  vertexIndexEndpoint,
];
export const MORE_GCP_DECLARATIONS = [...MORE_VERTEX, workbenchInstance, discoveryEngine] as const;

/** Discovery Engine's own locations; the Vertex regions of `gcp.locations` are not among them. */
export const DISCOVERY_LOCATIONS = ["global", "us", "eu"] as const;

const PAGE_SIZE = 100;

/** What every Google list request has in common. */
interface ListRequest {
  parent?: string | null;
  pageSize?: number | null;
  pageToken?: string | null;
}
// gax's own retry is off: list-all.ts retries each call through the shard's pacing instead.
const OPTIONS = { autoPaginate: false, retry: null };

interface Shard {
  spec: ShardSpec;
  cfg: GcpConfig;
  ctx: ShardContext;
  deps: GcpDeps;
  scope: GcpScope;
  /** The names a SERVICE_DISABLED error may give the project by. */
  projects: string[];
}

/** Tuning jobs, reasoning engines, feature online stores and index endpoints of one location. */
export async function moreVertexLists(s: Shard): Promise<KindList[]> {
  const { cfg, deps, ctx, projects } = s;
  const location = s.spec.region;
  const parent = `projects/${s.spec.account}/locations/${location}`;
  const request = { parent, pageSize: PAGE_SIZE };
  const list = <Req, Item>(
    what: string,
    call: (r: Req) => Promise<[Item[], Req | null | undefined, unknown]>,
  ) => listAll(ctx, deps, projects, `list Vertex AI ${what} in ${parent}`, call, request as Req);
  const [tuning, reasoning, stores, indexes] = await Promise.all([
    tuningClient(cfg, deps, location),
    reasoningEngineClient(cfg, deps, location),
    featureOnlineStoreClient(cfg, deps, location),
    indexEndpointClient(cfg, deps, location),
  ]);
  return [
    {
      kind: vertexTuningJob.kind,
      list: async () =>
        (await list("tuning jobs", (r: ListRequest) => tuning.listTuningJobs(r, OPTIONS))).map((j) =>
          vertexTuningJob.toAsset(j, s.scope),
        ),
    },
    {
      kind: vertexReasoningEngine.kind,
      list: async () =>
        (await list("reasoning engines", (r: ListRequest) => reasoning.listReasoningEngines(r, OPTIONS))).map(
          (e) => vertexReasoningEngine.toAsset(e, s.scope),
        ),
    },
    {
      kind: vertexFeatureOnlineStore.kind,
      list: async () =>
        (
          await list("feature online stores", (r: ListRequest) => stores.listFeatureOnlineStores(r, OPTIONS))
        ).map((f) => vertexFeatureOnlineStore.toAsset(f, s.scope)),
    },
    {
      kind: vertexIndexEndpoint.kind,
      list: async () =>
        (await list("index endpoints", (r: ListRequest) => indexes.listIndexEndpoints(r, OPTIONS))).map((i) =>
          vertexIndexEndpoint.toAsset(i, s.scope),
        ),
    },
  ];
}

/**
 * Workbench instances of every zone of the project (`locations/-`, AIP-159's wildcard). Notebooks v2
 * answers the zones it could not reach in `unreachable` (google/cloud/notebooks/v2/service.proto:
 * "A ListInstancesResponse will only contain either instances or unreachables"): such a listing is
 * incomplete, so the shard fails naming the zones, keeping the instances it did list.
 */
export async function executeNotebooksShard(s: Shard): Promise<ShardOutcome> {
  const client = await notebooksClient(s.cfg, s.deps);
  const parent = `projects/${s.spec.account}/locations/-`;
  const unreachable = new Set<string>();
  const instances = await listAll(
    s.ctx,
    s.deps,
    s.projects,
    `list Workbench instances in ${parent}`,
    (r: ListRequest) => client.listInstances(r, OPTIONS),
    { parent, pageSize: PAGE_SIZE },
    (answer) => {
      for (const zone of (answer as { unreachable?: string[] | null } | null)?.unreachable ?? [])
        unreachable.add(zone);
    },
  );
  const assets = instances.map((i) => workbenchInstance.toAsset(i, s.scope));
  if (unreachable.size > 0)
    throw new ShardPartlyFailed(
      `${workbenchInstance.kind}: list Workbench instances in ${parent}: Google could not reach ${[...unreachable].sort().join(", ")} (the listing is incomplete)`,
      assets,
    );
  return { assets, kinds: [workbenchInstance.kind] };
}

/** Agent Builder / Vertex AI Search apps of the default collection in one Discovery Engine location. */
export async function executeDiscoveryShard(s: Shard): Promise<ShardOutcome> {
  const client = await engineClient(s.cfg, s.deps, s.spec.region);
  const parent = `projects/${s.spec.account}/locations/${s.spec.region}/collections/default_collection`;
  const engines = await listAll(
    s.ctx,
    s.deps,
    s.projects,
    `list Discovery Engine apps in ${parent}`,
    (r: ListRequest) => client.listEngines(r, OPTIONS),
    { parent, pageSize: PAGE_SIZE },
  );
  return { assets: engines.map((e) => discoveryEngine.toAsset(e, s.scope)), kinds: [discoveryEngine.kind] };
}
