// The CLI as a user runs it: `aimscan reconcile --policies builtin --format json` of a 100,000-asset
// snapshot against a 10,000-entry inventory, as a whole process, against its floor measured in the
// same run: a Node process that reads, parses and re-writes the same snapshot (what any tool that
// consumes and produces this JSON must at least do). Runs alternate (floor, CLI, floor, CLI) so a
// change in the machine's load hits both; the figure is the median of the pairs' ratios. Also the
// output size and the CLI's peak RSS (/usr/bin/time).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type Figure, isMain, printFigures } from "./figure.ts";
import { generate } from "./reconcile.ts";

const ROOT = join(import.meta.dirname, "..");
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);

// What the scanners write for each kind, configured as the policies ask (one asset in 11 is not).
const COMPLIANT: Record<string, Record<string, unknown>> = {
  notebook: { rootAccess: "Disabled", directInternetAccess: "Disabled", subnetId: "subnet-1", kmsKeyId: "k" },
  endpoint: { dataCaptureEnabled: true, networkIsolation: true, variants: [{ instanceCount: 2 }] },
  model: { networkIsolation: true, vpc: { subnets: ["subnet-1"], securityGroups: ["sg-1"] } },
  "endpoint-config": { kmsKeyId: "k", dataCaptureEnabled: true, networkIsolation: true },
};

/**
 * The estate a user reconciles: bench/reconcile.ts's 100k assets and 10k entries, where most assets
 * are declared and configured as the policies ask. 5,000 exact ids and 5,000 selectors (`app<j>-*`,
 * one per application) declare 95%; one asset in 11 is misconfigured. Names (and so ids) carry the
 * application. `worst` keeps bench/reconcile.ts's estate: 95% undeclared and every policy failing.
 */
export function estate(worst: boolean, assetCount = 100_000) {
  const { inventory, snapshot } = generate(assetCount, assetCount / 10);
  if (worst) return { inventory, snapshot, realistic: false };
  const assets = snapshot.assets.map((a, i) => {
    const declared = i < 5000 || i % 20 !== 19;
    const name = declared && i >= 5000 ? `app${i % 5000}-${a.name}` : a.name;
    const attributes = i % 11 === 10 ? a.attributes : { ...a.attributes, ...COMPLIANT[a.kind] };
    return { ...a, id: a.id.replace(/[^/]+$/, name), name, attributes };
  });
  const systems = inventory.systems.map((system, s) => ({
    ...system,
    assets: system.assets.map((_, k) => {
      const e = s * 10 + k;
      return e < 5000
        ? { id: assets[e]!.id, expect: { attributes: { instanceType: "ml.m5.large" } } }
        : { match: { provider: "aws" as const, name: `app${e - 5000}-*` }, minCount: 0 };
    }),
  }));
  return { inventory: { systems }, snapshot: { ...snapshot, assets }, realistic: true };
}

