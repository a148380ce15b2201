// An expression that reads nothing of the asset itself (`declared`, `system.owner != null`,
// `account.invocationLogging`) gives the same answer for every asset with the same claim and the
// same account facts: those objects are shared (context.ts), so the answer is kept per pair and
// CEL runs once per claim and account instead of once per asset. CEL is pure, so this changes
// nothing but the cost. Likewise an expression that reads the asset only as named attributes
// (`asset.attributes.?rootAccess.orValue("Enabled") == "Disabled"`, most built-in checks) gives
// one answer per combination of those attributes' values: kept per value while they are strings,
// numbers, booleans, null or absent. Any other expression (one that names `asset` otherwise, or a
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
  const answers = new Map<unknown, Answer>();
  const keyOf = (attributes: Record<string, unknown>): unknown => {
    let key = "";
    for (const k of keys) {
      const v = Object.hasOwn(attributes, k) ? attributes[k] : ABSENT;
      // Objects differ by identity, undefined is not JSON, and -0 would share 0's answer.
      if ((typeof v === "object" && v !== null) || v === undefined || Object.is(v, -0)) return undefined;
      if (keys.length === 1) return v;
      // typeof keeps "1" and 1 apart; JSON.stringify keeps the pieces apart.
      key += `${typeof v}:${v === ABSENT ? "" : JSON.stringify(v)}\u0000`;
    }
    return key;
  };
  return (c) => {
    const key = keyOf(c.asset.attributes);
    if (key === undefined) return run(c);
    let answer = answers.get(key);
    if (!answer) {
      if (answers.size >= MAX_ANSWERS) return run(c);
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
 * The attribute names an expression reads when `asset.attributes.NAME` (or `.?NAME`) is its only
 * use of any variable; undefined otherwise.
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
      pure = false;
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
