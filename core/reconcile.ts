// The heart of aimscan: declared inventory × observed snapshot → drift items (DESIGN.md,
// "Reconcile semantics"). Pure and deterministic. Exact ids are looked up in a map and
// selectors in buckets keyed by the equality fields they use, so the cost is not assets × entries.
import {
  type CoverageScope,
  coversScope,
  describeRecord,
  describeScope,
  verifiesAbsence,
} from "./coverage.ts";
import { compareExpect } from "./expect.ts";
import { globMatch, isGlob, literalPrefix } from "./glob.ts";
import { gcpRelative, idKey, parseId } from "./ids.ts";
import type {
  Asset,
  Coverage,
  DriftItem,
  DriftReport,
  DriftStatus,
  Inventory,
  LoadedEntry,
  LoadedSystem,
  Selector,
  Snapshot,
} from "./model.ts";
import { DriftStatus as DriftStatusSchema } from "./model.ts";

export interface ReconcileOptions {
  runId?: string;
  now?: Date;
  /** The snapshot's assets by idKey, one per id, as readSnapshotWithIds returns them: saves a pass. */
  ids?: ReadonlyMap<string, Asset>;
}

interface Claim {
  system: LoadedSystem;
  entry: LoadedEntry;
}

const SCOPE_FIELDS = ["provider", "service", "kind", "account", "region"] as const;
type ScopeField = (typeof SCOPE_FIELDS)[number];

const fold = (s: string) => s.toLowerCase();

export function reconcile(
  inventory: Inventory,
  snapshot: Snapshot,
  options: ReconcileOptions = {},
): DriftReport {
  const index = new AssetIndex(snapshot.assets, options.ids);
  const assets = index.assets;
  const claims = new Map<Asset, Claim[]>();
  const items: DriftItem[] = [];

  for (const system of inventory.systems) {
    for (const entry of system.assets) {
      const found = entry.id !== undefined ? index.byId(entry.id) : index.select(entry.match!);
      for (const asset of found) {
        const list = claims.get(asset);
        if (list) list.push({ system, entry });
        else claims.set(asset, [{ system, entry }]);
      }
      // An ambiguous asset still counts towards each claiming entry's minimum.
      const min = entry.minCount ?? 1;
      if (found.length < min) items.push(shortfall(system, entry, found.length, min, snapshot.coverage));
    }
  }

  for (const asset of assets) {
    const list = claims.get(asset);
    const view = {
      provider: asset.provider,
      service: asset.service,
      kind: asset.kind,
      account: asset.account,
      region: asset.region,
      name: asset.name,
    };
    if (!list) {
      items.push({ status: "undeclared", assetId: asset.id, asset: view });
      continue;
    }
    const first = list[0]!;
    // One claim (the common case) needs no set of systems and no list of diff lists.
    if (list.length > 1 && list.some((c) => c.system !== first.system)) {
      const systems = [...new Set(list.map((c) => c.system.id))].sort();
      if (systems.length > 1) {
        items.push({ status: "ambiguous", assetId: asset.id, systems, asset: view });
        continue;
      }
    }
    const diffs =
      list.length === 1
        ? first.entry.expect
          ? compareExpect(first.entry.expect, asset)
          : []
        : list.flatMap((c) => (c.entry.expect ? compareExpect(c.entry.expect, asset) : []));
    // Keys in this order (JSON output shows them so); absent ones are not set at all.
    const item: DriftItem = { status: diffs.length > 0 ? "changed" : "matched", assetId: asset.id };
    item.systemId = first.system.id;
    if (first.entry.source) item.source = first.entry.source;
    if (diffs.length > 0) item.diffs = list.length === 1 ? diffs : uniqueDiffs(diffs);
    item.asset = view;
    items.push(item);
  }

  sortItems(items);
  const counts = new Map<DriftStatus, number>();
  for (const i of items) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  const count = (s: DriftStatus) => counts.get(s) ?? 0;
  return {
    runId: options.runId ?? "adhoc",
    generatedAt: (options.now ?? new Date()).toISOString(),
    summary: {
      observed: assets.length,
      matched: count("matched"),
      changed: count("changed"),
      undeclared: count("undeclared"),
      ambiguous: count("ambiguous"),
      missing: count("missing"),
      unverified: count("unverified"),
    },
    items,
    coverage: snapshot.coverage,
    policyResults: [],
  };
}

const STATUS_ORDER = new Map(DriftStatusSchema.options.map((s, i) => [s, i]));

/**
 * Status, then id, then system and declaration line: the same input always prints the same way.
 * Items are first split by status (in their order) and each part sorted by the rest, which gives
 * the order of the one comparison over all keys at a fraction of its cost (no status look-ups per
 * comparison; a part already in order is only checked).
 */
