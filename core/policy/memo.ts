// An expression that reads nothing of the asset itself (`declared`, `system.owner != null`,
// `account.invocationLogging`) gives the same answer for every asset with the same claim and the
// same account facts: those objects are shared (context.ts), so the answer is kept per pair and
// CEL runs once per claim and account instead of once per asset. CEL is pure, so this changes
// nothing but the cost. Likewise an expression that reads the asset only as named attributes
// (`asset.attributes.?rootAccess.orValue("Enabled") == "Disabled"`, most built-in checks) gives
// one answer per combination of those attributes' values: kept per value while they are plain
// JSON (what scanners write) or absent. Any other expression (one that names `asset` otherwise, or a
// variable we do not know, such as a macro's) always runs.
import type { ASTNode, ParseResult } from "@marcbachmann/cel-js";
import type { AssetContext } from "./context.ts";

/** Context variables that are shared between assets: the claim's, the account's, the clock. */
const SHARED = new Set(["declared", "system", "systems", "account", "now"]);

type Run = (context: AssetContext) => unknown;
type Answer = { value: unknown } | { error: unknown };

/** `run` itself, or a memoised run when its expression reads only shared variables or attributes. */
export function memoised(run: ParseResult): Run {
  const names = variables(run.ast as ASTNode);
  const keys = attributeKeys(run.ast as ASTNode);
  if (keys) return byAttributes(run, keys);
  if (names.size === 0 || ![...names].every((n) => SHARED.has(n))) return (c) => run(c);
  // `systems` is one array per claim (declared, system and systems come with it).
  const byClaim = new Map<unknown, Map<unknown, Answer>>();
  return (c) => {
    let byAccount = byClaim.get(c.systems);
    if (!byAccount) {
      byAccount = new Map();
      byClaim.set(c.systems, byAccount);
    }
    const key = names.has("account") ? c.account : undefined;
    let answer = byAccount.get(key);
    if (!answer) {
      try {
        answer = { value: run(c) };
      } catch (error) {
        answer = { error };
      }
      byAccount.set(key, answer);
    }
    if ("error" in answer) throw answer.error;
    return answer.value;
  };
}

/** Every identifier the expression names (variables and macro-bound names alike), anywhere in its tree. */
export function variables(root: ASTNode): Set<string> {
  const out = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    const ast = node as ASTNode;
    if (ast.op === "id" && typeof ast.args === "string") out.add(ast.args);
    for (const v of Array.isArray(node) ? node : Object.values(node)) visit(v);
  };
  visit(root);
  return out;
}

/** At most this many kept answers per expression: unique values (ids, dates) would only fill it. */
const MAX_ANSWERS = 1024;
const ABSENT = Symbol("absent");

function byAttributes(run: ParseResult, keys: readonly string[]): Run {
  // One attribute with a primitive value: the value itself is the key (Map tells 2 from "2"; -0
  // would share 0's answer). Otherwise the attributes' valueKeys, in a map of their own.
  const direct = new Map<unknown, Answer>();
  const composed = new Map<unknown, Answer>();
  const only = keys.length === 1 ? keys[0]! : undefined;
  return (c) => {
    const attributes = c.asset.attributes;
    let answers = composed;
    let key: unknown;
    if (only !== undefined) {
      const v = Object.hasOwn(attributes, only) ? attributes[only] : ABSENT;
      const primitive = v === null || v === ABSENT || typeof v === "string" || typeof v === "boolean";
      if (primitive || (typeof v === "number" && !Object.is(v, -0))) {
        answers = direct;
        key = v;
      } else key = valueKey(v);
    } else {
      key = "";
      for (const k of keys) {
        const piece = Object.hasOwn(attributes, k) ? valueKey(attributes[k]) : "-";
        if (piece === undefined) {
          key = undefined;
          break;
        }
        key += `${piece},`;
      }
    }
    if (key === undefined) return run(c);
    let answer = answers.get(key);
    if (!answer) {
      if (direct.size + composed.size >= MAX_ANSWERS) return run(c);
      try {
        answer = { value: run(c) };
      } catch (error) {
        answer = { error };
      }
      answers.set(key, answer);
    }
    if ("error" in answer) throw answer.error;
    return answer.value;
  };
}

/**
 * A string that only equal JSON values share (type, content and key order), or undefined for a
 * value that is not plain JSON: -0 would share 0's key, and undefined, NaN, bigints, Dates, Maps and
 * class instances have no faithful one (the expression then runs, as without the memo).
 */
export function valueKey(v: unknown): string | undefined {
  if (v === null) return "null";
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "boolean":
      return v ? "t" : "f";
    case "number":
      return Number.isFinite(v) && !Object.is(v, -0) ? `n${v}` : undefined;
    case "object":
      break;
    default:
      return undefined;
  }
  let out: string;
  if (Array.isArray(v)) {
    out = "[";
    for (let i = 0; i < v.length; i++) {
      const piece = valueKey(v[i]);
      if (piece === undefined) return undefined;
      out += `${piece},`;
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return undefined;
  out = "{";
  for (const k of Object.keys(v as object)) {
    const piece = valueKey((v as Record<string, unknown>)[k]);
    if (piece === undefined) return undefined;
    out += `${JSON.stringify(k)}:${piece},`;
  }
  return `${out}}`;
}

/** The variables of the context (context.ts): any other identifier is a macro's or a type's name. */
const CONTEXT = new Set(["asset", ...SHARED]);

/**
 * The attribute names an expression reads when `asset.attributes.NAME` (or `.?NAME`) is its only
 * use of a context variable; undefined otherwise. (A macro variable named like a context one
 * counts as one: at worst an answer is not kept, or is keyed by one attribute more.)
 */
export function attributeKeys(root: ASTNode): string[] | undefined {
  const keys = new Set<string>();
  let pure = true;
  const visit = (node: unknown): void => {
    if (!pure) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (!node || typeof node !== "object" || !("op" in node)) return;
    const ast = node as ASTNode;
    const args = ast.args as unknown[];
    if ((ast.op === "." || ast.op === ".?") && isAttributes(args[0]) && typeof args[1] === "string") {
      keys.add(args[1]);
      return;
    }
    if (ast.op === "id") {
      // A macro's variable (`v` in `asset.attributes.variants.all(v, …)`) ranges over values
      // that come from the attributes read or from literals; a context variable is read otherwise.
      if (typeof ast.args !== "string" || CONTEXT.has(ast.args)) pure = false;
      return;
    }
    visit(ast.args);
  };
  visit(root);
  return pure && keys.size > 0 ? [...keys] : undefined;
}

function isAttributes(node: unknown): boolean {
  const ast = node as ASTNode | undefined;
  if (ast?.op !== "." || !Array.isArray(ast.args) || ast.args[1] !== "attributes") return false;
  const of = ast.args[0] as ASTNode | undefined;
  return of?.op === "id" && of.args === "asset";
}
