// Renders a drift report for people (table, markdown) or machines (json). Counts come first,
// then items grouped by status with the declaring system and the file:line of its entry.
import type { DriftItem, DriftReport, DriftStatus } from "../core/model.ts";
import { markdownText, printable } from "../core/printable.ts";
import { fitLines, fitTable } from "./fit.ts";
import { paint, table } from "./style.ts";

export type Format = "table" | "json" | "markdown";

const ORDER: DriftStatus[] = ["undeclared", "ambiguous", "missing", "changed", "unverified", "matched"];
const COLOUR: Record<DriftStatus, "red" | "magenta" | "yellow" | "cyan" | "green"> = {
  undeclared: "red",
  ambiguous: "magenta",
  missing: "red",
  changed: "yellow",
  unverified: "cyan",
  matched: "green",
};

export interface FormatOptions {
  colour?: boolean;
  /** Matched items are many and quiet; people usually want them counted, not listed. */
  showMatched?: boolean;
  /** table: fit this many columns (cli/fit.ts outputWidth); unset, lines take what they need. */
  width?: number;
}

export function formatReport(report: DriftReport, format: Format, options: FormatOptions = {}): string {
  if (format === "json") return JSON.stringify(report, null, 2);
  return format === "markdown" ? markdown(report, options) : text(report, options);
}

function counts(report: DriftReport): [string, number][] {
  const s = report.summary;
  return [
    ["observed", s.observed],
    ["matched", s.matched],
    ["changed", s.changed],
    ["undeclared", s.undeclared],
    ["ambiguous", s.ambiguous],
    ["missing", s.missing],
    ["unverified", s.unverified],
  ];
}

function coverageLine(report: DriftReport): string {
  const by = (st: string) => report.coverage.filter((c) => c.status === st).length;
  return `coverage: ${by("ok")} ok, ${by("error")} failed, ${by("skipped")} skipped of ${report.coverage.length} shards`;
}

export function describeItem(i: DriftItem): string {
  const parts: string[] = [];
  if (i.asset && !i.systemId)
    parts.push(`${i.asset.provider} ${i.asset.kind} in ${i.asset.account}/${i.asset.region}`);
  if (i.systemId) parts.push(`system ${i.systemId}`);
  if (i.systems) parts.push(`claimed by ${i.systems.join(", ")}`);
  if (i.source) parts.push(`${i.source.file}:${i.source.line}`);
  if (i.diffs)
    parts.push(
      i.diffs.map((d) => `${d.path}: ${JSON.stringify(d.expected)} → ${JSON.stringify(d.actual)}`).join("; "),
    );
  if (i.minCount !== undefined && i.found !== undefined) parts.push(`found ${i.found} of ${i.minCount}`);
  if (i.reason) parts.push(i.reason);
  return parts.join(" · ");
}

const subject = (i: DriftItem) => printable(i.assetId ?? `(selector of ${i.systemId})`);
const deltaMark = (i: DriftItem) => (i.delta ? `[${i.delta}] ` : "");

/** Open items by status (counts match the summary), then what was resolved since the last run. */
function grouped(report: DriftReport, options: FormatOptions): [string, DriftItem[]][] {
  const open = report.items.filter((i) => i.delta !== "resolved");
  const groups: [string, DriftItem[]][] = ORDER.filter((s) => s !== "matched" || options.showMatched).map(
    (s) => [s, open.filter((i) => i.status === s)],
  );
  groups.push(["resolved", report.items.filter((i) => i.delta === "resolved" && i.status !== "matched")]);
  return groups.filter(([, items]) => items.length > 0);
}

function text(report: DriftReport, options: FormatOptions): string {
  const on = options.colour ?? false;
  const out: string[] = [];
  out.push(table(counts(report).map(([k, v]) => [k, String(v)])));
  out.push(coverageLine(report));
  for (const c of report.coverage.filter((c) => c.status === "error"))
    out.push(
      paint(
        "red",
        printable(`  failed ${c.provider}/${c.account}/${c.region}/${c.service}: ${c.error ?? ""}`),
        on,
      ),
    );
  for (const [status, items] of grouped(report, options)) {
    const colour = status === "resolved" ? "green" : COLOUR[status as DriftStatus];
    out.push("", paint(["bold", colour], `${status.toUpperCase()} (${items.length})`, on));
    const label = (i: DriftItem) => (status === "resolved" ? `[${i.status}] ` : deltaMark(i));
    const rows = items.map((i) => [`  ${label(i)}${subject(i)}`, printable(describeItem(i))]);
    out.push(fitTable(rows, options.width === undefined ? {} : { width: options.width }));
  }
  for (const n of report.notices ?? []) out.push(paint("yellow", `notice: ${n}`, on));
  const text = out.join("\n");
  return options.width === undefined ? text : fitLines(text, options.width);
}

const md = markdownText;

function markdown(report: DriftReport, options: FormatOptions): string {
  const out = [`# aimscan drift report`, "", `Run \`${report.runId}\` at ${report.generatedAt}.`, ""];
  out.push("| status | count |", "|---|---:|", ...counts(report).map(([k, v]) => `| ${k} | ${v} |`), "");
  out.push(coverageLine(report), "");
  for (const c of report.coverage.filter((c) => c.status === "error"))
    out.push(
      `- not scanned: ${md(printable(`${c.provider}/${c.account}/${c.region}/${c.service}: ${c.error ?? ""}`))}`,
    );
  if (report.coverage.some((c) => c.status === "error")) out.push("");
  for (const [status, items] of grouped(report, options)) {
    const label = (i: DriftItem) => (status === "resolved" ? `[${i.status}] ` : deltaMark(i));
    out.push(`## ${status} (${items.length})`, "", "| asset | detail |", "|---|---|");
    for (const i of items) out.push(`| ${md(label(i) + subject(i))} | ${md(printable(describeItem(i)))} |`);
    out.push("");
  }
  return out.join("\n");
}
