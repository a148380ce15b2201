// The simulated Google Cloud estate: projects (id and number) with Vertex AI models and endpoints
// per location, and API keys. Plain data so scenario files can carry it.

import type { DiscoveryEngineSeed, VertexMoreSeed, WorkbenchInstanceSeed } from "./more.ts";
import type { GcpModelUsageSeed, GcpSecretSeed } from "./usage.ts";

export interface VertexModelSeed {
  id: string;
  displayName?: string;
  versionId?: string;
  /** Customer-managed encryption key; absent: Google-managed. */
  kmsKeyName?: string;
  labels?: Record<string, string>;
  createTime?: string;
  containerImage?: string;
}

export interface VertexDeployedModelSeed {
  id: string;
  /** The model's id in the same project and location. */
  model: string;
  machineType?: string;
  acceleratorType?: string;
  acceleratorCount?: number;
  minReplicaCount?: number;
  maxReplicaCount?: number;
}

export interface VertexEndpointSeed {
  id: string;
  displayName?: string;
  labels?: Record<string, string>;
  kmsKeyName?: string;
  /** VPC peering network (projects/{number}/global/networks/{name}). */
  network?: string;
  privateServiceConnect?: { projectAllowlist?: string[] };
  deployedModels?: VertexDeployedModelSeed[];
  createTime?: string;
}

export interface ApiKeySeed {
  uid: string;
  displayName?: string;
  createTime?: string;
  /** Absent or empty: the key may call every enabled API. */
  apiTargets?: { service: string; methods?: string[] }[];
  browserReferrers?: string[];
  serverIps?: string[];
  androidPackages?: string[];
  iosBundleIds?: string[];
  /** The secret itself: only getKeyString returns it, and the scanner must never call that. */
  keyString?: string;
}

export interface GcpProjectSeed {
  id: string;
  number: string;
  /** APIs not enabled in the project: their calls answer 403 SERVICE_DISABLED, as Google's do. */
  disabledApis?: (
    | "aiplatform"
    | "apikeys"
    | "monitoring"
    | "secretmanager"
    | "notebooks"
    | "discoveryengine"
  )[];
  vertex?: Record<string, { models?: VertexModelSeed[]; endpoints?: VertexEndpointSeed[] } & VertexMoreSeed>;
  apiKeys?: ApiKeySeed[];
  /** Publisher-model calls Cloud Monitoring reports (Vertex AI model_invocation_count, token_count). */
  modelUsage?: GcpModelUsageSeed[];
  /** Secret Manager secrets (metadata through ListSecrets; the payload only through :access). */
  secrets?: GcpSecretSeed[];
  /** Vertex AI Workbench instances (zonal). */
  workbench?: WorkbenchInstanceSeed[];
  /** Agent Builder / Vertex AI Search apps per Discovery Engine location (global, us, eu). */
  discoveryEngine?: Record<string, DiscoveryEngineSeed[]>;
}

export interface GcpScenario {
  projects: GcpProjectSeed[];
}

/** A generated estate of `projects × locations × endpoints` (one model per endpoint). */
export function generateGcpScenario(shape: {
  projects: number;
  locations: readonly string[];
  endpointsPerLocation: number;
  keysPerProject?: number;
}): GcpScenario {
  const projects: GcpProjectSeed[] = [];
  for (let p = 1; p <= shape.projects; p++) {
    const vertex: NonNullable<GcpProjectSeed["vertex"]> = {};
    for (const location of shape.locations) {
      const models: VertexModelSeed[] = [];
      const endpoints: VertexEndpointSeed[] = [];
      for (let e = 0; e < shape.endpointsPerLocation; e++) {
        const model = String(9000 + e);
        models.push({ id: model, displayName: `model-${e}`, labels: { team: `t${e % 4}` } });
        endpoints.push({
          id: String(1000 + e),
          displayName: `endpoint-${e}`,
          labels: { team: `t${e % 4}` },
          ...(e % 5 === 0
            ? { kmsKeyName: `projects/p${p}/locations/${location}/keyRings/r/cryptoKeys/k` }
            : {}),
          deployedModels: [{ id: `d${e}`, model, machineType: "n1-standard-4", minReplicaCount: 1 }],
        });
      }
      vertex[location] = { models, endpoints };
    }
    const apiKeys: ApiKeySeed[] = Array.from({ length: shape.keysPerProject ?? 2 }, (_, k) => ({
      uid: `key-${p}-${k}`,
      displayName: `key ${k}`,
      ...(k % 2 === 1 ? { apiTargets: [{ service: "maps-backend.googleapis.com" }] } : {}),
    }));
    projects.push({ id: `project-${p}`, number: String(100000000000 + p), vertex, apiKeys });
  }
  return { projects };
}
