// One digest per run: what is new since the previous completed run and what was resolved, limited
// to what a security team acts on. Pure: the store decides what is new; this decides what matters.

import type { DriftItem, DriftReport, DriftSummary, PolicyResult, Severity } from "../model.ts";
import { printable } from "../printable.ts";
import { digestCounts } from "./title.ts";

/** Drift statuses that alert. Unverified (a scan gap) and changed (declared, reviewed config) do not. */
export const ALERT_STATUSES = ["undeclared", "ambiguous", "missing"] as const;
export type AlertKind = (typeof ALERT_STATUSES)[number] | "policy";
/** Only policy failures this severe alert; the rest wait for the report. */
export const ALERT_SEVERITIES: readonly Severity[] = ["high", "critical"];

// Shadow AI is the headline risk; an ambiguous claim or a missing declared asset needs a look, not a page.
const DRIFT_SEVERITY: Record<(typeof ALERT_STATUSES)[number], Severity> = {
  undeclared: "high",
  ambiguous: "medium",
  missing: "medium",
};
const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface DigestEntry {
  kind: AlertKind;
  change: "new" | "resolved";
  severity: Severity;
  assetId?: string;
  name?: string;
  provider?: string;
  service?: string;
  assetKind?: string;
  account?: string;
  region?: string;
  systemId?: string;
  systems?: string[];
  /** missing: where the entry is declared */
  source?: string;
  policyId?: string;
  title?: string;
  message?: string;
  /** policy entries: ISO/IEC 42001 controls, the fix, and who owns the asset ("undeclared" when no one) */
  controls?: string[];
  remediation?: string;
  owner?: string;
  riskLevel?: string;
}

export interface Digest {
  runId: string;
  generatedAt: string;
  reportUrl?: string;
  /** Nothing new and nothing resolved: send nothing. */
  empty: boolean;
  /** Highest severity among new entries; "info" when only resolutions are reported. */
  severity: Severity | "info";
  /** Kinds among new entries, plus "resolved" when something was resolved (SNS filtering). */
  kinds: string[];
  providers: string[];
  accounts: string[];
  /**
   * `changed`: declared assets whose configuration changed tonight. They do not alert (no entry
   * in `new`), but the title counts them; absent in digests written before it existed.
   */
  counts: { new: number; resolved: number; changed?: number } & Record<AlertKind, number>;
  /** Open drift after this run, for context. */
  totals: DriftSummary;
  /** This run's failing policy results (status fail; errors are counted apart), as report, history and store count them. */
  failingPolicies: number;
  /** Set when this digest is a re-send of one a sink did not accept before (the alert outbox). */
  resent?: { attempts: number; lastError?: string };
  /** SHA-256 of the run's evidence manifest: the seal travels with the alert, outside the folder. */
  manifestHash?: string;
  /** Most severe first. */
  new: DigestEntry[];
  resolved: DigestEntry[];
}

export interface DigestInput {
  runId: string;
  report: DriftReport;
  newItems: DriftItem[];
  resolvedItems: DriftItem[];
  newPolicyFailures: PolicyResult[];
  resolvedPolicyFailures?: PolicyResult[];
  reportUrl?: string;
}

const alertable = (i: DriftItem): i is DriftItem & { status: (typeof ALERT_STATUSES)[number] } =>
  (ALERT_STATUSES as readonly string[]).includes(i.status);
const severePolicy = (r: PolicyResult) => ALERT_SEVERITIES.includes(r.severity);

