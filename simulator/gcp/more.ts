// The newer GCP kinds in Google's REST JSON (field names from the googleapis protos): Vertex AI v1
// tuning jobs, reasoning engines, feature online stores and index endpoints per location; Notebooks
// v2 (Workbench) instances per zone, listable across zones with location "-"; Discovery Engine v1
// engines of a collection. Names carry the project number, as Google's do.
import type { GcpProjectSeed } from "./scenario.ts";

const DEFAULT_TIME = "2025-04-01T08:00:00.000Z";

export interface TuningJobSeed {
  id: string;
  baseModel?: string;
  displayName?: string;
  state?: string;
  /** The tuned model's id in the Model Registry (with its endpoint); absent while running. */
  tunedModel?: string;
  kmsKeyName?: string;
  labels?: Record<string, string>;
  /** Planted in the training examples Google echoes back in tuningDataStats. */
  secret?: string;
}

export interface ReasoningEngineSeed {
  id: string;
  displayName?: string;
  agentFramework?: string;
  serviceAccount?: string;
  env?: Record<string, string>;
  secretEnv?: Record<string, string>;
  kmsKeyName?: string;
  labels?: Record<string, string>;
}

export interface FeatureOnlineStoreSeed {
  id: string;
  storage?: "bigtable" | "optimized";
  privateServiceConnect?: boolean;
  kmsKeyName?: string;
  labels?: Record<string, string>;
}

export interface IndexEndpointSeed {
  id: string;
  displayName?: string;
  publicEndpoint?: boolean;
  network?: string;
  deployedIndexes?: { id: string; index: string; accessLogging?: boolean }[];
  kmsKeyName?: string;
  labels?: Record<string, string>;
}

