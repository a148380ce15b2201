// Azure Machine Learning (api-version 2024-10-01) and AI Foundry under Cognitive Services (projects,
// connections, RAI policies), as the azure-rest-api-specs examples shape them: workspaces of kind
// Default | Hub | Project, online endpoints and deployments, serverless endpoints, registries.
// Answers every GET this file knows; anything else is left to the caller (undefined).
import type { AzureAccountSeed, AzureSubscriptionSeed } from "./scenario.ts";

const DEFAULT_CREATED = "2025-03-01T10:00:00Z";

export interface AzureConnectionSeed {
  name: string;
  category?: string;
  authType?: string;
  target?: string;
  isSharedToAll?: boolean;
  /** The credential ARM keeps (credentials.key); a canary: scanners must never copy it. */
  secret?: string;
}

export interface AzureFoundrySeed {
  projects?: {
    name: string;
    displayName?: string;
    isDefault?: boolean;
    secret?: string;
    connections?: AzureConnectionSeed[];
  }[];
  connections?: AzureConnectionSeed[];
  raiPolicies?: {
    name: string;
    mode?: string;
    basePolicyName?: string;
    contentFilters?: {
      name: string;
      source: "Prompt" | "Completion";
      severityThreshold?: string;
      blocking?: boolean;
      enabled?: boolean;
    }[];
    blocklists?: string[];
  }[];
}

export interface AzureMlSeed {
  workspaces?: {
    name: string;
    resourceGroup: string;
    location: string;
    kind?: "Default" | "Hub" | "Project" | "FeatureStore";
    /** For a Project: the hub workspace's name (same resource group). */
    hub?: string;
    publicNetworkAccess?: "Enabled" | "Disabled";
    cmkKeyId?: string;
    isolationMode?: "Disabled" | "AllowInternetOutbound" | "AllowOnlyApprovedOutbound";
    tags?: Record<string, string>;
    createdAt?: string;
    onlineEndpoints?: {
      name: string;
      authMode?: "Key" | "AMLToken" | "AADToken";
      publicNetworkAccess?: "Enabled" | "Disabled";
      traffic?: Record<string, number>;
      /** Planted in the endpoint's `keys` (always null on the real API) and property dictionary. */
      secret?: string;
      deployments?: {
        name: string;
        instanceType?: string;
        instanceCount?: number;
        model?: string;
        environment?: Record<string, string>;
        appInsights?: boolean;
      }[];
    }[];
    serverlessEndpoints?: {
      name: string;
      modelId: string;
      contentSafety?: "Enabled" | "Disabled";
      secret?: string;
    }[];
  }[];
  registries?: {
    name: string;
    resourceGroup: string;
    location: string;
    regions?: string[];
    publicNetworkAccess?: "Enabled" | "Disabled";
    secret?: string;
  }[];
}

type Page = (items: unknown[]) => unknown;
const ML = "Microsoft.MachineLearningServices";
const system = (createdAt?: string) => ({ createdAt: createdAt ?? DEFAULT_CREATED, createdByType: "User" });

