import { describe, expect, it } from "vitest";
import type { Asset, Coverage, Inventory, LoadedEntry, Snapshot } from "../../core/model.ts";
import { reconcile } from "../../core/reconcile.ts";

const ACCT = "111122223333";
const arn = (region: string, name: string) => `arn:aws:sagemaker:${region}:${ACCT}:endpoint/${name}`;

function asset(partial: Partial<Asset> & { id: string }): Asset {
  return {
    provider: "aws",
    service: "sagemaker",
    kind: "endpoint",
    account: ACCT,
    region: "us-east-1",
    name: partial.id.split("/").at(-1)!,
    tags: {},
    attributes: {},
    ...partial,
  };
}

const ok = (
  region: string,
  service = "sagemaker",
  provider: Coverage["provider"] = "aws",
  account = ACCT,
): Coverage => ({
  provider,
  account,
  region,
  service,
  status: "ok",
});
const failed = (region: string, service = "sagemaker"): Coverage => ({
  ...ok(region, service),
  status: "error",
  error: "AccessDenied",
});

function snap(assets: Asset[], coverage: Coverage[]): Snapshot {
  return { schemaVersion: 1, scannedAt: "2026-11-28T00:00:00Z", assets, coverage };
}

function inv(systems: Record<string, Omit<LoadedEntry, "source">[]>): Inventory {
  return {
    systems: Object.entries(systems).map(([id, assets]) => ({
      id,
      assets: assets.map((a, i) => ({ ...a, source: { file: `${id}.yaml`, line: i + 1 } })),
    })),
  };
}

const statuses = (r: ReturnType<typeof reconcile>) =>
  r.items.map((i) => `${i.status}:${i.assetId ?? i.systemId}`);

describe("reconcile: match.attributes", () => {
  const usage = (model: string, extra: Record<string, unknown> = {}) =>
    asset({
      id: `arn:aws:cloudwatch:us-east-1:${ACCT}:model-usage/${model}`,
      service: "cloudwatch",
      kind: "model-usage",
      name: model,
      attributes: { model, invocations: 3, modelIds: [`us.${model}`], ...extra },
    });
  const coverage = [ok("us-east-1", "cloudwatch")];

  it("claims model-usage assets whose model matches the glob, and leaves the others undeclared", () => {
    const r = reconcile(
      inv({ support: [{ match: { kind: "model-usage", attributes: { model: "anthropic.claude-*" } } }] }),
      snap([usage("anthropic.claude-3-haiku"), usage("meta.llama3-70b")], coverage),
    );
    expect(statuses(r)).toEqual([
      `matched:arn:aws:cloudwatch:us-east-1:${ACCT}:model-usage/anthropic.claude-3-haiku`,
      `undeclared:arn:aws:cloudwatch:us-east-1:${ACCT}:model-usage/meta.llama3-70b`,
    ]);
  });

  it("globs over the strings of a list attribute and compares other values exactly", () => {
    const r = reconcile(
      inv({
        a: [{ match: { kind: "model-usage", attributes: { modelIds: "us.*", invocations: 3 } } }],
      }),
      snap([usage("x.one"), usage("x.two", { invocations: 4 })], coverage),
    );
    expect(statuses(r)).toEqual([
      `matched:arn:aws:cloudwatch:us-east-1:${ACCT}:model-usage/x.one`,
      `undeclared:arn:aws:cloudwatch:us-east-1:${ACCT}:model-usage/x.two`,
    ]);
  });

  it("reports declared usage with no invocations in the window as missing, flagged idle", () => {
    const r = reconcile(
      inv({ gone: [{ match: { kind: "model-usage", attributes: { model: "cohere.*" } } }] }),
      snap([usage("meta.llama3-70b")], coverage),
    );
    expect(r.items.find((i) => i.systemId === "gone")).toMatchObject({
      status: "missing",
      reason: "idle: no invocations in the usage window",
    });
  });

  it("never calls declared usage idle when the metrics scope failed: unverified", () => {
    const r = reconcile(
      inv({ gone: [{ match: { kind: "model-usage", attributes: { model: "cohere.*" } } }] }),
      snap([], [failed("us-east-1", "cloudwatch")]),
    );
    expect(r.items.find((i) => i.systemId === "gone")?.status).toBe("unverified");
  });
});

