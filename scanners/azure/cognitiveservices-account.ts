// Cognitive Services accounts of every AI kind (OpenAI, AIServices, …). Attributes:
//   kind (OpenAI, AIServices…), sku, endpoint, disableLocalAuth (bool: true means keys are refused),
//   publicNetworkAccess ("Enabled"|"Disabled"|null), networkDefaultAction ("Allow"|"Deny"|null),
//   customerManagedKey (bool), keyVaultUri (string|null), privateEndpointCount (number),
//   provisioningState. Keys themselves are never listed (no accounts/listKeys action).
import type { Account } from "@azure/arm-cognitiveservices";
import { z } from "zod";
import type { Asset } from "../../core/model.ts";
import { type AzureDeclaration, isoOrNull, MalformedItem } from "./declaration.ts";

const Required = z.object({ id: z.string().min(1), name: z.string().min(1), location: z.string().min(1) });

export const cognitiveServicesAccount: AzureDeclaration<Account> = {
  service: "cognitiveservices",
  kind: "account",
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
