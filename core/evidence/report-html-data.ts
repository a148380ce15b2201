// The rows of report.html: every finding once (each non-passing policy result, each drift item that
// is not a quiet match, and what was resolved since the last run), in one shape, worst first. The
// page embeds them once as JSON; its script filters, sorts and pages them, and the static markup
// shows the first page so the report still reads with JavaScript off.
import { UNDECLARED } from "../findings.ts";
import type { DriftItem, DriftReport, PolicyResult, Provider } from "../model.ts";
import { canonicalJson } from "../store/versions.ts";
import { controlOrder } from "./controls.ts";
import type { Write } from "./sink.ts";

export interface FindingRow {
  kind: "policy" | "drift";
  /** Policy severity; drift has none (""). */
  severity: string;
  /** fail/error/waived for policies, the drift status otherwise; "resolved" once it ended. */
  status: string;
  delta: string;
  title: string;
  /** The policy id, or the declaration (file:line) a drift item comes from. */
  ref: string;
  assetId: string;
  name: string;
  provider: string;
  type: string;
  where: string;
  system: string;
  owner: string;
  risk: string;
  /** ISO/IEC 42001 control ids. */
  controls: string[];
  detail: string;
  fix: string;
}

const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };
const STATUS_ORDER = [
  "fail",
  "error",
  "undeclared",
  "ambiguous",
  "missing",
  "changed",
  "unverified",
  "waived",
  "resolved",
];

