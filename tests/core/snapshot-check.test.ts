// The zod-free snapshot check must agree with zod: on any input it returns zod's own result (same
// keys in the same order), or undefined so that zod judges it. Never a value zod would refuse.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Snapshot } from "../../core/model.ts";
import { fastSnapshot } from "../../core/snapshot-check.ts";

const good = {
  id: "arn:aws:sagemaker:us-east-1:111122223333:endpoint/e",
  provider: "aws",
  service: "sagemaker",
  kind: "endpoint",
  account: "111122223333",
  region: "us-east-1",
  name: "e",
  createdAt: "2026-01-01T00:00:00Z",
  tags: { team: "risk" },
  attributes: { instanceType: "ml.m5.large", variants: [{ n: 1 }] },
};

// Values of every JSON type, for any field: most make the asset invalid, some do not.
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom("", "aws", "azure", "gcp", "unavailable", "x", "__proto__"),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.dictionary(fc.constantFrom("a", "b", "__proto__"), fc.oneof(fc.string(), fc.integer())),
);
const key = fc.constantFrom(...Object.keys(good), "detail", "extra", "__proto__");

/** A good asset with some fields replaced, removed or added, and its keys in some order, as JSON would give it. */
const mutated = fc
  .tuple(fc.array(fc.tuple(key, anyValue), { maxLength: 3 }), fc.boolean())
  .map(([changes, reverse]) => {
    const a: Record<string, unknown> = { ...good };
    for (const [k, v] of changes) a[k] = v;
    const entries = Object.entries(a);
    if (reverse) entries.reverse();
    return JSON.parse(JSON.stringify(Object.fromEntries(entries)));
  });

function snapshot(assets: unknown[], coverage: unknown[] = []): unknown {
  return { schemaVersion: 1, scannedAt: "2026-01-01T00:00:00Z", assets, coverage };
}

describe("fastSnapshot", () => {
  it("returns zod's own result for a good snapshot, keys in schema order, defaults filled in", () => {
    const bare = { name: "n", region: "r", account: "a", kind: "k", service: "s", provider: "gcp", id: "i" };
    const raw = snapshot(
      [good, bare],
      [{ provider: "aws", account: "1", region: "r", service: "s", status: "ok" }],
    );
    const fast = fastSnapshot(JSON.parse(JSON.stringify(raw)));
    const zod = Snapshot.parse(raw);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
    expect(Object.keys(fast!.assets[1]!)).toEqual(Object.keys(zod.assets[1]!));
  });

  it("agrees with zod on any asset: the same value, or undefined where zod must judge", () => {
    fc.assert(
      fc.property(fc.array(mutated, { minLength: 1, maxLength: 3 }), (assets) => {
        const raw = snapshot(assets);
        const fast = fastSnapshot(raw);
        const zod = Snapshot.safeParse(raw);
        if (fast === undefined) return;
        expect(zod.success).toBe(true);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
        fast.assets.forEach((a, i) => {
          expect(Object.keys(a)).toEqual(Object.keys(zod.data!.assets[i]!));
        });
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves a bad top level, bad coverage and unknown keys to zod", () => {
    const cov = { provider: "aws", account: "1", region: "r", service: "s", status: "ok" };
    for (const raw of [
      null,
      [],
      { ...(snapshot([good]) as object), schemaVersion: 2 },
      { schemaVersion: 1, assets: [good], coverage: [] },
      snapshot([good], [{ ...cov, status: "maybe" }]),
      snapshot([{ ...good, extra: 1 }]),
      snapshot([{ ...good, tags: { team: 1 } }]),
    ])
      expect(fastSnapshot(raw)).toBeUndefined();
  });
});
