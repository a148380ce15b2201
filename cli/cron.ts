// Cron and CI: when stdout goes to a file or a pipe (`aimscan run > run.json`), a person still
// reads stderr (cron mails it, CI shows it). `run` and `report` end with one paragraph there: what
// was found, what was not scanned, where the alerts went, and why the exit code is what it is.
import type { SinkResult } from "../core/alerts/index.ts";
import type { Delivery } from "../core/alerts/outbox.ts";
import type { DriftReport, Severity } from "../core/model.ts";
import { printable } from "../core/printable.ts";
import { wrapWords } from "./fit.ts";
import { plural } from "./plural.ts";

/** Exit codes of `run` and `report` (README "Exit codes"). */
export const EXIT = { ok: 0, findings: 1, badInput: 2, undelivered: 3 } as const;

const SEVERITIES: Severity[] = ["critical", "high", "medium", "low"];
const SHOWN_SHARDS = 3;

/** True when stdout is not a terminal: the summary goes to stderr then. */
export const stdoutPiped = (stream: { isTTY?: boolean } = process.stdout) => !stream.isTTY;

export interface Verdict {
  code: number;
  /** Why, one phrase per cause, most urgent first. */
  reasons: string[];
}

/** The drift and policy part both commands share. */
function findings(report: DriftReport): string[] {
  const current = report.items.filter((i) => i.delta !== "resolved");
  const drift = (["undeclared", "ambiguous", "missing", "changed", "unverified"] as const)
    .filter((s) => report.summary[s] > 0)
    .map((s) => {
      const fresh = current.filter((i) => i.status === s && i.delta === "new").length;
      return `${report.summary[s]} ${s}${fresh ? ` (+${fresh} new)` : ""}`;
    });
  const failing = report.policyResults.filter((r) => r.status === "fail");
  const policies = SEVERITIES.map((s) => [s, failing.filter((r) => r.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return [
    `${plural(report.summary.observed, "asset")} observed.`,
    `Drift: ${drift.length ? drift.join(", ") : "none"}.`,
    `Policy failures: ${policies.length ? policies.join(", ") : "none"}.`,
  ];
}

function coverage(report: DriftReport): string {
  const failed = report.coverage.filter((c) => c.status === "error");
  const ok = report.coverage.filter((c) => c.status === "ok").length;
  if (failed.length === 0) return `Coverage: all ${plural(ok, "shard")} scanned.`;
  const names = failed
    .slice(0, SHOWN_SHARDS)
    .map((c) => printable(`${c.provider}/${c.account}/${c.region}/${c.service}: ${c.error ?? "failed"}`));
  const more = failed.length > SHOWN_SHARDS ? `, and ${failed.length - SHOWN_SHARDS} more` : "";
  return `Coverage: ${ok} of ${report.coverage.length} shards scanned, ${failed.length} FAILED (${names.join("; ")}${more}).`;
}

function alerts(sinks: SinkResult[], resent: Delivery[], held: number | undefined): string {
  if (held !== undefined)
    return held > 0
      ? `Alerts: not sent (--no-alerts); ${plural(held, "digest")} kept in the outbox for the next run.`
      : "Alerts: not sent (--no-alerts); nothing was owed.";
  if (sinks.length === 0) return "Alerts: no sinks configured (alerts in the config), nothing sent.";
  const failed = sinks.filter((s) => !s.ok);
  const again = resent.flatMap((d) => d.sinks.filter((s) => !s.ok).map((s) => `${s.sink} (run ${d.runId})`));
  const ok = `sent to ${plural(sinks.length - failed.length, "sink")}`;
  const bad = failed.map((s) => `${s.sink} FAILED: ${printable(s.error ?? "")}`);
  const retry = again.length ? [`re-send FAILED for ${again.join(", ")}`] : [];
  const kept = failed.length || again.length ? " (kept in the outbox; the next run re-sends)" : "";
  return `Alerts: ${[ok, ...bad, ...retry].join("; ")}${kept}.`;
}

function verdict(v: Verdict): string {
  if (v.code === EXIT.ok) return "Exit 0.";
  return `Exit ${v.code}: ${v.reasons.join("; ")}.`;
}

export interface RunFacts {
  runId: string;
  report: DriftReport;
  sinks: SinkResult[];
  resent: Delivery[];
  /** Set with --no-alerts: digests left in the outbox. */
  held?: number;
  evidenceDir: string;
}

/** The paragraph `aimscan run` writes to stderr when stdout is piped. */
export function runParagraph(f: RunFacts, v: Verdict, width = 100): string {
  const text = [
    `aimscan run ${printable(f.runId)}:`,
    ...findings(f.report),
    coverage(f.report),
    alerts(f.sinks, f.resent, f.held),
    `Evidence: ${printable(f.evidenceDir)}.`,
    verdict(v),
  ].join(" ");
  return `${wrapWords(text, width).join("\n")}\n`;
}

/** The paragraph `aimscan report` writes to stderr when stdout is piped. */
export function reportParagraph(report: DriftReport, v: Verdict, width = 100): string {
  const text = [
    `aimscan report ${printable(report.runId)} (${report.generatedAt}):`,
    ...findings(report),
    coverage(report),
    verdict(v),
  ].join(" ");
  return `${wrapWords(text, width).join("\n")}\n`;
}

/** What a failed shard means and what to do, for the exit-code reason. */
export function failedShardsReason(report: DriftReport): string | undefined {
  const n = report.coverage.filter((c) => c.status === "error").length;
  if (n === 0) return undefined;
  return `${plural(n, "shard")} failed, so what they cover is unverified, not absent (grant the read-only access named above, see \`aimscan iam-policy\`, and run again)`;
}
