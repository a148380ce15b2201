import type { Command } from "commander";
import { loadInventory } from "../../core/inventory.ts";
import { loadPolicies } from "../../core/policy/index.ts";
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
        const policies = opts.policies ? loadPolicies(opts.policies) : undefined;
        const entries = inventory.systems.reduce((n, s) => n + s.assets.length, 0);
        const checks = policies
          ? `, ${policies.policies.length} policies, ${policies.waivers.length} waivers`
          : "";
        process.stdout.write(`ok: ${inventory.systems.length} systems, ${entries} asset entries${checks}\n`);
        return 0;
      }),
    );
}