export function buildDigest(run: DigestInput): Digest {
  // Defensive against a caller passing every item: only "new" (or unmarked) items count as new.
  const fresh = run.newItems.filter(alertable).filter((i) => i.delta === undefined || i.delta === "new");
  const gone = run.resolvedItems.filter(alertable);
  const failing = run.newPolicyFailures.filter(
    (r) => r.status === "fail" && severePolicy(r) && r.delta !== "ongoing",
  );
  const fixed = (run.resolvedPolicyFailures ?? []).filter(severePolicy);
  const newEntries = sortEntries([
    ...fresh.map((i) => driftEntry(i, "new")),
    ...failing.map((r) => policyEntry(r, "new")),
  ]);
  const resolved = sortEntries([
    ...gone.map((i) => driftEntry(i, "resolved")),
    ...fixed.map((r) => policyEntry(r, "resolved")),
  ]);
  const count = (k: AlertKind) => newEntries.filter((e) => e.kind === k).length;
  const all = [...newEntries, ...resolved];
  const distinct = (xs: (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
  return {
    runId: run.runId,
    generatedAt: run.report.generatedAt,
    ...(run.reportUrl ? { reportUrl: run.reportUrl } : {}),
    empty: all.length === 0,
    severity: newEntries[0]?.severity ?? "info",
    kinds: [...distinct(newEntries.map((e) => e.kind)), ...(resolved.length ? ["resolved"] : [])],
    providers: distinct(all.map((e) => e.provider)),
    accounts: distinct(all.map((e) => e.account)),
    counts: {
      new: newEntries.length,
      resolved: resolved.length,
      undeclared: count("undeclared"),
      ambiguous: count("ambiguous"),
      missing: count("missing"),
      policy: count("policy"),
      changed: run.newItems.filter(
        (i) => i.status === "changed" && (i.delta === undefined || i.delta === "new"),
      ).length,
    },
    totals: run.report.summary,
    failingPolicies: run.report.policyResults.filter((r) => r.status === "fail").length,
    new: newEntries,
    resolved,
  };
}

function driftEntry(
  i: DriftItem & { status: (typeof ALERT_STATUSES)[number] },
  change: DigestEntry["change"],
): DigestEntry {
  const a = i.asset;
  return strip({
    kind: i.status,
    change,
    severity: DRIFT_SEVERITY[i.status],
    assetId: i.assetId,
    name: a?.name,
    provider: a?.provider ?? providerOf(i.assetId),
    service: a?.service,
    assetKind: a?.kind,
    account: a?.account,
    region: a?.region,
    systemId: i.systemId,
    systems: i.systems,
    source: i.source ? `${i.source.file}:${i.source.line}` : undefined,
  });
}

function policyEntry(r: PolicyResult, change: DigestEntry["change"]): DigestEntry {
  return strip({
    kind: "policy",
    change,
    severity: r.severity,
    assetId: r.assetId,
    provider: providerOf(r.assetId),
    policyId: r.policyId,
    title: r.title,
    message: r.message,
    controls: r.controls,
    remediation: r.remediation,
    systemId: r.systemId,
    owner: r.owner,
    riskLevel: r.riskLevel,
  });
}

function providerOf(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (id.startsWith("arn:")) return "aws";
  if (id.toLowerCase().startsWith("/subscriptions/")) return "azure";
  if (id.startsWith("projects/")) return "gcp";
  return undefined;
}

const KIND_ORDER: Record<AlertKind, number> = { undeclared: 0, policy: 1, ambiguous: 2, missing: 3 };

function sortEntries(entries: DigestEntry[]): DigestEntry[] {
  return entries.sort(
    (a, b) =>
      RANK[b.severity] - RANK[a.severity] ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.assetId ?? a.source ?? "").localeCompare(b.assetId ?? b.source ?? "") ||
      (a.policyId ?? "").localeCompare(b.policyId ?? ""),
  );
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** One line naming an entry, for text, SNS and Slack. */
export function describeEntry(e: DigestEntry): string {
  if (e.kind === "policy") {
    const why = e.message ?? e.title;
    const who = e.systemId
      ? ` [system ${e.systemId}, owner ${e.owner ?? "?"}, risk ${e.riskLevel ?? "?"}]`
      : "";
    const fix = e.remediation && e.change === "new" ? ` — fix: ${e.remediation}` : "";
    return `${e.severity} policy ${e.policyId} failing on ${e.assetId}${why ? `: ${why}` : ""}${who}${fix}`;
  }
  if (e.kind === "missing") {
    const what = e.assetId ?? `entry at ${e.source ?? "?"}`;
    return `missing: ${what} declared by system ${e.systemId ?? "?"}`;
  }
  const where = [e.provider, e.service, e.assetKind].filter(Boolean).join(" ");
  const scope = e.account ? ` in ${e.account}/${e.region ?? "?"}` : "";
  const claim = e.kind === "ambiguous" && e.systems?.length ? ` claimed by ${e.systems.join(", ")}` : "";
  return `${e.kind}: ${where} ${e.name ? `"${e.name}"` : ""}${scope}${claim} (${e.assetId})`.replace(
    / {2,}/g,
    " ",
  );
}

/** What `aimscan` prints as "the alerts that would be sent". */
export function formatDigest(digest: Digest): string {
  if (digest.empty)
    return `Run ${digest.runId}: no alerts (nothing new or resolved since the previous run).\n`;
  const lines = [
    `Run ${digest.runId}: ${digestCounts(digest)} (severity ${digest.severity}); ${digest.failingPolicies} policy result${digest.failingPolicies === 1 ? "" : "s"} failing`,
  ];
  if (digest.resent) {
    const why = digest.resent.lastError ? ` (last failure: ${printable(digest.resent.lastError)})` : "";
    lines.unshift(`RE-SENT: this digest was not delivered before${why}`);
  }
  for (const e of digest.new) lines.push(`  NEW       ${printable(describeEntry(e))}`);
  for (const e of digest.resolved) lines.push(`  RESOLVED  ${printable(describeEntry(e))}`);
  if (digest.reportUrl) lines.push(`Report: ${printable(digest.reportUrl)}`);
  if (digest.manifestHash) lines.push(`Evidence manifest sha256: ${digest.manifestHash}`);
  return `${lines.join("\n")}\n`;
}
