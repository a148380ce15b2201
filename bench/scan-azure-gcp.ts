// Azure and GCP scans at scale against rate-limiting simulators: 10 subscriptions × 50 accounts ×
// 3 deployments (10 requests/s per subscription), and 5 projects × 3 locations × 100 endpoints (+100 models each, and API keys; 4 requests/s per project and service).
// Prints wall time against the lower bound (the busiest rate-limit key's requests, less its
// one-second burst, at the allowed rate), throttles, errors, and the cold import time of each SDK
// module (the GCP service clients' own paths against the package roots).
// The simulators run in a worker thread so that they do not share the scanner's event loop.
import { spawnSync } from "node:child_process";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { OAuth2Client } from "google-auth-library";
import { Config } from "../core/model.ts";
import { closeGcpClients, type GcpDeps } from "../scanners/gcp/index.ts";
import { scan } from "../scanners/index.ts";
import { startAzureSimulator } from "../simulator/azure/index.ts";
import { generateAzureScenario } from "../simulator/azure/scenario.ts";
import { startGcpSimulator } from "../simulator/gcp/index.ts";
import { generateGcpScenario } from "../simulator/gcp/scenario.ts";
import { type Figure, isMain, printFigures } from "./figure.ts";

const AZURE = { subscriptions: 10, accountsPerSubscription: 50, deploymentsPerAccount: 3, rate: 10 };
const GCP = {
  projects: 5,
  locations: ["us-central1", "europe-west4", "asia-northeast1"],
  endpoints: 100,
  rate: 4,
};

interface Stats {
  perKey: Record<string, number>;
  total: number;
  throttled: number;
}

/** Worker side: serve both estates; report request counts per rate-limit key on demand. */
async function serve(): Promise<void> {
  const azure = await startAzureSimulator(
    generateAzureScenario({
      subscriptions: AZURE.subscriptions,
      accountsPerSubscription: AZURE.accountsPerSubscription,
      deploymentsPerAccount: AZURE.deploymentsPerAccount,
    }),
    { requestsPerSecond: AZURE.rate },
  );
  const gcp = await startGcpSimulator(
    generateGcpScenario({
      projects: GCP.projects,
      locations: GCP.locations,
      endpointsPerLocation: GCP.endpoints,
    }),
    { requestsPerSecond: GCP.rate },
  );
  parentPort!.postMessage({ azure: azure.endpoint, ca: azure.ca, gcp: gcp.apiEndpoint });
  parentPort!.on("message", async (m: string) => {
    if (m === "azure" || m === "gcp") {
      const requests: { key: string; status: number }[] =
        m === "azure"
          ? azure.requests.map((r) => ({ key: r.subscription ?? "tenant", status: r.status }))
          : gcp.requests.map((r) => ({ key: `${r.project}/${r.service}`, status: r.status }));
      const perKey: Record<string, number> = {};
      // The work per key: answered requests (a 429 is the limiter pushing back, not work done).
      for (const r of requests) if (r.status !== 429) perKey[r.key] = (perKey[r.key] ?? 0) + 1;
      const stats: Stats = {
        perKey,
        total: requests.length,
        throttled: requests.filter((r) => r.status === 429).length,
      };
      azure.requests.length = 0;
      gcp.requests.length = 0;
      parentPort!.postMessage(stats);
    } else if (m === "stop") {
      await Promise.all([azure.stop(), gcp.stop()]);
      process.exit(0);
    }
  });
}

/** Cold import of one module in a fresh node process, in milliseconds. */
function importMs(specifier: string): number {
  const code = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const out = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8" });
  return Math.round(Number(out.stdout.trim()));
}

function report(label: string, stats: Stats, seconds: number, rate: number, assets: number, errors: number) {
  const [key, busiest] = Object.entries(stats.perKey)
    .filter(([k]) => !k.endsWith("/cloudresourcemanager"))
    .sort((a, b) => b[1] - a[1])[0]!;
  const bound = Math.max(0, busiest - rate) / rate;
  console.log(
    `${label}: ${assets} assets, ${errors} shard errors, ${stats.total} requests (${stats.throttled} throttled) in ` +
      `${seconds.toFixed(2)} s; busiest key ${key}: ${busiest} requests at ${rate}/s → lower bound ${bound.toFixed(2)} s`,
  );
  return seconds / bound;
}

