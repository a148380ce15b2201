// `aimscan report [--run ID|latest]`: a stored run's drift report, read back from the store.
import type { Command } from "commander";
import { loadConfig } from "../../core/config.ts";
import { withContext } from "../../core/findings.ts";
import { formatPolicyResults } from "../../core/policy/index.ts";
import { openStore } from "../../core/store/index.ts";
import { action, defaultFormat } from "../action.ts";
import { contextSources } from "../context.ts";
import { EXIT, reportParagraph, stdoutPiped, type Verdict } from "../cron.ts";
import { describeFailOn, failsOn, parseFailOn } from "../fail-on.ts";
import { fitted, outputWidth } from "../fit.ts";
import { type Format, formatReport } from "../format.ts";
import { proportional, type ResultsMode, resultsOption, writeJson } from "../report-json.ts";
import { useColour } from "../style.ts";
import { configOption, failOnOption, formatOption } from "./options.ts";

export function register(program: Command): void {
  program
    .command("report")
    .description("print a stored run's drift report (new, ongoing and resolved items) and its policy results")
    .addOption(configOption())
    .option("--run <id>", "run id, or latest (the latest completed run)", "latest")
    .addOption(formatOption())
    .option("--all", "list matched items too")
    .addOption(resultsOption())
    .addOption(failOnOption())
    .action(
      action(
        async (opts: {
          config?: string;
          run: string;
          format?: Format;
          all?: boolean;
          results: ResultsMode;
          failOn?: string;
        }) => {
          const failOn = parseFailOn(opts.failOn);
          const config = loadConfig(opts.config);
          const store = await openStore(config.store, { retentionDays: config.retentionDays });
          try {
            const stored = await store.getReport(opts.run);
            if (!stored) {
              if (opts.run === "latest") {
                process.stderr.write(
                  "No completed run in the store yet. Run `aimscan run --config F` first (or pass --config to read another store).\n",
                );
                // Machine output stays parseable: no report is `null`, not an empty stdout.
                if ((opts.format ?? defaultFormat()) === "json") process.stdout.write("null\n");
                return 0;
              }
              const run = await store.getRun(opts.run);
              process.stderr.write(
                run
                  ? `run ${opts.run} is ${run.status}: it has no report\n`
                  : `no run ${opts.run} in the store\n`,
              );
              return 2;
            }
            const note = (line: string) => process.stderr.write(`${line}\n`);
            const report = withContext(stored, contextSources(config, note));
            const format = opts.format ?? defaultFormat();
            // --fail-on judges the whole stored report, whatever --results lists.
            const verdict: Verdict = failsOn(report, failOn)
              ? { code: EXIT.findings, reasons: [`--fail-on matched (${describeFailOn(failOn)})`] }
              : { code: EXIT.ok, reasons: [] };
            if (stdoutPiped()) process.stderr.write(reportParagraph(report, verdict));
            if (format === "json") {
              writeJson(proportional(report, opts.results), (text) => process.stdout.write(text));
              return verdict.code;
            }
            const width = format === "table" ? outputWidth() : undefined;
            let out = formatReport(report, format, {
              colour: format === "table" && useColour(),
              showMatched: Boolean(opts.all),
              ...(width !== undefined ? { width } : {}),
            });
            // As `reconcile --policies` prints them: the stored run's policy results follow its drift.
            if ((report.policyResults?.length ?? 0) > 0)
              out += `\n\n${fitted(
                formatPolicyResults(report.policyResults ?? [], format, {
                  ...(report.resolvedPolicyResults ? { resolved: report.resolvedPolicyResults } : {}),
                }),
                width,
              )}`;
            process.stdout.write(`${out}\n`);
            return verdict.code;
          } finally {
            await store.close();
          }
        },
      ),
    );
}
