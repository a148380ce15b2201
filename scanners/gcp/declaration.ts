// What a GCP scanner declares: the asset kind, the IAM permissions its list call needs (the source
// of `aimscan iam-policy --provider gcp`), and how one REST item becomes an Asset.
import type { Asset } from "../../core/model.ts";
import type { AttributeDocs } from "../attributes.ts";

/** The shard an item was listed in; `projectNumber` (when known) lets references be rewritten. */
export interface GcpScope {
  project: string;
  projectNumber?: string;
  location: string;
}

export interface GcpDeclaration<Item> {
  service: string;
  kind: string;
  /** Every attribute toAsset emits: name → { type, doc } (scanners/attributes.ts). */
  attributes: AttributeDocs;
  permissions: readonly string[];
  toAsset(item: Item, scope: GcpScope): Asset;
}

/**
 * Google names carry the project *number*; assets are keyed by the configured project *id* so that
 * an asset's account, its id and its coverage agree. The item's own name was listed under our
 * project, so its project segment is always ours; other references only when the number matches.
 */
export function ownName(name: string | null | undefined, scope: GcpScope): string {
  return (name ?? "").replace(/^projects\/[^/]+\//, `projects/${scope.project}/`);
}

export function reference(name: string | null | undefined, scope: GcpScope): string | null {
  if (!name) return null;
  if (!scope.projectNumber) return name;
  return name.replace(new RegExp(`^projects/${scope.projectNumber}/`), `projects/${scope.project}/`);
}

export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1);
}

/** protobuf Timestamps arrive as `{seconds, nanos}` (seconds may be a string or a Long). */
export function timestamp(t: { seconds?: unknown; nanos?: number | null } | null | undefined): string | null {
  if (!t || t.seconds === undefined || t.seconds === null) return null;
  const ms = Number(t.seconds) * 1000 + Math.round((t.nanos ?? 0) / 1e6);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export function orNull(value: string | null | undefined): string | null {
  return value ? value : null;
}
