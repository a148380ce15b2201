// Loads the declared inventory: one YAML file or a folder of them. Every problem is one line
// `file:line:col: message`; loading stops at the first (nothing half-loaded is used), while
// checkInventory (`aimscan validate`) lists them all.
import { readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { globToRegExp, isGlob } from "./glob.ts";
import { idProblem } from "./id-check.ts";
import { type CatalogueKind, checkEntry, type Locate } from "./inventory-check.ts";
import { fastInventoryFile } from "./inventory-shape.ts";
import { type Inventory, InventoryEntry, InventoryFile, type LoadedSystem, System } from "./model.ts";
import { InputError, keyAt, readYamlAll } from "./yamlfile.ts";

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
export function loadInventory(path: string, options: CheckOptions = {}): Inventory {
  const checked = checkInventory(path, { ...options, limit: 1 });
  if (checked.problems.length > 0) throw new InputError(checked.problems[0]!);
  return checked.inventory;
}

export interface CheckOptions {
  /** Kinds the scanners report: selectors and `expect` attributes are checked against them. */
  catalogue?: readonly CatalogueKind[];
  /** Refuse the TODO values `aimscan init` leaves for people to fill in. */
  strict?: boolean;
  /** Stop after this many problems (validate shows 50). */
  limit?: number;
}

export interface Checked {
  /** The systems that are valid (all of them when there are no problems). */
  inventory: Inventory;
  /** One `file:line:col: message` per problem, in file order. */
  problems: string[];
  /** True when more problems exist than `limit`. */
  truncated: boolean;
}

/** Every problem of the inventory (up to `limit`), each one line; never throws for bad content. */
export function checkInventory(path: string, options: CheckOptions = {}): Checked {
  const limit = options.limit ?? 50;
  const systems: LoadedSystem[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const abs of inventoryFiles(path)) {
    if (problems.length > limit) break;
    const file = relative(process.cwd(), abs) || abs;
    const read = readYamlAll(file, InventoryFile, undefined, { check: fastInventoryFile });
    const here: string[] = [...read.problems];
    const locate: Locate = (p, key) => {
      const node = key ? keyAt(read.doc, p) : undefined;
      const { line, col } = node?.range ? read.at(node.range[0]) : read.pos(p);
      return `${file}:${line}:${col}`;
    };
    for (const [s, system] of validSystems(read.value, read.raw)) {
      const at = read.pos(["systems", s, "id"]);
      const where = `${file}:${at.line}:${at.col}`;
      const before = seen.get(system.id);
      if (before) here.push(`${where}: system id "${system.id}" is already declared at ${before}`);
      else seen.set(system.id, where);
      if (options.strict) here.push(...todoProblems(system, ["systems", s], locate));
      const assets = system.assets.flatMap((entry, e) => {
        if (entry === undefined) return [];
        const path = ["systems", s, "assets", e];
        const own = entryProblems(entry, path, locate);
        const known = options.catalogue ? checkEntry(entry, path, locate, options.catalogue) : [];
        here.push(...oneLinePerId(own, known, `${locate([...path, "id"])}: id: `));
        return [{ ...entry, source: { file, line: read.pos(path).line } }];
      });
      systems.push({ ...system, assets, source: { file, line: at.line } });
    }
    problems.push(...sortByPosition(here));
  }
  return { inventory: { systems }, problems: problems.slice(0, limit), truncated: problems.length > limit };
}

/**
 * The systems that pass the schema, with their index. When the file does not, each system is
 * taken on its own with only its valid entries, so that the other problems are still reported.
 */
function validSystems(value: InventoryFile | undefined, raw: unknown): [number, System][] {
  if (value) return value.systems.map((s, i) => [i, s]);
  const list = (raw as { systems?: unknown } | null)?.systems;
  if (!Array.isArray(list)) return [];
  const out: [number, System][] = [];
  list.forEach((item, i) => {
    const parsed = System.safeParse({ ...(item as object), assets: [] });
    if (!parsed.success) return;
    const entries = (item as { assets?: unknown }).assets;
    // Invalid entries become holes so that the valid ones keep their index (and position).
    const assets = Array.isArray(entries)
      ? entries.map((e) => {
          const entry = InventoryEntry.safeParse(e);
          return entry.success ? entry.data : undefined;
        })
      : [];
    out.push([i, { ...parsed.data, assets: assets as InventoryEntry[] }]);
  });
  return out;
}

/**
 * Both checkers read an exact id, and an id gets one line, not two. The catalogue's is the more
 * helpful (it names the service, the account, "did you mean"), unless it could only say that the
 * cloud is unknown while the shape check knows which cloud's id is incomplete.
 */
function oneLinePerId(own: string[], known: string[], idAt: string): string[] {
  const isId = (l: string) => l.startsWith(idAt);
  const vague = (l: string) => l.startsWith(`${idAt}cannot tell which cloud`);
  const ownId = own.filter(isId);
  const knownId = known.filter(isId);
  if (ownId.length === 0 || knownId.length === 0) return [...own, ...known];
  if (knownId.every(vague) && !ownId.every(vague)) return [...own, ...known.filter((l) => !isId(l))];
  return [...own.filter((l) => !isId(l)), ...known];
}

function entryProblems(entry: InventoryEntry, path: (string | number)[], locate: Locate): string[] {
  const out: string[] = [];
  const line = locate(path);
  if (entry.id !== undefined && entry.match !== undefined)
    out.push(`${line}: entry has both "id" and "match"; give exactly one`);
  if (entry.id === undefined && entry.match === undefined)
    out.push(`${line}: entry needs "id" (one asset) or "match" (a selector)`);
  const problem = entry.id !== undefined ? idProblem(entry.id) : undefined;
  if (problem) out.push(`${locate([...path, "id"])}: id: ${problem}`);
  if (entry.id !== undefined && (entry.minCount ?? 1) > 1) {
    // An exact id names one asset: a larger minimum could never be met and would be
    // reported missing forever.
    out.push(`${locate([...path, "minCount"])}: minCount: an "id" entry claims one asset; use 0 or 1`);
  }
  for (const key of ["name", "id"] as const) {
    const pattern = entry.match?.[key];
    // Only a character class can make a glob that does not compile ("[" unclosed, a range out of
    // order): 5,000 `app<j>-*` selectors need no regular expression built just to find that out.
    if (pattern === undefined || !isGlob(pattern) || !pattern.includes("[")) continue;
    try {
      globToRegExp(pattern);
    } catch (err) {
      out.push(`${locate([...path, "match", key])}: match.${key}: ${(err as Error).message}`);
    }
  }
  if (entry.match && Object.keys(entry.match).length === 0)
    out.push(`${line}: "match" is empty; it would claim every asset`);
  return out;
}

/** `aimscan init` writes TODO where only people know the answer; strict validation says which are left. */
export const TODO = "TODO";
const isTodo = (v: unknown) => typeof v === "string" && /^\s*TODO\b/.test(v);

function todoProblems(system: System, path: (string | number)[], locate: Locate): string[] {
  const out: string[] = [];
  const hint: Record<string, string> = {
    owner: "the team or person responsible",
    riskLevel: "low, medium or high, from your AI risk assessment",
    purpose: "what the system is for",
    name: "a readable name",
    impactAssessment: "the URL of the impact assessment",
  };
  for (const [key, what] of Object.entries(hint)) {
    const value = (system as Record<string, unknown>)[key];
    if (isTodo(value)) out.push(`${locate([...path, key])}: ${key}: still TODO: give ${what}`);
  }
  return out;
}

function sortByPosition(lines: string[]): string[] {
  const key = (l: string) => {
    const m = /:(\d+):(\d+): /.exec(l);
    return m ? Number(m[1]) * 10_000 + Number(m[2]) : 0;
  };
  return [...new Set(lines)].sort((a, b) => key(a) - key(b));
}
