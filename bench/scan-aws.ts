// AWS scan at scale: 20 accounts × 4 regions, ~3,600 assets of 36 kinds, the simulator throttling every
// account+service above 10 requests/s. Prints wall time against the lower bound (the busiest
// rate-limit key's answered requests, less its one-second burst, ÷ 10/s: throttled ones do not count,
// they are waste), achieved vs allowed rate, throttles, shard errors and the machine's load, with
// the DEFAULT scan settings (no concurrency or rate given). BENCH_DUMP=file writes every request.
// The simulator runs in a worker thread so that it does not share the scanner's event loop.
import { loadavg } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Config } from "../core/model.ts";
import { scan } from "../scanners/index.ts";
import { startAwsSimulator } from "../simulator/aws/index.ts";
import type { AwsRegionScenario, AwsScenario } from "../simulator/scenario.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";

const ACCOUNTS = 20;
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
export const RATE = 10;
/** The old hand-tuned client rate (BENCH_TUNED=1). */
const CLIENT_RATE = 9;
/** 2,000 of the first 16 kinds, plus one of each of the 20 newer kinds per account and region. */
export const EXPECTED_ASSETS = 2000 + ACCOUNTS * REGIONS.length * 20;

function region(p: string): AwsRegionScenario {
  const n = (kind: string, count: number) => Array.from({ length: count }, (_, i) => `${p}-${kind}-${i + 1}`);
  return {
    sagemaker: {
      endpoints: n("ep", 2).map((name, i) => ({ name, config: `${p}-cfg-${i + 1}` })),
      endpointConfigs: n("cfg", 2).map((name, i) => ({ name, variants: [{ model: `${p}-model-${i + 1}` }] })),
      models: n("model", 2).map((name) => ({ name, environment: { SECRET: "never-copied" } })),
      notebooks: n("nb", 2).map((name) => ({ name })),
      trainingJobs: n("train", 1).map((name) => ({ name })),
      domains: n("domain", 1).map((name) => ({ name })),
      modelPackageGroups: n("mpg", 1).map((name) => ({ name })),
      inferenceComponents: n("ic", 1).map((name) => ({ name, endpoint: `${p}-ep-1` })),
      ...newSageMakerKinds(p),
    },
    bedrock: {
      customModels: n("custom", 2).map((name) => ({ name })),
      importedModels: n("imported", 1).map((name) => ({ name })),
      provisionedThroughputs: n("pt", 1).map((name) => ({
        name,
        modelArn: "arn:aws:bedrock:::foundation-model/x",
      })),
      guardrails: n("guard", 2).map((name) => ({ name })),
      agents: n("agent", 2).map((name) => ({ name })),
      knowledgeBases: n("kb", 2).map((name) => ({ name })),
      invocationLogging: { s3Bucket: `${p}-logs` },
      ...newBedrockKinds(p),
    },
    agentcore: { runtimes: [{ name: `${p.replace(/-/g, "_")}_agent` }] },
  };
}

/** One of each newer Bedrock kind (issue 19), so the bench paces them too. */
function newBedrockKinds(p: string) {
  const model = "arn:aws:bedrock:us-east-1::foundation-model/x";
  return {
    inferenceProfiles: [{ name: `${p}-profile`, models: [model] }],
    customModelDeployments: [{ name: `${p}-cmd`, modelArn: model }],
    marketplaceEndpoints: [{ name: `${p}-mkt`, modelSourceIdentifier: model }],
    evaluationJobs: [{ name: `${p}-eval` }],
    invocationJobs: [{ name: `${p}-batch`, modelId: model }],
    customizationJobs: [{ name: `${p}-tune` }],
    prompts: [{ name: `${p}-prompt`, versions: 2 }],
    flows: [{ name: `${p}-flow`, versions: 1, aliases: [{ name: "live", version: "1" }] }],
  };
}

/** One of each newer SageMaker kind (issue 19). */
function newSageMakerKinds(p: string) {
  return {
    modelCards: [{ name: `${p}-card`, status: "Approved", riskRating: "Low" }],
    clusters: [{ name: `${p}-hyperpod` }],
    pipelines: [{ name: `${p}-pipeline` }],
    spaces: [{ name: `${p}-space`, domainId: "d-bench" }],
    processingJobs: [{ name: `${p}-proc` }],
    transformJobs: [{ name: `${p}-transform`, model: `${p}-model-1` }],
    tuningJobs: [{ name: `${p}-hpo` }],
    autoMLJobs: [{ name: `${p}-automl` }],
    compilationJobs: [{ name: `${p}-neo` }],
    monitoringSchedules: [{ name: `${p}-monitor`, endpoint: `${p}-ep-1` }],
    modelPackages: [{ name: `${p}-pkg`, version: 1 }],
  };
}

export function estate(): AwsScenario {
  const accounts: AwsScenario["accounts"] = {};
  for (let a = 0; a < ACCOUNTS; a++) {
    const id = String(100000000000 + a);
    accounts[id] = {
      iam: {
        users: Array.from({ length: 4 }, (_, u) => ({
          name: `user-${u}`,
          serviceCredentials: [{ id: `ACCA${id}${u}A` }, { id: `ACCA${id}${u}B` }],
        })),
      },
      regions: Object.fromEntries(REGIONS.map((r) => [r, region(`${id}-${r}`)])),
    };
  }
  return { callerAccount: "100000000000", accounts };
}

interface SimStats {
  perKey: Record<string, number>;
  total: number;
  throttled: number;
  /** First and last scanning (non-STS) request, epoch ms. */
  first: number;
  last: number;
}