export interface WorkbenchInstanceSeed {
  name: string;
  zone: string;
  machineType?: string;
  disablePublicIp?: boolean;
  serviceAccount?: string;
  kmsKey?: string;
  gpu?: { type: string; count: number };
  /** VM metadata (startup scripts, tokens): the scanner keeps the keys only. */
  metadata?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface DiscoveryEngineSeed {
  id: string;
  displayName?: string;
  solutionType?: string;
  dataStoreIds?: string[];
  searchTier?: string;
  llm?: boolean;
  /** Planted in commonConfig.companyName, a free-text field the scanner does not copy. */
  secret?: string;
}

/** What a location of Vertex AI holds beyond models and endpoints. */
export interface VertexMoreSeed {
  tuningJobs?: TuningJobSeed[];
  reasoningEngines?: ReasoningEngineSeed[];
  featureOnlineStores?: FeatureOnlineStoreSeed[];
  indexEndpoints?: IndexEndpointSeed[];
}

const encryption = (kmsKeyName: string | undefined) => (kmsKeyName ? { encryptionSpec: { kmsKeyName } } : {});

/** The collection a `/v1/projects/{p}/locations/{l}/{collection}` list asks for, as JSON items. */
export function vertexMore(p: GcpProjectSeed, location: string, collection: string): unknown[] | undefined {
  const here = p.vertex?.[location] ?? {};
  const base = `projects/${p.number}/locations/${location}`;
  switch (collection) {
    case "tuningJobs":
      return (here.tuningJobs ?? []).map((j) => ({
        name: `${base}/tuningJobs/${j.id}`,
        tunedModelDisplayName: j.displayName ?? j.id,
        description: "",
        baseModel: j.baseModel ?? "gemini-2.0-flash-001",
        supervisedTuningSpec: {
          trainingDatasetUri: `gs://tuning-${p.id}/${j.id}/train.jsonl`,
          hyperParameters: { epochCount: "3", learningRateMultiplier: 1 },
        },
        state: j.state ?? (j.tunedModel ? "JOB_STATE_SUCCEEDED" : "JOB_STATE_RUNNING"),
        createTime: DEFAULT_TIME,
        startTime: DEFAULT_TIME,
        ...(j.tunedModel ? { endTime: "2025-04-01T10:00:00.000Z" } : {}),
        updateTime: DEFAULT_TIME,
        labels: j.labels ?? {},
        ...(j.tunedModel
          ? {
              tunedModel: {
                model: `${base}/models/${j.tunedModel}@1`,
                endpoint: `${base}/endpoints/${j.tunedModel}-ep`,
              },
            }
          : {}),
        tuningDataStats: {
          supervisedTuningDataStats: {
            tuningDatasetExampleCount: "120",
            userDatasetExamples: [{ role: "user", parts: [{ text: `example ${j.secret ?? ""}` }] }],
          },
        },
        ...encryption(j.kmsKeyName),
      }));
    case "reasoningEngines":
      return (here.reasoningEngines ?? []).map((r) => ({
        name: `${base}/reasoningEngines/${r.id}`,
        displayName: r.displayName ?? r.id,
        description: "",
        spec: {
          agentFramework: r.agentFramework ?? "langchain",
          packageSpec: {
            pickleObjectGcsUri: `gs://agents-${p.id}/${r.id}/agent.pkl`,
            requirementsGcsUri: `gs://agents-${p.id}/${r.id}/requirements.txt`,
            pythonVersion: "3.11",
          },
          ...(r.serviceAccount ? { serviceAccount: r.serviceAccount } : {}),
          deploymentSpec: {
            env: Object.entries(r.env ?? {}).map(([name, value]) => ({ name, value })),
            secretEnv: Object.entries(r.secretEnv ?? {}).map(([name, secret]) => ({
              name,
              secretRef: { secret: `projects/${p.number}/secrets/${secret}`, version: "latest" },
            })),
          },
        },
        createTime: DEFAULT_TIME,
        updateTime: DEFAULT_TIME,
        etag: "AMEw9yR",
        labels: r.labels ?? {},
        ...encryption(r.kmsKeyName),
      }));
    case "featureOnlineStores":
      return (here.featureOnlineStores ?? []).map((s) => ({
        name: `${base}/featureOnlineStores/${s.id}`,
        createTime: DEFAULT_TIME,
        updateTime: DEFAULT_TIME,
        etag: "AMEw9yF",
        labels: s.labels ?? {},
        state: "STABLE",
        ...(s.storage === "optimized"
          ? { optimized: {} }
          : { bigtable: { autoScaling: { minNodeCount: 1, maxNodeCount: 3, cpuUtilizationTarget: 50 } } }),
        dedicatedServingEndpoint: s.privateServiceConnect
          ? {
              privateServiceConnectConfig: { enablePrivateServiceConnect: true, projectAllowlist: [p.id] },
              serviceAttachment: `projects/tenant/regions/${location}/serviceAttachments/fos-${s.id}`,
            }
          : { publicEndpointDomainName: `${s.id}.${location}-${p.number}.featurestore.vertexai.goog` },
        ...encryption(s.kmsKeyName),
      }));
    case "indexEndpoints":
      return (here.indexEndpoints ?? []).map((e) => ({
        name: `${base}/indexEndpoints/${e.id}`,
        displayName: e.displayName ?? e.id,
        description: "",
        deployedIndexes: (e.deployedIndexes ?? []).map((d) => ({
          id: d.id,
          index: `${base}/indexes/${d.index}`,
          createTime: DEFAULT_TIME,
          enableAccessLogging: d.accessLogging ?? false,
          automaticResources: { minReplicaCount: 2, maxReplicaCount: 2 },
        })),
        etag: "AMEw9yI",
        labels: e.labels ?? {},
        createTime: DEFAULT_TIME,
        updateTime: DEFAULT_TIME,
        ...(e.network ? { network: e.network } : {}),
        ...(e.publicEndpoint
          ? {
              publicEndpointEnabled: true,
              publicEndpointDomainName: `${e.id}.${location}-${p.number}.vdb.vertexai.goog`,
            }
          : {}),
        ...encryption(e.kmsKeyName),
      }));
    default:
      return undefined;
  }
}

/** Workbench instances of one zone, or of every zone for location "-". */
export function workbenchInstances(p: GcpProjectSeed, location: string): unknown[] {
  return (p.workbench ?? [])
    .filter((i) => location === "-" || i.zone === location)
    .map((i) => ({
      name: `projects/${p.id}/locations/${i.zone}/instances/${i.name}`,
      gceSetup: {
        machineType: i.machineType ?? "e2-standard-4",
        ...(i.gpu ? { acceleratorConfigs: [{ type: i.gpu.type, coreCount: String(i.gpu.count) }] } : {}),
        serviceAccounts: [{ email: i.serviceAccount ?? `${p.number}-compute@developer.gserviceaccount.com` }],
        vmImage: { project: "cloud-notebooks-managed", family: "workbench-instances" },
        bootDisk: {
          diskSizeGb: "150",
          diskType: "PD_BALANCED",
          diskEncryption: i.kmsKey ? "CMEK" : "GMEK",
          ...(i.kmsKey ? { kmsKey: i.kmsKey } : {}),
        },
        shieldedInstanceConfig: {
          enableSecureBoot: false,
          enableVtpm: true,
          enableIntegrityMonitoring: true,
        },
        networkInterfaces: [
          {
            network: `projects/${p.id}/global/networks/default`,
            subnet: `projects/${p.id}/regions/${i.zone.replace(/-[a-z]$/, "")}/subnetworks/default`,
            nicType: "GVNIC",
          },
        ],
        disablePublicIp: i.disablePublicIp ?? false,
        metadata: { "proxy-mode": "service_account", ...(i.metadata ?? {}) },
        enableIpForwarding: false,
      },
      proxyUri: `${i.name}-dot-${i.zone}.notebooks.googleusercontent.com`,
      creator: `owner@${p.id}.example.com`,
      state: "ACTIVE",
      id: `${i.name}-uid`,
      healthState: "HEALTHY",
      createTime: DEFAULT_TIME,
      updateTime: DEFAULT_TIME,
      labels: i.labels ?? {},
    }));
}

/** Discovery Engine engines of a project in one location's default collection. */
export function discoveryEngines(p: GcpProjectSeed, location: string, collection: string): unknown[] {
  if (collection !== "default_collection") return [];
  return (p.discoveryEngine?.[location] ?? []).map((e) => ({
    name: `projects/${p.number}/locations/${location}/collections/default_collection/engines/${e.id}`,
    displayName: e.displayName ?? e.id,
    createTime: DEFAULT_TIME,
    updateTime: DEFAULT_TIME,
    dataStoreIds: e.dataStoreIds ?? [`${e.id}-store`],
    solutionType: e.solutionType ?? "SOLUTION_TYPE_SEARCH",
    industryVertical: "GENERIC",
    searchEngineConfig: {
      searchTier: e.searchTier ?? "SEARCH_TIER_ENTERPRISE",
      searchAddOns: e.llm === false ? [] : ["SEARCH_ADD_ON_LLM"],
    },
    commonConfig: { companyName: e.secret ?? "Example" },
  }));
}