describe("reconcile", () => {
  it("matches an exact-id entry and reports an unclaimed asset as undeclared", () => {
    const r = reconcile(
      inv({ fraud: [{ id: arn("us-east-1", "a") }] }),
      snap([asset({ id: arn("us-east-1", "a") }), asset({ id: arn("us-east-1", "b") })], [ok("us-east-1")]),
    );
    expect(statuses(r)).toEqual([`matched:${arn("us-east-1", "a")}`, `undeclared:${arn("us-east-1", "b")}`]);
    expect(r.items[0]).toMatchObject({ systemId: "fraud", source: { file: "fraud.yaml", line: 1 } });
    expect(r.summary).toMatchObject({ observed: 2, matched: 1, undeclared: 1, missing: 0 });
  });

  it("reports missing when the exact id's region was scanned ok", () => {
    const r = reconcile(inv({ fraud: [{ id: arn("us-east-1", "gone") }] }), snap([], [ok("us-east-1")]));
    expect(r.items).toEqual([
      expect.objectContaining({
        status: "missing",
        assetId: arn("us-east-1", "gone"),
        systemId: "fraud",
        found: 0,
      }),
    ]);
  });

  it("marks an exact-id entry unverified when its region failed", () => {
    const r = reconcile(
      inv({ fraud: [{ id: arn("eu-west-1", "x") }] }),
      snap([], [ok("us-east-1"), failed("eu-west-1")]),
    );
    expect(r.items[0]).toMatchObject({ status: "unverified", assetId: arn("eu-west-1", "x") });
    expect(r.items[0]!.reason).toContain("AccessDenied");
    expect(r.summary.missing).toBe(0);
  });

  it("marks an exact-id entry unverified when its region is absent from the snapshot", () => {
    const r = reconcile(inv({ fraud: [{ id: arn("ap-south-1", "x") }] }), snap([], [ok("us-east-1")]));
    expect(r.items[0]).toMatchObject({ status: "unverified" });
  });

  it("marks an exact-id entry unverified when another service of the same region failed only if it is its own", () => {
    const r = reconcile(
      inv({ fraud: [{ id: arn("us-east-1", "x") }] }),
      snap([], [ok("us-east-1"), failed("us-east-1", "bedrock")]),
    );
    expect(r.items[0]).toMatchObject({ status: "missing" });
  });

  it("marks a selector unverified when its scope is ok in one region and failed in another", () => {
    const r = reconcile(
      inv({ chat: [{ match: { provider: "aws", service: "sagemaker", name: "chat-*" } }] }),
      snap([], [ok("us-east-1"), failed("eu-west-1")]),
    );
    expect(r.items[0]).toMatchObject({ status: "unverified", systemId: "chat" });
  });

  it("reports a selector missing when every shard in its scope was ok", () => {
    const r = reconcile(
      inv({ chat: [{ match: { provider: "aws", service: "sagemaker", name: "chat-*" } }] }),
      snap(
        [asset({ id: arn("us-east-1", "other") })],
        [ok("us-east-1"), ok("eu-west-1"), failed("eu-west-1", "bedrock")],
      ),
    );
    expect(r.items.map((i) => i.status)).toEqual(["undeclared", "missing"]);
  });

  it("treats a skipped shard in scope as not verified", () => {
    const r = reconcile(
      inv({ llm: [{ match: { provider: "aws", service: "bedrock", region: "eu-west-1" } }] }),
      snap([], [{ ...ok("eu-west-1", "bedrock"), status: "skipped" }]),
    );
    expect(r.items[0]!.status).toBe("unverified");
  });

  it("never reports missing for minCount 0", () => {
    const r = reconcile(
      inv({ opt: [{ match: { provider: "aws", name: "none-*" }, minCount: 0 }] }),
      snap([], [ok("us-east-1")]),
    );
    expect(r.items).toEqual([]);
  });

  it("reports a selector short of minCount with how many it found", () => {
    const r = reconcile(
      inv({ fleet: [{ match: { provider: "aws", name: "node-*" }, minCount: 3 }] }),
      snap(
        [asset({ id: arn("us-east-1", "node-1") }), asset({ id: arn("us-east-1", "node-2") })],
        [ok("us-east-1")],
      ),
    );
    expect(r.items.filter((i) => i.status === "missing")).toEqual([
      expect.objectContaining({ found: 2, minCount: 3, systemId: "fleet" }),
    ]);
    expect(r.summary.matched).toBe(2);
  });

  it("keeps an asset matched when two entries of one system claim it", () => {
    const id = arn("us-east-1", "a");
    const r = reconcile(
      inv({ s: [{ id }, { match: { provider: "aws", name: "a" } }] }),
      snap([asset({ id })], [ok("us-east-1")]),
    );
    expect(statuses(r)).toEqual([`matched:${id}`]);
  });

  it("reports an asset claimed by two systems as ambiguous and counts it towards both minimums", () => {
    const id = arn("us-east-1", "shared");
    const r = reconcile(
      inv({ b: [{ id }], a: [{ match: { provider: "aws", kind: "endpoint" }, minCount: 1 }] }),
      snap([asset({ id })], [ok("us-east-1")]),
    );
    expect(r.items).toEqual([
      expect.objectContaining({ status: "ambiguous", assetId: id, systems: ["a", "b"] }),
    ]);
    expect(r.summary).toMatchObject({ ambiguous: 1, missing: 0, matched: 0 });
  });

  it("reports changed with a diff for a nested attribute", () => {
    const id = arn("us-east-1", "a");
    const r = reconcile(
      inv({ s: [{ id, expect: { attributes: { capture: { enabled: true, percent: 100 } } } }] }),
      snap([asset({ id, attributes: { capture: { enabled: false, percent: 100 } } })], [ok("us-east-1")]),
    );
    expect(r.items[0]).toMatchObject({
      status: "changed",
      diffs: [{ path: "attributes.capture.enabled", expected: true, actual: false }],
    });
  });

  it("reports changed for an instance type and for a tag", () => {
    const id = arn("us-east-1", "a");
    const r = reconcile(
      inv({ s: [{ id, expect: { tags: { team: "risk" }, attributes: { instanceType: "ml.m5.large" } } }] }),
      snap(
        [asset({ id, tags: { team: "ops" }, attributes: { instanceType: "ml.g5.xlarge" } })],
        [ok("us-east-1")],
      ),
    );
    expect(r.items[0]!.diffs).toEqual([
      { path: "tags.team", expected: "risk", actual: "ops" },
      { path: "attributes.instanceType", expected: "ml.m5.large", actual: "ml.g5.xlarge" },
    ]);
  });

  it("treats an expected null as equal to an absent attribute, and absent as null in a diff", () => {
    const id = arn("us-east-1", "a");
    const r = reconcile(
      inv({ s: [{ id, expect: { attributes: { kmsKeyId: null, vpc: "vpc-1" } } }] }),
      snap([asset({ id, attributes: {} })], [ok("us-east-1")]),
    );
    expect(r.items[0]!.diffs).toEqual([{ path: "attributes.vpc", expected: "vpc-1", actual: null }]);
  });

  it("matches tags as a subset and globs on name with ?, * and classes", () => {
    const a = asset({ id: arn("us-east-1", "fraud-1"), tags: { team: "risk", env: "prod" } });
    const b = asset({ id: arn("us-east-1", "fraud-x"), tags: { team: "risk" } });
    const r = reconcile(
      inv({ s: [{ match: { provider: "aws", name: "fraud-[0-9]", tags: { team: "risk" } } }] }),
      snap([a, b], [ok("us-east-1")]),
    );
    expect(statuses(r)).toEqual([`matched:${a.id}`, `undeclared:${b.id}`]);
  });

  it("matches id globs across path separators", () => {
    const a = asset({ id: arn("us-east-1", "team/fraud") });
    const r = reconcile(
      inv({ s: [{ match: { id: "arn:aws:sagemaker:*:111122223333:endpoint/*" } }] }),
      snap([a], [ok("us-east-1")]),
    );
    expect(r.summary.matched).toBe(1);
  });

  it("treats Azure ids that differ only in case as the same asset", () => {
    const id =
      "/subscriptions/AAAA-1/resourceGroups/RG/providers/Microsoft.CognitiveServices/accounts/OpenAI1";
    const observed = asset({
      id: id.toLowerCase(),
      provider: "azure",
      service: "cognitiveservices",
      kind: "account",
      account: "aaaa-1",
      region: "eastus",
    });
    const r = reconcile(
      inv({ s: [{ id }] }),
      snap(
        [observed],
        [
          {
            provider: "azure",
            account: "aaaa-1",
            region: "global",
            service: "cognitiveservices",
            status: "ok",
          },
        ],
      ),
    );
    expect(statuses(r)).toEqual([`matched:${id.toLowerCase()}`]);
  });

  it("judges a missing Azure id against its subscription's global coverage", () => {
    const id = "/subscriptions/AAAA-1/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/gone";
    const cov = (status: Coverage["status"]): Coverage => ({
      provider: "azure",
      account: "aaaa-1",
      region: "global",
      service: "cognitiveservices",
      status,
    });
    expect(reconcile(inv({ s: [{ id }] }), snap([], [cov("ok")])).items[0]!.status).toBe("missing");
    expect(reconcile(inv({ s: [{ id }] }), snap([], [cov("error")])).items[0]!.status).toBe("unverified");
  });

  it("scopes a GCP name by project and location", () => {
    const id = "projects/p1/locations/us-central1/endpoints/123";
    const cov = (region: string, status: Coverage["status"]): Coverage => ({
      provider: "gcp",
      account: "p1",
      region,
      service: "vertexai",
      status,
    });
    const both = [cov("us-central1", "ok"), cov("europe-west4", "error")];
    expect(reconcile(inv({ s: [{ id }] }), snap([], both)).items[0]!.status).toBe("missing");
  });

  it("marks an unparseable exact id unverified rather than missing", () => {
    const r = reconcile(inv({ s: [{ id: "not-an-id" }] }), snap([], [ok("us-east-1")]));
    expect(r.items[0]!.status).toBe("unverified");
  });

  it("is deterministic whatever the input order", () => {
    const assets = ["c", "a", "b"].map((n) => asset({ id: arn("us-east-1", n) }));
    const i = inv({ z: [{ id: arn("us-east-1", "gone") }], y: [{ id: arn("us-east-1", "b") }] });
    const one = reconcile(i, snap(assets, [ok("us-east-1")]), { now: new Date(0) });
    const two = reconcile(
      { systems: [...i.systems].reverse() },
      snap([...assets].reverse(), [ok("us-east-1")]),
      { now: new Date(0) },
    );
    expect(two).toEqual(one);
    expect(statuses(one)).toEqual([
      `matched:${arn("us-east-1", "b")}`,
      `undeclared:${arn("us-east-1", "a")}`,
      `undeclared:${arn("us-east-1", "c")}`,
      `missing:${arn("us-east-1", "gone")}`,
    ]);
  });

  it("narrows large buckets by name prefix without losing matches", () => {
    const many = Array.from({ length: 500 }, (_, n) =>
      asset({ id: arn("us-east-1", `m-${String(n).padStart(3, "0")}`) }),
    );
    const r = reconcile(
      inv({ s: [{ match: { provider: "aws", kind: "endpoint", name: "m-1*" }, minCount: 100 }] }),
      snap(many, [ok("us-east-1")]),
    );
    expect(r.summary.matched).toBe(100);
    expect(r.summary.missing).toBe(0);
  });
});
