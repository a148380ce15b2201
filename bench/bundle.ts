// What a cold start costs in the deployed form, measured where it runs: each function's SST
// bundle started on Node 22 from a folder without node_modules, by the rehearsal's Lambda host
// (rehearsal/lambda.ts: Lambda's environment, only /tmp writable), driven through the stack's own
// state machine for one night. Per function: bytes and files loaded at init, init CPU and wall
// ms, and the first invocation's CPU and wall ms; for an AWS-only config and for a three-cloud
// config (Azure by federation from AWS, GCP by workload identity federation, as deployed).
// Budget (issue #12, AWS-only): < 1.5 MB loaded and < 300 ms CPU at init.
//   npx tsx bench/bundle.ts
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { startRehearsal, storeReport } from "../rehearsal/nights.ts";
import type { Scenario } from "../simulator/scenario.ts";
import type { HandlerName } from "../stacks/bundle.ts";
import { type Figure, printFigures } from "./figure.ts";

const MB = 1024 * 1024;
const ROOT = join(import.meta.dirname, "..");
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// The bench reads the night back from the rehearsal's DynamoDB (dynalite checks no signature).
process.env.AWS_ACCESS_KEY_ID ??= "AKIABENCHREADER";
process.env.AWS_SECRET_ACCESS_KEY ??= "bench-not-a-secret";

const demo = parse(readFileSync(join(ROOT, "simulator/scenarios/demo.yaml"), "utf8")) as { estate: Scenario };
const configs: [label: string, scenario: Scenario, clouds: "aws" | "all"][] = [
  ["AWS-only", { aws: demo.estate.aws! }, "aws"],
  ["three-cloud", demo.estate, "all"],
];

const figures: Figure[] = [];
const rows: string[] = [];
for (const [label, scenario, clouds] of configs) {
  const r = await startRehearsal(scenario, { clouds });
  try {
    const night = await r.night(`bench-${clouds}`);
    if (night.status !== "SUCCEEDED") throw new Error(`${label} night: ${night.error} ${night.cause ?? ""}`);
    // A bench of a night whose clouds refused the credentials would time the wrong thing: say so.
    const report = await storeReport(`bench-${clouds}`, r.fns.plan.spec.env.AWS_ENDPOINT_URL_DYNAMODB!);
    const shards = new Map<string, number>();
    for (const c of report?.coverage ?? []) {
      const key = `${c.provider} ${c.status}`;
      shards.set(key, (shards.get(key) ?? 0) + 1);
    }
    rows.push(`${label}: shards ${[...shards].map(([k, n]) => `${k} ${n}`).join(", ")}`);
    for (const c of report?.coverage ?? [])
      if (c.status === "error")
        rows.push(`  failed: ${c.provider}/${c.account}/${c.region}/${c.service}: ${c.error}`);
    for (const name of Object.keys(r.fns) as HandlerName[]) {
      const fn = r.fns[name];
      const init = fn.inits[0];
      const first = fn.results[0];
      if (!init || !first) continue; // fail runs only when a night fails
      const budget = clouds === "aws";
      figures.push(
        {
          figure: `${label} ${name}: loaded at init (${init.files} files)`,
          value: Number((init.bytes / MB).toFixed(2)),
          unit: "MB",
          target: budget ? "< 1.5" : "(no target)",
          met: !budget || init.bytes < 1.5 * MB,
        },
        {
          figure: `${label} ${name}: init CPU`,
          value: Math.round(init.cpuMs),
          unit: "ms",
          target: budget ? "< 300" : "(no target)",
          met: !budget || init.cpuMs < 300,
        },
        {
          figure: `${label} ${name}: first invocation CPU`,
          value: Math.round(first.cpuMs),
          unit: "ms",
          target: "(no target)",
          met: true,
        },
      );
      rows.push(
        `${label.padEnd(12)} ${name.padEnd(7)} ${(init.bytes / MB).toFixed(2).padStart(5)} MB ${String(init.files).padStart(3)} files` +
          `  init ${init.cpuMs.toFixed(0).padStart(4)} ms CPU ${init.wallMs.toFixed(0).padStart(5)} ms wall` +
          `  first invocation ${first.cpuMs.toFixed(0).padStart(5)} ms CPU ${first.wallMs.toFixed(0).padStart(6)} ms wall` +
          `  (${fn.inits.length} cold start(s), ${fn.results.length} invocation(s))`,
      );
    }
  } finally {
    await r.stop();
  }
}
if (!process.env.AIMSCAN_BENCH_JSON) {
  console.log("config       function  loaded at init       init (Node 22)              first invocation");
  for (const row of rows) console.log(row);
}
printFigures(figures);
