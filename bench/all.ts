// `npm run bench`: every benchmark, each in its own Node process (so memory peaks and module
// caches do not leak between them), summarised in one table: figure, value, target, met.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { table } from "../cli/style.ts";
import { FIGURES_PREFIX, type Figure } from "./figure.ts";

const BENCHES = [
  "reconcile",
  "cli-reconcile",
  "init",
  "policies",
  "store",
  "night-rss",
  "evidence",
  "report-html",
  "scan-aws",
  "scan-deployed",
  "scan-azure-gcp",
  "usage",
  "bundle",
];

const figures: Figure[] = [];
for (const name of BENCHES) {
  process.stderr.write(`bench ${name}…\n`);
  try {
    const out = execFileSync(process.execPath, ["--import", "tsx", join(import.meta.dirname, `${name}.ts`)], {
      encoding: "utf8",
      env: {
        ...process.env,
        AIMSCAN_BENCH_JSON: "1",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      },
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = out.split("\n").find((l) => l.startsWith(FIGURES_PREFIX));
    if (!line) throw new Error("printed no figures");
    figures.push(...(JSON.parse(line.slice(FIGURES_PREFIX.length)) as Figure[]));
  } catch (e) {
    figures.push({
      figure: `${name}: bench failed (${(e as Error).message.split("\n")[0]})`,
      value: Number.NaN,
      unit: "",
      target: "runs",
      met: false,
    });
  }
}
console.log(
  table(
    figures.map((f) => [
      f.figure,
      `${f.value} ${f.unit}`.trim(),
      `${f.target} ${f.unit}`.trim(),
      f.met ? "yes" : "NO",
    ]),
    ["figure", "value", "target", "met"],
  ),
);
