// The hot path of reading an inventory: checks the value core/yaml-fast.ts read against the
// InventoryFile schema without zod (zod took ~0.2 s of a 10,000-entry file). It accepts only what
// zod accepts and returns what zod would: fresh objects, keys in schema order, defaults filled in.
// Anything it is not sure of (a wrong type, an unknown key, an odd number) answers undefined, and
// zod judges the value and words every problem exactly as before. tests/core/inventory-shape.test.ts
// holds it to zod.
import type { Expect, InventoryEntry, InventoryFile, Selector, System } from "./model.ts";

const PROVIDERS = new Set<unknown>(["aws", "azure", "gcp"]);
const RISK_LEVELS = new Set<unknown>(["low", "medium", "high", "TODO"]);
const FILE_KEYS = new Set(["version", "systems"]);
const SYSTEM_KEYS = new Set([
  "id",
  "name",
  "owner",
  "riskLevel",
  "purpose",
  "impactAssessment",
  "tags",
  "assets",
]);
const ENTRY_KEYS = new Set(["id", "match", "expect", "minCount"]);
const SELECTOR_STRINGS = ["service", "kind", "account", "region", "name", "id"] as const;
const SELECTOR_KEYS = new Set(["provider", ...SELECTOR_STRINGS, "tags", "attributes"]);
const EXPECT_KEYS = new Set(["name", "region", "tags", "attributes"]);

/** Thrown inside the check when zod should judge; never escapes `fastInventoryFile`. */
class Unsure extends Error {}
const unsure = (): never => {
  throw new Unsure();
};

export function fastInventoryFile(raw: unknown): InventoryFile | undefined {
  try {
    const file = record(raw, FILE_KEYS);
    if (file.version !== 1) return undefined;
    const systems = file.systems === undefined && !Object.hasOwn(file, "systems") ? [] : list(file.systems);
    return { version: 1, systems: systems.map(system) };
  } catch (e) {
    if (e instanceof Unsure) return undefined;
    throw e;
  }
}

function system(raw: unknown): System {
  const s = record(raw, SYSTEM_KEYS);
  const out: Record<string, unknown> = {};
  out.id = nonEmpty(s.id);
  for (const k of ["name", "owner"] as const) if (has(s, k)) out[k] = string(s[k]);
  if (has(s, "riskLevel")) out.riskLevel = RISK_LEVELS.has(s.riskLevel) ? s.riskLevel : unsure();
  for (const k of ["purpose", "impactAssessment"] as const) if (has(s, k)) out[k] = string(s[k]);
  if (has(s, "tags")) out.tags = strings(s.tags, false);
  out.assets = has(s, "assets") ? list(s.assets).map(entry) : [];
  return out as System;
}

function entry(raw: unknown): InventoryEntry {
  const e = record(raw, ENTRY_KEYS);
  const out: Record<string, unknown> = {};
  if (has(e, "id")) out.id = nonEmpty(e.id);
  if (has(e, "match")) out.match = selector(e.match);
  if (has(e, "expect")) out.expect = expectation(e.expect);
  if (has(e, "minCount")) {
    const n = e.minCount;
    // Safe integers only, and not -0: zod's int() and nonnegative() judge anything else.
    out.minCount =
      typeof n === "number" && Number.isSafeInteger(n) && n >= 0 && !Object.is(n, -0) ? n : unsure();
  }
  return out as InventoryEntry;
}

function selector(raw: unknown): Selector {
  const m = record(raw, SELECTOR_KEYS);
  const out: Record<string, unknown> = {};
  if (has(m, "provider")) out.provider = PROVIDERS.has(m.provider) ? m.provider : unsure();
  for (const k of SELECTOR_STRINGS) if (has(m, k)) out[k] = string(m[k]);
  if (has(m, "tags")) out.tags = strings(m.tags, false);
  if (has(m, "attributes")) {
    const a = record(m.attributes);
    const copy: Record<string, unknown> = {};
    for (const k of Object.keys(a)) {
      const v = a[k];
      const t = typeof v;
      copy[k] = v === null || t === "string" || t === "number" || t === "boolean" ? v : unsure();
    }
    out.attributes = copy;
  }
  return out as Selector;
}

function expectation(raw: unknown): Expect {
  const x = record(raw, EXPECT_KEYS);
  const out: Record<string, unknown> = {};
  for (const k of ["name", "region"] as const) if (has(x, k)) out[k] = string(x[k]);
  if (has(x, "tags")) out.tags = strings(x.tags, true);
  if (has(x, "attributes")) {
    const a = record(x.attributes);
    const copy: Record<string, unknown> = {};
    for (const k of Object.keys(a)) copy[k] = a[k] === undefined ? unsure() : a[k];
    out.attributes = copy;
  }
  return out as Expect;
}

/** A plain object (only `keys`, when given) whose values are never undefined. */
function record(v: unknown, keys?: ReadonlySet<string>): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return unsure();
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return unsure();
  for (const k of Object.keys(v)) {
    if (k === "__proto__" || (keys && !keys.has(k))) return unsure();
    if ((v as Record<string, unknown>)[k] === undefined) return unsure();
  }
  return v as Record<string, unknown>;
}

function has(o: Record<string, unknown>, k: string): boolean {
  return Object.hasOwn(o, k);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : unsure();
}

function string(v: unknown): string {
  return typeof v === "string" ? v : unsure();
}

function nonEmpty(v: unknown): string {
  return typeof v === "string" && v.length > 0 ? v : unsure();
}

/** A copy of a map of strings (and of nulls, with `nullable`). */
function strings(v: unknown, nullable: boolean): Record<string, string | null> {
  const r = record(v);
  const out: Record<string, string | null> = {};
  for (const k of Object.keys(r)) {
    const s = r[k];
    out[k] = typeof s === "string" || (nullable && s === null) ? s : unsure();
  }
  return out;
}
