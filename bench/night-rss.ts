// A whole 100k-asset night as `aimscan run` does it, in its own process, for its peak RSS (issue 17:
// under 512 MB; the finish Lambda has 3 GB, aim for a 1 GB one) and its wall and CPU time. The
// estate is bench/cli-reconcile.ts's (100,000 assets, 10,000 inventory entries, 95% declared, one
// asset in 11 misconfigured), with the built-in policies and the embedded store on disk. The child
// does what cli/night.ts does after the scan (start the run, record coverage, finishNight: store,
// evidence, outbox) on the snapshot a scan wrote; the scan itself is left out (bench/scan-aws.ts
// times it; through the simulator 100k assets would be ~100k Describe calls). Three nights: the
// first, a quiet one (same snapshot), and one where 1% of the assets changed.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { estate, inventoryYaml } from "./cli-reconcile.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";

const ROOT = join(import.meta.dirname, "..");
const TARGET_MB = 512;
/** BENCH_ASSETS=10000 for a smaller estate (the target is for 100k). */
const ASSETS = Number(process.env.BENCH_ASSETS ?? 100_000);

interface Night {
  label: string;
  wall: number;
  cpu: number;
  rssMb: number;
  status: number | null;
}

/** The files of the estate: one snapshot per night, the inventory, the config. */
function prepare(dir: string): string[] {
  const { inventory, snapshot } = estate(false, ASSETS);
  writeFileSync(join(dir, "inventory.yaml"), inventoryYaml(inventory, true));
  const config = [
    `inventory: ${join(dir, "inventory.yaml")}`,
    "policies: [builtin]",
    `store: { type: embedded, path: ${join(dir, "db")} }`,
    `evidence: { dir: ${join(dir, "out")} }`,
  ];
  writeFileSync(join(dir, "aimscan.config.yaml"), `${config.join("\n")}\n`);
  const first = join(dir, "night-1.json");
  writeFileSync(first, `${JSON.stringify(snapshot, null, 2)}\n`);
  // 1% of the assets changed their instance type (drift) tonight.
  const changed = {
    ...snapshot,
    assets: snapshot.assets.map((a, i) =>
      i % 100 === 7 ? { ...a, attributes: { ...a.attributes, instanceType: "ml.g5.xlarge" } } : a,
    ),
  };
  const third = join(dir, "night-3.json");
  writeFileSync(third, `${JSON.stringify(changed, null, 2)}\n`);
  return [first, first, third];
}

/** One night in a child process under /usr/bin/time (wall, user + sys, peak RSS). */
function night(dir: string, label: string, snapshot: string, n: number): Night {
  const timeFile = join(dir, `night-${n}.time`);
  const r = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "%e %U %S %M",
      "-o",
      timeFile,
      process.execPath,
      "--import",
      "tsx",
      ...(process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF] : []),
      ...(process.env.BENCH_LIVE ? ["--expose-gc"] : []),
      join(ROOT, "bench/night-rss.ts"),
      "--child",
      dir,
      snapshot,
      `bench-night-${n}`,
      `2026-03-0${n}T02:00:00.000Z`,
    ],
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: process.env },
  );
  const [wall, user, sys, rssKb] = readFileSync(timeFile, "utf8")
    .trim()
    .split("\n")
    .at(-1)!
    .split(" ")
    .map(Number) as [number, number, number, number];
  return { label, wall, cpu: user + sys, rssMb: rssKb / 1024, status: r.status };
}

/** BENCH_KEEP=dir: run the nights there and keep the store and bundles (to diff before/after). */
const KEEP = process.env.BENCH_KEEP;

export function run(): Figure[] {
  const dir = KEEP ?? mkdtempSync(join(tmpdir(), "aimscan-bench-night-"));
  if (KEEP) mkdirSync(KEEP);
  try {
    const snapshots = prepare(dir);
    const labels = ["first night", "quiet night", "1% change"];
    const figures: Figure[] = [];
    for (const [i, label] of labels.entries()) {
      const r = night(dir, label, snapshots[i]!, i + 1);
      const load = loadavg()[0]!.toFixed(1);
      figures.push({
        figure: `aimscan run ${ASSETS / 1000}k ${label} (after the scan): peak RSS (wall ${r.wall.toFixed(1)} s, cpu ${r.cpu.toFixed(1)} s, exit ${r.status}; load ${load})`,
        value: Math.round(r.rssMb),
        unit: "MB",
        target: `< ${TARGET_MB}`,
        met: r.status === 0 && r.rssMb < TARGET_MB,
      });
    }
    return figures;
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

/** The child: what cli/night.ts does once the scan has returned its snapshot. */
async function child(dir: string, snapshotFile: string, runId: string, startedAt: string) {
  const { loadRunConfig } = await import("../core/config.ts");
  const { finishNight, prepareNight } = await import("../core/night.ts");
  const { readSnapshot } = await import("../core/snapshot-file.ts");
  const { openStore } = await import("../core/store/index.ts");
  const t = performance.now();
  const config = loadRunConfig(join(dir, "aimscan.config.yaml"));
  const prepared = prepareNight(config);
  const store = await openStore(config.store, { retentionDays: config.retentionDays });
  try {
    const snapshot = readSnapshot(snapshotFile);
    await store.startRun({ runId, startedAt, configHash: prepared.configHash });
    await store.recordCoverage(runId, snapshot.coverage);
    const loaded = performance.now();
    // Where the peak is reached: the peak RSS so far and the heap in use after each step (with
    // BENCH_LIVE=1, after a full GC: what is live there; the times then include the GCs).
    const stages: string[] = [
      `loaded ${mb(process.resourceUsage().maxRSS * 1024)}/${mb(process.memoryUsage().heapUsed)}`,
    ];
    const checkpoint = (name: string) => {
      // BENCH_LIVE=1: a full GC first, so the heap figure is what is still reachable there.
      const gc = (globalThis as { gc?: () => void }).gc;
      const ms = Math.round(performance.now() - loaded);
      gc?.();
      stages.push(
        `${name} ${ms} ms ${mb(process.resourceUsage().maxRSS * 1024)}/${mb(process.memoryUsage().heapUsed)}`,
      );
    };
    const result = await finishNight({
      config,
      prepared,
      runId,
      startedAt,
      snapshot,
      store,
      deliver: false,
      checkpoint,
      stage: checkpoint,
    });
    const s = result.report.summary;
    console.log(
      `  ${runId}: ${s.observed} observed, ${s.matched} matched, ${s.changed} changed, ${s.undeclared} undeclared, ` +
        `${result.report.policyResults?.length ?? 0} policy results; load ${Math.round(loaded - t)} ms, ` +
        `night ${Math.round(performance.now() - loaded)} ms, written ${result.completed.written} items`,
    );
    console.log(`    peak RSS/heap used (MB) at: ${stages.join(", ")}`);
  } finally {
    await store.close();
  }
}

const mb = (bytes: number) => Math.round(bytes / 1e6);

const args = process.argv.slice(2);
if (args[0] === "--child") await child(args[1]!, args[2]!, args[3]!, args[4]!);
else if (isMain(import.meta.url)) printFigures(run());
