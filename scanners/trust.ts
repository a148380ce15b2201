// What the engine checks on every shard's assets, whatever the cloud (DESIGN.md "Reconcile
// semantics"): an asset that is not a valid Asset is one bad item (a warning); an id naming another
// provider, account, region, partition or service is an answer that cannot be trusted — the shard
// fails, because the shard's real assets would otherwise read as deleted.
import { parseId } from "../core/ids.ts";
import { Asset } from "../core/model.ts";
import type { ShardSpec } from "./engine.ts";

export class ForeignAnswer extends Error {
  override name = "ForeignAnswer";
}

/** The AWS partition a region belongs to. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  return "aws";
}

const fold = (s: string) => s.toLowerCase();

/** Why `id` does not belong to the shard, or undefined when it does. */
export function foreignReason(spec: ShardSpec, id: string): string | undefined {
  const scope = parseId(id);
  if (!scope) return undefined; // unparseable: a bad item, judged by the caller
  if (scope.provider !== spec.provider) return `${id} is not a ${spec.provider} id`;
  if (fold(scope.account) !== fold(spec.account)) return `${id} names account ${scope.account}`;
  if (fold(scope.service) !== fold(spec.service)) return `${id} names service ${scope.service}`;
  if (spec.provider === "azure") return undefined; // Azure shards span every location
  // GCP's zonal Workbench instances are listed across zones by one "global" shard per project.
  if (spec.provider === "gcp" && spec.service === "notebooks" && spec.region === "global") return undefined;
  if (scope.region !== undefined && scope.region !== spec.region) return `${id} names region ${scope.region}`;
  if (spec.provider === "aws") {
    const partition = id.split(":")[1]!;
    const want = spec.params?.partition ?? partitionOf(spec.region === "global" ? "us-east-1" : spec.region);
    if (spec.region !== "global" && partition !== want) return `${id} names partition ${partition}`;
  }
  return undefined;
}

export interface CheckedAssets {
  assets: Asset[];
  warnings: string[];
}

/** Valid assets of this shard, warnings for bad items; throws ForeignAnswer for another scope's ids. */
export function checkAssets(spec: ShardSpec, found: readonly unknown[]): CheckedAssets {
  const assets: Asset[] = [];
  const warnings: string[] = [];
  const foreign: string[] = [];
  found.forEach((raw, i) => {
    const parsed = Asset.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const kind = (raw as { kind?: unknown } | null)?.kind;
      warnings.push(
        `${typeof kind === "string" ? kind : "item"} ${i + 1}: ${issue.path.join(".")}: ${issue.message}`,
      );
      return;
    }
    const asset = parsed.data;
    if (!parseId(asset.id)) {
      warnings.push(`${asset.kind} ${asset.id}: not a ${spec.provider} resource id`);
      return;
    }
    const why = foreignReason(spec, asset.id);
    if (why) foreign.push(why);
    else assets.push(asset);
  });
  if (foreign.length > 0) {
    const more = foreign.length > 1 ? ` (+${foreign.length - 1} more)` : "";
    throw new ForeignAnswer(
      `the answer names resources outside ${spec.provider}/${spec.account}/${spec.region}/${spec.service}: ${foreign[0]}${more}`,
    );
  }
  return { assets, warnings };
}
