// Cognitive Services accounts of every AI kind (OpenAI, AIServices, …). Keys themselves are never
// listed (no accounts/listKeys action).
import type { Account } from "@azure/arm-cognitiveservices";
import { z } from "zod";
import type { Asset } from "../../core/model.ts";
import { type AzureDeclaration, isoOrNull, MalformedItem } from "./declaration.ts";

const Required = z.object({ id: z.string().min(1), name: z.string().min(1), location: z.string().min(1) });

export const cognitiveServicesAccount: AzureDeclaration<Account> = {
  service: "cognitiveservices",
  kind: "account",
  attributes: {
    kind: { type: "string|null", doc: "the account kind: OpenAI, AIServices, CognitiveServices…" },
    sku: { type: "string|null", doc: "SKU name (e.g. S0)" },
    endpoint: { type: "string|null", doc: "the account's endpoint URL" },
    disableLocalAuth: { type: "boolean", doc: "true means keys are refused (Entra ID only)" },
    publicNetworkAccess: { type: "string|null", doc: "Enabled, Disabled or null" },
    networkDefaultAction: { type: "string|null", doc: "network ACL default: Allow, Deny or null" },
    customerManagedKey: { type: "boolean", doc: "encrypted with a customer key from Key Vault" },
    keyVaultUri: { type: "string|null", doc: "the Key Vault holding that key; null when Microsoft-managed" },
    privateEndpointCount: { type: "number", doc: "number of private endpoint connections" },
    provisioningState: { type: "string|null", doc: "Succeeded, Creating, Failed…" },
  },
  actions: ["Microsoft.CognitiveServices/accounts/read"],
  toAsset(item, subscription): Asset {
    const ok = Required.safeParse(item);
    if (!ok.success) throw new MalformedItem(`account item without id/name/location in ${subscription}`);
    const p = item.properties ?? {};
    const customerManagedKey = p.encryption?.keySource === "Microsoft.KeyVault";
    return {
      id: ok.data.id,
      provider: "azure",
      service: "cognitiveservices",
      kind: "account",
      account: subscription,
      region: ok.data.location,
      name: ok.data.name,
      createdAt: isoOrNull(item.systemData?.createdAt ?? p.dateCreated),
      tags: item.tags ?? {},
      attributes: {
        kind: item.kind ?? null,
        sku: item.sku?.name ?? null,
        endpoint: p.endpoint ?? null,
        disableLocalAuth: p.disableLocalAuth === true,
        publicNetworkAccess: p.publicNetworkAccess ?? null,
        networkDefaultAction: p.networkAcls?.defaultAction ?? null,
        customerManagedKey,
        keyVaultUri: customerManagedKey ? (p.encryption?.keyVaultProperties?.keyVaultUri ?? null) : null,
        privateEndpointCount: p.privateEndpointConnections?.length ?? 0,
        provisioningState: p.provisioningState ?? null,
      },
    };
  },
};
