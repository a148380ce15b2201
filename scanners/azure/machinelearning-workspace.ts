// Azure Machine Learning workspaces, AI Foundry hubs and hub-based projects (kind Default | Hub |
// Project | FeatureStore), read at api-version 2024-10-01 (arm-raw.ts).
import { z } from "zod";
import type { Asset } from "../../core/model.ts";
import { type AzureDeclaration, isoOrNull, MalformedItem } from "./declaration.ts";

export const MlResource = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  location: z.string().optional(),
  kind: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  identity: z.looseObject({ type: z.string().optional() }).nullish(),
  sku: z.looseObject({ name: z.string().optional(), capacity: z.number().optional() }).nullish(),
  systemData: z.looseObject({ createdAt: z.string().optional() }).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});
export type MlResource = z.infer<typeof MlResource>;

/** Validates an ARM item at the edge: an item without id/name fails the shard, never vanishes. */
export function mlItem(raw: unknown, what: string): MlResource {
  const ok = MlResource.safeParse(raw);
  if (!ok.success) throw new MalformedItem(`${what} item without id/name`);
  return ok.data;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export function mlAsset(
  kind: string,
  r: MlResource,
  subscription: string,
  location: string,
  attributes: Record<string, unknown>,
): Asset {
  return {
    id: r.id,
    provider: "azure",
    service: "machinelearningservices",
    kind,
    account: subscription,
    region: r.location ?? location,
    name: r.name,
    createdAt: isoOrNull(r.systemData?.createdAt),
    tags: r.tags ?? {},
    attributes,
  };
}

export const mlHelpers = { str, obj };

export const machineLearningWorkspace: AzureDeclaration<MlResource> = {
  service: "machinelearningservices",
  kind: "workspace",
  attributes: {
    kind: {
      type: "string|null",
      doc: "Default (classic workspace), Hub (AI Foundry hub), Project (hub project), FeatureStore",
    },
    hubId: { type: "string|null", doc: "the hub a Project belongs to; null otherwise" },
    publicNetworkAccess: { type: "string|null", doc: "Enabled or Disabled" },
    customerManagedKey: { type: "boolean", doc: "encrypted with a customer key (encryption status Enabled)" },
    keyVaultKeyId: { type: "string|null", doc: "the customer key's identifier; null when Microsoft-managed" },
    managedNetworkIsolation: {
      type: "string|null",
      doc: "Disabled, AllowInternetOutbound or AllowOnlyApprovedOutbound; null when unset",
    },
    privateEndpointCount: { type: "number", doc: "number of private endpoint connections" },
    hbiWorkspace: { type: "boolean", doc: "high business impact: reduced diagnostic data" },
    identityType: { type: "string|null", doc: "SystemAssigned, UserAssigned, … or null" },
    provisioningState: { type: "string|null", doc: "Succeeded, Creating, Failed…" },
  },
  actions: ["Microsoft.MachineLearningServices/workspaces/read"],
  toAsset(raw, subscription): Asset {
    const p = obj(raw.properties);
    const encryption = obj(p.encryption);
    return mlAsset("workspace", raw, subscription, "global", {
      kind: str(raw.kind),
      hubId: str(p.hubResourceId),
      publicNetworkAccess: str(p.publicNetworkAccess),
      customerManagedKey: encryption.status === "Enabled",
      keyVaultKeyId: str(obj(encryption.keyVaultProperties).keyIdentifier),
      managedNetworkIsolation: str(obj(p.managedNetwork).isolationMode),
      privateEndpointCount: Array.isArray(p.privateEndpointConnections)
        ? p.privateEndpointConnections.length
        : 0,
      hbiWorkspace: p.hbiWorkspace === true,
      identityType: str(raw.identity?.type),
      provisioningState: str(p.provisioningState),
    });
  },
};
