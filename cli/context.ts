// What `report`, `export` and `evidence export` need to show each stored result with its
// remediation and system: the config's policy packs and inventory, read as they are now. A pack or
// inventory that cannot be read leaves that context out (with a note); it never hides the report.
import { existsSync } from "node:fs";
import { type ContextSources, policyCatalog } from "../core/findings.ts";
import { loadInventory } from "../core/inventory.ts";
import type { Config, Inventory } from "../core/model.ts";
import { loadPolicies } from "../core/policy/index.ts";

export function contextSources(config: Config, note: (line: string) => void): ContextSources {
  const sources: ContextSources = {};
  try {
    sources.catalog = policyCatalog(loadPolicies(config.policies));
  } catch (e) {
    note(`note: policy packs not readable (${(e as Error).message}); results shown without remediation`);
  }
  const inventory = readInventory(config.inventory, note);
  if (inventory) sources.inventory = inventory;
  return sources;
}

export function readInventory(path: string, note: (line: string) => void): Inventory | undefined {
  if (!existsSync(path)) {
    note(`note: no inventory at ${path}; systems and owners are left out`);
    return undefined;
  }
  try {
    return loadInventory(path);
  } catch (e) {
    note(`note: inventory not readable (${(e as Error).message}); systems and owners are left out`);
    return undefined;
  }
}
