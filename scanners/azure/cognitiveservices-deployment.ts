// Model deployments inside a Cognitive Services account. Attributes: modelFormat, modelName,
// modelVersion, skuName, capacity, raiPolicyName, versionUpgradeOption, provisioningState,
// account (the parent account's resource id). Region is the parent account's location.
import type { Deployment } from "@azure/arm-cognitiveservices";
import { z } from "zod";
import type { Asset } from "../../core/model.ts";
import { type AzureDeclaration, isoOrNull, MalformedItem } from "./declaration.ts";

const Required = z.object({ id: z.string().min(1), name: z.string().min(1) });

/** A deployment plus the account it lives in (deployments carry no location of their own). */
export interface DeploymentItem {
  deployment: Deployment;
  accountId: string;
  location: string;
}

export const cognitiveServicesDeployment: AzureDeclaration<DeploymentItem> = {
  service: "cognitiveservices",
  kind: "deployment",
  actions: ["Microsoft.CognitiveServices/accounts/deployments/read"],
  toAsset({ deployment: d, accountId, location }, subscription): Asset {
    const ok = Required.safeParse(d);
    if (!ok.success) throw new MalformedItem(`deployment item without id/name under ${accountId}`);
    const p = d.properties ?? {};
    return {
      id: ok.data.id,
      provider: "azure",
      service: "cognitiveservices",
      kind: "deployment",
      account: subscription,
      region: location,
      name: ok.data.name,
      createdAt: isoOrNull(d.systemData?.createdAt),
      tags: d.tags ?? {},
      attributes: {
        modelFormat: p.model?.format ?? null,
        modelName: p.model?.name ?? null,
        modelVersion: p.model?.version ?? null,
        skuName: d.sku?.name ?? null,
        capacity: d.sku?.capacity ?? null,
        raiPolicyName: p.raiPolicyName ?? null,
        versionUpgradeOption: p.versionUpgradeOption ?? null,
        provisioningState: p.provisioningState ?? null,
        account: accountId,
      },
    };
  },
};