export function handleMl(path: string, sub: AzureSubscriptionSeed, page: Page): unknown | undefined {
  const s = sub.id;
  const ml = sub.ml ?? {};
  const wsId = (w: { resourceGroup: string; name: string }) =>
    `/subscriptions/${s}/resourceGroups/${w.resourceGroup}/providers/${ML}/workspaces/${w.name}`;
  const base = `/subscriptions/${s.toLowerCase()}/providers/microsoft.machinelearningservices`;
  if (path === `${base}/workspaces`) {
    return page(
      (ml.workspaces ?? []).map((w) => ({
        id: wsId(w),
        name: w.name,
        type: `${ML}/workspaces`,
        kind: w.kind ?? "Default",
        location: w.location,
        tags: w.tags ?? {},
        identity: {
          type: "SystemAssigned",
          principalId: "00000000-0000-0000-0000-00000000000a",
          tenantId: "00000000-0000-4000-9000-000000000001",
        },
        sku: { name: "Basic", tier: "Basic" },
        systemData: system(w.createdAt),
        properties: {
          friendlyName: w.name,
          provisioningState: "Succeeded",
          keyVault: `/subscriptions/${s}/resourceGroups/${w.resourceGroup}/providers/Microsoft.KeyVault/vaults/kv-${w.name}`,
          storageAccount: `/subscriptions/${s}/resourceGroups/${w.resourceGroup}/providers/Microsoft.Storage/storageAccounts/st${w.name.replace(/[^a-z0-9]/gi, "")}`,
          publicNetworkAccess: w.publicNetworkAccess ?? "Enabled",
          encryption: w.cmkKeyId
            ? {
                status: "Enabled",
                keyVaultProperties: {
                  keyVaultArmId: "/subscriptions/x/vaults/kv",
                  keyIdentifier: w.cmkKeyId,
                },
              }
            : undefined,
          managedNetwork: { isolationMode: w.isolationMode ?? "Disabled", status: { status: "Active" } },
          hubResourceId:
            w.kind === "Project" && w.hub ? wsId({ resourceGroup: w.resourceGroup, name: w.hub }) : undefined,
          hbiWorkspace: false,
          privateEndpointConnections: [],
          v1LegacyMode: false,
        },
      })),
    );
  }
  if (path === `${base}/registries`) {
    return page(
      (ml.registries ?? []).map((r) => ({
        id: `/subscriptions/${s}/resourceGroups/${r.resourceGroup}/providers/${ML}/registries/${r.name}`,
        name: r.name,
        type: `${ML}/registries`,
        location: r.location,
        tags: {},
        identity: { type: "SystemAssigned" },
        systemData: system(),
        properties: {
          discoveryUrl: `https://${r.location}.api.azureml.ms/registrymanagement/v1.0/registries/${r.name}/discovery?sig=${r.secret ?? "x"}`,
          publicNetworkAccess: r.publicNetworkAccess ?? "Enabled",
          regionDetails: (r.regions ?? [r.location]).map((location) => ({
            location,
            acrDetails: [],
            storageAccountDetails: [],
          })),
          registryPrivateEndpointConnections: [],
        },
      })),
    );
  }
  const m =
    /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)\/providers\/microsoft\.machinelearningservices\/workspaces\/([^/]+)\/(onlineendpoints|serverlessendpoints)(?:\/([^/]+)\/deployments)?$/.exec(
      path,
    );
  if (!m) return undefined;
  const ws = (ml.workspaces ?? []).find(
    (w) => w.resourceGroup.toLowerCase() === m[1] && w.name.toLowerCase() === m[2],
  );
  if (!ws) return undefined;
  if (m[3] === "serverlessendpoints") {
    return page(
      (ws.serverlessEndpoints ?? []).map((e) => ({
        id: `${wsId(ws)}/serverlessEndpoints/${e.name}`,
        name: e.name,
        type: `${ML}/workspaces/serverlessEndpoints`,
        location: ws.location,
        kind: "ServerlessEndpoint",
        sku: { name: "Consumption" },
        systemData: system(),
        properties: {
          authMode: "Key",
          modelSettings: { modelId: e.modelId },
          inferenceEndpoint: {
            uri: `https://${e.name}.${ws.location}.models.ai.azure.com`,
            headers: { "x-api-key": e.secret ?? "" },
          },
          provisioningState: "Succeeded",
          endpointState: "Online",
          contentSafety: { contentSafetyStatus: e.contentSafety ?? "Enabled" },
        },
      })),
    );
  }
  if (!m[4]) {
    return page(
      (ws.onlineEndpoints ?? []).map((e) => ({
        id: `${wsId(ws)}/onlineEndpoints/${e.name}`,
        name: e.name,
        type: `${ML}/workspaces/onlineEndpoints`,
        location: ws.location,
        kind: "Managed",
        tags: {},
        identity: { type: "SystemAssigned" },
        systemData: system(),
        properties: {
          authMode: e.authMode ?? "Key",
          description: "",
          keys: e.secret ? { primaryKey: e.secret, secondaryKey: e.secret } : null,
          properties: e.secret ? { scoringToken: e.secret } : {},
          scoringUri: `https://${e.name}.${ws.location}.inference.ml.azure.com/score`,
          swaggerUri: `https://${e.name}.${ws.location}.inference.ml.azure.com/swagger.json`,
          provisioningState: "Succeeded",
          publicNetworkAccess: e.publicNetworkAccess ?? "Enabled",
          traffic:
            e.traffic ?? Object.fromEntries((e.deployments ?? []).slice(0, 1).map((d) => [d.name, 100])),
        },
      })),
    );
  }
  const ep = (ws.onlineEndpoints ?? []).find((e) => e.name.toLowerCase() === m[4]);
  if (!ep) return undefined;
  return page(
    (ep.deployments ?? []).map((d) => ({
      id: `${wsId(ws)}/onlineEndpoints/${ep.name}/deployments/${d.name}`,
      name: d.name,
      type: `${ML}/workspaces/onlineEndpoints/deployments`,
      location: ws.location,
      kind: "Managed",
      sku: { name: "Default", tier: "Standard", capacity: d.instanceCount ?? 1 },
      systemData: system(),
      properties: {
        endpointComputeType: "Managed",
        instanceType: d.instanceType ?? "Standard_DS3_v2",
        model: d.model ?? `azureml://registries/azureml/models/${ep.name}/versions/1`,
        environmentVariables: d.environment ?? {},
        appInsightsEnabled: d.appInsights ?? false,
        egressPublicNetworkAccess: "Enabled",
        provisioningState: "Succeeded",
        scaleSettings: { scaleType: "Default" },
      },
    })),
  );
}

