import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { loadInventory } from "../../core/inventory.ts";
import { readJson } from "../../core/jsonfile.ts";
import { Snapshot } from "../../core/model.ts";
import { reconcile } from "../../core/reconcile.ts";
import { action } from "../action.ts";
import { formatReport } from "../format.ts";
import { useColour } from "../style.ts";

const examples = (p: string) => fileURLToPath(new URL(`../../examples/${p}`, import.meta.url));

export function register(program: Command): void {
  program
    .command("demo")
    .description("reconcile the bundled example inventory against the bundled example snapshot")
    .action(
      action(() => {
        const report = reconcile(
          loadInventory(examples("inventory")),
          readJson(examples("snapshot.json"), Snapshot),
        );
        process.stdout.write(`${formatReport(report, "table", { colour: useColour() })}\n`);
        return 0;
      }),
    );
}
