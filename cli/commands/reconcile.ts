import { type Command, Option } from "commander";
import { loadInventory } from "../../core/inventory.ts";
import { DriftStatus } from "../../core/model.ts";
import { evaluatePolicies, formatPolicyResults, loadPolicies } from "../../core/policy/index.ts";
import { reconcile } from "../../core/reconcile.ts";
import { readSnapshot } from "../../core/snapshot-file.ts";
import { InputError } from "../../core/yamlfile.ts";
import { action, defaultFormat } from "../action.ts";
import { type Format, formatReport } from "../format.ts";
import { useColour } from "../style.ts";

export const formatOption = () =>
  new Option(
    "--format <format>",
    "table | json | markdown (default: table on a terminal, else json)",
  ).choices(["table", "json", "markdown"]);

/** `--fail-on undeclared,missing`: the drift statuses that make the command exit 1. */
export function parseFailOn(value: string | undefined): DriftStatus[] {
  if (!value) return [];
  return value.split(",").map((s) => {
    const parsed = DriftStatus.safeParse(s.trim());
    if (!parsed.success)
      throw new InputError(`--fail-on: unknown status "${s.trim()}" (use ${DriftStatus.options.join(", ")})`);
    return parsed.data;
  });
}

export function register(program: Command): void {
  program
    .command("reconcile")
    .description("reconcile a snapshot against the declared inventory (no cloud, no store)")
    .requiredOption("--inventory <path>", "inventory YAML file or folder")
    .requiredOption("--snapshot <file>", "snapshot JSON written by `aimscan scan`")
    .option("--policies <packs...>", "policy packs to evaluate too: builtin and/or folders")
    .addOption(formatOption())
    .option("--fail-on <statuses>", "exit 1 when any of these statuses is present, e.g. undeclared,missing")
    .option("--all", "list matched items too")
    .action(
      action(
        async (opts: {
          inventory: string;
          snapshot: string;
          policies?: string[];
          format?: Format;
          failOn?: string;
          all?: boolean;
        }) => {
          const failOn = parseFailOn(opts.failOn);
          const inventory = loadInventory(opts.inventory);
          const policies = opts.policies ? loadPolicies(opts.policies) : undefined;
          const snapshot = readSnapshot(opts.snapshot);
          const report = reconcile(inventory, snapshot);
          if (policies) {
            const { results, notices } = evaluatePolicies(policies, snapshot.assets, { inventory, report });
            report.policyResults = results;
            if (notices.length > 0) report.notices = notices;
          }
          const format = opts.format ?? defaultFormat();
          let out = formatReport(report, format, { colour: useColour(), showMatched: opts.all });
          if (policies && format !== "json")
            out += `\n\n${formatPolicyResults(report.policyResults, format)}`;
          process.stdout.write(`${out}\n`);
          return failOn.some((s) => report.summary[s] > 0) ? 1 : 0;
        },
      ),
    );
}
