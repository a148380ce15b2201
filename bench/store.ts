// The history store on the embedded dynalite, through the real DynamoDB client, at 10,000 and
// 100,000 assets (`tsx bench/store.ts 100000` for one size): for a first night, a quiet night and
// a night with 1% change, the items written against changed + shards + 1, the wall time, and that
// time against a raw BatchWriteItem of the same items in the same run (the floor); then the latest
// report read back. Targets (issue 17): first night of 10k under 3 s; at 100k a quiet night under
// 5 s and the read-back under 3 s. At 100k the nights run twice: with one policy result per asset,
// and with six, as the built-in policies give a real night. The load average is printed with each
// figure (shared machine).
import os from "node:os";
import type { Asset, Coverage, DriftItem, DriftReport, PolicyResult } from "../core/model.ts";
import { batchPut } from "../core/store/batch.ts";
import { startEmbedded } from "../core/store/embedded.ts";
import { driftIdentity, openStore, policyIdentity } from "../core/store/index.ts";
import { canonicalJson } from "../core/store/versions.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";

const ACCOUNTS = Array.from({ length: 10 }, (_, i) => String(200000000000 + i));
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];

/**
 * `perAsset` policy results per asset: 1 by default; the built-in policies give ~6.4 (636k results
 * at 100k assets), the estate of bench/night-rss.ts and of a real night.
 */
function estate(count: number, changed: (i: number) => boolean, perAsset = 1) {
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
    for (let k = 0; k < perAsset; k++)
      results.push({
        policyId: k === 0 ? "sagemaker-endpoint-kms" : `sagemaker-endpoint-policy-${k}`,
        assetId: a.id,
        status: (i + k) % 10 === 0 ? "fail" : "pass",
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

type Night = ReturnType<typeof estate>;

/** Identities whose content appeared, changed or vanished since last night (assets, drift, results). */
function changedCount(last: Night | undefined, tonight: Night): number {
  const bodies = (e: Night | undefined) => {
    const m = new Map<string, string>();
    if (!e) return m;
    for (const a of e.assets) m.set(`a|${a.id}`, canonicalJson(a));
    for (const i of e.items) m.set(`d|${driftIdentity(i)}`, canonicalJson(i));
    for (const r of e.results) m.set(`p|${policyIdentity(r)}`, canonicalJson(r));
    return m;
  };
  const before = bodies(last);
  const after = bodies(tonight);
  let n = 0;
  for (const [k, v] of after) if (before.get(k) !== v) n += 1;
  for (const k of before.keys()) if (!after.has(k)) n += 1;
  return n;
}

/** One store over a fresh embedded dynalite: three nights, then the latest report read back. */
async function nights(count: number, perAsset = 1): Promise<Figure[]> {
  const size = perAsset === 1 ? `${count}` : `${count} (${perAsset} results per asset)`;
  const embedded = await startEmbedded(undefined, "aimscan");
  let written = 0;
  let captured: Array<Record<string, unknown>> = [];
  embedded.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { RequestItems?: Record<string, Array<Record<string, unknown>>> };
      if (context.commandName === "BatchWriteItemCommand")
        for (const list of Object.values(input.RequestItems ?? {})) {
          written += list.length;
          captured.push(...list);
        }
      if (context.commandName === "PutItemCommand" || context.commandName === "UpdateItemCommand")
        written += 1;
      return next(args);
    },
    { step: "initialize", name: "countWrites" },
  );
  const store = await openStore({ type: "memory" }, { client: embedded.client, tableName: "aimscan" });
  const figures: Figure[] = [];
  const plan: Array<[string, (i: number) => boolean]> = [
    ["first night", () => false],
    ["quiet night", () => false],
    ["1% change", (i) => i % 100 === 3],
  ];
  const targets: Record<string, number> = {
    "first night": count <= 10_000 ? 3000 : Number.POSITIVE_INFINITY,
    "quiet night": count >= 100_000 ? 5000 : Number.POSITIVE_INFINITY,
  };
  let last: Night | undefined;
  try {
    for (const [n, [label, changed]] of plan.entries()) {
      const e = estate(count, changed, perAsset);
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
      const changes = changedCount(last, e);
      last = e;
      await store.startRun({ runId, startedAt: new Date(Date.UTC(2026, 2, 1 + n)).toISOString() });
      written = 0;
      captured = [];
      const started = performance.now();
      await store.recordCoverage(runId, e.coverage);
      const done = await store.completeRun(runId, report, e.assets);
      const ms = performance.now() - started;
      const wrote = written;
      const requests = captured.slice();
      const floor = await rawFloor(embedded, requests);
      written = wrote;
      const load = os.loadavg()[0]!.toFixed(1);
      const budget = changes + e.coverage.length + 1;
      figures.push({
        figure: `store ${size} ${label}: items written vs changed ${changes} + shards ${e.coverage.length} + 1 (new ${done.newItems.length}, resolved ${done.resolvedItems.length}; load ${load})`,
        value: written,
        unit: "items",
        target: label === "first night" ? "any" : `≤ ${budget}`,
        met: label === "first night" || written <= budget,
      });
      const target = targets[label] ?? Number.POSITIVE_INFINITY;
      figures.push({
        figure: `store ${size} ${label}: wall time (load ${load})`,
        value: Math.round(ms),
        unit: "ms",
        target: Number.isFinite(target) ? `< ${target}` : "any",
        met: ms < target,
      });
      figures.push({
        figure: `store ${size} ${label}: against a raw BatchWriteItem of its ${requests.length} items (${Math.round(floor)} ms)`,
        value: Number((ms / Math.max(floor, 1)).toFixed(2)),
        unit: "×",
        target: "any",
        met: true,
      });
    }
    const t = performance.now();
    const latest = await store.getReport("latest");
    const ms = performance.now() - t;
    const target = count >= 100_000 ? 3000 : Number.POSITIVE_INFINITY;
    figures.push({
      figure: `store ${size} getReport(latest) read-back (${latest?.items.length} items, ${latest?.policyResults?.length} results; load ${os.loadavg()[0]!.toFixed(1)})`,
      value: Math.round(ms),
      unit: "ms",
      target: Number.isFinite(target) ? `< ${target}` : "any",
      met: ms < target,
    });
  } finally {
    await store.close();
    await embedded.close();
  }
  return figures;
}

/** The floor: the same items, keys moved aside, written by plain BatchWriteItem calls. */
async function rawFloor(
  embedded: Awaited<ReturnType<typeof startEmbedded>>,
  requests: ReadonlyArray<Record<string, unknown>>,
): Promise<number> {
  const items = requests.flatMap((r) => {
    const put = (r as { PutRequest?: { Item: Record<string, unknown> } }).PutRequest;
    const item = put?.Item ?? (r as { DeleteRequest: { Key: Record<string, unknown> } }).DeleteRequest.Key;
    return [{ ...item, pk: `FLOOR#${item.pk}` }];
  });
  const t = performance.now();
  await batchPut(embedded.client, "aimscan", items);
  return performance.now() - t;
}

export async function run(counts = [10_000, 100_000]): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const count of counts) {
    figures.push(...(await nights(count)));
    // The same targets with the results a real night has (the built-in policies' ~6 per asset):
    // one result per asset alone says too little of a night's store stage.
    if (count >= 100_000) figures.push(...(await nights(count, REAL_RESULTS_PER_ASSET)));
  }
  return figures;
}

const REAL_RESULTS_PER_ASSET = 6;

const sizes = process.argv.slice(2).map(Number).filter(Number.isFinite);
if (isMain(import.meta.url)) printFigures(await run(sizes.length > 0 ? sizes : undefined));
