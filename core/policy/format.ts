// Renders policy results for people (table, markdown) and machines (json): counts by severity and
// by ISO/IEC 42001 control, then every finding that is not a pass, most severe first.
import type { PolicyResult, PolicyStatus, Severity } from "../model.ts";
import { markdownText, printable } from "../printable.ts";

export interface FormatOptions {
  /** drop results below this severity */
  minSeverity?: Severity;
  /** last run's failures whose asset is gone: listed as resolved, never counted */
  resolved?: PolicyResult[];
}

const SEVERITIES: Severity[] = ["critical", "high", "medium", "low"];
const STATUSES: PolicyStatus[] = ["fail", "error", "waived", "pass"];
const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

type Counts = Record<PolicyStatus, number>;
const zero = (): Counts => ({ fail: 0, error: 0, waived: 0, pass: 0 });

export function filterBySeverity(results: PolicyResult[], min?: Severity): PolicyResult[] {
  if (!min) return results;
  return results.filter((r) => RANK[r.severity] >= RANK[min]);
}

export function summarizeBySeverity(results: PolicyResult[]): Record<Severity, Counts> {
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, zero()])) as Record<Severity, Counts>;
  for (const r of results) out[r.severity][r.status]++;
  return out;
}

/** Counts per Annex A control ("ISO42001:A.6.2.8" → "A.6.2.8"), in control order. */
export function summarizeByControl(results: PolicyResult[]): Array<[string, Counts]> {
  const out = new Map<string, Counts>();
  for (const r of results) {
    for (const c of r.controls.length > 0 ? r.controls : ["(none)"]) {
      const key = c.replace(/^ISO42001:/, "");
      let counts = out.get(key);
      if (!counts) {
        counts = zero();
        out.set(key, counts);
      }
      counts[r.status]++;
    }
  }
  return [...out].sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }));
}

export function formatPolicyResults(
  results: PolicyResult[],
  format: "table" | "markdown" | "json",
  opts: FormatOptions = {},
): string {
  const shown = filterBySeverity(results, opts.minSeverity);
  if (format === "json") return JSON.stringify(shown, null, 2);
  const md = format === "markdown";
  const render = md ? markdownTable : textTable;
  const total = zero();
  for (const r of shown) total[r.status]++;
  const head = ["", ...STATUSES];
  const row = (name: string, c: Counts) => [name, ...STATUSES.map((s) => String(c[s]))];
  const bySeverity = summarizeBySeverity(shown);
  const findings = shown
    .filter((r) => r.status !== "pass")
    .sort(
      (a, b) =>
        RANK[b.severity] - RANK[a.severity] ||
        STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) ||
        a.policyId.localeCompare(b.policyId) ||
        a.assetId.localeCompare(b.assetId),
    );
  const title = (t: string) => (md ? `### ${t}` : t);
  const parts = [
    title(
      `Policy results: ${shown.length} evaluated, ${total.fail} fail, ${total.error} error, ` +
        `${total.waived} waived, ${total.pass} pass`,
    ),
    "",
    render([["severity", ...STATUSES], ...SEVERITIES.map((s) => row(s, bySeverity[s]))]),
    "",
    title("By ISO/IEC 42001 control"),
    "",
    render([head.map((h) => h || "control"), ...summarizeByControl(shown).map(([c, n]) => row(c, n))]),
  ];
  if (findings.length > 0) {
    parts.push("", title("Findings"), "");
    parts.push(md ? markdownFindings(findings) : textFindings(findings));
  }
  const resolved = filterBySeverity(opts.resolved ?? [], opts.minSeverity);
  const fixed = [...shown.filter((r) => r.delta === "resolved"), ...resolved];
  if (fixed.length > 0) {
    parts.push("", title(`Resolved since the last run (${fixed.length}, not counted above)`), "");
    parts.push(
      render([
        ["severity", "policy", "asset", "now"],
        ...fixed.map((r) => [
          r.severity,
          r.policyId,
          printable(r.assetId),
          resolved.includes(r) ? (r.reason ?? "asset not observed") : r.status,
        ]),
      ]),
    );
  }
  return parts.join("\n");
}

const controlList = (r: PolicyResult) => r.controls.map((c) => c.replace(/^ISO42001:/, "")).join(" ");
const owner = (r: PolicyResult) =>
  r.systemId === undefined
    ? ""
    : `system ${r.systemId} · owner ${r.owner ?? "?"} · risk ${r.riskLevel ?? "?"}`;

/** One block per finding: a wide row would not fit a terminal once remediation is in it. */
function textFindings(findings: PolicyResult[]): string {
  return findings
    .map((r) => {
      const delta = r.delta && r.delta !== "ongoing" ? ` (${r.delta})` : "";
      const lines = [
        `${r.severity.toUpperCase()} ${r.status}${delta}  ${r.policyId}`,
        `  asset:    ${printable(r.assetId)}`,
      ];
      const why = r.message ?? r.title;
      if (why) lines.push(`  finding:  ${printable(why)}`);
      if (r.systemId !== undefined) lines.push(`  owner:    ${printable(owner(r))}`);
      lines.push(`  controls: ${controlList(r) || "(none)"}`);
      if (r.remediation) lines.push(`  fix:      ${printable(r.remediation)}`);
      if (r.waiver)
        lines.push(
          `  waived:   ${printable(r.waiver.reason)} (${r.waiver.approvedBy}, until ${r.waiver.expires})`,
        );
      if (r.reason) lines.push(`  note:     ${printable(r.reason)}`);
      return lines.join("\n");
    })
    .join("\n\n");
}

function markdownFindings(findings: PolicyResult[]): string {
  return markdownTable([
    [
      "severity",
      "status",
      "policy",
      "asset",
      "system",
      "owner",
      "risk",
      "controls",
      "finding",
      "remediation",
    ],
    ...findings.map((r) => [
      r.severity,
      r.delta === "new" ? `${r.status} (new)` : r.status,
      r.policyId,
      printable(r.assetId),
      r.systemId ?? "",
      r.owner ?? "",
      r.riskLevel ?? "",
      controlList(r),
      printable(r.message ?? r.title ?? ""),
      printable(r.remediation ?? ""),
    ]),
  ]);
}

function textTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function markdownTable(rows: string[][]): string {
  const esc = markdownText;
  const [head, ...body] = rows;
  return [
    `| ${head!.map(esc).join(" | ")} |`,
    `|${head!.map(() => "---").join("|")}|`,
    ...body.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}