/** The inventory as a user writes it: YAML, one system per 10 entries. */
export function inventoryYaml(inventory: ReturnType<typeof estate>["inventory"], realistic: boolean): string {
  const lines = ["version: 1", "systems:"];
  for (const system of inventory.systems) {
    lines.push(`  - id: ${system.id}`, "    owner: team@example.com");
    if (realistic) lines.push("    riskLevel: medium", "    purpose: Score things");
    lines.push("    assets:");
    for (const entry of system.assets) {
      if ("id" in entry && entry.id) {
        lines.push(`      - id: "${entry.id}"`, "        expect:", "          attributes:");
        lines.push("            instanceType: ml.m5.large");
      } else if ("match" in entry && entry.match) {
        const m = entry.match;
        lines.push("      - match:");
        for (const [k, v] of Object.entries(m)) lines.push(`          ${k}: "${String(v)}"`);
        lines.push("        minCount: 0");
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
  status: number | null;
}

/** One whole process, timed by /usr/bin/time (wall, user + sys, peak RSS). */
function timed(args: string[], stdoutFile: string): Run {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", `${stdoutFile}.time`, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, AIMSCAN_BENCH_OUT: stdoutFile },
    shell: false,
  });
  const text = spawnSync("cat", [`${stdoutFile}.time`], { encoding: "utf8" })
    .stdout.trim()
    .split("\n")
    .at(-1)!;
  const [wall, user, sys, rssKb] = text.split(" ").map(Number) as [number, number, number, number];
  return { wall, cpu: user + sys, rssMb: rssKb / 1024, status: r.status };
}

/** The files of one estate, and the two commands timed against each other on them. */
function prepare(dir: string, worst: boolean) {
  const { inventory, snapshot, realistic } = estate(worst);
  const snapshotFile = join(dir, "snapshot.json");
  // As `aimscan scan --out` writes it.
  writeFileSync(snapshotFile, `${JSON.stringify(snapshot, null, 2)}\n`);
  writeFileSync(join(dir, "inventory.yaml"), inventoryYaml(inventory, realistic));
  const floorOut = join(dir, "floor.json");
  const cliOut = join(dir, "report.json");
  const floorScript = `const fs=require("node:fs");const s=JSON.parse(fs.readFileSync(${JSON.stringify(snapshotFile)},"utf8"));fs.writeFileSync(${JSON.stringify(floorOut)},JSON.stringify(s,null,2)+"\\n");`;
  // As a user runs it: from the folder that holds the files, stdout to a file through a shell
  // redirect. (Entries' `source.file` are relative to the working directory: run from the repository
  // they were `../../../tmp/aimscan-bench-cli-XXXXXX/inventory.yaml`, 5 MB of the output at 100k.)
  const bin = join(ROOT, "bin", "aimscan.mjs");
  const cli = [
    "sh",
    "-c",
    `cd "${dir}" && exec "${process.execPath}" "${bin}" reconcile --inventory inventory.yaml --snapshot snapshot.json --policies builtin --format json > "${cliOut}"`,
  ];
  const entries = inventory.systems.reduce((n, s) => n + s.assets.length, 0);
  const about = `snapshot ${(statSync(snapshotFile).size / 1e6).toFixed(0)} MB, ${snapshot.assets.length} assets, ${entries} entries`;
  return { floor: [process.execPath, "-e", floorScript], floorOut, cli, cliOut, about };
}

const load = () => `load average ${loadavg()[0]!.toFixed(1)}`;

function pair(p: ReturnType<typeof prepare>, label: string): { floor: Run; cli: Run } {
  const f = timed(p.floor, p.floorOut);
  const c = timed(p.cli, p.cliOut);
  const out = (statSync(p.cliOut).size / 1e6).toFixed(1);
  console.log(
    `  ${label}: floor ${f.wall.toFixed(2)} s (cpu ${f.cpu.toFixed(2)} s, ${f.rssMb.toFixed(0)} MB), ` +
      `cli ${c.wall.toFixed(2)} s (cpu ${c.cpu.toFixed(2)} s, ${c.rssMb.toFixed(0)} MB, exit ${c.status}, ` +
      `output ${out} MB) → ${(c.wall / f.wall).toFixed(2)}×; ${load()}`,
  );
  return { floor: f, cli: c };
}

export function run(): Figure[] {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-bench-cli-"));
  try {
    const p = prepare(dir, false);
    console.log(`cli-reconcile: ${p.about}, 95% declared, 9% misconfigured; ${load()}`);
    const ratios: number[] = [];
    const cliRuns: Run[] = [];
    const floorRuns: Run[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const { floor: f, cli: c } = pair(p, `pair ${i + 1}`);
      floorRuns.push(f);
      cliRuns.push(c);
      ratios.push(c.wall / f.wall);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(ratios);
    const cliWall = median(cliRuns.map((r) => r.wall));
    const cpuRatio = median(cliRuns.map((r, i) => r.cpu / floorRuns[i]!.cpu));
    const outMb = statSync(p.cliOut).size / 1e6;
    const rss = Math.max(...cliRuns.map((r) => r.rssMb));
    console.log(
      `cli-reconcile: CPU ratio (cli/floor) ${cpuRatio.toFixed(2)}×, output ${outMb.toFixed(1)} MB`,
    );
    if (process.env.BENCH_WORST !== "0") {
      // Not a figure, shown so that no one mistakes the estate for the output's bound: with 95%
      // undeclared and every policy failing, the findings themselves are 430k rows.
      const worst = prepare(dir, true);
      console.log(`cli-reconcile, worst case (95% undeclared, every policy failing): ${worst.about}`);
      pair(worst, "one pair");
    }
    return [
      {
        figure: "cli reconcile 100k × 10k --policies builtin --format json / floor",
        value: Number(ratio.toFixed(2)),
        unit: "×",
        target: "≤ 2",
        met: ratio <= 2,
      },
      {
        figure: "cli reconcile 100k × 10k: wall time (median)",
        value: Number(cliWall.toFixed(2)),
        unit: "s",
        target: "< 4",
        met: cliWall < 4,
      },
      {
        figure: "cli reconcile 100k × 10k: JSON output",
        value: Number(outMb.toFixed(1)),
        unit: "MB",
        target: "< 60",
        met: outMb < 60,
      },
      {
        figure: "cli reconcile 100k × 10k: peak RSS",
        value: Math.round(rss),
        unit: "MB",
        target: "< 512",
        met: rss < 512,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) printFigures(run());
