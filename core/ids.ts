// Turns cloud-native ids into the scope (provider, account, region, service) that the
// missing/unverified rule checks against coverage.
import type { Provider } from "./model.ts";

export interface IdScope {
  provider: Provider;
  account: string;
  /** Undefined when the id does not say (Azure ids carry no location). */
  region?: string;
  service: string;
  /** The resource part after the scope, for display. */
  resource: string;
}

const AWS_PARTITIONS = /^aws(-cn|-us-gov|-iso(-[a-z])?|-eusc)?$/;

/** arn:partition:service:region:account:resource — the resource may itself contain `:` and `/`. */
export function parseArn(id: string): IdScope | undefined {
  if (!id.startsWith("arn:")) return undefined;
  const parts = id.split(":");
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (!AWS_PARTITIONS.test(partition) || !service) return undefined;
  return {
    provider: "aws",
    account,
    region: region || "global",
    service,
    resource: parts.slice(5).join(":"),
  };
}

/**
 * /subscriptions/{sub}/resourceGroups/{rg}/providers/{Namespace}/{type}/{name}[/…].
 * Azure ids are case-insensitive: the scope is returned case-folded.
 */
export function parseAzureId(id: string): IdScope | undefined {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/[^/]+)?\/providers\/([^/]+)(\/.*)?$/i.exec(id);
  if (!m) {
    const sub = /^\/subscriptions\/([^/]+)\/?$/i.exec(id);
    return sub
      ? { provider: "azure", account: sub[1]!.toLowerCase(), service: "subscription", resource: "" }
      : undefined;
  }
  const namespace = m[2]!.toLowerCase();
  return {
    provider: "azure",
    account: m[1]!.toLowerCase(),
    service: namespace.startsWith("microsoft.") ? namespace.slice("microsoft.".length) : namespace,
    resource: (m[3] ?? "").replace(/^\//, ""),
  };
}

const GCP_SERVICES: Record<string, string> = {
  "aiplatform.googleapis.com": "vertexai",
  "apikeys.googleapis.com": "apikeys",
};

/** projects/{p}/locations/{l}/… or a full name //service.googleapis.com/projects/…. */
export function parseGcpName(id: string): IdScope | undefined {
  let host: string | undefined;
  let rest = id;
  const full = /^\/\/([^/]+)\/(.*)$/.exec(id);
  if (full) {
    host = full[1]!;
    rest = full[2]!;
  }
  const m = /^projects\/([^/]+)\/locations\/([^/]+)\/([^/]+)(?:\/.*)?$/.exec(rest);
  // Project-level collections without a location (Secret Manager's projects/P/secrets/S) are global.
  const flat = m ? undefined : /^projects\/([^/]+)\/(secrets)\/[^/]+$/.exec(rest);
  if (flat)
    return {
      provider: "gcp",
      account: flat[1]!,
      region: "global",
      service: "secretmanager",
      resource: rest.slice(rest.indexOf("secrets")),
    };
  if (!m) return undefined;
  const collection = m[3]!;
  const service = host
    ? (GCP_SERVICES[host] ?? host.replace(/\.googleapis\.com$/, ""))
    : gcpServiceOf(collection);
  return {
    provider: "gcp",
    account: m[1]!,
    region: m[2]!,
    service,
    resource: rest.slice(rest.indexOf(collection)),
  };
}

/** The scanner service a collection of a relative name belongs to (the host is not in it). */
const GCP_COLLECTIONS: Record<string, string> = {
  keys: "apikeys",
  instances: "notebooks", // Workbench instances (Notebooks API v2)
  collections: "discoveryengine", // Discovery Engine apps: …/collections/{c}/engines/{e}
};

function gcpServiceOf(collection: string): string {
  return GCP_COLLECTIONS[collection] ?? "vertexai";
}

export function parseId(id: string): IdScope | undefined {
  if (id.startsWith("arn:")) return parseArn(id);
  if (id.startsWith("/")) return id.startsWith("//") ? parseGcpName(id) : parseAzureId(id);
  if (id.startsWith("projects/")) return parseGcpName(id);
  return undefined;
}

/**
 * The key two ids are compared by. Azure ids are case-insensitive; a GCP full resource name
 * (//aiplatform.googleapis.com/projects/…) names the same resource as its relative name
 * (projects/…, what the scanners report); a trailing "/" on these path-like ids means nothing.
 * ARNs are compared as written.
 */
export function idKey(id: string): string {
  const relative = gcpRelative(id);
  if (relative !== id || id.startsWith("projects/")) return trimSlash(relative);
  if (id.startsWith("/")) return trimSlash(id.toLowerCase());
  // SageMaker lower-cases the names in its ARNs (endpoint "Fraud-Scorer" has ARN …:endpoint/fraud-scorer),
  // so a declaration written with the resource's own capitals must still find it.
  return SAGEMAKER_ARN.test(id) ? id.toLowerCase() : id;
}

const SAGEMAKER_ARN = /^arn:[^:]+:sagemaker:/;

/** projects/… for a GCP full resource name, else the id unchanged. */
export function gcpRelative(id: string): string {
  // Most ids are ARNs or Azure ids: no regular expression (and no copy) for them.
  if (!id.startsWith("//")) return id;
  return id.replace(/^\/\/[^/]+\/(?=projects\/)/, "");
}

const trimSlash = (id: string) => id.replace(/\/+$/, "");