export function sortItems(items: DriftItem[]): DriftItem[] {
  const parts: DriftItem[][] = DriftStatusSchema.options.map(() => []);
  for (const i of items) parts[STATUS_ORDER.get(i.status)!]!.push(i);
  let k = 0;
  for (const part of parts) {
    if (!inOrder(part)) part.sort(byIdThenEntry);
    for (const i of part) items[k++] = i;
  }
  return items;
}

function byIdThenEntry(a: DriftItem, b: DriftItem): number {
  const x = a.assetId ?? "";
  const y = b.assetId ?? "";
  if (x !== y) return x < y ? -1 : 1;
  return (
    cmp(a.systemId ?? "", b.systemId ?? "") ||
    cmp(a.source?.file ?? "", b.source?.file ?? "") ||
    (a.source?.line ?? 0) - (b.source?.line ?? 0)
  );
}

function inOrder(part: DriftItem[]): boolean {
  for (let i = 1; i < part.length; i++) if (byIdThenEntry(part[i - 1]!, part[i]!) > 0) return false;
  return true;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One asset per id (Azure ids compared case-folded), by idKey; the first occurrence wins. */
export function assetsById(assets: readonly Asset[]): Map<string, Asset> {
  const ids = new Map<string, Asset>();
  for (const a of assets) {
    const key = idKey(a.id);
    if (!ids.has(key)) ids.set(key, a);
  }
  return ids;
}

/** One asset per id, in their order (the list itself when no id repeats). */
export function uniqueAssets(assets: Asset[], ids = assetsById(assets)): Asset[] {
  return ids.size === assets.length ? assets : [...ids.values()];
}

function uniqueDiffs<T extends { path: string }>(diffs: T[]): T[] {
  const seen = new Set<string>();
  return diffs.filter((d) => !seen.has(d.path) && seen.add(d.path));
}

/** An entry short of its minimum is `missing` only if every shard in its scope was scanned ok. */
function shortfall(
  system: LoadedSystem,
  entry: LoadedEntry,
  found: number,
  minCount: number,
  coverage: Coverage[],
): DriftItem {
  const base = {
    ...(entry.id !== undefined ? { assetId: entry.id } : {}),
    systemId: system.id,
    ...(entry.source ? { source: entry.source } : {}),
    found,
    minCount,
  };
  const scope = entryScope(entry);
  if (!scope) return { status: "unverified", ...base, reason: `cannot tell the scope of id ${entry.id}` };
  const inScope = coverage.filter((c) => coversScope(c, scope));
  if (inScope.length === 0) {
    return { status: "unverified", ...base, reason: `not in the scan: ${describeScope(scope)}` };
  }
  const bad = inScope.filter((c) => !verifiesAbsence(c));
  if (bad.length > 0) {
    const list = bad.slice(0, 3).map(describeRecord).join("; ");
    return {
      status: "unverified",
      ...base,
      reason: bad.length > 3 ? `${list}; +${bad.length - 3} more` : list,
    };
  }
  // Declared use of a model that saw no invocations in the window: the decommissioning evidence
  // (ISO 42001 A.6.2.6) is this `missing` item, flagged idle; model-usage assets exist only for
  // models that were invoked, so an entry that claims none is exactly "declared but idle".
  if (scope.kind === "model-usage")
    return { status: "missing", ...base, reason: "idle: no invocations in the usage window" };
  return { status: "missing", ...base };
}

function entryScope(entry: LoadedEntry): CoverageScope | undefined {
  if (entry.id !== undefined) {
    const parsed = parseId(entry.id);
    if (!parsed) return undefined;
    return {
      provider: parsed.provider,
      account: parsed.account,
      region: parsed.region,
      service: parsed.service,
    };
  }
  const m = entry.match!;
  const scope: CoverageScope = {};
  if (m.provider) scope.provider = m.provider;
  if (m.account) scope.account = m.account;
  if (m.region) scope.region = m.region;
  if (m.service) scope.service = m.service;
  if (m.kind) scope.kind = m.kind;
  return scope;
}

/** Assets by the value of one field, then the next: the last level holds the assets. */
type Bucket = Map<string, Bucket | Asset[]>;

class AssetIndex {
  private readonly ids: ReadonlyMap<string, Asset>;
  /** One bucket map per combination of equality fields a selector uses, built on first use. */
  private readonly buckets = new Map<string, Bucket>();
  /** Per big pool, its assets by name prefix (see NamePrefixes). */
  private readonly prefixes = new Map<Asset[], NamePrefixes>();
  /** One asset per id, as uniqueAssets gives them (one idKey pass serves both). */
  readonly assets: Asset[];

  constructor(observed: Asset[], known?: ReadonlyMap<string, Asset>) {
    const ids = known ?? assetsById(observed);
    this.ids = ids;
    this.assets = ids.size === observed.length ? observed : [...ids.values()];
  }

  byId(id: string): Asset[] {
    const a = this.ids.get(idKey(id));
    return a ? [a] : [];
  }

  select(m: Selector): Asset[] {
    if (m.id !== undefined && !isGlob(m.id)) return this.byId(m.id).filter((a) => matches(a, m));
    const fields = SCOPE_FIELDS.filter((f) => m[f] !== undefined);
    if (fields.length === 0) return this.assets.filter((a) => matches(a, m));
    let pool = this.pool(fields, m);
    // Azure names compare case-insensitively, so only case-sensitive pools can be narrowed by prefix.
    const caseSensitive = m.provider !== undefined && m.provider !== "azure";
    if (m.name !== undefined && caseSensitive && pool.length > 64) {
      let names = this.prefixes.get(pool);
      if (!names) {
        names = new NamePrefixes(pool);
        this.prefixes.set(pool, names);
      }
      pool = names.starting(literalPrefix(m.name));
    }
    return pool.filter((a) => matches(a, m));
  }

  /** The assets whose `fields` equal the selector's (case-folded), from that combination's bucket. */
  private pool(fields: ScopeField[], m: Selector): Asset[] {
    let node: Bucket | Asset[] | undefined = this.bucket(fields);
    for (const f of fields) {
      node = (node as Bucket).get(fold(m[f]!));
      if (!node) return [];
    }
    return node as Asset[];
  }

  /**
   * Nested maps, one level per field: no key string is built and hashed per asset (100k assets
   * joined three fields each cost more than filling the maps).
   */
  private bucket(fields: ScopeField[]): Bucket {
    const sig = fields.join(",");
    let root = this.buckets.get(sig);
    if (root) return root;
    root = new Map();
    const last = fields.length - 1;
    for (const a of this.assets) {
      let node = root;
      for (let f = 0; f < last; f++) {
        const key = fold(a[fields[f]!]);
        let next = node.get(key) as Bucket | undefined;
        if (!next) {
          next = new Map();
          node.set(key, next);
        }
        node = next;
      }
      const key = fold(a[fields[last]!]);
      const list = node.get(key) as Asset[] | undefined;
      if (list) list.push(a);
      else node.set(key, [a]);
    }
    this.buckets.set(sig, root);
    return root;
  }
}

/**
 * A pool's assets grouped by name, with its distinct names sorted once: a name glob with a
 * literal prefix tests only the assets whose names start with it, found by binary search
 * (5,000 `app<j>-*` selectors over 100k names). Sorting plain strings uses the engine's own
 * comparison, several times cheaper than sorting assets by a comparator. Order within a result
 * is by name: callers only filter it (claims follow entry order, not this one).
 */
class NamePrefixes {
  private readonly byName = new Map<string, Asset[]>();
  private readonly names: string[];

  constructor(private readonly all: Asset[]) {
    for (const a of all) {
      const list = this.byName.get(a.name);
      if (list) list.push(a);
      else this.byName.set(a.name, [a]);
    }
    // Without a comparator, sort compares strings by UTF-16 code units, as `<` does.
    this.names = [...this.byName.keys()].sort();
  }

  starting(prefix: string): Asset[] {
    if (prefix === "") return this.all;
    const names = this.names;
    let lo = 0;
    let hi = names.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (names[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: Asset[] = [];
    for (let k = lo; k < names.length && names[k]!.startsWith(prefix); k++) {
      const list = this.byName.get(names[k]!)!;
      if (list.length === 1) out.push(list[0]!);
      else for (const a of list) out.push(a);
    }
    return out;
  }
}

export function matches(a: Asset, m: Selector): boolean {
  for (const f of SCOPE_FIELDS) {
    const want = m[f];
    // Equal strings need no case folding (the common case: no lower-cased copies per asset).
    if (want !== undefined && a[f] !== want && fold(a[f]) !== fold(want)) return false;
  }
  const azure = a.provider === "azure";
  if (m.name !== undefined && !globMatch(m.name, a.name, azure)) return false;
  if (m.id !== undefined && !idMatch(m.id, a.id)) return false;
  if (m.tags) {
    for (const [k, v] of Object.entries(m.tags))
      if (!Object.hasOwn(a.tags, k) || a.tags[k] !== v) return false;
  }
  if (m.attributes) {
    for (const [k, want] of Object.entries(m.attributes))
      if (!attributeMatch(want, a.attributes[k], azure)) return false;
  }
  return true;
}

/** A string is a glob on a string attribute, or on any string of a list (deployments, modelIds). */
function attributeMatch(want: string | number | boolean | null, actual: unknown, azure: boolean): boolean {
  if (typeof want !== "string") return actual === want;
  if (typeof actual === "string") return globMatch(want, actual, azure);
  if (Array.isArray(actual)) return actual.some((x) => typeof x === "string" && globMatch(want, x, azure));
  return false;
}

/** An exact id compares by idKey; a glob sees GCP full names as relative ones, Azure ids in any case. */
function idMatch(pattern: string, id: string): boolean {
  if (!isGlob(pattern)) return idKey(pattern) === idKey(id);
  return globMatch(gcpRelative(pattern), gcpRelative(id), id.startsWith("/") && !id.startsWith("//"));
}