/** Worst first: severity, then new before ongoing, then status, then stable by ids. */
export function compareRows(a: FindingRow, b: FindingRow): number {
  return (
    (RANK[b.severity] ?? 0) - (RANK[a.severity] ?? 0) ||
    Number(b.delta === "new") - Number(a.delta === "new") ||
    STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
    cmp(a.ref, b.ref) ||
    cmp(a.assetId, b.assetId)
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function findingRows(report: DriftReport): FindingRow[] {
  const rows: FindingRow[] = [];
  const assets = new Map<string, NonNullable<DriftItem["asset"]>>();
  for (const i of report.items) if (i.assetId && i.asset) assets.set(i.assetId, i.asset);
  for (const r of report.policyResults) if (r.status !== "pass") rows.push(policyRow(r, assets));
  for (const r of report.resolvedPolicyResults ?? [])
    rows.push({ ...policyRow(r, assets), status: "resolved", delta: "resolved" });
  for (const i of report.items) if (i.status !== "matched" || i.delta === "resolved") rows.push(driftRow(i));
  return rows.sort(compareRows);
}

/** The quiet majority: declared assets found as declared, in the report's order. */
export function matchedRows(report: DriftReport): FindingRow[] {
  return report.items.filter((i) => i.status === "matched" && i.delta !== "resolved").map(driftRow);
}

function scope(a: DriftItem["asset"] | undefined, assetId: string) {
  return {
    provider: a?.provider ?? providerOf(assetId),
    type: a ? `${a.service} ${a.kind}` : "",
    where: a ? `${a.account} / ${a.region}` : "",
    name: a?.name ?? "",
  };
}

/** Missing entries have no observed asset; their declared id still says which cloud they are in. */
function providerOf(id: string): Provider | "" {
  if (id.startsWith("arn:")) return "aws";
  if (id.startsWith("/subscriptions/")) return "azure";
  if (id.startsWith("projects/") || id.startsWith("//")) return "gcp";
  return "";
}

function policyRow(r: PolicyResult, assets: Map<string, NonNullable<DriftItem["asset"]>>): FindingRow {
  const waiver = r.waiver
    ? `Waived by ${r.waiver.approvedBy} until ${r.waiver.expires}: ${r.waiver.reason}`
    : "";
  return {
    kind: "policy",
    severity: r.severity,
    status: r.status,
    delta: r.delta ?? "",
    title: r.title ?? r.policyId,
    ref: r.policyId,
    assetId: r.assetId,
    ...scope(assets.get(r.assetId), r.assetId),
    system: r.systemId ?? "",
    // "owner undeclared · risk undeclared" under an undeclared system says nothing new.
    owner: r.owner === UNDECLARED && r.systemId === UNDECLARED ? "" : (r.owner ?? ""),
    risk: r.riskLevel ?? "",
    controls: [...r.controls].sort((a, b) => cmp(controlOrder(a), controlOrder(b))),
    detail: [r.message, waiver, r.reason].filter(Boolean).join(" "),
    fix: r.remediation ?? "",
  };
}

const DRIFT_TITLE: Record<string, string> = {
  changed: "Declared asset differs from its declaration",
  undeclared: "Asset runs but no system declares it",
  ambiguous: "Asset claimed by more than one system",
  missing: "Declared asset was not found",
  unverified: "Declared asset could not be checked (its scope did not scan)",
  matched: "Declared asset matched",
};

function driftRow(i: DriftItem): FindingRow {
  const parts: string[] = [];
  for (const d of i.diffs ?? [])
    parts.push(`${d.path}: expected ${canonicalJson(d.expected)}, found ${canonicalJson(d.actual)}`);
  if (i.found !== undefined) parts.push(`found ${i.found} of at least ${i.minCount ?? 1}`);
  if (i.reason) parts.push(i.reason);
  const resolved = i.delta === "resolved";
  return {
    kind: "drift",
    severity: "",
    status: resolved ? "resolved" : i.status,
    delta: i.delta ?? "",
    title: resolved ? `Resolved: ${i.status} since the previous run` : DRIFT_TITLE[i.status]!,
    ref: i.source ? `${i.source.file}:${i.source.line}` : "",
    assetId: i.assetId ?? "",
    ...scope(i.asset, i.assetId ?? ""),
    system: i.systemId ?? i.systems?.join(", ") ?? "",
    owner: "",
    risk: "",
    controls: [],
    detail: parts.join("; "),
    fix: "",
  };
}

/** Per ISO/IEC 42001 control: every result counted (passes too), by policy. */
export interface ControlView {
  control: string;
  counts: Record<PolicyResult["status"], number>;
  policies: {
    policyId: string;
    title: string;
    severity: string;
    counts: Record<PolicyResult["status"], number>;
  }[];
}

export const NO_CONTROL = "(no control mapped)";

export function controlViews(results: readonly PolicyResult[]): ControlView[] {
  const byControl = new Map<string, Map<string, ControlView["policies"][number]>>();
  for (const r of results) {
    for (const c of r.controls.length ? r.controls : [NO_CONTROL]) {
      let policies = byControl.get(c);
      if (!policies) {
        policies = new Map();
        byControl.set(c, policies);
      }
      let p = policies.get(r.policyId);
      if (!p) {
        p = { policyId: r.policyId, title: r.title ?? r.policyId, severity: r.severity, counts: zero() };
        policies.set(r.policyId, p);
      }
      p.counts[r.status]++;
    }
  }
  return [...byControl.keys()]
    .sort((a, b) => cmp(controlOrder(a), controlOrder(b)))
    .map((control) => {
      const policies = [...byControl.get(control)!.values()].sort((a, b) => cmp(a.policyId, b.policyId));
      const counts = zero();
      for (const p of policies)
        for (const s of Object.keys(counts) as PolicyResult["status"][]) counts[s] += p.counts[s];
      return { control, counts, policies };
    });
}

const zero = (): Record<PolicyResult["status"], number> => ({ pass: 0, fail: 0, error: 0, waived: 0 });

const FIELDS = [
  "kind",
  "severity",
  "status",
  "delta",
  "title",
  "ref",
  "assetId",
  "name",
  "provider",
  "type",
  "where",
  "system",
  "owner",
  "risk",
  "controls",
  "detail",
  "fix",
] as const satisfies readonly (keyof FindingRow)[];

/** A matched row shows only where the asset is and who declares it. */
const MATCHED_FIELDS = [
  "assetId",
  "name",
  "provider",
  "type",
  "where",
  "system",
] as const satisfies readonly (keyof FindingRow)[];

/**
 * The findings and matched rows as compact JSON: every distinct string once in `strings`, each
 * row an array of indexes in FIELDS order (controls joined by a space). Remediation texts and system names repeat on
 * thousands of rows; this keeps a 10,000-asset report small. An asset id is stored as the pair of
 * its prefix (account, region, type: shared by thousands) and its tail (usually the asset's name,
 * already a string of the table), which takes a third off the page at 10,000 assets. `<` is escaped so the JSON can never
 * close the element that holds it. Written a string and a row at a time, the bytes of
 * `JSON.stringify(data)`: the rows are encoded first (as numbers), since `strings` comes before them.
 */
export function writeEncodedRows(
  rows: readonly FindingRow[],
  matched: readonly FindingRow[],
  controlLabels: Record<string, { id: string; title: string }>,
  write: Write,
): void {
  const strings: (string | [number, number])[] = [];
  const index = new Map<string, number>();
  const id = (s: string, split = false) => {
    let n = index.get(s);
    if (n === undefined) {
      const cut = split ? idCut(s) : -1;
      const entry: string | [number, number] = cut > 0 ? [id(s.slice(0, cut)), id(s.slice(cut))] : s;
      n = strings.length;
      strings.push(entry);
      index.set(s, n);
    }
    return n;
  };
  const value = (r: FindingRow, f: keyof FindingRow) =>
    f === "controls" ? id(r.controls.join(" ")) : id(r[f] as string, f === "assetId");
  const encode = (list: readonly FindingRow[], fields: readonly (keyof FindingRow)[]) => {
    const out = new Uint32Array(list.length * fields.length);
    let at = 0;
    for (const r of list) for (const f of fields) out[at++] = value(r, f);
    return out;
  };
  const encodedRows = encode(rows, FIELDS);
  const encodedMatched = encode(matched, MATCHED_FIELDS);
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");
  write(
    `{"fields":${json(FIELDS)},"matchedFields":${json(MATCHED_FIELDS)},"controlLabels":${json(controlLabels)},"strings":[`,
  );
  for (let i = 0; i < strings.length; i++) write(i ? `,${json(strings[i])}` : json(strings[i]));
  write('],"rows":[');
  writeTable(encodedRows, FIELDS.length, write);
  write('],"matched":[');
  writeTable(encodedMatched, MATCHED_FIELDS.length, write);
  write("]}");
}

/** Rows of `width` indexes each, as JSON arrays separated by commas. */
function writeTable(table: Uint32Array, width: number, write: Write): void {
  for (let at = 0; at < table.length; at += width)
    write(`${at ? ",[" : "["}${table.subarray(at, at + width).join(",")}]`);
}

/** Where an id's shared prefix ends: after its last "/" or ":" (ARNs, ARM and GCP resource names). */
function idCut(s: string): number {
  const cut = Math.max(s.lastIndexOf("/"), s.lastIndexOf(":")) + 1;
  return cut > 0 && cut < s.length ? cut : -1;
}
