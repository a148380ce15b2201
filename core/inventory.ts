// Loads the declared inventory: one YAML file or a folder of them. Every problem is one line
// `file:line:col: message`; the first problem stops the load (nothing half-loaded is used).
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { globToRegExp, isGlob } from "./glob.ts";
import { type Inventory, InventoryFile, type LoadedSystem } from "./model.ts";
import { InputError, readYaml } from "./yamlfile.ts";

export function inventoryFiles(path: string): string[] {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    throw new InputError(`${path}: inventory not found (give a YAML file or a folder of them)`);
  }
  if (!stat.isDirectory()) return [path];
  const files: string[] = [];
  const walked = new Set<string>();
  const walk = (dir: string) => {
    // A symlink back up the tree would recurse until ELOOP: each real folder is walked once.
    const real = readable(dir, () => realpathSync(dir));
    if (walked.has(real)) return;
    walked.add(real);
    for (const name of readable(dir, () => readdirSync(dir)).sort()) {
      const full = join(dir, name);
      if (readable(full, () => statSync(full)).isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(name)) files.push(full);
    }
  };
  walk(path);
  if (files.length === 0) throw new InputError(`${path}: no .yaml or .yml files in this folder`);
  return files;
}

/** A broken link or an unreadable folder is bad input, not a crash. */
function readable<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new InputError(`${path}: cannot read: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** Loads and checks the inventory. File names in messages are relative to the working directory. */
export function loadInventory(path: string): Inventory {
  const systems: LoadedSystem[] = [];
  const seen = new Map<string, string>();
  for (const abs of inventoryFiles(path)) {
    const file = relative(process.cwd(), abs) || abs;
    const { value, pos } = readYaml(file, InventoryFile);
    value.systems.forEach((system, s) => {
      const here = pos(["systems", s, "id"]);
      const where = `${file}:${here.line}:${here.col}`;
      const before = seen.get(system.id);
      if (before) throw new InputError(`${where}: system id "${system.id}" is already declared at ${before}`);
      seen.set(system.id, where);
      const assets = system.assets.map((entry, e) => {
        const at = pos(["systems", s, "assets", e]);
        const line = `${file}:${at.line}:${at.col}`;
        if (entry.id !== undefined && entry.match !== undefined)
          throw new InputError(`${line}: entry has both "id" and "match"; give exactly one`);
        if (entry.id === undefined && entry.match === undefined)
          throw new InputError(`${line}: entry needs "id" (one asset) or "match" (a selector)`);
        if (entry.id !== undefined && (entry.minCount ?? 1) > 1) {
          // An exact id names one asset: a larger minimum could never be met and would be
          // reported missing forever.
          const p = pos(["systems", s, "assets", e, "minCount"]);
          throw new InputError(
            `${file}:${p.line}:${p.col}: minCount: an "id" entry claims one asset; use 0 or 1`,
          );
        }
        for (const key of ["name", "id"] as const) {
          const pattern = entry.match?.[key];
          if (pattern === undefined || !isGlob(pattern)) continue;
          try {
            globToRegExp(pattern);
          } catch (err) {
            const p = pos(["systems", s, "assets", e, "match", key]);
            throw new InputError(`${file}:${p.line}:${p.col}: match.${key}: ${(err as Error).message}`);
          }
        }
        if (entry.match && Object.keys(entry.match).length === 0)
          throw new InputError(`${line}: "match" is empty; it would claim every asset`);
        return { ...entry, source: { file, line: at.line } };
      });
      systems.push({ ...system, assets, source: { file, line: here.line } });
    });
  }
  return { systems };
}
