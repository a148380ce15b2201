// Seeds → ARM JSON, shaped as Microsoft.CognitiveServices api-version 2025-09-01 returns them.
import type { AzureAccountSeed, AzureDeploymentSeed, AzureSubscriptionSeed } from "./scenario.ts";

const PROVIDER = "Microsoft.CognitiveServices";
const DEFAULT_CREATED = "2025-01-15T10:00:00Z";

export function accountId(subscription: string, account: AzureAccountSeed): string {
  return `/subscriptions/${subscription}/resourceGroups/${account.resourceGroup}/providers/${PROVIDER}/accounts/${account.name}`;
}

export function accountJson(subscription: string, a: AzureAccountSeed): Record<string, unknown> {
  const id = accountId(subscription, a);
  const created = a.createdAt ?? DEFAULT_CREATED;
  const privateEndpoints = Array.from({ length: a.privateEndpoints ?? 0 }, (_, i) => ({
    id: `${id}/privateEndpointConnections/pe-${i}`,
    name: `pe-${i}`,
    properties: {
      privateEndpoint: {
        id: `/subscriptions/${subscription}/resourceGroups/${a.resourceGroup}/providers/Microsoft.Network/privateEndpoints/pe-${a.name}-${i}`,
      },
      privateLinkServiceConnectionState: { status: "Approved" },
      provisioningState: "Succeeded",
      groupIds: ["account"],
    },
  }));
  return {
    id,
    name: a.name,
    type: `${PROVIDER}/accounts`,
    kind: a.kind,
    location: a.location,
    sku: { name: a.sku ?? "S0" },
    tags: a.tags ?? {},
    etag: `"${a.name}-etag"`,
    identity: { type: "None" },
    systemData: { createdAt: created, createdBy: "someone@example.com", createdByType: "User" },
    properties: {
      provisioningState: "Succeeded",
      endpoint: `https://${a.name}.${a.kind === "OpenAI" ? "openai.azure.com" : "cognitiveservices.azure.com"}/`,
      customSubDomainName: a.name,
      dateCreated: created,
      disableLocalAuth: a.disableLocalAuth ?? false,
      publicNetworkAccess: a.publicNetworkAccess ?? "Enabled",
      networkAcls: { defaultAction: a.networkDefaultAction ?? "Allow", ipRules: [], virtualNetworkRules: [] },
      ...(a.keyVaultUri
        ? {
            encryption: {
              keySource: "Microsoft.KeyVault",
              keyVaultProperties: { keyName: "cmk", keyVersion: "1", keyVaultUri: a.keyVaultUri },
            },
          }
        : {}),
      privateEndpointConnections: privateEndpoints,
    },
  };
}

export function deploymentJson(subscription: string, a: AzureAccountSeed, d: AzureDeploymentSeed) {
  return {
    id: `${accountId(subscription, a)}/deployments/${d.name}`,
    name: d.name,
    type: `${PROVIDER}/accounts/deployments`,
    sku: { name: d.skuName ?? "Standard", capacity: d.capacity ?? 1 },
    ...(d.tags ? { tags: d.tags } : {}),
    systemData: { createdAt: d.createdAt ?? DEFAULT_CREATED, createdByType: "User" },
    properties: {
      provisioningState: "Succeeded",
      model: { format: d.modelFormat ?? "OpenAI", name: d.modelName, version: d.modelVersion ?? "1" },
      raiPolicyName: d.raiPolicyName ?? "Microsoft.Default",
      versionUpgradeOption: d.versionUpgradeOption ?? "OnceNewDefaultVersionAvailable",
      currentCapacity: d.capacity ?? 1,
    },
  };
}

export function subscriptionJson(s: AzureSubscriptionSeed, tenantId: string) {
  return {
    id: `/subscriptions/${s.id}`,
    subscriptionId: s.id,
    tenantId,
    displayName: s.displayName ?? s.id,
    state: s.state ?? "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01" },
    authorizationSource: "RoleBased",
  };
}

/** ARM's error envelope. */
export function armError(code: string, message: string) {
  return { error: { code, message } };
}
