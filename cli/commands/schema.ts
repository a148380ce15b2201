import { Argument, type Command } from "commander";
import { z } from "zod";
import { type SchemaName, schemas } from "../../core/model.ts";
import { action } from "../action.ts";

// Files people write are described as input (defaults optional); files aimscan writes as output.
const WRITTEN_BY_PEOPLE = new Set<SchemaName>(["inventory", "config", "policy"]);

export function register(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema (generated from the zod model) of a file aimscan reads or writes")
    .addArgument(new Argument("<name>", "which schema").choices(Object.keys(schemas)))
    .action(
      action((name: SchemaName) => {
        const json = z.toJSONSchema(schemas[name], {
          io: WRITTEN_BY_PEOPLE.has(name) ? "input" : "output",
          unrepresentable: "any",
        });
        process.stdout.write(`${JSON.stringify({ title: `aimscan ${name}`, ...json }, null, 2)}\n`);
        return 0;
      }),
    );
}
