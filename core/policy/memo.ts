// An expression that reads nothing of the asset itself (`declared`, `system.owner != null`,
// `account.invocationLogging`) gives the same answer for every asset with the same claim and the
// same account facts: those objects are shared (context.ts), so the answer is kept per pair and
// CEL runs once per claim and account instead of once per asset. CEL is pure, so this changes
// nothing but the cost; an expression that names `asset` (or any variable we do not know, such as
// a macro's) always runs.
import type { ASTNode, ParseResult } from "@marcbachmann/cel-js";
import type { AssetContext } from "./context.ts";

/** Context variables that are shared between assets: the claim's, the account's, the clock. */
const SHARED = new Set(["declared", "system", "systems", "account", "now"]);

type Run = (context: AssetContext) => unknown;
type Answer = { value: unknown } | { error: unknown };

/** `run` itself, or a memoised run when its expression reads only shared variables. */
export function memoised(run: ParseResult): Run {
  const names = variables(run.ast as ASTNode);
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
