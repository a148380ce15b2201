// AI Foundry inside Cognitive Services: projects under AI Services accounts, their connections and the
// account's connections (metadata only: a connection's credentials are never copied and its secrets
// never listed, no listsecrets action; the target URL is kept without its query string), and the RAI
// (content filter) policies of OpenAI and AI Services accounts. Other account kinds have none of
// these, so they are not asked (cognitiveservices-shard.ts lists them).
import type { ConnectionPropertiesV2BasicResource, Project, RaiPolicy } from "@azure/arm-cognitiveservices";
import { z } from "zod";
import type { Asset } from "../../core/model.ts";
import { type AzureDeclaration, isoOrNull, MalformedItem } from "./declaration.ts";

const Required = z.object({ id: z.string().min(1), name: z.string().min(1) });

interface Child<T> {
  item: T;
  accountId: string;
  location: string;
  projectId?: string;
}

function base(
  kind: string,
  item: { id?: string; name?: string; tags?: Record<string, string>; systemData?: { createdAt?: Date } },
  subscription: string,
  location: string,
): Omit<Asset, "attributes"> {
  const ok = Required.safeParse(item);
  if (!ok.success) throw new MalformedItem(`${kind} item without id/name`);
  return {
    id: ok.data.id,
    provider: "azure",
    service: "cognitiveservices",
    kind,
    account: subscription,
    region: location,
    name: ok.data.name.split("/").pop()!,
    createdAt: isoOrNull(item.systemData?.createdAt),
    tags: item.tags ?? {},
  };
}

export const foundryProject: AzureDeclaration<Child<Project>> = {
  service: "cognitiveservices",
  kind: "project",
  attributes: {
    displayName: { type: "string|null", doc: "the project's display name" },
    isDefault: { type: "boolean", doc: "the account's default project" },
    identityType: { type: "string|null", doc: "SystemAssigned, UserAssigned, … or null" },
    provisioningState: { type: "string|null", doc: "Succeeded, Creating, Failed…" },
    account: { type: "string", doc: "resource id of the AI Services account" },
  },
  actions: ["Microsoft.CognitiveServices/accounts/projects/read"],
  toAsset({ item, accountId, location }, subscription): Asset {
    const p = item.properties ?? {};
    return {
      ...base("project", item, subscription, item.location ?? location),
      attributes: {
        displayName: p.displayName ?? null,
        isDefault: p.isDefault === true,
        identityType: item.identity?.type ?? null,
        provisioningState: p.provisioningState ?? null,
        account: accountId,
      },
    };
  },
};

export const foundryRaiPolicy: AzureDeclaration<Child<RaiPolicy>> = {
  service: "cognitiveservices",
  kind: "rai-policy",
  attributes: {
    type: { type: "string|null", doc: "SystemManaged (Microsoft.Default…) or UserManaged" },
    mode: { type: "string|null", doc: "Default, Deferred, Blocking, Asynchronous_filter" },
    basePolicyName: { type: "string|null", doc: "the policy it derives from" },
    contentFilters: {
      type: "array",
      doc: "[{name, source (Prompt|Completion), severityThreshold, blocking, enabled}]",
    },
    blocklistCount: { type: "number", doc: "custom blocklists attached" },
    account: { type: "string", doc: "resource id of the account" },
  },
  actions: ["Microsoft.CognitiveServices/accounts/raiPolicies/read"],
  toAsset({ item, accountId, location }, subscription): Asset {
    const p = item.properties ?? {};
    return {
      ...base("rai-policy", item, subscription, location),
      attributes: {
        type: p.type ?? null,
        mode: p.mode ?? null,
        basePolicyName: p.basePolicyName ?? null,
        contentFilters: (p.contentFilters ?? []).map((f) => ({
          name: f.name ?? null,
          source: f.source ?? null,
          severityThreshold: f.severityThreshold ?? null,
          blocking: f.blocking ?? null,
          enabled: f.enabled ?? null,
        })),
        blocklistCount: (p.customBlocklists ?? []).length,
        account: accountId,
      },
    };
  },
};

export const foundryConnection: AzureDeclaration<Child<ConnectionPropertiesV2BasicResource>> = {
  service: "cognitiveservices",
  kind: "connection",
  attributes: {
    category: { type: "string|null", doc: "AzureOpenAI, CognitiveSearch, ApiKey, CustomKeys, AzureBlob…" },
    authType: { type: "string|null", doc: "ApiKey, AAD, ManagedIdentity, AccountKey, None…" },
    target: { type: "string|null", doc: "the service connected to (URL without its query string)" },
    isSharedToAll: { type: "boolean", doc: "shared with every project of the account" },
    expiryTime: { type: "string|null", doc: "ISO time the credential expires; null when none" },
    project: { type: "string|null", doc: "resource id of the project; null for an account connection" },
    account: { type: "string", doc: "resource id of the account" },
  },
  actions: [
    "Microsoft.CognitiveServices/accounts/connections/read",
    "Microsoft.CognitiveServices/accounts/projects/connections/read",
  ],
  toAsset({ item, accountId, location, projectId }, subscription): Asset {
    const p = item.properties;
    return {
      ...base("connection", item, subscription, location),
      attributes: {
        category: p?.category ?? null,
        authType: p?.authType ?? null,
        target: p?.target ? withoutQuery(p.target) : null,
        isSharedToAll: p?.isSharedToAll === true,
        expiryTime: isoOrNull(p?.expiryTime),
        project: projectId ?? null,
        account: accountId,
      },
    };
  },
};

/** A SAS or key can ride in a URL's query: keep scheme, host and path only. */
function withoutQuery(target: string): string {
  const q = target.search(/[?#]/);
  return q >= 0 ? target.slice(0, q) : target;
}