const connectionJson = (parent: string, c: AzureConnectionSeed) => ({
  id: `${parent}/connections/${c.name}`,
  name: c.name,
  type: "Microsoft.CognitiveServices/accounts/connections",
  systemData: system(),
  properties: {
    authType: c.authType ?? "ApiKey",
    category: c.category ?? "AzureOpenAI",
    target: c.target ?? "https://example.openai.azure.com/",
    isSharedToAll: c.isSharedToAll ?? false,
    metadata: { ApiType: "Azure" },
    ...((c.authType ?? "ApiKey") === "ApiKey" ? { credentials: { key: c.secret ?? "" } } : {}),
  },
});

/** Foundry children of one Cognitive Services account: `rest` is what follows the account's path. */
export function handleFoundry(
  accountId: string,
  a: AzureAccountSeed,
  rest: string,
  page: Page,
): unknown | undefined {
  if (rest === "/projects") {
    return page(
      (a.projects ?? []).map((p) => ({
        id: `${accountId}/projects/${p.name}`,
        name: p.name,
        type: "Microsoft.CognitiveServices/accounts/projects",
        location: a.location,
        identity: { type: "SystemAssigned" },
        tags: {},
        systemData: system(),
        properties: {
          provisioningState: "Succeeded",
          displayName: p.displayName ?? p.name,
          description: p.secret ?? "",
          endpoints: { "AI Foundry API": `https://${a.name}.services.ai.azure.com/api/projects/${p.name}` },
          isDefault: p.isDefault ?? false,
        },
      })),
    );
  }
  if (rest === "/connections") return page((a.connections ?? []).map((c) => connectionJson(accountId, c)));
  const pc = /^\/projects\/([^/]+)\/connections$/.exec(rest);
  if (pc) {
    const project = (a.projects ?? []).find((p) => p.name.toLowerCase() === pc[1]);
    if (!project) return undefined;
    return page(
      (project.connections ?? []).map((c) => connectionJson(`${accountId}/projects/${project.name}`, c)),
    );
  }
  if (rest === "/raipolicies") {
    return page(
      (a.raiPolicies ?? []).map((r) => ({
        id: `${accountId}/raiPolicies/${r.name}`,
        name: r.name,
        type: "Microsoft.CognitiveServices/accounts/raiPolicies",
        systemData: system(),
        properties: {
          type: "UserManaged",
          mode: r.mode ?? "Blocking",
          basePolicyName: r.basePolicyName ?? "Microsoft.DefaultV2",
          contentFilters: (r.contentFilters ?? []).map((f) => ({
            name: f.name,
            source: f.source,
            severityThreshold: f.severityThreshold ?? "Medium",
            blocking: f.blocking ?? true,
            enabled: f.enabled ?? true,
          })),
          customBlocklists: (r.blocklists ?? []).map((blocklistName) => ({
            blocklistName,
            blocking: true,
            source: "Prompt",
          })),
        },
      })),
    );
  }
  return undefined;
}
