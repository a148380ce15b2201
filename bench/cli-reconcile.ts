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

/** The inventory as a user writes it: YAML, one system per 10 entries. */
function inventoryYaml(inventory: ReturnType<typeof generate>["inventory"]): string {
  const lines = ["version: 1", "systems:"];
  for (const system of inventory.systems) {
    lines.push(`  - id: ${system.id}`, "    owner: team@example.com", "    assets:");
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

export function run(): Figure[] {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-bench-cli-"));
  try {
    const { inventory, snapshot } = generate();
    const snapshotFile = join(dir, "snapshot.json");
    // As `aimscan scan --out` writes it.
    writeFileSync(snapshotFile, `${JSON.stringify(snapshot, null, 2)}\n`);
    writeFileSync(join(dir, "inventory.yaml"), inventoryYaml(inventory));
    const floorOut = join(dir, "floor.json");
    const cliOut = join(dir, "report.json");
    const floorScript = `const fs=require("node:fs");const s=JSON.parse(fs.readFileSync(${JSON.stringify(snapshotFile)},"utf8"));fs.writeFileSync(${JSON.stringify(floorOut)},JSON.stringify(s,null,2)+"\\n");`;
    const floor = [process.execPath, "-e", floorScript];
    // stdout to a file through a shell redirect, as a user would.
    const cli = [
      "sh",
      "-c",
      `exec "${process.execPath}" bin/aimscan.mjs reconcile --inventory "${join(dir, "inventory.yaml")}" --snapshot "${snapshotFile}" --policies builtin --format json > "${cliOut}"`,
    ];
    console.log(
      `cli-reconcile: snapshot ${(statSync(snapshotFile).size / 1e6).toFixed(0)} MB, ${snapshot.assets.length} assets, ` +
        `${inventory.systems.reduce((n, s) => n + s.assets.length, 0)} entries; load average ${loadavg()[0]!.toFixed(1)}`,
    );
    const ratios: number[] = [];
    const cliRuns: Run[] = [];
    const floorRuns: Run[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const f = timed(floor, floorOut);
      const c = timed(cli, cliOut);
      floorRuns.push(f);
      cliRuns.push(c);
      ratios.push(c.wall / f.wall);
      console.log(
        `  pair ${i + 1}: floor ${f.wall.toFixed(2)} s (cpu ${f.cpu.toFixed(2)} s, ${f.rssMb.toFixed(0)} MB), ` +
          `cli ${c.wall.toFixed(2)} s (cpu ${c.cpu.toFixed(2)} s, ${c.rssMb.toFixed(0)} MB, exit ${c.status}) → ${(c.wall / f.wall).toFixed(2)}×`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ratio = median(ratios);
    const cliWall = median(cliRuns.map((r) => r.wall));
    const cpuRatio = median(cliRuns.map((r, i) => r.cpu / floorRuns[i]!.cpu));
    const outMb = statSync(cliOut).size / 1e6;
    const rss = Math.max(...cliRuns.map((r) => r.rssMb));
    console.log(
      `cli-reconcile: CPU ratio (cli/floor) ${cpuRatio.toFixed(2)}×, output ${outMb.toFixed(1)} MB`,
    );
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
