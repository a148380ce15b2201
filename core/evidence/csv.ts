// Spreadsheet exports of a run. Cloud-supplied strings end up in Excel/Sheets, so every cell that a
// spreadsheet would read as a formula is defused (OWASP "CSV injection").
import type { Asset, DriftItem, PolicyResult } from "../model.ts";
import { canonicalJson } from "../store/versions.ts";
import type { AssetContext } from "./context.ts";

// A leading = + - @ (or tab / carriage return, which some tools strip first) starts a formula.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula starters get a leading apostrophe; quoted when it holds , " or a line break. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  let text =
    typeof value === "string" ? value : typeof value === "object" ? canonicalJson(value) : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: CRLF line ends, header row first. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const tagText = (tags: Record<string, string>) =>
  Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(";");

export function assetsCsv(assets: readonly Asset[], ctx: AssetContext): string {
  const header = [
    "id",
    "provider",
    "service",
    "kind",
    "account",
    "region",
    "name",
    "createdAt",
    "status",
    "system",
    "owner",
    "tags",
    "attributes",
  ];
  // Sorted by id so the file does not depend on the order the clouds listed things in.
  const sorted = [...assets].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows = sorted.map((a) => {
    const c = ctx.of(a.id);
    return [
      a.id,
      a.provider,
      a.service,
      a.kind,
      a.account,
      a.region,
      a.name,
      a.createdAt,
      c.status,
      c.system?.id,
      c.system?.owner,
      tagText(a.tags),
      a.attributes,
    ];
  });
  return toCsv(header, rows);
}

export function driftCsv(items: readonly DriftItem[]): string {
  const header = [
    "status",
    "delta",
    "assetId",
    "systemId",
    "systems",
    "provider",
    "service",
    "kind",
    "account",
    "region",
    "name",
    "source",
    "diffs",
    "found",
    "minCount",
    "reason",
  ];
  const rows = items.map((i) => [
    i.status,
    i.delta,
    i.assetId,
    i.systemId,
    i.systems?.join(";"),
    i.asset?.provider,
    i.asset?.service,
    i.asset?.kind,
    i.asset?.account,
    i.asset?.region,
    i.asset?.name,
    i.source ? `${i.source.file}:${i.source.line}` : undefined,
    i.diffs
      ?.map((d) => `${d.path}: expected ${canonicalJson(d.expected)}, actual ${canonicalJson(d.actual)}`)
      .join("; "),
    i.found,
    i.minCount,
    i.reason,
  ]);
  return toCsv(header, rows);
}

/**
 * Every current result, then last run's failures that ended with their asset (status `resolved`:
 * not a current failure). Each row carries the policy's remediation and the asset's system context.
 */
export function policiesCsv(
  results: readonly PolicyResult[],
  resolved: readonly PolicyResult[] = [],
): string {
  const header = [
    "policyId",
    "title",
    "severity",
    "status",
    "delta",
    "assetId",
    "controls",
    "message",
    "remediation",
    "systemId",
    "owner",
    "riskLevel",
    "reason",
    "waiverReason",
    "waiverApprovedBy",
    "waiverExpires",
  ];
  const row = (r: PolicyResult, status: string) => [
    r.policyId,
    r.title,
    r.severity,
    status,
    r.delta,
    r.assetId,
    r.controls.join(";"),
    r.message,
    r.remediation,
    r.systemId,
    r.owner,
    r.riskLevel,
    r.reason,
    r.waiver?.reason,
    r.waiver?.approvedBy,
    r.waiver?.expires,
  ];
  return toCsv(header, [...results.map((r) => row(r, r.status)), ...resolved.map((r) => row(r, "resolved"))]);
}
