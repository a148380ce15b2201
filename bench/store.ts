// The history store over 10,000 assets on the embedded dynalite, through the real DynamoDB client:
// items written and wall time for a first night, a quiet night and a night with 1% change.
// Target (issue 5): a quiet night writes no more than changed items + one run summary + coverage.
import type { Asset, Coverage, DriftItem, DriftReport, PolicyResult } from "../core/model.ts";
import { startEmbedded } from "../core/store/embedded.ts";
import { openStore } from "../core/store/index.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";

const ACCOUNTS = Array.from({ length: 10 }, (_, i) => String(200000000000 + i));
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];

function estate(count: number, changed: (i: number) => boolean) {
  const assets: Asset[] = [];
  const items: DriftItem[] = [];
  const results: PolicyResult[] = [];
  for (let i = 0; i < count; i++) {
    const account = ACCOUNTS[i % ACCOUNTS.length]!;
    const region = REGIONS[(i >> 4) % REGIONS.length]!;
    const a: Asset = {
      id: `arn:aws:sagemaker:${region}:${account}:endpoint/svc-${i}`,
      provider: "aws",
      service: "sagemaker",
      kind: "endpoint",
      account,
      region,
      name: `svc-${i}`,
      tags: { team: `team${i % 50}` },
      attributes: { instanceType: changed(i) ? "ml.g5.xlarge" : "ml.m5.large" },
    };
    assets.push(a);
    const view = { provider: a.provider, service: a.service, kind: a.kind, account, region, name: a.name };
    const declared = i % 10 < 7;
    items.push(
      !declared
        ? { status: "undeclared", assetId: a.id, asset: view }
        : changed(i)
          ? {
              status: "changed",
              assetId: a.id,
              systemId: `sys-${i % 100}`,
              asset: view,
              diffs: [{ path: "attributes.instanceType", expected: "ml.m5.large", actual: "ml.g5.xlarge" }],
            }
          : { status: "matched", assetId: a.id, systemId: `sys-${i % 100}`, asset: view },
    );
    results.push({
      policyId: "sagemaker-endpoint-kms",
      assetId: a.id,
      status: i % 10 === 0 ? "fail" : "pass",
      severity: "high",
      controls: ["ISO42001:A.6.2.8"],
    });
  }
  const coverage: Coverage[] = ACCOUNTS.flatMap((account) =>
    REGIONS.map((region) => ({
      provider: "aws" as const,
      account,
      region,
      service: "sagemaker",
      status: "ok" as const,
    })),
  );
  return { assets, items, results, coverage };
}

export async function run(count = 10_000): Promise<Figure[]> {
  const embedded = await startEmbedded(undefined, "aimscan");
  let written = 0;
  embedded.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { RequestItems?: Record<string, unknown[]> };
      if (context.commandName === "BatchWriteItemCommand")
        written += Object.values(input.RequestItems ?? {}).reduce((n, l) => n + l.length, 0);
      if (context.commandName === "PutItemCommand" || context.commandName === "UpdateItemCommand")
        written += 1;
      return next(args);
    },
    { step: "initialize", name: "countWrites" },
  );
  const store = await openStore({ type: "memory" }, { client: embedded.client, tableName: "aimscan" });
  const figures: Figure[] = [];
  const nights: Array<[string, (i: number) => boolean]> = [
    ["first night", () => false],
    ["quiet night", () => false],
    ["1% change", (i) => i % 100 === 3],
  ];
  try {
    for (const [n, [label, changed]] of nights.entries()) {
      const e = estate(count, changed);
      const runId = `bench-${n + 1}`;
      const report: DriftReport = {
        runId,
        generatedAt: new Date().toISOString(),
        summary: {
          observed: count,
          matched: 0,
          changed: 0,
          undeclared: 0,
          ambiguous: 0,
          missing: 0,
          unverified: 0,
        },
        items: e.items,
        coverage: e.coverage,
        policyResults: e.results,
      };
      const started = performance.now();
      written = 0;
      await store.startRun({ runId, startedAt: new Date(Date.UTC(2026, 2, 1 + n)).toISOString() });
      await store.recordCoverage(runId, e.coverage);
      const done = await store.completeRun(runId, report, e.assets);
      const ms = Math.round(performance.now() - started);
      const changedAssets = e.assets.filter((_, i) => changed(i)).length;
      // A changed asset closes one version and opens one, for its state and for its drift item.
      const budget =
        label === "first night" ? Number.POSITIVE_INFINITY : 4 * changedAssets + 1 + e.coverage.length;
      const start = 1; // startRun's conditional put
      figures.push({
        figure: `store ${label}: items written (${count} assets, ${e.coverage.length} shards, ${changedAssets} changed; new ${done.newItems.length}, resolved ${done.resolvedItems.length})`,
        value: written - start,
        unit: "items",
        target: Number.isFinite(budget) ? `≤ ${budget}` : "any",
        met: written - start <= budget,
      });
      figures.push({ figure: `store ${label}: wall time`, value: ms, unit: "ms", target: "any", met: true });
    }
    const t = performance.now();
    const latest = await store.getReport("latest");
    figures.push({
      figure: `store getReport(latest) read-back (${latest?.items.length} items)`,
      value: Math.round(performance.now() - t),
      unit: "ms",
      target: "any",
      met: true,
    });
  } finally {
    await store.close();
    await embedded.close();
  }
  return figures;
}

if (isMain(import.meta.url)) printFigures(await run());
