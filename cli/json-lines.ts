// The lines of a report's two big arrays as text, without a JSON.stringify of every element: each
// line is exactly what JSON.stringify gives for that element (tests/cli/json-lines.test.ts holds
// them to it), built from pieces that repeat. A policy result is its policy's title, controls and
// remediation (the same for thousands of rows) and its system's facts (the same per system): those
// are written once and reused, leaving the asset id to quote. A drift item of the usual shapes is
// a template of its few strings. Anything else (a message, a waiver, keys in another order) is
// JSON.stringify'd as before.
import type { ContextIndex, SystemFacts } from "../core/findings.ts";
import type { DriftItem, PolicyResult } from "../core/model.ts";

// What JSON.stringify would escape in a string (lone surrogates included): such strings take it.
const ESCAPES = /["\\\u0000-\u001f\ud800-\udfff]/;
const quote = (s: string) => (ESCAPES.test(s) ? JSON.stringify(s) : `"${s}"`);

/** `,"k":v…` of an object as JSON.stringify writes its keys (undefined values left out), or "". */
const members = (o: object) => {
  const text = JSON.stringify(o);
  return text === "{}" ? "" : `,${text.slice(1, -1)}`;
};

// The keys, in order, of the results PolicyResultTable gives (a pass has no title or message).
const FAIL_KEYS = ["policyId", "assetId", "status", "severity", "controls", "title", "message"];
const PASS_KEYS = ["policyId", "assetId", "status", "severity", "controls"];

/** Exactly these enumerable keys in this order, and no toJSON to call. */
function hasKeys(o: object, keys: readonly string[]): boolean {
  if ("toJSON" in o) return false;
  let i = 0;
  for (const k in o) if (keys[i++] !== k) return false;
  return i === keys.length;
}

/** The pieces of one policy's rows of one status, and the values they were written from. */
interface Piece {
  r: PolicyResult;
  /** `,"status":…` up to the system facts */
  before: string;
  /** from the facts on: `,"title":…` for a pass, `,"remediation":…` */
  after: string;
}

/** JSON.stringify(contextualiser(report, sources)(r)), for `context = contextIndex(report, sources)`. */
export function resultJson(context: ContextIndex): (r: PolicyResult) => string {
  const factsText = new Map<Readonly<SystemFacts>, string>();
  const pieces = new Map<string, Piece>();
  const pieceOf = (r: PolicyResult, hasTitle: boolean): Piece => {
    const key = `${r.status}\u0000${r.policyId}`;
    const known = pieces.get(key);
    const p = known?.r;
    if (p && p.severity === r.severity && p.controls === r.controls && p.title === r.title) return known;
    const policy = context.policy(r.policyId);
    const title = policy ? (r.title ?? policy.title) : r.title;
    const piece: Piece = {
      r,
      before: members({
        status: r.status,
        severity: r.severity,
        controls: r.controls,
        ...(hasTitle ? { title } : {}),
      }),
      after: members({
        ...(!hasTitle && policy ? { title } : {}),
        ...(policy?.remediation ? { remediation: policy.remediation } : {}),
      }),
    };
    pieces.set(key, piece);
    return piece;
  };
  return (r) => {
    const hasTitle = r.status !== "pass";
    if (
      r.message !== undefined ||
      typeof r.policyId !== "string" ||
      typeof r.assetId !== "string" ||
      !hasKeys(r, hasTitle ? FAIL_KEYS : PASS_KEYS)
    )
      return JSON.stringify(Object.assign({}, r, context.facts(r.assetId), after(r, context)));
    const facts = context.facts(r.assetId);
    let f = factsText.get(facts);
    if (f === undefined) {
      f = members(facts);
      factsText.set(facts, f);
    }
    const piece = pieceOf(r, hasTitle);
    return `{"policyId":${quote(r.policyId)},"assetId":${quote(r.assetId)}${piece.before}${f}${piece.after}}`;
  };
}

/** What contextualiser sets after the facts: the title (where the result has none) and remediation. */
function after(r: PolicyResult, context: ContextIndex): Partial<PolicyResult> {
  const policy = context.policy(r.policyId);
  if (!policy) return {};
  return {
    title: r.title ?? policy.title,
    ...(policy.remediation ? { remediation: policy.remediation } : {}),
  };
}

const MATCHED_KEYS = ["status", "assetId", "systemId", "source", "asset"];
const UNDECLARED_KEYS = ["status", "assetId", "asset"];
const SOURCE_KEYS = ["file", "line"];
const VIEW_KEYS = ["provider", "service", "kind", "account", "region", "name"];

/** JSON.stringify(item): matched and undeclared items (nearly all of a report) from a template. */
export function driftItemJson(item: DriftItem): string {
  const { status, assetId, systemId, source, asset } = item;
  if (typeof status !== "string" || typeof assetId !== "string" || !plainView(asset))
    return JSON.stringify(item);
  const view =
    `{"provider":${quote(asset.provider)},"service":${quote(asset.service)},"kind":${quote(asset.kind)},` +
    `"account":${quote(asset.account)},"region":${quote(asset.region)},"name":${quote(asset.name)}}`;
  if (systemId === undefined && hasKeys(item, UNDECLARED_KEYS))
    return `{"status":${quote(status)},"assetId":${quote(assetId)},"asset":${view}}`;
  if (
    typeof systemId === "string" &&
    source &&
    typeof source.file === "string" &&
    Number.isSafeInteger(source.line) &&
    hasKeys(source, SOURCE_KEYS) &&
    hasKeys(item, MATCHED_KEYS)
  )
    return (
      `{"status":${quote(status)},"assetId":${quote(assetId)},"systemId":${quote(systemId)},` +
      `"source":{"file":${quote(source.file)},"line":${source.line}},"asset":${view}}`
    );
  return JSON.stringify(item);
}

function plainView(a: DriftItem["asset"]): a is NonNullable<DriftItem["asset"]> {
  if (!a || !hasKeys(a, VIEW_KEYS)) return false;
  return (
    typeof a.provider === "string" &&
    typeof a.service === "string" &&
    typeof a.kind === "string" &&
    typeof a.account === "string" &&
    typeof a.region === "string" &&
    typeof a.name === "string"
  );
}
