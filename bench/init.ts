// `aimscan init` on a 2,000-asset snapshot: read, group, write the draft. Target: < 2 s.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { init } from "../cli/commands/init.ts";
import type { Asset, Snapshot } from "../core/model.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";

/** A snapshot of `count` SageMaker assets over 10 accounts, 40 name families, 20 teams. */
export function syntheticSnapshot(count = 2000): Snapshot {
  const kinds = ["endpoint", "model", "notebook-instance", "training-job"];
  const kindOf: Record<string, string> = { "notebook-instance": "notebook" };
  const assets: Asset[] = Array.from({ length: count }, (_, i) => {
    const account = String(200000000000 + (i % 10));
    const region = i % 3 === 0 ? "eu-west-1" : "us-east-1";
    const type = kinds[i % kinds.length]!;
    const name = `family${i % 40}-svc-${i}`;
    return {
      id: `arn:aws:sagemaker:${region}:${account}:${type}/${name}`,
      provider: "aws",
      service: "sagemaker",
      kind: kindOf[type] ?? type,
      account,
      region,
      name,
      createdAt: null,
      tags: (i % 7 === 0 ? {} : { team: `team${i % 20}` }) as Record<string, string>,
      // As the scanners write them: SageMaker models have no instance type.
      attributes:
        type === "model" ? { containerCount: 1 } : { instanceType: `ml.m5.${i % 2 ? "large" : "xlarge"}` },
    };
  });
  const coverage = [...new Set(assets.map((a) => `${a.account}/${a.region}`))].map((k) => {
    const [account, region] = k.split("/") as [string, string];
    return { provider: "aws" as const, account, region, service: "sagemaker", status: "ok" as const };
  });
  return { schemaVersion: 1, scannedAt: new Date().toISOString(), assets, coverage };
}

export async function benchInit(count = 2000): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-bench-init-"));
  const file = join(dir, "snapshot.json");
  writeFileSync(file, JSON.stringify(syntheticSnapshot(count)));
  const figures: Figure[] = [];
  for (const groupBy of ["account", "name-prefix"]) {
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    const started = performance.now();
    try {
      await init({ snapshot: file, out: join(dir, groupBy), groupBy });
    } finally {
      process.stdout.write = write;
    }
    const ms = Math.round(performance.now() - started);
    figures.push({
      figure: `init ${count} assets --group-by ${groupBy}`,
      value: ms,
      unit: "ms",
      target: "< 2000",
      met: ms < 2000,
    });
  }
  return figures;
}

if (isMain(import.meta.url)) printFigures(await benchInit());
