// JSON output of a drift report that stays proportional to what needs attention: policy results
// that are not `pass` in full, passes counted per policy in `policySummary` (`--results all` lists
// every result). Written in chunks, element by element, so a 100k-asset report never exists as one
// giant string. The report's own keys are indented as JSON.stringify(value, null, 2) would; each
// element of its arrays (items, coverage, policyResults…) is one compact line: a third of the bytes
// of indenting them (100k items: 45 MB indented), and a line per item greps and diffs well.
import { Option } from "commander";
import type { ContextIndex } from "../core/findings.ts";
import type { DriftReport, PolicyResult, PolicyStatus, PolicySummary } from "../core/model.ts";
import type { PolicyResultTable } from "../core/policy/results.ts";
import { driftItemJson, resultJson } from "./json-lines.ts";

export type ResultsMode = "non-pass" | "all";

/** `--results` as reconcile, report and run spell it. */
export const resultsOption = () =>
  new Option(
    "--results <which>",
    "policy results listed in JSON output: non-pass (default; passes are counted in policySummary) | all",
  )
    .choices(["non-pass", "all"])
    .default("non-pass");

export function policySummary(results: readonly PolicyResult[], listed: ResultsMode): PolicySummary {
  const zero = (): Record<PolicyStatus, number> => ({ pass: 0, fail: 0, error: 0, waived: 0 });
  const total = zero();
  const byPolicy = new Map<string, PolicySummary["policies"][number]>();
  for (const r of results) {
    total[r.status]++;
    let p = byPolicy.get(r.policyId);
    if (!p) {
      p = { policyId: r.policyId, severity: r.severity, ...zero() };
      byPolicy.set(r.policyId, p);
    }
    p[r.status]++;
  }
  return { listed, ...total, policies: [...byPolicy.values()] };
}

/** The report as JSON output shows it: policy results per `mode`, and their counts. */
export function proportional(report: DriftReport, mode: ResultsMode): DriftReport {
  const results = report.policyResults ?? [];
  return {
    ...report,
    policyResults: mode === "all" ? results : results.filter((r) => r.status !== "pass"),
    policySummary: policySummary(results, mode),
  };
}

/**
 * The report as JSON output shows it, from the columnar results: no pass becomes an object unless
 * listed, and each listed one gets its context (contextIndex) as its line is written.
 */
export function proportionalTable(
  report: DriftReport,
  table: PolicyResultTable,
  mode: ResultsMode,
  context: ContextIndex,
): Record<string, unknown> {
  const policies = table.policies.flatMap((p, i) => {
    const c = table.counts(i);
    return c.pass + c.fail + c.error + c.waived === 0 ? [] : [{ policyId: p.id, severity: p.severity, ...c }];
  });
  return {
    ...report,
    items: new Streamed(() => mapped(report.items, driftItemJson), true),
    policyResults: new Streamed(() => mapped(table.results(mode), resultJson(context)), true),
    policySummary: { listed: mode, ...table.totals(), policies } satisfies PolicySummary,
  };
}

function* mapped<T, U>(items: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const t of items) yield f(t);
}

/**
 * An array that writeJson prints element by element as its iterator yields them, never held whole;
 * with `text`, the elements are their JSON already.
 */
export class Streamed<T> {
  constructor(
    readonly items: () => Iterable<T>,
    readonly text = false,
  ) {}
}

const CHUNK = 1 << 20;

/** Writes `value` as JSON, its keys indented and each array element on one line, streaming the arrays. */
export function writeJson(value: unknown, write: (text: string) => void): void {
  let buffer = "";
  const emit = (text: string) => {
    buffer += text;
    if (buffer.length >= CHUNK) {
      write(buffer);
      buffer = "";
    }
  };
  streamValue(value, "", emit);
  write(`${buffer}\n`);
}

/**
 * writeJson's text as UTF-8 bytes, each piece encoded straight into a chunk of about CHUNK bytes:
 * no chunk string is built from the pieces, and 57 MB of them are not left for the collector.
 */
export function writeJsonBytes(value: unknown, write: (bytes: Uint8Array) => void): void {
  let buffer = Buffer.allocUnsafe(CHUNK);
  let at = 0;
  const flush = () => {
    if (at === 0) return;
    // A fresh buffer after each: a pipe's write may still hold the last one.
    write(buffer.subarray(0, at));
    buffer = Buffer.allocUnsafe(CHUNK);
    at = 0;
  };
  const emit = (text: string) => {
    // At most 3 bytes per UTF-16 unit: a piece that might not fit goes after a flush, or alone.
    if (at + text.length * 3 > CHUNK) {
      flush();
      if (text.length * 3 > CHUNK) {
        write(Buffer.from(text));
        return;
      }
    }
    at += buffer.write(text, at);
  };
  streamValue(value, "", emit);
  emit("\n");
  flush();
}

function streamValue(value: unknown, indent: string, emit: (text: string) => void): void {
  const inner = `${indent}  `;
  if (value instanceof Streamed || Array.isArray(value)) {
    let first = true;
    const open = `[\n${inner}`;
    const next = `,\n${inner}`;
    const text = value instanceof Streamed && value.text;
    for (const v of value instanceof Streamed ? value.items() : value) {
      emit(first ? open : next);
      emit(text ? (v as string) : (JSON.stringify(v) ?? "null"));
      first = false;
    }
    emit(first ? "[]" : `\n${indent}]`);
    return;
  }
  if (value && typeof value === "object" && !Array.isArray(value) && !("toJSON" in value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== "function");
    if (entries.length === 0) {
      emit("{}");
      return;
    }
    emit("{\n");
    entries.forEach(([k, v], i) => {
      emit(`${inner}${JSON.stringify(k)}: `);
      // Only the top-level arrays are big; deeper values are stringified whole.
      if (indent === "") streamValue(v, inner, emit);
      else emit(indented(v, inner));
      emit(i < entries.length - 1 ? ",\n" : "\n");
    });
    emit(`${indent}}`);
    return;
  }
  emit(indented(value, indent));
}

function indented(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? "null";
  return indent === "" || !text.includes("\n") ? text : text.replaceAll("\n", `\n${indent}`);
}
