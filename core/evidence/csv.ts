// Spreadsheet exports of a run. Cloud-supplied strings end up in Excel/Sheets, so every cell that a
// spreadsheet would read as a formula is defused (OWASP "CSV injection").
import type { Asset, DriftItem, PolicyResult } from "../model.ts";
import { canonicalJson } from "../store/versions.ts";
import type { AssetContext } from "./context.ts";
import { collect, type Write } from "./sink.ts";

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
export function toCsv(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  return collect((write) => writeCsv(header, rows, write));
}

/** toCsv's text, a row at a time: at 100k assets policies.csv is over 100 MB. */
export function writeCsv(header: readonly string[], rows: Iterable<readonly unknown[]>, write: Write): void {
  write(`${header.map(csvCell).join(",")}\r\n`);
  const cells = header.map(() => new ColumnCells());
  for (const row of rows) {
    // Rows are as wide as their header; a wider one gets columns of its own.
    while (cells.length < row.length) cells.push(new ColumnCells());
    let line = row.length > 0 ? cells[0]!.of(row[0]) : "";
    for (let c = 1; c < row.length; c++) line += `,${cells[c]!.of(row[c])}`;
    write(`${line}\r\n`);
  }
}

/**
 * One column's cells, each distinct string escaped once: most of policies.csv's columns repeat a
 * few values (a policy's title and remediation, a system's owner) 600k times. A column whose
 * values rarely repeat (asset ids) stops being remembered after its first rows.
 */
class ColumnCells {
  private static readonly TRIAL = 1000;
  private static readonly MAX = 10_000;
  private seen: Map<string, string> | undefined = new Map();
  private rows = 0;
  private hits = 0;

  of(value: unknown): string {
    const seen = this.seen;
    if (seen === undefined || typeof value !== "string") return csvCell(value);
    const known = seen.get(value);
    this.rows++;
    if (known !== undefined) {
      this.hits++;
      return known;
    }
    const cell = csvCell(value);
    if (seen.size >= ColumnCells.MAX || (this.rows === ColumnCells.TRIAL && this.hits * 2 < this.rows))
      this.seen = undefined;
    else seen.set(value, cell);
    return cell;
  }
}

const tagText = (tags: Record<string, string>) =>
  Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(";");

export function assetsCsv(assets: readonly Asset[], ctx: AssetContext): string {
  return collect((write) => writeAssetsCsv(assets, ctx, write));
}

export function writeAssetsCsv(assets: readonly Asset[], ctx: AssetContext, write: Write): void {
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
  const rows = mapped(sorted, (a) => {
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
  writeCsv(header, rows, write);
}

export function driftCsv(items: readonly DriftItem[]): string {
  return collect((write) => writeDriftCsv(items, write));
}

export function writeDriftCsv(items: readonly DriftItem[], write: Write): void {
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
  const rows = mapped(items, (i) => [
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
  writeCsv(header, rows, write);
}

/**
 * Every current result, then last run's failures that ended with their asset (status `resolved`:
 * not a current failure). Each row carries the policy's remediation and the asset's system context.
 */
export function policiesCsv(
  results: readonly PolicyResult[],
  resolved: readonly PolicyResult[] = [],
): string {
  return collect((write) => writePoliciesCsv(results, resolved, write));
}

export function writePoliciesCsv(
  results: Iterable<PolicyResult>,
  resolved: Iterable<PolicyResult> = [],
  write: Write,
): void {
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
  function* rows() {
    for (const r of results) yield row(r, r.status);
    for (const r of resolved) yield row(r, "resolved");
  }
  writeCsv(header, rows(), write);
}

function* mapped<T, U>(items: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const t of items) yield f(t);
}
