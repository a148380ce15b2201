// Evidence and alerts at scale: one run of 10,000 assets (every drift status, 30,000 policy results):
// time to write the bundle, to verify it, bundle size, CycloneDX validation, and the alert digest
// for a storm night (every asset new) with its bounded SNS message. Prints figures; never asserts.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { buildDigest } from "../core/alerts/index.ts";
import { snsMessage } from "../core/alerts/sns.ts";
import { verifyEvidence, writeEvidence } from "../core/evidence/index.ts";
import type { Asset, DriftItem, DriftReport, PolicyResult } from "../core/model.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";

const STATUSES: DriftItem["status"][] = [
  "matched",
  "matched",
  "matched",
  "changed",
  "undeclared",
  "ambiguous",
];

export function estate(count: number): { assets: Asset[]; report: DriftReport } {
  const assets: Asset[] = [];
  const items: DriftItem[] = [];
  const policyResults: PolicyResult[] = [];
  for (let i = 0; i < count; i++) {
    const account = String(100000000000 + (i % 20));
    const name = `endpoint-${i}`;
    const a: Asset = {
      id: `arn:aws:sagemaker:us-east-1:${account}:endpoint/${name}`,
      provider: "aws",
      service: "sagemaker",
      kind: i % 3 === 0 ? "model" : "endpoint",
      account,
      region: "us-east-1",
      name,
      createdAt: "2026-01-01T00:00:00Z",
      tags: { team: `team-${i % 7}` },
      attributes: { instanceType: "ml.m5.large", instanceCount: 1, kmsKeyId: null },
    };
    assets.push(a);
    const status = STATUSES[i % STATUSES.length]!;
    items.push({
      status,
      assetId: a.id,
      ...(status === "matched" || status === "changed" ? { systemId: `system-${i % 100}` } : {}),
      asset: { provider: "aws", service: "sagemaker", kind: a.kind, account, region: "us-east-1", name },
      delta: "new",
    });
    for (const [p, sev] of [
      ["kms", "high"],
      ["capture", "medium"],
      ["instances", "low"],
    ] as const) {
      policyResults.push({
        policyId: `aws-${p}`,
        assetId: a.id,
        status: i % 4 === 0 ? "fail" : "pass",
        severity: sev,
        controls: ["ISO42001:A.6.2.5"],
        delta: "new",
      });
    }
  }
  const n = (s: string) => items.filter((i) => i.status === s).length;
  const report: DriftReport = {
    runId: "bench",
    generatedAt: "2026-03-01T02:00:00Z",
    summary: {
      observed: count,
      matched: n("matched"),
      changed: n("changed"),
      undeclared: n("undeclared"),
      ambiguous: n("ambiguous"),
      missing: 0,
      unverified: 0,
    },
    items,
    coverage: Array.from({ length: 20 }, (_, k) => ({
      provider: "aws" as const,
      account: String(100000000000 + k),
      region: "us-east-1",
      service: "sagemaker",
      status: "ok" as const,
    })),
    policyResults,
  };
  return { assets, report };
}

async function validateBom(count: number): Promise<unknown> {
  const { assets, report } = estate(count);
  const dir = await mkdtemp(join(tmpdir(), "aimscan-bench-cdx-"));
  try {
    const out = await writeEvidence({
      dir,
      runId: "cdx",
      startedAt: "2026-03-01T02:00:00Z",
      finishedAt: "2026-03-01T02:05:00Z",
      report,
      assets,
      inventory: { systems: [] },
      runs: [],
      toolVersion: "bench",
      configHash: "0".repeat(64),
    });
    const text = await readFile(join(out.dir, "inventory.cdx.json"), "utf8");
    return new Validation.JsonValidator(Spec.Version.v1dot6).validate(text);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const out = await fn();
  return [out, Math.round(performance.now() - t)];
}

export async function run(count = 10_000): Promise<Figure[]> {
  const { assets, report } = estate(count);
  const dir = await mkdtemp(join(tmpdir(), "aimscan-bench-evidence-"));
  try {
    const [out, writeMs] = await time(() =>
      writeEvidence({
        dir,
        runId: "bench",
        startedAt: "2026-03-01T02:00:00Z",
        finishedAt: "2026-03-01T02:05:00Z",
        report,
        assets,
        inventory: { systems: [] },
        runs: [],
        toolVersion: "bench",
        configHash: "0".repeat(64),
      }),
    );
    const [verified, verifyMs] = await time(() => verifyEvidence(dir));
    let bytes = 0;
    for (const f of out.files) bytes += (await stat(f)).size;
    const html = (await stat(join(out.dir, "report.html"))).size;
    // The schema's uniqueItems check is quadratic in ajv, so validation is timed on a 1,000-asset BOM.
    const [errors, validateMs] = await time(() => validateBom(1_000));
    const [digest, digestMs] = await time(async () =>
      buildDigest({
        runId: "bench",
        report,
        newItems: report.items,
        resolvedItems: [],
        newPolicyFailures: report.policyResults.filter((r) => r.status === "fail"),
      }),
    );
    const sns = Buffer.byteLength(snsMessage(digest));
    return [
      {
        figure: `evidence write, ${count} assets`,
        value: writeMs,
        unit: "ms",
        target: "< 5000",
        met: writeMs < 5000,
      },
      {
        figure: `evidence verify (${verified.ok ? "ok" : "FAILED"}, ${verified.checked} files)`,
        value: verifyMs,
        unit: "ms",
        target: "< 2000",
        met: verified.ok && verifyMs < 2000,
      },
      {
        figure: "bundle size",
        value: Math.round(bytes / 1024),
        unit: "KiB",
        target: "(informational) <",
        met: true,
      },
      {
        figure: "report.html size",
        value: Math.round(html / 1024),
        unit: "KiB",
        target: "(informational) <",
        met: true,
      },
      {
        figure: `CycloneDX 1.6 validation, 1000 assets (${errors === null ? "valid" : "INVALID"})`,
        value: validateMs,
        unit: "ms",
        target: "< 10000",
        met: errors === null && validateMs < 10000,
      },
      {
        figure: `digest of a storm night (${digest.counts.new} new)`,
        value: digestMs,
        unit: "ms",
        target: "< 1000",
        met: digestMs < 1000,
      },
      {
        figure: "SNS message for that night",
        value: Math.round(sns / 1024),
        unit: "KiB",
        target: "≤ 240",
        met: sns <= 240 * 1024,
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) printFigures(await run());
