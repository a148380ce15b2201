// The CEL environment every policy expression is checked and run in. One environment for the whole
// process: building one is the expensive part, compiling an expression against it is cheap.
//
// Variables (documented for policy authors in policies/README.md):
//   asset    Asset    every key present; createdAt may be null; tags map<string,string>;
//                     attributes map<string,dyn> as the scanner wrote them (use has() or .?key)
//   declared bool     some inventory entry claims the asset (matched, changed or ambiguous)
//   system   dyn      the declaring system (all keys present, null when unset) or null
//   systems  list     every claiming system (one when matched, several when ambiguous)
//   account  Account  facts about the asset's provider+account+region, computed once per run
//   now      timestamp the evaluation time
import { type ASTNode, Environment, type ParseResult } from "@marcbachmann/cel-js";
import { globMatch } from "../glob.ts";

/** The asset as CEL sees it: a class so the checker knows its fields and typos fail at load. */
export class CelAsset {
  constructor(
    readonly id: string,
    readonly provider: string,
    readonly service: string,
    readonly kind: string,
    readonly account: string,
    readonly region: string,
    readonly name: string,
    readonly createdAt: string | null,
    readonly tags: Record<string, string>,
    readonly attributes: Record<string, unknown>,
  ) {}
}

/** Account-level facts, so one-asset-at-a-time policies can ask about their neighbours. */
export class CelAccount {
  constructor(
    readonly provider: string,
    readonly id: string,
    readonly region: string,
    /** an enabled `invocation-logging` asset exists for this account and region (Bedrock) */
    public invocationLogging: boolean,
    /** number of `guardrail` assets in this account and region */
    public guardrails: bigint,
    /** asset counts by "service/kind" in this account and region */
    readonly kinds: Map<string, bigint>,
    /** SageMaker model cards here: documented model (name and ARN) → card status (Approved, Draft…) */
    readonly modelCards: Map<string, string> = new Map(),
  ) {}
}

/** Keys of `system`: it is dyn (it may be null), so load-time field checks are ours, not CEL's. */
export const SYSTEM_KEYS = [
  "id",
  "name",
  "owner",
  "riskLevel",
  "purpose",
  "impactAssessment",
  "tags",
] as const;

const FUNCTIONS: Array<[string, (...args: any[]) => unknown]> = [
  // Attribute values come from many SDKs: absent, null, "" and [] all mean "not set".
  ["isSet(dyn): bool", (v: unknown) => isSet(v)],
  ["glob(string, string): bool", (value: string, pattern: string) => globMatch(pattern, value)],
];

function isSet(v: unknown): boolean {
  if (v === null || v === undefined || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return true;
}

let shared: Environment | undefined;

export function celEnvironment(): Environment {
  if (shared) return shared;
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false })
    .registerType("Asset", {
      ctor: CelAsset,
      fields: {
        id: "string",
        provider: "string",
        service: "string",
        kind: "string",
        account: "string",
        region: "string",
        name: "string",
        createdAt: "dyn",
        tags: "map<string, string>",
        attributes: "map<string, dyn>",
      },
    })
    .registerType("Account", {
      ctor: CelAccount,
      fields: {
        provider: "string",
        id: "string",
        region: "string",
        invocationLogging: "bool",
        guardrails: "int",
        kinds: "map<string, int>",
        modelCards: "map<string, string>",
      },
    })
    .registerVariable("asset", "Asset")
    .registerVariable("declared", "bool")
    .registerVariable("system", "dyn")
    .registerVariable("systems", "list<dyn>")
    .registerVariable("account", "Account")
    .registerVariable("now", "google.protobuf.Timestamp");
  for (const [signature, handler] of FUNCTIONS) env.registerFunction(signature, handler);
  shared = env;
  return env;
}

export interface CompileError {
  message: string;
  /** offset of the problem inside the expression */
  offset: number;
}

/** Parses and type-checks once; the returned function is what runs per asset. */
export function compile(expr: string): { run: ParseResult } | { error: CompileError } {
  const env = celEnvironment();
  let run: ParseResult;
  try {
    run = env.parse(expr);
  } catch (e) {
    return { error: celError(e) };
  }
  const checked = run.check();
  if (!checked.valid) return { error: celError(checked.error) };
  if (checked.type !== "bool" && checked.type !== "dyn")
    return { error: { message: `expression must be a bool, not ${checked.type}`, offset: 0 } };
  const field = unknownSystemField(run.ast);
  if (field) return { error: field };
  return { run };
}

function celError(e: unknown): CompileError {
  const err = e as { summary?: string; message?: string; range?: { start: number } };
  return { message: err.summary ?? err.message ?? String(e), offset: err.range?.start ?? 0 };
}

/**
 * `system.ownr` would only fail at run time (system is dyn); catch it at load instead. Also covers
 * `system["ownr"]`, `systems[0].ownr` and macro variables over `systems` (`systems.all(s, s.ownr …)`).
 */
function unknownSystemField(root: ASTNode): CompileError | undefined {
  const MACROS = new Set(["all", "exists", "exists_one", "map", "filter"]);
  const visit = (node: unknown, scope: ReadonlySet<string>): CompileError | undefined => {
    if (Array.isArray(node)) {
      for (const n of node) {
        const found = visit(n, scope);
        if (found) return found;
      }
      return undefined;
    }
    if (!node || typeof node !== "object" || !("op" in node)) return undefined;
    const ast = node as ASTNode;
    const key = fieldKey(ast);
    if (
      key !== undefined &&
      isSystemRef((ast.args as ASTNode[])[0], scope) &&
      !(SYSTEM_KEYS as readonly string[]).includes(key)
    )
      return {
        message: `system has no field "${key}" (fields: ${SYSTEM_KEYS.join(", ")})`,
        offset: ast.range.start,
      };
    if (ast.op === "rcall" && Array.isArray(ast.args)) {
      const [name, receiver, args] = ast.args as [unknown, ASTNode, unknown];
      const bound = Array.isArray(args) ? (args[0] as ASTNode | undefined) : undefined;
      if (
        typeof name === "string" &&
        MACROS.has(name) &&
        isSystemsRef(receiver, scope) &&
        bound?.op === "id" &&
        typeof bound.args === "string"
      ) {
        const inner = new Set(scope).add(bound.args);
        return visit(receiver, scope) ?? visit((args as unknown[]).slice(1), inner);
      }
    }
    return Array.isArray(ast.args) ? visit(ast.args, scope) : undefined;
  };
  return visit(root, new Set(["system"]));
}

/** The field a select or a constant-string index reads: `x.key`, `x.?key`, `x["key"]`, `x[?"key"]`. */
function fieldKey(ast: ASTNode): string | undefined {
  if (!Array.isArray(ast.args)) return undefined;
  const key = ast.args[1] as unknown;
  if (ast.op === "." || ast.op === ".?") return typeof key === "string" ? key : undefined;
  if (ast.op === "[]" || ast.op === "[?]") {
    const k = key as ASTNode | undefined;
    return k?.op === "value" && typeof k.args === "string" ? k.args : undefined;
  }
  return undefined;
}

function isSystemRef(n: ASTNode | undefined, scope: ReadonlySet<string>): boolean {
  if (!n) return false;
  if (n.op === "id") return typeof n.args === "string" && scope.has(n.args);
  // systems[0]: an element of the claimant list
  return (n.op === "[]" || n.op === "[?]") && isSystemsRef((n.args as ASTNode[])[0], scope);
}

function isSystemsRef(n: ASTNode | undefined, scope: ReadonlySet<string>): boolean {
  return n?.op === "id" && n.args === "systems" && !scope.has("systems");
}
