import type { Command } from "commander";
import { contextIndex, policyCatalog, withContext } from "../../core/findings.ts";
import { loadInventory } from "../../core/inventory.ts";
import { evaluatePolicyTable, formatPolicyResults, loadPolicies } from "../../core/policy/index.ts";
import { reconcile } from "../../core/reconcile.ts";
import { itemIndex } from "../../core/reconcile-index.ts";
import { readSnapshotWithIds } from "../../core/snapshot-file.ts";
import { action, defaultFormat } from "../action.ts";
import { failsOn, parseFailOn } from "../fail-on.ts";
import { fitted, outputWidth } from "../fit.ts";
import { type Format, formatReport } from "../format.ts";
import {
  proportional,
  proportionalTable,
  type ResultsMode,
  resultsOption,
  writeJsonBytes,
} from "../report-json.ts";
import { useColour } from "../style.ts";
import { failOnOption, formatOption } from "./options.ts";

export function register(program: Command): void {
  program
    .command("reconcile")
    .description("reconcile a snapshot against the declared inventory (no cloud, no store)")
    .requiredOption("--inventory <path>", "inventory YAML file or folder")
    .requiredOption("--snapshot <file>", "snapshot JSON written by `aimscan scan`")
    .option("--policies <packs...>", "policy packs to evaluate too: builtin and/or folders")
    .addOption(formatOption())
    .addOption(failOnOption())
    .option("--all", "list matched items too")
    .addOption(resultsOption())
    .action(
      action(
        async (opts: {
          inventory: string;
          snapshot: string;
          policies?: string[];
          format?: Format;
          failOn?: string;
          all?: boolean;
          results: ResultsMode;
        }) => {
          const failOn = parseFailOn(opts.failOn);
          const inventory = loadInventory(opts.inventory);
          const policies = opts.policies ? loadPolicies(opts.policies) : undefined;
          const { snapshot, ids } = readSnapshotWithIds(opts.snapshot);
          let report = reconcile(inventory, snapshot, { ids });
          const format = opts.format ?? defaultFormat();
          const write = (bytes: Uint8Array) => process.stdout.write(bytes);
          if (policies) {
            // One index of the items by asset, for the policies' contexts and the results' context.
            const items = itemIndex(report);
            const { table, notices } = evaluatePolicyTable(policies, snapshot.assets, {
              inventory,
              report,
              items,
            });
            if (notices.length > 0) report.notices = notices;
            const sources = { catalog: policyCatalog(policies), inventory };
            if (format === "json") {
              // Each listed result gets its context as it is written: no 100k-row copy of the report.
              writeJsonBytes(
                proportionalTable(report, table, opts.results, contextIndex(report, sources, items)),
                write,
              );
              return failsOn(report, failOn, table.results("non-pass")) ? 1 : 0;
            }
            report.policyResults = table.toArray("all");
            report = withContext(report, sources);
          } else if (format === "json") {
            writeJsonBytes(proportional(report, opts.results), write);
            return failsOn(report, failOn) ? 1 : 0;
          }
          // Tables fit the terminal (or COLUMNS, or 100 when piped); markdown is for renderers.
          const width = format === "table" ? outputWidth() : undefined;
          let out = formatReport(report, format, {
            colour: useColour(),
            showMatched: opts.all,
            ...(width !== undefined ? { width } : {}),
          });
          if (policies) out += `\n\n${fitted(formatPolicyResults(report.policyResults, format), width)}`;
          process.stdout.write(`${out}\n`);
          return failsOn(report, failOn) ? 1 : 0;
        },
      ),
    );
}
