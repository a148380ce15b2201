// `aimscan validate`: every problem of the inventory (and policy packs), one `file:line:col:` line
// each, up to 50, exit 2; selectors and `expect` attributes are checked against the catalogue of
// kinds so that a typo is caught here instead of reading as drift every night.
import type { Command } from "commander";
import { checkInventory } from "../../core/inventory.ts";
import { loadPolicies } from "../../core/policy/index.ts";
import { InputError } from "../../core/yamlfile.ts";
import { loadCatalogue } from "../../scanners/catalogue.ts";
import { action } from "../action.ts";
import { plural } from "../plural.ts";

const LIMIT = 50;

export function register(program: Command): void {
  program
    .command("validate")
    .description("check inventory (and policy) files; every error as file:line:col: message")
    .requiredOption("--inventory <path>", "inventory YAML file or folder")
    .option("--policies <packs...>", "policy packs to check too: builtin and/or folders")
    .option("--strict", "also refuse the TODO values `aimscan init` leaves (owner, riskLevel, purpose)")
    .action(
      action(async (opts: { inventory: string; policies?: string[]; strict?: boolean }) => {
        const catalogue = await loadCatalogue();
        const checked = checkInventory(opts.inventory, { catalogue, strict: opts.strict, limit: LIMIT });
        const problems = [...checked.problems];
        let policies: ReturnType<typeof loadPolicies> | undefined;
        if (opts.policies) {
          try {
            policies = loadPolicies(opts.policies);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
            problems.push(e.message);
          }
        }
        if (problems.length > 0) {
          const more = checked.truncated ? `\n… stopped after ${LIMIT} errors` : "";
          process.stderr.write(`${problems.join("\n")}${more}\n`);
          return 2;
        }
        const { systems } = checked.inventory;
        const entries = systems.reduce((n, s) => n + s.assets.length, 0);
        const checks = policies
          ? `, ${plural(policies.policies.length, "policy", "policies")}, ${plural(policies.waivers.length, "waiver")}`
          : "";
        process.stdout.write(
          `ok: ${plural(systems.length, "system")}, ${plural(entries, "asset entry", "asset entries")}${checks}\n`,
        );
        return 0;
      }),
    );
}
