// Compares an entry's `expect` with an observed asset: a subset check that reports every
// difference as {path, expected, actual}. A declared `null` is satisfied by an absent value.
import type { Asset, Diff, Expect } from "./model.ts";

export function compareExpect(expect: Expect, asset: Asset): Diff[] {
  const diffs: Diff[] = [];
  if (expect.name !== undefined && expect.name !== asset.name)
    diffs.push({ path: "name", expected: expect.name, actual: asset.name });
  if (expect.region !== undefined && expect.region.toLowerCase() !== asset.region.toLowerCase())
    diffs.push({ path: "region", expected: expect.region, actual: asset.region });
  for (const [k, v] of Object.entries(expect.tags ?? {})) {
    // Own keys only: a tag named "constructor" must not find Object.prototype's.
    const actual = Object.hasOwn(asset.tags, k) ? asset.tags[k] : undefined;
    if ((v ?? undefined) !== actual) diffs.push({ path: `tags.${k}`, expected: v, actual: actual ?? null });
  }
  subset("attributes", expect.attributes ?? {}, asset.attributes, diffs);
  return diffs;
}

function subset(path: string, expected: Record<string, unknown>, actual: unknown, diffs: Diff[]): void {
  const obj = isObject(actual) ? actual : {};
  for (const [k, want] of Object.entries(expected)) {
    const here = `${path}.${k}`;
    const got = Object.hasOwn(obj, k) ? obj[k] : undefined;
    if (isObject(want) && isObject(got)) subset(here, want, got, diffs);
    else if (!equal(want, got)) diffs.push({ path: here, expected: want, actual: got ?? null });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep equality where null and absent are the same value. */
export function equal(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!equal(a[k], b[k])) return false;
    return true;
  }
  return Object.is(a, b);
}
