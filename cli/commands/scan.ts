// `aimscan scan --config F [--out F]`: discovery only. Progress on stderr (cli/progress.ts), the snapshot JSON
// to --out or stdout; exit 1 if any shard failed.
import { existsSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { loadConfig } from "../../core/config.ts";
import { InputError } from "../../core/yamlfile.ts";
import { scan } from "../../scanners/index.ts";
import { action } from "../action.ts";
import { progressReporter } from "../progress.ts";
import { configOption } from "./options.ts";

export function register(program: Command): void {
  program
    .command("scan")
    .description("discover the AI assets in the configured clouds and print the snapshot")
    .addOption(configOption())
    .option("--out <file>", "write the snapshot JSON here instead of stdout")
    .action(
      action(async (opts: { config?: string; out?: string }) => {
        const config = loadConfig(opts.config);
        // A bad --out is bad input: found before the (long) scan, not after it.
        if (opts.out && !existsSync(dirname(resolve(opts.out))))
          throw new InputError(`--out: folder ${dirname(resolve(opts.out))} does not exist`);
        if (!config.aws && !config.azure && !config.gcp)
          process.stderr.write(
            opts.config
              ? `note: ${opts.config} has no aws, azure or gcp section: nothing to scan\n`
              : "note: no ./aimscan.config.yaml here and no --config: nothing to scan (see `aimscan schema config`)\n",
          );
        const progress = progressReporter();
        const snapshot = await scan(config, { onProgress: (p) => progress.update(p) }).finally(() =>
          progress.end(),
        );
        const failed = snapshot.coverage.filter((c) => c.status === "error");
        for (const c of failed) {
          process.stderr.write(`error: ${c.provider}/${c.account}/${c.region}/${c.service}: ${c.error}\n`);
        }
        const json = `${JSON.stringify(snapshot, null, 2)}\n`;
        if (opts.out) writeFileSync(opts.out, json);
        else process.stdout.write(json);
        return failed.length > 0 ? 1 : 0;
      }),
    );
}
