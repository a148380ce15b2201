// Seeds → Google REST JSON as Vertex AI v1 and API Keys v2 return them. Like the real services,
// resource names carry the project *number*, whatever form the request used.
import type { ApiKeySeed, GcpProjectSeed, VertexEndpointSeed, VertexModelSeed } from "./scenario.ts";

const DEFAULT_TIME = "2025-02-01T09:00:00.000Z";

const encryption = (kmsKeyName: string | undefined) => (kmsKeyName ? { encryptionSpec: { kmsKeyName } } : {});

export function modelJson(
  p: GcpProjectSeed,
  location: string,
  m: VertexModelSeed,
  endpoints: VertexEndpointSeed[],
) {
  const created = m.createTime ?? DEFAULT_TIME;
  const deployedModels = endpoints.flatMap((e) =>
    (e.deployedModels ?? [])
      .filter((d) => d.model === m.id)
      .map((d) => ({
        endpoint: `projects/${p.number}/locations/${location}/endpoints/${e.id}`,
        deployedModelId: d.id,
      })),
  );
  return {
    name: `projects/${p.number}/locations/${location}/models/${m.id}`,
    displayName: m.displayName ?? m.id,
    versionId: m.versionId ?? "1",
    versionAliases: ["default"],
    versionCreateTime: created,
    versionUpdateTime: created,
    createTime: created,
    updateTime: created,
    etag: "AMEw9yP",
    labels: m.labels ?? {},
    supportedDeploymentResourcesTypes: ["DEDICATED_RESOURCES"],
    containerSpec: {
      imageUri: m.containerImage ?? "us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest",
    },
    deployedModels,
    ...encryption(m.kmsKeyName),
  };
}

export function endpointJson(p: GcpProjectSeed, location: string, e: VertexEndpointSeed) {
  const created = e.createTime ?? DEFAULT_TIME;
  const deployed = e.deployedModels ?? [];
  return {
    name: `projects/${p.number}/locations/${location}/endpoints/${e.id}`,
    displayName: e.displayName ?? e.id,
    labels: e.labels ?? {},
    createTime: created,
    updateTime: created,
    etag: "AMEw9yN",
    deployedModels: deployed.map((d) => ({
      id: d.id,
      model: `projects/${p.number}/locations/${location}/models/${d.model}`,
      modelVersionId: "1",
      displayName: d.id,
      createTime: created,
      dedicatedResources: {
        machineSpec: {
          machineType: d.machineType ?? "n1-standard-2",
          ...(d.acceleratorType
            ? { acceleratorType: d.acceleratorType, acceleratorCount: d.acceleratorCount ?? 1 }
            : {}),
        },
        minReplicaCount: d.minReplicaCount ?? 1,
        maxReplicaCount: d.maxReplicaCount ?? d.minReplicaCount ?? 1,
      },
    })),
    trafficSplit: Object.fromEntries(deployed.map((d, i) => [d.id, i === 0 ? 100 : 0])),
    ...(e.network ? { network: e.network } : {}),
    ...(e.privateServiceConnect
      ? {
          privateServiceConnectConfig: {
            enablePrivateServiceConnect: true,
            projectAllowlist: e.privateServiceConnect.projectAllowlist ?? [],
          },
        }
      : {}),
    ...encryption(e.kmsKeyName),
  };
}

/** Never includes keyString: list and get return metadata only. */
export function keyJson(p: GcpProjectSeed, k: ApiKeySeed) {
  const restrictions: Record<string, unknown> = {};
  if (k.browserReferrers) restrictions.browserKeyRestrictions = { allowedReferrers: k.browserReferrers };
  if (k.serverIps) restrictions.serverKeyRestrictions = { allowedIps: k.serverIps };
  if (k.androidPackages) {
    restrictions.androidKeyRestrictions = {
      allowedApplications: k.androidPackages.map((packageName) => ({
        packageName,
        sha1Fingerprint: "DA:39:A3",
      })),
    };
  }
  if (k.iosBundleIds) restrictions.iosKeyRestrictions = { allowedBundleIds: k.iosBundleIds };
  if (k.apiTargets?.length) restrictions.apiTargets = k.apiTargets;
  return {
    name: `projects/${p.number}/locations/global/keys/${k.uid}`,
    uid: k.uid,
    displayName: k.displayName ?? "",
    createTime: k.createTime ?? DEFAULT_TIME,
    updateTime: k.createTime ?? DEFAULT_TIME,
    etag: `W/"${k.uid}"`,
    ...(Object.keys(restrictions).length ? { restrictions } : {}),
  };
}

export function projectJson(p: GcpProjectSeed, version: "v1" | "v3") {
  return version === "v1"
    ? { projectNumber: p.number, projectId: p.id, lifecycleState: "ACTIVE", name: p.id }
    : { name: `projects/${p.number}`, projectId: p.id, state: "ACTIVE", displayName: p.id };
}

const STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
};

/** Google's error envelope. */
export function googleError(code: number, message: string) {
  return { error: { code, message, status: STATUS[code] ?? "UNKNOWN" } };
}

const API_TITLES = {
  aiplatform: "Vertex AI API",
  apikeys: "API Keys API",
  monitoring: "Cloud Monitoring API",
  secretmanager: "Secret Manager API",
  notebooks: "Notebooks API",
  discoveryengine: "Discovery Engine API",
} as const;

/** What Google answers when an API is not enabled in the consumer project (403 + ErrorInfo). */
export function serviceDisabled(p: GcpProjectSeed, api: keyof typeof API_TITLES) {
  const service = `${api}.googleapis.com`;
  const body = googleError(
    403,
    `${API_TITLES[api]} has not been used in project ${p.number} before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/${service}/overview?project=${p.number} then retry.`,
  );
  return {
    error: {
      ...body.error,
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "SERVICE_DISABLED",
          domain: "googleapis.com",
          metadata: { service, consumer: `projects/${p.number}` },
        },
      ],
    },
  };
}
