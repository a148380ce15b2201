// Drafts a declared inventory from what runs (`aimscan init`): one system per group of assets —
// per account, per value of a tag, or per name prefix — with owner, riskLevel and purpose left as
// TODO for people (validate --strict refuses them). Groups by name prefix are claimed with `match`
// selectors (new assets of the same family are declared as they appear); the others by exact id,
// with `expect` for the attributes that define an asset (instance type, model, version).
import { isGlob } from "../glob.ts";
import type { Asset, InventoryEntry } from "../model.ts";

export type GroupBy = { by: "account" } | { by: "tag"; key: string } | { by: "name-prefix" };

export interface DraftSystem {
  id: string;
  name: string;
  assets: InventoryEntry[];
}

/** The attributes that say what an asset is, as opposed to how it is configured today. */
const DEFINING = [
  "instanceType",
  "modelName",
  "modelVersion",
  "foundationModel",
  "baseModelArn",
  "versionId",
  "architecture",
];

export function parseGroupBy(text: string | undefined): GroupBy | undefined {
  if (text === undefined || text === "account") return { by: "account" };
  if (text === "name-prefix") return { by: "name-prefix" };
  const tag = /^tag:(.+)$/.exec(text);
  return tag ? { by: "tag", key: tag[1]! } : undefined;
}

/** One system per group, in a stable order (systems by id, entries by asset id). */
export function draftSystems(assets: readonly Asset[], groupBy: GroupBy): DraftSystem[] {
  const groups = new Map<string, { name: string; assets: Asset[] }>();
  for (const a of [...assets].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    const { id, name } = groupOf(a, groupBy);
    let g = groups.get(id);
    if (!g) {
      g = { name, assets: [] };
      groups.set(id, g);
    }
    g.assets.push(a);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, g]) => ({
      id,
      name: g.name,
      assets: groupBy.by === "name-prefix" ? selectorsFor(g.assets) : g.assets.map(exactEntry),
    }));
}

/** An exact-id entry, expecting what defines the asset. */
export function exactEntry(a: Asset): InventoryEntry {
  const attributes: Record<string, unknown> = {};
  for (const k of DEFINING) {
    const v = a.attributes[k];
    if (typeof v === "string" || typeof v === "number") attributes[k] = v;
  }
  return Object.keys(attributes).length > 0 ? { id: a.id, expect: { attributes } } : { id: a.id };
}

export function groupOf(a: Asset, groupBy: GroupBy): { id: string; name: string } {
  if (groupBy.by === "tag") {
    const value = Object.hasOwn(a.tags, groupBy.key) ? a.tags[groupBy.key] : undefined;
    return value
      ? { id: slug(`${groupBy.key}-${value}`), name: `${groupBy.key} ${value}` }
      : {
          id: slug(`untagged-${a.provider}-${a.account}`),
          name: `${a.provider} ${a.account} (no ${groupBy.key} tag)`,
        };
  }
  if (groupBy.by === "name-prefix") {
    const p = prefixOf(a.name);
    return {
      id: slug(p.word || `${a.provider}-${a.kind}`),
      name: p.word ? `${p.word}*` : `${a.provider} ${a.kind}`,
    };
  }
  return { id: slug(`${a.provider}-${a.account}`), name: `${a.provider} ${a.account}` };
}

/** The first word of a name and the separator after it ("fraud-scorer-eu" → fraud, "-"). */
function prefixOf(name: string): { word: string; sep: string } {
  const m = /^([A-Za-z0-9]+)([-_.])/.exec(name);
  return m ? { word: m[1]!, sep: m[2]! } : { word: name.replace(/[^A-Za-z0-9]/g, ""), sep: "" };
}

/**
 * One selector per (provider, service, kind, account, name pattern) of the group. A name with no
 * separator, or with glob characters, is claimed by exact id (a pattern could claim others).
 */
function selectorsFor(assets: Asset[]): InventoryEntry[] {
  const out = new Map<string, InventoryEntry>();
  const exact: InventoryEntry[] = [];
  for (const a of assets) {
    const p = prefixOf(a.name);
    if (!p.sep || isGlob(a.name) || isGlob(p.word)) {
      exact.push(exactEntry(a));
      continue;
    }
    const name = `${p.word}${p.sep}*`;
    const key = [a.provider, a.service, a.kind, a.account, name].join("\u0000");
    if (!out.has(key))
      out.set(key, {
        match: { provider: a.provider, service: a.service, kind: a.kind, account: a.account, name },
      });
  }
  return [...out.values(), ...exact];
}

/** A system id: lower-case words joined by "-". */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 63) || "system"
  );
}
