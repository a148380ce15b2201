import type { Command } from "commander";
import { EXIT_ALERTS_UNDELIVERED, undelivered } from "../../core/alerts/outbox.ts";
import { loadRunConfig } from "../../core/config.ts";
import { prepareNight } from "../../core/night.ts";
import { runIdProblem } from "../../core/run-id.ts";
import { openStore } from "../../core/store/index.ts";
import { InputError } from "../../core/yamlfile.ts";
import { action, defaultFormat } from "../action.ts";
import { runNight } from "../night.ts";
import { progressReporter } from "../progress.ts";
import { useColour } from "../style.ts";
import { formatNight } from "../summary.ts";
import { configOption, formatOption } from "./options.ts";

export function register(program: Command): void {
  program
    .command("run")
    .description("the nightly job: scan, reconcile, policies, store, alerts and evidence")
    .addOption(configOption())
    .option("--run-id <id>", "run id (default: time-based); a run id can be used once")
    .addOption(formatOption(["table", "json"]))
    .action(
      action(async (opts: { config?: string; runId?: string; format?: "table" | "json" }) => {
        // The run id names folders and store keys: refused before the config is even read.
        const bad = opts.runId !== undefined ? runIdProblem(opts.runId) : undefined;
        if (bad) throw new InputError(`--run-id: ${bad}`);
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
            progress: (p) => progress.update(p),
          }).finally(() => progress.end());
          const format = opts.format ?? defaultFormat();
          process.stdout.write(
            format === "json"
              ? `${JSON.stringify({ runId: result.runId, report: result.report, sinks: result.sinks, resent: result.resent, evidence: result.evidence }, null, 2)}\n`
              : `${formatNight(result, useColour())}\n`,
          );
          // 3: a sink still has undelivered alerts (kept in the outbox, re-sent by the next run).
          if (result.sinks.some((s) => !s.ok) || undelivered(result.resent)) return EXIT_ALERTS_UNDELIVERED;
          return result.snapshot.coverage.some((c) => c.status === "error") ? 1 : 0;
        } finally {
          await store.close();
        }
      }),
    );
}
