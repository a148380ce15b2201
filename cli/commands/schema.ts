import { Argument, type Command } from "commander";
import { z } from "zod";
import { type SchemaName, schemas } from "../../core/model.ts";
import { type KindInfo, loadCatalogue } from "../../scanners/catalogue.ts";
import { action } from "../action.ts";

// Files people write are described as input (defaults optional); files aimscan writes as output.
const WRITTEN_BY_PEOPLE = new Set<SchemaName>(["inventory", "config", "policy"]);

export function register(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema (generated from the zod model) of a file aimscan reads or writes")
    .addArgument(new Argument("<name>", "which schema").choices(Object.keys(schemas)))
    .action(
      action(async (name: SchemaName) => {
        const json = z.toJSONSchema(schemas[name], {
          io: WRITTEN_BY_PEOPLE.has(name) ? "input" : "output",
          unrepresentable: "any",
        });
        if (name === "inventory") withCatalogue(json, await loadCatalogue());
        process.stdout.write(`${JSON.stringify({ title: `aimscan ${name}`, ...json }, null, 2)}\n`);
        return 0;
      }),
    );
}

/**
 * The inventory's selectors may only name what the scanners report: services and kinds become
 * enums, and `expect.attributes` keys the attribute names of the catalogue (editors then complete them).
 */
function withCatalogue(json: unknown, catalogue: KindInfo[]): void {
  const sorted = (xs: string[]) => [...new Set(xs)].sort();
  const services = sorted(catalogue.map((k) => k.service));
  const kinds = sorted(catalogue.map((k) => k.kind));
  const attributes = sorted(catalogue.flatMap((k) => Object.keys(k.attributes)));
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    const props = (node as { properties?: Record<string, Record<string, unknown>> }).properties;
    if (props?.service && props.kind && props.provider) {
      props.service.enum = services;
      props.kind.enum = kinds;
    }
    if (props?.attributes && props.region && props.name && !props.kind)
      props.attributes.propertyNames = { enum: attributes };
    for (const v of Object.values(node)) visit(v);
  };
  visit(json);
}
