// Azure ML (and AI Foundry hub project) online endpoints, their deployments, and serverless endpoints
// (models as a service). Endpoint keys are never requested (no listKeys); the `keys` and property
// dictionary of an endpoint, deployment environment values and inference headers are never copied.
import type { Asset } from "../../core/model.ts";
import type { AzureDeclaration } from "./declaration.ts";
import { type MlResource, mlAsset, mlHelpers } from "./machinelearning-workspace.ts";

const { str, obj } = mlHelpers;

/** An ML child resource plus the workspace (or endpoint) it lives in. */
export interface MlChild {
  item: MlResource;
  parentId: string;
  location: string;
}

export const machineLearningOnlineEndpoint: AzureDeclaration<MlChild> = {
  service: "machinelearningservices",
  kind: "online-endpoint",
  attributes: {
    authMode: { type: "string|null", doc: "Key (static keys), AMLToken or AADToken (Entra ID, key-less)" },
    publicNetworkAccess: { type: "string|null", doc: "Enabled or Disabled (private endpoint only)" },
    traffic: { type: "object", doc: "deployment name → percentage of traffic" },
    computeType: { type: "string|null", doc: "Managed, Kubernetes or AzureMLCompute (the endpoint's kind)" },
    identityType: { type: "string|null", doc: "SystemAssigned, UserAssigned, … or null" },
    provisioningState: { type: "string|null", doc: "Succeeded, Creating, Failed…" },
    workspace: { type: "string", doc: "resource id of the workspace" },
  },
  actions: ["Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read"],
  toAsset({ item, parentId, location }, subscription): Asset {
    const p = obj(item.properties);
    const traffic = Object.fromEntries(
      Object.entries(obj(p.traffic)).filter(([, v]) => typeof v === "number"),
    ) as Record<string, number>;
    return mlAsset("online-endpoint", item, subscription, location, {
      authMode: str(p.authMode),
      publicNetworkAccess: str(p.publicNetworkAccess),
      traffic,
      computeType: str(item.kind),
      identityType: str(item.identity?.type),
      provisioningState: str(p.provisioningState),
      workspace: parentId,
    });
  },
};

export const machineLearningOnlineDeployment: AzureDeclaration<MlChild> = {
  service: "machinelearningservices",
  kind: "online-deployment",
  attributes: {
    computeType: { type: "string|null", doc: "Managed, Kubernetes or AzureMLCompute" },
    instanceType: { type: "string|null", doc: "e.g. Standard_DS3_v2" },
    instanceCount: { type: "number|null", doc: "instances (sku capacity)" },
    model: { type: "string|null", doc: "the model asset id deployed" },
    appInsightsEnabled: { type: "boolean", doc: "request logging to Application Insights" },
    egressPublicNetworkAccess: { type: "string|null", doc: "Enabled or Disabled (secure egress)" },
    environmentKeys: { type: "array", doc: "names of the environment variables (values are never read)" },
    provisioningState: { type: "string|null", doc: "Succeeded, Creating, Failed…" },
    endpoint: { type: "string", doc: "resource id of the online endpoint" },
  },
  actions: ["Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/read"],
  toAsset({ item, parentId, location }, subscription): Asset {
    const p = obj(item.properties);
    return mlAsset("online-deployment", item, subscription, location, {
      computeType: str(p.endpointComputeType),
      instanceType: str(p.instanceType),
      instanceCount: typeof item.sku?.capacity === "number" ? item.sku.capacity : null,
      model: str(p.model),
      appInsightsEnabled: p.appInsightsEnabled === true,
      egressPublicNetworkAccess: str(p.egressPublicNetworkAccess),
      environmentKeys: Object.keys(obj(p.environmentVariables)).sort(),
      provisioningState: str(p.provisioningState),
      endpoint: parentId,
    });
  },
};

export const machineLearningServerlessEndpoint: AzureDeclaration<MlChild> = {
  service: "machinelearningservices",
  kind: "serverless-endpoint",
  attributes: {
    modelId: { type: "string|null", doc: "the catalogue model exposed (azureml://registries/…/models/…)" },
    authMode: { type: "string|null", doc: "Key (the only mode serverless endpoints offer today)" },
    endpointState: { type: "string|null", doc: "Online, Suspended, …" },
    contentSafety: { type: "string|null", doc: "Azure AI Content Safety: Enabled or Disabled" },
    provisioningState: { type: "string|null", doc: "Succeeded, Creating, Failed…" },
    workspace: { type: "string", doc: "resource id of the workspace or project" },
  },
  actions: ["Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/read"],
  toAsset({ item, parentId, location }, subscription): Asset {
    const p = obj(item.properties);
    return mlAsset("serverless-endpoint", item, subscription, location, {
      modelId: str(obj(p.modelSettings).modelId),
      authMode: str(p.authMode),
      endpointState: str(p.endpointState),
      contentSafety: str(obj(p.contentSafety).contentSafetyStatus),
      provisioningState: str(p.provisioningState),
      workspace: parentId,
    });
  },
};

export const machineLearningRegistry: AzureDeclaration<MlResource> = {
  service: "machinelearningservices",
  kind: "registry",
  attributes: {
    publicNetworkAccess: { type: "string|null", doc: "Enabled or Disabled" },
    regions: { type: "array", doc: "locations the registry replicates to" },
    privateEndpointCount: { type: "number", doc: "number of private endpoint connections" },
    identityType: { type: "string|null", doc: "SystemAssigned, UserAssigned, … or null" },
  },
  actions: ["Microsoft.MachineLearningServices/registries/read"],
  toAsset(item, subscription): Asset {
    const p = obj(item.properties);
    const regions = Array.isArray(p.regionDetails)
      ? p.regionDetails.map((r) => str(obj(r).location)).filter((r): r is string => r !== null)
      : [];
    return mlAsset("registry", item, subscription, "global", {
      publicNetworkAccess: str(p.publicNetworkAccess),
      regions,
      privateEndpointCount: Array.isArray(p.registryPrivateEndpointConnections)
        ? p.registryPrivateEndpointConnections.length
        : 0,
      identityType: str(item.identity?.type),
    });
  },
};
