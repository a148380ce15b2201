// How declared ids and selectors find observed assets across the three id syntaxes.
import { describe, expect, it } from "vitest";
import { globMatch, globToRegExp } from "../../core/glob.ts";
import type { Asset, Coverage, Inventory, LoadedEntry } from "../../core/model.ts";
import { reconcile, uniqueAssets } from "../../core/reconcile.ts";

const GCP_ID = "projects/p1/locations/us-central1/endpoints/42";
const AZ_ID =
  "/subscriptions/0b1f/resourceGroups/rg-cx/providers/Microsoft.CognitiveServices/accounts/cx-openai";

const gcp: Asset = {
  id: GCP_ID,
  provider: "gcp",
  service: "vertexai",
  kind: "endpoint",
  account: "p1",
  region: "us-central1",
  name: "forecast",
  tags: {},
  attributes: {},
};
const azure: Asset = {
  ...gcp,
  id: AZ_ID,
  provider: "azure",
  service: "cognitiveservices",
  kind: "account",
  account: "0b1f",
  region: "eastus",
  name: "cx-openai",
};
const coverage: Coverage[] = [
  { provider: "gcp", account: "p1", region: "us-central1", service: "vertexai", status: "ok" },
  { provider: "azure", account: "0b1f", region: "global", service: "cognitiveservices", status: "ok" },
];

const inv = (entries: Omit<LoadedEntry, "source">[]): Inventory => ({
  systems: [{ id: "s", assets: entries }],
});
const run = (entries: Omit<LoadedEntry, "source">[], assets: Asset[] = [gcp, azure]) =>
  reconcile(inv(entries), { schemaVersion: 1, scannedAt: "x", assets, coverage }).items.map(
    (i) => `${i.status}:${i.assetId}`,
  );

describe("reconcile ids", () => {
  it("matches a GCP full resource name to the relative name the scanners report", () => {
    expect(run([{ id: `//aiplatform.googleapis.com/${GCP_ID}` }], [gcp])).toEqual([`matched:${GCP_ID}`]);
    expect(run([{ match: { id: "//aiplatform.googleapis.com/projects/p1/*" } }], [gcp])).toEqual([
      `matched:${GCP_ID}`,
    ]);
  });

  it("ignores a trailing slash and case on Azure ids, in exact ids and selectors", () => {
    expect(run([{ id: `${AZ_ID.toUpperCase()}/` }], [azure])).toEqual([`matched:${AZ_ID}`]);
    expect(run([{ match: { id: `${AZ_ID.toLowerCase()}/` } }], [azure])).toEqual([`matched:${AZ_ID}`]);
  });

  it("keeps ARNs exact: another case is another resource", () => {
    const arn = "arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud";
    const aws: Asset = { ...gcp, id: arn, provider: "aws", service: "sagemaker", account: "111122223333" };
    expect(run([{ id: arn.toUpperCase(), minCount: 0 }], [aws])).toEqual([`undeclared:${arn}`]);
  });

  it("does not take Object.prototype members for tags", () => {
    const r = reconcile(
      inv([
        { id: GCP_ID, expect: { tags: { constructor: null } } },
        { match: { tags: { toString: "x" } }, minCount: 0 },
      ]),
      { schemaVersion: 1, scannedAt: "x", assets: [gcp], coverage },
    );
    expect(r.items.map((i) => i.status)).toEqual(["matched"]);
  });
});

describe("glob classes", () => {
  it("treats a ] right after [ or [! as a member", () => {
    expect(globMatch("[!]]x", "ax")).toBe(true);
    expect(globMatch("[!]]x", "]x")).toBe(false);
    expect(globMatch("[]]x", "]x")).toBe(true);
  });

  it("refuses a class that is never closed", () => {
    expect(() => globToRegExp("[!]")).toThrow(/unclosed/);
    expect(() => globToRegExp("[^]")).toThrow(/unclosed/);
  });

  it("takes regex metacharacters literally", () => {
    expect(globMatch("a+b(c)|d.$^{x}*", "a+b(c)|d.$^{x}-1")).toBe(true);
    expect(globMatch("a.b", "axb")).toBe(false);
  });
});

// Shards can overlap (one resource listed by two calls): the night keeps one asset per id.
describe("uniqueAssets", () => {
  it("keeps the first of each id, Azure ids compared in any case, in the list's order", () => {
    const upper = { ...gcp, id: AZ_ID.toUpperCase(), provider: "azure" as const, name: "second" };
    const lower = { ...gcp, id: AZ_ID, provider: "azure" as const, name: "first" };
    const other = { ...gcp, name: "gcp" };
    const got = uniqueAssets([lower, other, upper, { ...other, name: "again" }]);
    expect(got.map((a) => a.name)).toEqual(["first", "gcp"]);
  });

  it("gives the list itself when no id repeats", () => {
    const list = [gcp, { ...gcp, id: AZ_ID, provider: "azure" as const }];
    expect(uniqueAssets(list)).toBe(list);
  });
});
