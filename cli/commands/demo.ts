// `aimscan demo` (npm start): the whole nightly job, twice, on a simulated estate of three clouds,
// through the same code path as `aimscan run`, with the embedded store. No cloud account is touched.
import { readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SNSClient } from "@aws-sdk/client-sns";
import { type Command, Option } from "commander";
import { parse } from "yaml";
import { verifyEvidence } from "../../core/evidence/index.ts";
import { Config } from "../../core/model.ts";
import { hashConfig, prepareNight } from "../../core/night.ts";
import { openStore } from "../../core/store/index.ts";
import type { Change } from "../../simulator/changes.ts";
import { applyChanges } from "../../simulator/changes.ts";
import { simulatedAwsCredentials, startEstate } from "../../simulator/estate.ts";
import type { Scenario } from "../../simulator/scenario.ts";
import { action } from "../action.ts";
import { claimDemoDirs } from "../demo-dirs.ts";
import { outputWidth } from "../fit.ts";
import { newRunId, runNight } from "../night.ts";
import { paint, useColour } from "../style.ts";
import { formatNight } from "../summary.ts";

const here = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
// Installed (npm install -g, npx from a tarball) the command is on PATH; in a checkout it is npx's.
const installed = here("").includes(`${sep}node_modules${sep}`);

export interface DemoOptions {
  out: string;
  db: string;
  scenario: string;
}

export function register(program: Command): void {
  program
    .command("demo")
    .description("run the nightly job twice on a simulated estate (AWS, Azure, GCP) with the embedded store")
    .option(
      "--out <dir>",
      "where evidence bundles go: a new or empty folder, or a previous demo's (emptied first)",
      "./aimscan-out/demo",
    )
    .option(
      "--db <dir>",
      "embedded store folder: new, empty, or a previous demo's (emptied first)",
      ".aimscan/demo-db",
    )
    .addOption(
      new Option("--scenario <file>", "scenario file: the estate, and what changes before night 2").default(
        here("simulator/scenarios/demo.yaml"),
        "simulator/scenarios/demo.yaml",
      ),
    )
    .action(action((opts: DemoOptions) => demo(opts)));
}

export async function demo(opts: DemoOptions): Promise<number> {
  const colour = useColour();
  const say = (s = "") => process.stdout.write(`${s}\n`);
  const file = parse(readFileSync(opts.scenario, "utf8")) as { estate: Scenario; night2?: Change[] };
  // The demo starts from nothing each time, so its two nights form one evidence chain; a folder
  // holding anything but a previous demo's output is refused (exit 2) before anything is printed,
  // written or removed.
  claimDemoDirs([
    { path: opts.out, kind: "out", flag: "--out" },
    { path: opts.db, kind: "db", flag: "--db" },
  ]);
  say(
    paint(
      ["bold", "yellow"],
      "══ aimscan demo: SIMULATED ESTATE ═══════════════════════════════════════",
      colour,
    ),
  );
  say("Every cloud below is a local simulator speaking the real AWS, Azure and Google wire protocols;");
  say("no cloud account is used. The store is the embedded DynamoDB (dynalite) under " + opts.db + ".");
  say();

  const estate = await startEstate(file.estate);
  const caller = file.estate.aws?.callerAccount ?? "111111111111";
  const awsClient = {
    endpoint: estate.aws?.endpoint,
    region: "us-east-1",
    credentials: simulatedAwsCredentials(caller),
  };
  const alertDeps = { sns: new SNSClient(awsClient), eventBridge: new EventBridgeClient(awsClient) };
  const store = await openStore({ type: "embedded", path: opts.db });
  try {
    const configFor = () =>
      Config.parse({
        inventory: here("examples/demo/inventory"),
        policies: ["builtin", here("examples/demo/policies")],
        store: { type: "embedded", path: opts.db },
        ...estate.cloudConfig(),
        alerts: {
          sns: `arn:aws:sns:us-east-1:${caller}:aimscan-alerts`,
          eventbridge: "aimscan",
        },
        scan: { concurrency: 16, requestsPerSecond: 50, shardTimeoutSeconds: 60 },
        evidence: { dir: opts.out },
      });
    const prepared = prepareNight(configFor());
    const nights: string[] = [];
    for (const night of [1, 2]) {
      if (night === 2) {
        say(
          paint(
            "bold",
            "── between the nights: the estate changes (see night2 in the scenario file)",
            colour,
          ),
        );
        await estate.reseed(applyChanges(file.estate, file.night2 ?? []));
      }
      const started = Date.now();
      const config = configFor();
      const result = await runNight({
        config,
        // Night 2's Azure/GCP simulators listen on new ports: hash the config each night really used.
        prepared: { ...prepared, configHash: hashConfig(config) },
        store,
        runId: newRunId(),
        scanDeps: estate.scanDeps(),
        alertDeps,
      });
      nights.push(result.runId);
      say(
        paint(
          ["bold", "cyan"],
          `══ night ${night} ═══ (${((Date.now() - started) / 1000).toFixed(1)} s)`,
          colour,
        ),
      );
      // Paths relative to where the user stands are shorter to read; file:// URLs stay whole.
      say(
        formatNight(result, colour, outputWidth()).replace(
          new RegExp(`(?<!file://)${escapeRegExp(process.cwd())}/`, "g"),
          "",
        ),
      );
      say();
    }
    const published = estate.aws?.published.length ?? 0;
    const chain = await verifyEvidence(opts.out);
    say(paint("bold", "── after two nights", colour));
    say(`alerts delivered to the simulated SNS topic and EventBridge bus: ${published} messages`);
    say(`evidence chain: ${chain.ok ? `verified (${chain.checked} files)` : `BROKEN: ${chain.problem}`}`);
    say(`open the report: ${relative(process.cwd(), join(opts.out, nights.at(-1)!, "report.html"))}`);
    say(
      `look back:       ${installed ? "aimscan" : "npx aimscan"} history --config ${relative(process.cwd(), here("examples/demo/aimscan.config.yaml"))}`,
    );
    return chain.ok ? 0 : 1;
  } finally {
    await store.close();
    await estate.stop();
    alertDeps.sns.destroy();
    alertDeps.eventBridge.destroy();
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
