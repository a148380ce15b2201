// A whole 100k-asset night as `aimscan run` does it, in its own process, for its peak RSS (issue 17:
// under 512 MB; the finish Lambda has 3 GB, aim for a 1 GB one) and its wall and CPU time. The
// estate is bench/cli-reconcile.ts's (100,000 assets, 10,000 inventory entries, 95% declared, one
// asset in 11 misconfigured), with the built-in policies and the embedded store on disk. The child
// does what cli/night.ts does after the scan (start the run, record coverage, finishNight: store,
// evidence, outbox) on the snapshot a scan wrote, from a bundle as the CLI runs (bench/night-child.ts); the scan itself is left out (bench/scan-aws.ts
// times it; through the simulator 100k assets would be ~100k Describe calls). Three nights: the
// first, a quiet one (same snapshot), and one where 1% of the assets changed.
//
// The nights run twice: with the embedded store in the night's process, as `aimscan run` on the
// embedded defaults does (dynalite and its LevelDB share the process), and with the same store in
// a process of its own reached over loopback, as the deployed finish Lambda reaches DynamoDB (the
// Lambda's memory is the night's alone), there on Lambda's Node 22 (rehearsal/node22.ts) while the
// embedded pass runs on the node that runs the bench, as a user's CLI would. The second also prints
// the store process's own peak.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freshBundle } from "../bin/bundle.mjs";
import { node22 } from "../rehearsal/node22.ts";
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

/** A config file for the estate in `dir` with this store. */
function writeConfig(dir: string, name: string, store: string): string {
  const config = [
    `inventory: ${join(dir, "inventory.yaml")}`,
    "policies: [builtin]",
    `store: ${store}`,
    `evidence: { dir: ${join(dir, "out")} }`,
  ];
  const file = join(dir, name);
  writeFileSync(file, `${config.join("\n")}\n`);
  return file;
}

/** The files of the estate: one snapshot per night, the inventory. */
function prepare(dir: string): string[] {
  const { inventory, snapshot } = estate(false, ASSETS);
  writeFileSync(join(dir, "inventory.yaml"), inventoryYaml(inventory, true));
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
function night(
  node: string,
  childBundle: string,
  dir: string,
  config: string,
  label: string,
  snapshot: string,
  n: number,
): Night {
  const timeFile = join(dir, `night-${n}.time`);
  const r = spawnSync(
    "/usr/bin/time",
    [
      "-f",
      "%e %U %S %M",
      "-o",
      timeFile,
      node,
      ...(process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF] : []),
      ...(process.env.BENCH_LIVE ? ["--expose-gc"] : []),
      childBundle,
      config,
      snapshot,
      `bench-night-${n}`,
      `2026-03-0${n}T02:00:00.000Z`,
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...BENCH_ENV, ...process.env },
    },
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

// The remote store's client takes credentials from the standard chain; the store ignores them. Node 20
// is supported (bin/aimscan.mjs says the same): the SDK's notice of its future Node floor is noise.
const BENCH_ENV = {
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

/** The three nights against one store, as figures labelled with `where`. */
function nights(
  node: string,
  childBundle: string,
  dir: string,
  config: string,
  snapshots: string[],
  where: string,
): Figure[] {
  const labels = ["first night", "quiet night", "1% change"];
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  return labels.map((label, i) => {
    const r = night(node, childBundle, dir, config, label, snapshots[i]!, i + 1);
    const load = loadavg()[0]!.toFixed(1);
    return {
      figure: `aimscan run ${ASSETS / 1000}k ${label}, ${where}, Node ${version} (after the scan): peak RSS (wall ${r.wall.toFixed(1)} s, cpu ${r.cpu.toFixed(1)} s, exit ${r.status}; load ${load})`,
      value: Math.round(r.rssMb),
      unit: "MB",
      target: `< ${TARGET_MB}`,
      met: r.status === 0 && r.rssMb < TARGET_MB,
    };
  });
}

/**
 * The night's child as `aimscan run` runs its own code: one esbuild bundle (bin/bundle.mjs, the
 * CLI's builder), packages it leaves out loaded from node_modules. Its path, not its URL.
 */
async function nightBundle(): Promise<string> {
  const url = await freshBundle(ROOT, "bench/night-child.ts", join(ROOT, "dist", "bench-night"));
  if (!url)
    throw new Error("bench/night-child.ts could not be bundled (is esbuild installed? is dist/ writable?)");
  return fileURLToPath(url);
}

/** dynalite on `path` in a process of its own; resolves once it prints its endpoint. */
async function storeProcess(path: string): Promise<{ proc: ChildProcess; endpoint: string }> {
  const proc = spawn(
    process.execPath,
    ["--import", "tsx", join(ROOT, "bench/night-rss.ts"), "--store", path],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...BENCH_ENV, ...process.env },
    },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let text = "";
    proc.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const line = text.match(/^endpoint (\S+)$/m);
      if (line) resolve(line[1]!);
    });
    proc.once("exit", (code) => reject(new Error(`the store process exited (${code}) before it listened`)));
  });
  return { proc, endpoint };
}

/** The store process's peak RSS so far (VmHWM), in MB. */
function peakMb(pid: number): number {
  const kb = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmHWM:\s+(\d+) kB$/m)?.[1];
  return Number(kb ?? 0) / 1024;
}

export async function run(): Promise<Figure[]> {
  const dir = KEEP ?? mkdtempSync(join(tmpdir(), "aimscan-bench-night-"));
  if (KEEP) mkdirSync(KEEP);
  try {
    const snapshots = prepare(dir);
    const childBundle = await nightBundle();
    const embedded = writeConfig(dir, "aimscan.config.yaml", `{ type: embedded, path: ${join(dir, "db")} }`);
    const figures = nights(process.execPath, childBundle, dir, embedded, snapshots, "embedded store");
    const { proc, endpoint } = await storeProcess(join(dir, "db-remote"));
    try {
      const remote = writeConfig(
        dir,
        "remote.config.yaml",
        `{ type: dynamodb, table: aimscan, region: local, endpoint: "${endpoint}" }`,
      );
      const lambdaNode = node22(join(ROOT, ".aimscan/node22"));
      figures.push(...nights(lambdaNode, childBundle, dir, remote, snapshots, "store in its own process"));
      figures.push({
        figure: `store process (dynalite on disk) for those nights: peak RSS`,
        value: Math.round(peakMb(proc.pid!)),
        unit: "MB",
        target: "any",
        met: true,
      });
    } finally {
      proc.kill();
    }
    return figures;
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

/** `--store PATH`: the embedded store alone, until killed; its endpoint on stdout. */
async function storeOnly(path: string) {
  const { startEmbedded } = await import("../core/store/embedded.ts");
  const embedded = await startEmbedded(path, "aimscan");
  console.log(`endpoint ${embedded.endpoint}`);
}

const args = process.argv.slice(2);
if (args[0] === "--store") await storeOnly(args[1]!);
else if (isMain(import.meta.url)) printFigures(await run());
