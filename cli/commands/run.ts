// `aimscan run`: the nightly job in one process. Exit codes (README "Exit codes"): 0 ok; 1 a shard
// failed (its scope is unverified, never "no assets") or `--fail-on` findings; 2 bad input; 3 a
// sink still has undelivered alerts. When stdout is piped (cron, CI), a paragraph on stderr says
// what happened and why the exit code is what it is.
import { type Command, InvalidArgumentError } from "commander";
import { undelivered } from "../../core/alerts/outbox.ts";
import { loadRunConfig } from "../../core/config.ts";
import { prepareNight } from "../../core/night.ts";
import { runIdProblem } from "../../core/run-id.ts";
import { openStore } from "../../core/store/index.ts";
import { InputError } from "../../core/yamlfile.ts";
import { action, defaultFormat } from "../action.ts";
import { EXIT, failedShardsReason, runParagraph, stdoutPiped, type Verdict } from "../cron.ts";
import { describeFailOn, type FailOn, failsOn, parseFailOn } from "../fail-on.ts";
import { outputWidth } from "../fit.ts";
import { type NightRun, runNight } from "../night.ts";
import { progressReporter } from "../progress.ts";
import { proportional, type ResultsMode, resultsOption, writeJsonBytes } from "../report-json.ts";
import { useColour } from "../style.ts";
import { formatNight } from "../summary.ts";
import { configOption, failOnOption, formatOption } from "./options.ts";

interface RunOptions {
  config?: string;
  runId?: string;
  format?: "table" | "json";
  /** Policy results listed in JSON output (passes are counted in policySummary). */
  results: ResultsMode;
  failOn?: string;
  /** Seconds to wait for another night holding the store (--wait). */
  wait?: number;
  /** commander's negation of --no-alerts */
  alerts: boolean;
}

export function register(program: Command): void {
  program
    .command("run")
    .description("the nightly job: scan, reconcile, policies, store, alerts and evidence")
    .addOption(configOption())
    .option("--run-id <id>", "run id (default: time-based); a run id can be used once")
    .option(
      "--wait <seconds>",
      "when another night holds the store, wait up to this long for it (default 0: exit 2 at once)",
      waitSeconds,
    )
    .addOption(formatOption(["table", "json"]))
    .addOption(resultsOption())
    .addOption(failOnOption())
    .option("--no-alerts", "call no alert sink; the digest stays in the outbox for the next run to send")
    .action(
      action(async (opts: RunOptions) => {
        // The run id names folders and store keys: refused before the config is even read.
        const bad = opts.runId !== undefined ? runIdProblem(opts.runId) : undefined;
        if (bad) throw new InputError(`--run-id: ${bad}`);
        const failOn = parseFailOn(opts.failOn);
        const config = loadRunConfig(opts.config);
        // Inventory and policies are checked before anything is scanned or written.
        const prepared = prepareNight(config);
        const store = await openStore(config.store, { retentionDays: config.retentionDays });
        try {
          const progress = progressReporter();
          const result = await runNight({
            config,
            prepared,
            store,
            ...(opts.runId ? { runId: opts.runId } : {}),
            ...(opts.alerts === false ? { deliver: false } : {}),
            progress: (p) => progress.update(p),
            ...(opts.wait !== undefined ? { waitMs: opts.wait * 1000 } : {}),
            onWait: (line) => process.stderr.write(`${line}\n`),
          }).finally(() => progress.end());
          const format = opts.format ?? defaultFormat();
          // As reconcile and report print it: proportional (passes counted unless --results all) and
          // streamed, so a 100k-asset night is never one string (it was ~430 MB, near V8's limit).
          if (format === "json")
            writeJsonBytes(
              {
                runId: result.runId,
                report: proportional(result.report, opts.results),
                sinks: result.sinks,
                resent: result.resent,
                ...(result.held !== undefined ? { held: result.held } : {}),
                evidence: result.evidence,
              },
              (bytes) => process.stdout.write(bytes),
            );
          else process.stdout.write(`${formatNight(result, useColour(), outputWidth())}\n`);
          const verdict = runVerdict(result, failOn);
          if (stdoutPiped())
            process.stderr.write(
              runParagraph(
                {
                  runId: result.runId,
                  report: result.report,
                  sinks: result.sinks,
                  resent: result.resent,
                  ...(result.held !== undefined ? { held: result.held } : {}),
                  evidenceDir: result.evidence.dir,
                },
                verdict,
              ),
            );
          return verdict.code;
        } finally {
          await store.close();
        }
      }),
    );
}

/** 3 when a sink is owed alerts (re-sent by the next run), else 1 for failed shards or --fail-on. */
export function runVerdict(result: NightRun, failOn: FailOn): Verdict {
  const reasons: string[] = [];
  const owed = result.sinks.some((s) => !s.ok) || undelivered(result.resent);
  if (owed) reasons.push("a sink did not accept its alerts (they stay in the outbox; the next run re-sends)");
  const shards = failedShardsReason(result.report);
  if (shards) reasons.push(shards);
  if (failsOn(result.report, failOn)) reasons.push(`--fail-on matched (${describeFailOn(failOn)})`);
  const code = owed ? EXIT.undelivered : reasons.length > 0 ? EXIT.findings : EXIT.ok;
  return { code, reasons };
}

function waitSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError("a whole number of seconds");
  return n;
}
