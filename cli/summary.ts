// What a person sees after a night: drift counts with new/resolved, policy failures by severity,
// the alerts sent (or that would be sent), and where the evidence is.
import { formatDigest } from "../core/alerts/index.ts";
import type { DriftStatus, Severity } from "../core/model.ts";
import type { NightResult } from "../core/night.ts";
import { printable } from "../core/printable.ts";
import { fitted } from "./fit.ts";
import { describeItem } from "./format.ts";
import { plural } from "./plural.ts";
import { paint, table } from "./style.ts";

const STATUSES: DriftStatus[] = ["matched", "changed", "undeclared", "ambiguous", "missing", "unverified"];
const SEVERITIES: Severity[] = ["critical", "high", "medium", "low"];
const DIGEST_LINES = 20;

export function formatNight(result: NightResult & { runId: string }, colour = false, width?: number): string {
  const { report } = result;
  const current = report.items.filter((i) => i.delta !== "resolved");
  const rows = STATUSES.map((s) => {
    const items = current.filter((i) => i.status === s);
    // Newly matched assets are good news, not drift: only drift statuses get a "new" count.
    const fresh = s === "matched" ? 0 : items.filter((i) => i.delta === "new").length;
    const resolved = report.items.filter((i) => i.status === s && i.delta === "resolved").length;
    return [
      s,
      String(items.length),
      fresh ? paint("yellow", `+${fresh} new`, colour) : "",
      resolved ? `${resolved} resolved` : "",
    ];
  });
  const out = [
    paint("bold", `Run ${result.runId}: ${report.summary.observed} assets observed`, colour),
    table(rows, ["drift", "count", "new", "resolved"]),
  ];
  const failedShards = report.coverage.filter((c) => c.status === "error");
  out.push(
    `coverage: ${report.coverage.length - failedShards.length - report.coverage.filter((c) => c.status === "skipped").length} ok, ${failedShards.length} failed of ${report.coverage.length} shards`,
  );
  for (const c of failedShards)
    out.push(
      paint(
        "red",
        printable(`  not scanned: ${c.provider}/${c.account}/${c.region}/${c.service}: ${c.error}`),
        colour,
      ),
    );

  const changes = current.filter((i) => i.delta === "new" && i.status !== "matched");
  if (changes.length > 0) {
    out.push("", "New since the last run:");
    for (const i of changes.slice(0, 12))
      out.push(
        `  ${i.status.padEnd(10)} ${printable(i.assetId ?? `(selector of ${i.systemId})`)}  ${describeItem(i)}`,
      );
    if (changes.length > 12) out.push(`  … and ${changes.length - 12} more`);
  }
  const resolved = report.items.filter((i) => i.delta === "resolved");
  if (resolved.length > 0) {
    out.push("", "Resolved since the last run:");
    for (const i of resolved.slice(0, 12))
      out.push(`  ${i.status.padEnd(10)} ${printable(i.assetId ?? `(selector of ${i.systemId})`)}`);
  }

  const failing = report.policyResults.filter((r) => r.status === "fail");
  const bySeverity = SEVERITIES.map((s) => {
    const list = failing.filter((r) => r.severity === s);
    const fresh = list.filter((r) => r.delta === "new").length;
    return `${s} ${list.length}${fresh ? ` (+${fresh} new)` : ""}`;
  });
  const waived = report.policyResults.filter((r) => r.status === "waived").length;
  const errors = report.policyResults.filter((r) => r.status === "error").length;
  out.push("", `policy failures: ${bySeverity.join(", ")}; ${waived} waived, ${errors} errors`);
  for (const n of report.notices ?? []) out.push(paint("yellow", `  notice: ${n}`, colour));

  const digest = formatDigest(result.digest).split("\n").map(printable);
  // Only a sink that accepted it has the full digest; otherwise say where it is.
  const accepted = result.sinks.filter((s) => s.ok).length;
  const where =
    accepted > 0
      ? `the full digest was sent to ${plural(accepted, "sink")}`
      : `the full digest is in ${result.evidence.dir}/report.html`;
  const shown =
    digest.length > DIGEST_LINES + 1
      ? [...digest.slice(0, DIGEST_LINES), `  … and ${digest.length - DIGEST_LINES} more lines (${where})`]
      : digest;
  out.push(
    "",
    paint("bold", "Alerts (one digest of what is new or resolved since the last run):", colour),
    ...shown,
  );
  if (result.held !== undefined)
    out.push(
      result.held > 0
        ? `  not sent (--no-alerts): ${plural(result.held, "digest")} kept in the outbox; the next run without --no-alerts sends them`
        : "  not sent (--no-alerts): nothing was owed to a sink",
    );
  else if (result.sinks.length === 0)
    out.push(
      "  no sinks configured (alerts: sns, eventbridge or slackWebhookUrl in the config): nothing sent",
    );
  for (const s of result.sinks) {
    const failed = `FAILED: ${printable(s.error ?? "")} (kept in the outbox; re-sent by the next run)`;
    out.push(`  sink ${s.sink}: ${s.ok ? `sent ${s.sent}` : paint("red", failed, colour)}`);
  }
  for (const d of result.resent ?? []) {
    for (const s of d.sinks) {
      const how = s.ok ? "delivered" : paint("red", `FAILED again: ${printable(s.error ?? "")}`, colour);
      out.push(`  re-sent run ${printable(d.runId)} to ${s.sink}: ${how}`);
    }
  }
  out.push(
    "",
    `evidence: ${result.evidence.dir} (manifest sha256 ${result.evidence.manifestHash.slice(0, 16)}…)`,
  );
  out.push(`report:   ${result.evidence.dir}/report.html`);
  return fitted(out.join("\n"), width);
}
