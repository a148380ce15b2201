// The hot path of reading a snapshot: checks the parsed JSON against the Snapshot schema without
// zod, keeping the parsed objects instead of building a second copy of 100k assets. It accepts only
// what zod accepts and returns what zod would (keys in schema order, defaults filled in); anything
// it is not sure of (a bad field, an unknown key zod would strip) returns undefined, so zod judges
// it and words the error exactly as before. tests/core/snapshot-check.test.ts compares the two.
import { type Asset, Coverage, Provider, type Snapshot } from "./model.ts";

// Asset's keys in schema order (model.ts): zod's output has them in this order.
const ASSET_KEYS = [
  "id",
  "provider",
  "service",
  "kind",
  "account",
  "region",
  "name",
  "createdAt",
  "tags",
  "attributes",
  "detail",
];
const ORDER = new Map(ASSET_KEYS.map((k, i) => [k, i]));
const PROVIDERS = new Set<unknown>(Provider.options);
const COVERAGE = Coverage.array();

export function fastSnapshot(raw: unknown): Snapshot | undefined {
  if (!isRecord(raw) || raw.schemaVersion !== 1 || typeof raw.scannedAt !== "string") return undefined;
  if (!Array.isArray(raw.assets) || !Array.isArray(raw.coverage)) return undefined;
  // Coverage is a few hundred rows: zod itself, which copies little.
  const coverage = COVERAGE.safeParse(raw.coverage);
  if (!coverage.success) return undefined;
  // A new array of the same objects: raw stays as parsed for zod, should an asset fail.
  const assets: Asset[] = new Array(raw.assets.length);
  for (let i = 0; i < assets.length; i++) {
    const a = asset(raw.assets[i]);
    if (a === undefined) return undefined;
    assets[i] = a;
  }
  return { schemaVersion: 1, scannedAt: raw.scannedAt, assets, coverage: coverage.data };
}

/** The asset as zod would return it (the same object when already in that shape), or undefined. */
function asset(a: unknown): Asset | undefined {
  if (!isRecord(a)) return undefined;
  let ordered = true;
  let last = -1;
  for (const k in a) {
    const at = ORDER.get(k);
    if (at === undefined) return undefined; // zod strips unknown keys: let it
    if (at < last) ordered = false;
    last = at;
  }
  if (!(nonEmpty(a.id) && PROVIDERS.has(a.provider) && nonEmpty(a.service) && nonEmpty(a.kind)))
    return undefined;
  if (!(nonEmpty(a.account) && nonEmpty(a.region) && typeof a.name === "string")) return undefined;
  const { createdAt, tags, attributes, detail } = a;
  if (createdAt !== undefined && createdAt !== null && typeof createdAt !== "string") return undefined;
  if (detail !== undefined && detail !== "unavailable") return undefined;
  if (tags !== undefined && !(isRecord(tags) && stringValues(tags))) return undefined;
  if (attributes !== undefined && !(isRecord(attributes) && !Object.hasOwn(attributes, "__proto__")))
    return undefined;
  if (ordered && tags !== undefined && attributes !== undefined) return a as Asset;
  const out: Record<string, unknown> = {};
  for (const k of ASSET_KEYS) {
    if (k === "tags") out.tags = tags ?? {};
    else if (k === "attributes") out.attributes = attributes ?? {};
    else if (Object.hasOwn(a, k)) out[k] = a[k];
  }
  return out as Asset;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !Object.hasOwn(v, "__proto__");
}

function nonEmpty(v: unknown): v is string {
  return typeof v === "string" && v.length > 0;
}

function stringValues(tags: Record<string, unknown>): boolean {
  for (const k in tags) if (typeof tags[k] !== "string") return false;
  return true;
}
