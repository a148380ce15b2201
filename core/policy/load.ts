// Loads policy packs ("builtin", files, folders), compiling every CEL expression once and turning
// any problem into `file:line:col: policy <id>: message` (InputError, exit 2).
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ParseResult } from "@marcbachmann/cel-js";
import { isScalar } from "yaml";
import { readRegularFile } from "../files.ts";
import { globToRegExp, isGlob } from "../glob.ts";
import { type Policy, PolicyFile, type Waiver } from "../model.ts";
import { InputError, type Located, nodeAt, readYaml } from "../yamlfile.ts";
import { BUILTIN_PACKS } from "./builtin-packs.ts";
import { compile } from "./cel.ts";

export interface CompiledPolicy extends Policy {
  /** where the policy is declared, for messages and reports */
  source: { file: string; line: number };
  check: ParseResult;
  applies?: ParseResult;
}

export interface LoadedWaiver extends Waiver {
  source: { file: string; line: number };
  /** epoch ms at which the waiver stops applying */
  until: number;
}

export interface PolicySet {
  policies: CompiledPolicy[];
  waivers: LoadedWaiver[];
  /** the files the set was loaded from ("policies/aws.yaml" for built-in packs) */
  files: string[];
}

/** A test-fixture file, never a pack: folders may keep fixtures beside their policies. */
export const isFixtureFile = (name: string) => /\.test\.ya?ml$/i.test(name);

export function loadPolicies(refs: string[], opts: { baseDir?: string } = {}): PolicySet {
  const set: PolicySet = { policies: [], waivers: [], files: [] };
  const seen = new Map<string, string>();
  // Each file once, by real path: `builtin ./policies` (or a folder given twice, or through a
  // symlink) names the same files again, which is not a duplicate policy.
  const loaded = new Set<string>();
  const once = (key: string) => !loaded.has(key) && Boolean(loaded.add(key));
  for (const ref of refs) {
    if (ref === "builtin") {
      for (const [file, text] of Object.entries(BUILTIN_PACKS))
        if (once(builtinKey(file))) addPack(set, seen, file, text);
      continue;
    }
    for (const abs of packFiles(resolve(opts.baseDir ?? process.cwd(), ref))) {
      if (!once(realPath(abs))) continue;
      const text = readRegularFile(abs);
      addPack(set, seen, relative(process.cwd(), abs) || abs, text);
    }
  }
  return set;
}

const realPath = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
};

/**
 * Where a built-in pack's file really is (policies/*.yaml beside this package), so that a folder
 * holding it is recognised; a Lambda bundle has no such file and keys the pack by its name.
 */
function builtinKey(file: string): string {
  try {
    const path = fileURLToPath(new URL(`../../${file}`, import.meta.url));
    if (existsSync(path)) return realpathSync(path);
  } catch {
    // no file URL (bundled): fall through
  }
  return `builtin:${file}`;
}

/** Parses one pack's text; exported so tests and the fixture runner can load strings. */
export function addPack(set: PolicySet, seen: Map<string, string>, file: string, text: string): void {
  const located = readYaml(file, PolicyFile, text);
  const { value, pos } = located;
  set.files.push(file);
  value.policies.forEach((policy, i) => {
    const here = pos(["policies", i, "id"]);
    const where = `${file}:${here.line}:${here.col}`;
    const before = seen.get(policy.id);
    if (before) throw new InputError(`${where}: policy ${policy.id}: id already used at ${before}`);
    seen.set(policy.id, where);
    for (const key of ["name", "id"] as const)
      checkGlob(located, ["policies", i, "resource", key], policy.id);
    const check = compileAt(located, text, ["policies", i, "assert"], policy.id, policy.assert);
    const applies =
      policy.when === undefined
        ? undefined
        : compileAt(located, text, ["policies", i, "when"], policy.id, policy.when);
    set.policies.push({ ...policy, source: { file, line: here.line }, check, applies });
  });
  value.waivers.forEach((waiver, i) => {
    const here = pos(["waivers", i]);
    for (const key of ["policy", "asset"] as const) checkGlob(located, ["waivers", i, key]);
    const until = parseExpiry(waiver.expires);
    if (until === undefined) {
      const p = pos(["waivers", i, "expires"]);
      throw new InputError(`${file}:${p.line}:${p.col}: expires: not a date: ${waiver.expires}`);
    }
    set.waivers.push({ ...waiver, source: { file, line: here.line }, until });
  });
}

/**
 * Epoch ms of a date (start of that day, UTC) or timestamp; undefined when it names no real instant.
 * Date.parse alone would roll 2026-02-30 over to 2 March.
 */
export function parseExpiry(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
  const t = Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(t) ? undefined : t;
}

function compileAt(
  located: Located<unknown>,
  text: string,
  path: (string | number)[],
  id: string,
  expr: string,
): ParseResult {
  const out = compile(expr);
  if ("run" in out) return out.run;
  const { line, col } = located.at(sourceOffset(located, text, path, expr, out.error.offset));
  throw new InputError(`${located.file}:${line}:${col}: policy ${id}: ${out.error.message}`);
}

/**
 * Maps an offset inside a scalar's value to an offset in the file. Quotes, indentation of block
 * scalars and folded line breaks make the two differ, so walk both texts and skip what the value lacks.
 */
export function sourceOffset(
  located: Located<unknown>,
  text: string,
  path: (string | number)[],
  value: string,
  offset: number,
): number {
  const node = nodeAt(located.doc, path);
  if (!node || !isScalar(node) || !node.range) return node?.range?.[0] ?? 0;
  const [start, end] = node.range;
  let r = start;
  // Block scalars start with a header line (`|`, `>-`, …) that is not part of the value.
  if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") r = text.indexOf("\n", start) + 1;
  else if (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") r += 1;
  for (let v = 0; v < offset && r < end; r++) {
    const same = text[r] === value[v] || (value[v] === " " && text[r] === "\n");
    if (same) v++;
  }
  while (r < end && /\s/.test(text[r]!)) r++;
  return r;
}

function checkGlob(located: Located<PolicyFile>, path: (string | number)[], id?: string): void {
  let v: unknown = located.value;
  for (const k of path) v = (v as Record<string | number, unknown> | undefined)?.[k];
  if (typeof v !== "string" || !isGlob(v)) return;
  try {
    globToRegExp(v);
  } catch (e) {
    const { line, col } = located.pos(path);
    const who = id ? `policy ${id}: ` : "";
    throw new InputError(
      `${located.file}:${line}:${col}: ${who}${String(path.at(-1))}: ${(e as Error).message}`,
    );
  }
}

function packFiles(path: string): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new InputError(`${path}: policy pack not found (give "builtin", a YAML file or a folder)`);
  }
  if (!isDir) return [path];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(name) && !isFixtureFile(name)) files.push(full);
    }
  };
  walk(path);
  return files;
}
