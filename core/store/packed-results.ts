// A report chunk's policy results as stored from report format 2: most results of a night differ
// only by their asset (636k results at 100k assets, of a few dozen kinds), so each is a row naming
// a template (its JSON with the asset id left empty) and an asset, instead of its whole JSON. The
// stored text is ~10× smaller, and reading it back parses each template once. Rows keep the
// results' order and each result its keys' order. Pure.
import type { DriftItem, PolicyResult } from "../model.ts";

export interface PackedResults {
  /** Templates: a result's JSON with `assetId` "" (in its place among the keys). */
  t: string[];
  /** Asset ids. */
  a: string[];
  /** Per result, in order: its template's index, then its asset's. */
  r: number[];
}

/** The chunk as stored (format 2): items as they are, results packed. */
export interface StoredChunk {
  items: DriftItem[];
  results: PackedResults;
  resolved: PackedResults;
}

export function packResults(list: readonly PolicyResult[]): PackedResults {
  const out: PackedResults = { t: [], a: [], r: [] };
  const templates = new Map<string, number>();
  const assets = new Map<string, number>();
  for (const x of list) {
    // Object.assign keeps the keys' order, so the template puts assetId back where it was.
    const text = JSON.stringify(Object.assign({}, x, { assetId: "" }));
    let t = templates.get(text);
    if (t === undefined) {
      t = out.t.push(text) - 1;
      templates.set(text, t);
    }
    let a = assets.get(x.assetId);
    if (a === undefined) {
      a = out.a.push(x.assetId) - 1;
      assets.set(x.assetId, a);
    }
    out.r.push(t, a);
  }
  return out;
}

export function unpackResults(p: PackedResults): PolicyResult[] {
  const bases = p.t.map((text) => JSON.parse(text) as Record<string, unknown>);
  // A result's arrays and objects are its own, as JSON.parse would make them: copied per result.
  const nested = bases.map((b) =>
    Object.entries(b)
      .filter(([, v]) => typeof v === "object" && v !== null)
      .map(([k, v]) => {
        const flat = Array.isArray(v) && v.every((x) => typeof x !== "object" || x === null);
        const text = flat ? "" : JSON.stringify(v);
        return [k, flat ? () => (v as unknown[]).slice() : () => JSON.parse(text)] as const;
      }),
  );
  const out: PolicyResult[] = new Array(p.r.length / 2);
  for (let i = 0, k = 0; i < p.r.length; i += 2, k++) {
    const t = p.r[i]!;
    const o = Object.assign({}, bases[t]) as Record<string, unknown>;
    o.assetId = p.a[p.r[i + 1]!];
    for (const [key, copy] of nested[t]!) o[key] = copy();
    out[k] = o as PolicyResult;
  }
  return out;
}

/**
 * `p` with each template changed by `change` (in place on its parsed copy), as packResults gives
 * the results so changed: templates that become one are one, in order of first use, and the
 * assets and rows' order are kept.
 */
export function repackResults(p: PackedResults, change: (r: Record<string, unknown>) => void): PackedResults {
  const texts = p.t.map((text) => {
    const o = JSON.parse(text) as Record<string, unknown>;
    change(o);
    return JSON.stringify(o);
  });
  const out: PackedResults = { t: [], a: p.a.slice(), r: new Array(p.r.length) };
  const at = new Map<string, number>();
  const remap = new Map<number, number>();
  for (let i = 0; i < p.r.length; i += 2) {
    const old = p.r[i]!;
    let t = remap.get(old);
    if (t === undefined) {
      const text = texts[old]!;
      t = at.get(text);
      if (t === undefined) {
        t = out.t.push(text) - 1;
        at.set(text, t);
      }
      remap.set(old, t);
    }
    out.r[i] = t;
    out.r[i + 1] = p.r[i + 1]!;
  }
  return out;
}
