// Tonight's input by state chunk (projection.ts), so that a run plans, writes and forgets one
// chunk at a time, and a fingerprint of each chunk's content: a chunk whose fingerprint is the
// one its current copy was written with holds tonight's content already, and is neither read,
// decoded, compared nor written. Pure.
import { createHash } from "node:crypto";
import type { Asset, DriftItem, PolicyResult } from "../model.ts";
import { driftIdentity } from "./deltas.ts";
import type { Tonight } from "./plan.ts";
import { chunkOf } from "./projection.ts";

export interface ChunkInput {
  assets: Asset[];
  items: DriftItem[];
  results: PolicyResult[];
  /** Where each of `items` and `results` is in tonight's lists. */
  at: { items: number[]; results: number[] };
}

export interface TonightByChunk {
  chunks: Map<string, ChunkInput>;
  /** The chunk of an asset id (remembered: an asset's items and results share it). */
  chunkOfAsset(assetId: string): string;
}

export function splitTonight(
  assets: readonly Asset[],
  items: readonly DriftItem[],
  results: readonly PolicyResult[],
  depth?: number,
): TonightByChunk {
  const known = new Map<string, string>();
  const chunkOfAsset = (assetId: string) => {
    let id = known.get(assetId);
    if (id === undefined) {
      id = chunkOf({ assetId, identity: "" }, depth);
      known.set(assetId, id);
    }
    return id;
  };
  const chunks = new Map<string, ChunkInput>();
  const of = (id: string) => {
    let c = chunks.get(id);
    if (!c) {
      c = { assets: [], items: [], results: [], at: { items: [], results: [] } };
      chunks.set(id, c);
    }
    return c;
  };
  for (const a of assets) of(chunkOfAsset(a.id)).assets.push(a);
  for (let n = 0; n < items.length; n++) {
    const i = items[n]!;
    const c = of(
      i.assetId !== undefined ? chunkOfAsset(i.assetId) : chunkOf({ identity: driftIdentity(i) }, depth),
    );
    c.items.push(i);
    c.at.items.push(n);
  }
  for (let n = 0; n < results.length; n++) {
    const c = of(chunkOfAsset(results[n]!.assetId));
    c.results.push(results[n]!);
    c.at.results.push(n);
  }
  return { chunks, chunkOfAsset };
}

/**
 * A digest of a chunk's entries: each kind's values, as JSON, in tonight's order (an identity is
 * a function of its value). Equal digests mean equal JSON, so equal canonical JSON (canonicalJson
 * is a function of the JSON), which is what a version compares. The text is JSON.stringify's, in
 * the input's order of entries and of keys: a night that orders either differently only takes
 * the longer way (decode and compare).
 */
export function fingerprint(t: Tonight): string {
  const hash = createHash("sha256");
  for (const list of [t.assets, t.items, t.results]) {
    const values: unknown[] = [];
    for (const e of list.values()) values.push(e.value);
    hash.update(JSON.stringify(values));
    hash.update("\u0000");
  }
  return hash.digest("hex").slice(0, 32);
}
