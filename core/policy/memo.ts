// An expression gives the same answer for every context whose parts it reads are the same, and
// most policy expressions read little: the claim (`declared`, `system`, `systems`: one object per
// distinct claim, context.ts), the account's facts (one object per account and region), a scope
// field of the asset (`asset.kind`, `asset.provider`…) or named attributes
// (`asset.attributes.?rootAccess.orValue("Enabled") == "Disabled"`). CEL is pure, so the answer is
// kept per combination of what it reads and CEL runs once per combination instead of once per
// asset: claim and account by identity, fields by value, attributes by value while they are plain
// JSON (what scanners write) or absent. Any other expression (one that reads `asset` otherwise:
// its id, name, tags, the asset itself) always runs.
import type { ASTNode, ParseResult } from "@marcbachmann/cel-js";
import type { AssetContext } from "./context.ts";

type Run = (context: AssetContext) => unknown;
type Answer = { value: unknown } | { error: unknown };

/** Variables that come with the claim: one set of objects per distinct claim. */
const CLAIM = new Set(["declared", "system", "systems"]);
/** The asset's scope fields: few distinct values in any estate (ids, names and dates are unique). */
const FIELDS = new Set(["provider", "service", "kind", "account", "region"]);
type Field = "provider" | "service" | "kind" | "account" | "region";

/** What an expression reads of its context, when that is all it reads. */
export interface Reads {
  claim: boolean;
  account: boolean;
  fields: Field[];
  attributes: string[];
}

/** `run` itself, or a memoised run when its expression reads only what `contextReads` can name. */
export function memoised(run: ParseResult): Run {
  const reads = contextReads(run.ast as ASTNode);
  return reads ? keyed(run, reads) : (c) => run(c);
}

/**
 * At most this many kept answers per expression: unique attribute values would only fill it (the
 * expression then runs). Claims × scope values stay far below it (1,000 systems × 4 kinds).
 */
const MAX_ANSWERS = 16_384;
const ABSENT = Symbol("absent");
/** A part whose value has no faithful key (see valueKey): the expression runs. */
const UNKEYED = Symbol("unkeyed");

/**
 * Answers in a tree of maps, one level per part read (claim, account, each field, each attribute),
 * keyed by the part itself: no key string is built per asset, and strings, claims and accounts
 * are hashed once. A list or map attribute is keyed by one object per distinct valueKey, so that
 * it never meets a string attribute of the same text.
 */
function keyed(run: ParseResult, reads: Reads): Run {
  const boxes = new Map<string, object>();
  const attributeKey = (attributes: Record<string, unknown>, name: string): unknown => {
    if (!Object.hasOwn(attributes, name)) return ABSENT;
    const v = attributes[name];
    // Map tells 2 from "2"; only -0 would share 0's answer.
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number" && !Object.is(v, -0)) return v;
    const text = valueKey(v);
    if (text === undefined) return UNKEYED;
    let box = boxes.get(text);
    if (!box) {
      box = {};
      boxes.set(text, box);
    }
    return box;
  };
  const parts: ((c: AssetContext) => unknown)[] = [];
  if (reads.claim) parts.push((c) => c.systems);
  if (reads.account) parts.push((c) => c.account);
  for (const f of reads.fields) parts.push((c) => c.asset[f]);
  for (const name of reads.attributes) parts.push((c) => attributeKey(c.asset.attributes, name));
  if (parts.length === 0) parts.push(() => undefined);
  const last = parts.length - 1;
  const root = new Map<unknown, unknown>();
  let kept = 0;
  return (c) => {
    let node = root;
    for (let i = 0; i < last; i++) {
      const key = parts[i]!(c);
      if (key === UNKEYED) return run(c);
      let next = node.get(key) as Map<unknown, unknown> | undefined;
      if (!next) {
        next = new Map();
        node.set(key, next);
      }
      node = next;
    }
    const key = parts[last]!(c);
    if (key === UNKEYED) return run(c);
    let answer = node.get(key) as Answer | undefined;
    if (!answer) {
      if (kept >= MAX_ANSWERS) return run(c);
      try {
        answer = { value: run(c) };
      } catch (error) {
        answer = { error };
      }
      node.set(key, answer);
      kept++;
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

/**
 * What the expression reads of its context when every read of `asset` is a scope field
 * (`asset.kind`) or a named attribute (`asset.attributes.NAME`, `.?NAME`); undefined otherwise. A
 * macro's variable (`s` in `systems.exists(s, …)`, `v` in `asset.attributes.variants.all(v, …)`)
 * ranges over values that come from what is read or from literals. (One named like a context
 * variable counts as one: at worst an answer is not kept, or is keyed by one part more.) Any
 * other identifier is a macro's variable or a type's name.
 */
export function contextReads(root: ASTNode): Reads | undefined {
  const reads: Reads = { claim: false, account: false, fields: [], attributes: [] };
  let pure = true;
  const visit = (node: unknown): void => {
    if (!pure || !node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    if (!("op" in node)) {
      // Not an expression node: look inside anyway, so that no read goes unseen.
      for (const v of Object.values(node)) visit(v);
      return;
    }
    const ast = node as ASTNode;
    const args = ast.args as unknown[];
    if ((ast.op === "." || ast.op === ".?") && typeof args[1] === "string") {
      if (isAttributes(args[0])) {
        if (!reads.attributes.includes(args[1])) reads.attributes.push(args[1]);
        return;
      }
      if (isAsset(args[0]) && FIELDS.has(args[1])) {
        if (!reads.fields.includes(args[1] as Field)) reads.fields.push(args[1] as Field);
        return;
      }
    }
    if (ast.op === "id") {
      const name = ast.args as unknown;
      if (typeof name !== "string" || name === "asset") pure = false;
      else if (CLAIM.has(name)) reads.claim = true;
      else if (name === "account") reads.account = true;
      return;
    }
    visit(ast.args);
  };
  visit(root);
  return pure ? reads : undefined;
}

/** The attribute names an expression reads when they are all it reads of its context. */
export function attributeKeys(root: ASTNode): string[] | undefined {
  const reads = contextReads(root);
  if (!reads || reads.claim || reads.account || reads.fields.length > 0) return undefined;
  return reads.attributes.length > 0 ? reads.attributes : undefined;
}

function isAsset(node: unknown): boolean {
  const ast = node as ASTNode | undefined;
  return ast?.op === "id" && ast.args === "asset";
}

function isAttributes(node: unknown): boolean {
  const ast = node as ASTNode | undefined;
  if (ast?.op !== "." || !Array.isArray(ast.args) || ast.args[1] !== "attributes") return false;
  return isAsset(ast.args[0]);
}
