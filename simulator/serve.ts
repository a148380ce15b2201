// Serves a simulated estate until interrupted, so `aimscan scan` / `aimscan run` can be pointed at
// it from another shell exactly as at real clouds — through the standard credential chains:
//   npx tsx simulator/serve.ts [scenario.yaml] [--dir DIR]
// It writes DIR/aimscan.config.yaml (endpoints of this estate) and DIR/env.sh (fake AWS keys, a
// stub `az` for DefaultAzureCredential, the simulator's CA for NODE_EXTRA_CA_CERTS, and a Google
// external_account credential), then prints how to use them. A scenario file holds `estate:` (as
// simulator/scenarios/demo.yaml) or the estate itself.
// Re-running it (after a restart) is safe: both files are rewritten for the new ports, DIR/inventory
// is seeded from examples/demo/inventory only when it does not exist, and sourcing env.sh again
// does not grow PATH.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { writeAzureCliStub } from "./azure/credentials.ts";
import { simulatedAwsCredentials, startEstate } from "./estate.ts";
import { writeExternalAccountCredentials } from "./gcp/credentials.ts";
import type { Scenario } from "./scenario.ts";

const args = process.argv.slice(2);
const dirFlag = args.indexOf("--dir");
const dir = resolve(dirFlag >= 0 ? args[dirFlag + 1]! : ".aimscan/simulated");
const file =
  args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--dir") ??
  fileURLToPath(new URL("./scenarios/demo.yaml", import.meta.url));

const doc = parse(readFileSync(file, "utf8")) as { estate?: Scenario } & Scenario;
const scenario: Scenario = doc.estate ?? doc;
const estate = await startEstate(scenario);
mkdirSync(dir, { recursive: true });

const env: Record<string, string> = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };
if (estate.aws && scenario.aws) {
  const caller = scenario.aws.callerAccount ?? Object.keys(scenario.aws.accounts)[0]!;
  const keys = simulatedAwsCredentials(caller);
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_REGION: "us-east-1",
  });
}
// PATH is extended in env.sh, never replaced: the stub `az` goes in front of the user's own PATH.
let pathFront: string | undefined;
if (estate.azure) {
  const { PATH: _replaced, ...azure } = writeAzureCliStub(estate.azure, join(dir, "azure")).env;
  Object.assign(env, azure);
  pathFront = join(dir, "azure", "bin");
}
if (estate.gcp)
  env.GOOGLE_APPLICATION_CREDENTIALS = writeExternalAccountCredentials(estate.gcp, join(dir, "gcp"));

// The inventory is the user's to edit: seeded once, never overwritten (nor nested) on a restart.
const inventory = join(dir, "inventory");
const seeded = !existsSync(inventory);
if (seeded)
  cpSync(fileURLToPath(new URL("../examples/demo/inventory", import.meta.url)), inventory, {
    recursive: true,
  });

const config = {
  inventory: "./inventory",
  policies: ["builtin"],
  store: { type: "embedded", path: "./db" },
  ...estate.cloudConfig(),
  evidence: { dir: "./out" },
};
writeFileSync(
  join(dir, "aimscan.config.yaml"),
  `# Written by simulator/serve.ts for ${file}\n${stringify(config)}`,
);
const quote = (v: string) => `'${v.replace(/'/g, "'\\''")}'`;
writeFileSync(
  join(dir, "env.sh"),
  `${[
    ...Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`),
    ...(pathFront ? [envPathLine(pathFront)] : []),
  ].join("\n")}\n`,
);

process.stdout.write(
  [
    `Simulated estate from ${file} is up (Ctrl-C stops it).`,
    `  config: ${join(dir, "aimscan.config.yaml")}`,
    `  inventory: ${inventory} (${seeded ? "copied from examples/demo/inventory" : "yours, kept as it is"})`,
    `  in another shell:`,
    `    . ${join(dir, "env.sh")}`,
    `    npx aimscan scan --config ${join(dir, "aimscan.config.yaml")} --out snapshot.json`,
    "",
  ].join("\n"),
);

/** Puts `dir` in front of PATH once, however often env.sh is sourced. */
function envPathLine(front: string): string {
  const q = quote(front);
  return `case ":$PATH:" in *:${q}:*) ;; *) export PATH=${q}"\${PATH:+:$PATH}" ;; esac`;
}

const stop = async () => {
  await estate.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
