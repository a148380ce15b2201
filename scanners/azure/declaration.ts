// What an Azure scanner declares: the asset kind it yields, the ARM actions it needs (the source
// of `aimscan iam-policy --provider azure`), and how one ARM item becomes an Asset.
import type { Asset } from "../../core/model.ts";
import type { AttributeDocs } from "../attributes.ts";

export interface AzureDeclaration<Item> {
  service: string;
  kind: string;
  /** Every attribute toAsset emits: name → { type, doc } (scanners/attributes.ts). */
  attributes: AttributeDocs;
  /** Role-definition actions the list calls need. */
  actions: readonly string[];
  toAsset(item: Item, subscription: string): Asset;
}

/** ARM timestamps arrive as Date (systemData) or ISO strings (properties.dateCreated). */
export function isoOrNull(value: Date | string | undefined | null): string | null {
  if (value === undefined || value === null) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Thrown when ARM returns an item without the fields an asset needs: the shard fails loudly. */
export class MalformedItem extends Error {
  override name = "MalformedItem";
}