/** Worker side: serve the estate, report request counts per account+service on demand. */
async function serve(): Promise<void> {
  const sim = await startAwsSimulator(workerData.scenario as AwsScenario, { rateLimit: RATE });
  parentPort!.postMessage({ endpoint: sim.endpoint });
  parentPort!.on("message", async (m: string) => {
    if (m === "stats") {
      // Answered requests only: a throttled one is waste the scan chose, not work the bound must allow.
      const perKey: Record<string, number> = {};
      for (const r of sim.requests)
        if (!/Throttl/.test(r.error ?? ""))
          perKey[`${r.account}/${r.service}`] = (perKey[`${r.account}/${r.service}`] ?? 0) + 1;
      const scanning = sim.requests.filter((r) => r.service !== "sts").map((r) => r.time);
      parentPort!.postMessage({
        perKey,
        total: sim.requests.length,
        throttled: sim.controls.throttled,
        first: Math.min(...scanning),
        last: Math.max(...scanning),
      });
    } else if (m === "dump") {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(
        process.env.BENCH_DUMP!,
        JSON.stringify(
          sim.requests.map((r) => [r.account, r.service, r.region, r.operation, r.status, r.time]),
        ),
      );
      parentPort!.postMessage("dumped");
    } else if (m === "stop") {
      await sim.stop();
      process.exit(0);
    }
  });
}

export async function run(): Promise<Figure[]> {
  // The worker runs this same TypeScript file, so it registers tsx's loader first.
  const boot = `import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { scenario: estate() } });
  const next = () => new Promise<any>((resolve) => worker.once("message", resolve));
  const { endpoint } = (await next()) as { endpoint: string };
  try {
    const config = Config.parse({
      aws: { regions: REGIONS, accounts: Object.keys(estate().accounts), endpoint },
      // Default settings, as users run it: pacing starts at the documented quota and learns the
      // simulator's. BENCH_TUNED=1 gives the old hand-tuned settings for comparison.
      ...(process.env.BENCH_TUNED ? { scan: { concurrency: 180, requestsPerSecond: CLIENT_RATE } } : {}),
    });
    const credentials = { accessKeyId: "AKIDBENCHBASE", secretAccessKey: "bench" };
    const startedAt = Date.now();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    const snapshot = await scan(config, { deps: { aws: { credentials } } });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    console.log(
      `scan-aws: process CPU ${((used.user + used.system) / 1e6).toFixed(1)} s, ` +
        `scanner event loop ${(performance.eventLoopUtilization(elu).utilization * 100).toFixed(0)}% busy, ` +
        `machine load average ${loadavg()[0]!.toFixed(1)} (the bound assumes the scan has the CPUs to itself)`,
    );
    worker.postMessage("stats");
    const stats = (await next()) as SimStats;
    if (process.env.BENCH_DUMP) {
      worker.postMessage("dump");
      await next();
      console.log("startedAt", startedAt);
    }

    // Lower bound: the busiest account+service key's answered requests, less its one-second burst,
    // at RATE per second.
    const [busiestKey, busiest] = Object.entries(stats.perKey)
      .filter(([k]) => !k.endsWith("/sts"))
      .sort((a, b) => b[1] - a[1])[0]!;
    const bound = Math.max(0, busiest - RATE) / RATE;
    const load = loadavg()[0]!.toFixed(1);
    const errors = snapshot.coverage.filter((c) => c.status === "error");
    console.log(
      `scan-aws: ${snapshot.assets.length} assets, ${snapshot.coverage.length} shards (${errors.length} errors), ` +
        `${stats.total} requests (${stats.throttled} throttled) in ${seconds.toFixed(1)} s; ` +
        `busiest key ${busiestKey}: ${busiest} answered requests (bound ${bound.toFixed(1)} s), achieved ${(busiest / seconds).toFixed(2)} req/s vs allowed ${RATE}; ` +
        `all keys: ${(stats.total / seconds).toFixed(0)} req/s vs allowed ${Object.keys(stats.perKey).length * RATE}`,
    );
    console.log(
      `scan-aws: first scanning request after ${((stats.first - startedAt) / 1000).toFixed(1)} s (imports, caller ` +
        `identity, AssumeRole), last at ${((stats.last - startedAt) / 1000).toFixed(1)} s`,
    );
    for (const e of errors.slice(0, 5))
      console.log(`  error ${e.account}/${e.region}/${e.service}: ${e.error}`);
    const ratio = seconds / bound;
    console.log(
      `scan-aws: ${seconds.toFixed(1)} s / ${bound.toFixed(1)} s bound = ${ratio.toFixed(2)}× at load ${load} (default settings: ${process.env.BENCH_TUNED ? "NO, BENCH_TUNED" : "yes"})`,
    );
    return [
      {
        figure: "scan-aws assets found",
        value: snapshot.assets.length,
        unit: "assets",
        target: `= ${EXPECTED_ASSETS}`,
        met: snapshot.assets.length === EXPECTED_ASSETS,
      },
      {
        figure: "scan-aws shard errors",
        value: errors.length,
        unit: "shards",
        target: "= 0",
        met: errors.length === 0,
      },
      {
        figure: "scan-aws wall time / lower bound",
        value: Number(ratio.toFixed(2)),
        unit: "×",
        target: "≤ 1.25",
        met: ratio <= 1.25,
      },
    ];
  } finally {
    worker.postMessage("stop");
  }
}

if (!isMainThread) await serve();
else if (isMain(import.meta.url)) printFigures(await run());
