// Model deployments inside a Cognitive Services account. Region is the parent account's location.
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
  attributes: {
    modelFormat: { type: "string|null", doc: "e.g. OpenAI" },
    modelName: { type: "string|null", doc: "e.g. gpt-4o" },
    modelVersion: { type: "string|null", doc: "e.g. 2024-08-06" },
    skuName: { type: "string|null", doc: "deployment type: Standard, GlobalStandard, ProvisionedManaged…" },
    capacity: { type: "number|null", doc: "capacity units (thousands of tokens per minute for Standard)" },
    raiPolicyName: { type: "string|null", doc: "the content filter (RAI policy) applied" },
    versionUpgradeOption: {
      type: "string|null",
      doc: "OnceNewDefaultVersionAvailable, OnceCurrentVersionExpired, NoAutoUpgrade",
    },
    provisioningState: { type: "string|null", doc: "Succeeded, Creating, Failed…" },
    account: { type: "string", doc: "the parent account's resource id" },
  },
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
