// `aimscan export --run ID --format ocsf|asff|sarif|junit [--out FILE]`: a stored run's findings
// (policy results with remediation and system context, and drift) for SIEMs, Security Hub and CI.
import { writeFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { loadConfig } from "../../core/config.ts";
import { EXPORT_FORMATS, type ExportFormat, renderExport } from "../../core/export/index.ts";
import { withContext } from "../../core/findings.ts";
import { TOOL_VERSION } from "../../core/night.ts";
import { openStore } from "../../core/store/index.ts";
import { action } from "../action.ts";
import { contextSources } from "../context.ts";
import { configOption } from "./options.ts";

interface ExportOptions {
  config?: string;
  run: string;
  format: ExportFormat;
  out?: string;
  awsAccount?: string;
  awsRegion?: string;
}

export function register(program: Command): void {
  program
    .command("export")
    .description(
      "write a stored run's findings as OCSF 1.2 JSON Lines, ASFF (Security Hub), SARIF 2.1.0 or JUnit XML",
    )
    .addOption(configOption())
    .option("--run <id>", "run id, or latest (the latest completed run)", "latest")
    .addOption(
      new Option("--format <format>", EXPORT_FORMATS.join(" | "))
        .choices([...EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .option("--out <file>", "write to this file (default: stdout)")
    .option("--aws-account <id>", "asff: the account whose Security Hub imports the findings")
    .option("--aws-region <region>", "asff: that Security Hub's region (default: AWS_REGION)")
    .action(action((opts: ExportOptions) => exportRun(opts)));
}

async function exportRun(opts: ExportOptions): Promise<number> {
  const region = opts.awsRegion ?? process.env.AWS_REGION;
  if (opts.format === "asff" && (!opts.awsAccount || !region)) {
    process.stderr.write(
      "--format asff needs --aws-account and --aws-region (the Security Hub that imports them)\n",
    );
    return 2;
  }
  const config = loadConfig(opts.config);
  const store = await openStore(config.store, { retentionDays: config.retentionDays });
  try {
    const stored = await store.getReport(opts.run);
    if (!stored) {
      process.stderr.write(
        opts.run === "latest"
          ? "No completed run in the store yet.\n"
          : `no completed run ${opts.run} in the store\n`,
      );
      return 2;
    }
    const report = withContext(
      stored,
      contextSources(config, (line) => process.stderr.write(`${line}\n`)),
    );
    const text = renderExport(
      report,
      opts.format,
      { runId: report.runId, generatedAt: report.generatedAt, toolVersion: TOOL_VERSION },
      opts.awsAccount && region ? { account: opts.awsAccount, region } : undefined,
    );
    if (opts.out) writeFileSync(opts.out, text);
    else process.stdout.write(text);
    return 0;
  } finally {
    await store.close();
  }
}