export async function run(): Promise<Figure[]> {
  const boot = `import("tsx/esm/api").then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(boot, { eval: true });
  const next = () => new Promise<any>((resolve) => worker.once("message", resolve));
  const endpoints = (await next()) as { azure: string; ca: string; gcp: string };
  const figures: Figure[] = [];
  try {
    const modules = [
      "@google-cloud/aiplatform",
      "@google-cloud/aiplatform/build/src/v1/endpoint_service_client.js",
      "@google-cloud/aiplatform/build/src/v1/model_service_client.js",
      "@google-cloud/apikeys",
      "@google-cloud/apikeys/build/src/v2/api_keys_client.js",
      "@azure/arm-cognitiveservices",
      "@azure/identity",
    ];
    for (const m of modules) console.log(`import ${m}: ${importMs(m)} ms (cold, own process)`);

    // Each cloud is scanned twice: the first pass also pays for loading the SDK and constructing
    // clients (printed), the second is the figure. Quotas refill in between.
    const azureConfig = Config.parse({
      azure: { subscriptions: "all", endpoint: endpoints.azure },
      // Default settings: pacing starts at ARM's documented 25/s and learns the simulator's 10/s.
      ...(process.env.BENCH_TUNED ? { scan: { concurrency: 16, requestsPerSecond: AZURE.rate } } : {}),
    });
    const credential = {
      getToken: async () => ({ token: "bench", expiresOnTimestamp: Date.now() + 3_600_000 }),
    };
    const azureDeps = { azure: { credential, tlsOptions: { ca: endpoints.ca } } };
    const azExpected =
      AZURE.subscriptions * AZURE.accountsPerSubscription * (1 + AZURE.deploymentsPerAccount);
    for (const pass of ["cold", "warm"] as const) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const started = performance.now();
      const az = await scan(azureConfig, { deps: azureDeps });
      const seconds = (performance.now() - started) / 1000;
      worker.postMessage("azure");
      const errors = az.coverage.filter((c) => c.status !== "ok").length;
      for (const e of az.coverage.filter((c) => c.status !== "ok")) console.log(`  ${e.account}: ${e.error}`);
      const ratio = report(
        `scan-azure (${pass})`,
        (await next()) as Stats,
        seconds,
        AZURE.rate,
        az.assets.length,
        errors,
      );
      if (pass === "warm") {
        figures.push(
          {
            figure: "scan-azure assets found",
            value: az.assets.length,
            unit: "assets",
            target: `= ${azExpected}`,
            met: az.assets.length === azExpected,
          },
          {
            figure: "scan-azure wall time / lower bound",
            value: Number(ratio.toFixed(2)),
            unit: "×",
            target: "≤ 1.1",
            met: ratio <= 1.1,
          },
        );
      }
    }

    const gcpConfig = Config.parse({
      gcp: {
        projects: Array.from({ length: GCP.projects }, (_, p) => `project-${p + 1}`),
        locations: GCP.locations,
        apiEndpoint: endpoints.gcp,
      },
      ...(process.env.BENCH_TUNED ? { scan: { concurrency: 16, requestsPerSecond: GCP.rate } } : {}),
    });
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: "bench", expiry_date: Date.now() + 3_600_000 });
    const gcpDeps: GcpDeps = { authClient };
    const gcpExpected = GCP.projects * (GCP.locations.length * GCP.endpoints * 2 + 2);
    for (const pass of ["cold", "warm"] as const) {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const started = performance.now();
      const g = await scan(gcpConfig, { deps: { gcp: gcpDeps } });
      const seconds = (performance.now() - started) / 1000;
      worker.postMessage("gcp");
      const errors = g.coverage.filter((c) => c.status !== "ok").length;
      for (const e of g.coverage.filter((c) => c.status !== "ok"))
        console.log(`  ${e.account}/${e.region}: ${e.error}`);
      const ratio = report(
        `scan-gcp (${pass})`,
        (await next()) as Stats,
        seconds,
        GCP.rate,
        g.assets.length,
        errors,
      );
      if (pass === "warm") {
        figures.push(
          {
            figure: "scan-gcp assets found",
            value: g.assets.length,
            unit: "assets",
            target: `= ${gcpExpected}`,
            met: g.assets.length === gcpExpected,
          },
          {
            figure: "scan-gcp wall time / lower bound",
            value: Number(ratio.toFixed(2)),
            unit: "×",
            target: "≤ 1.1",
            met: ratio <= 1.1,
          },
        );
      }
    }
    await closeGcpClients(gcpDeps);
    return figures;
  } finally {
    worker.postMessage("stop");
  }
}

if (!isMainThread) await serve();
else if (isMain(import.meta.url)) printFigures(await run());
