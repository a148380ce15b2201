// What an export carries: one entry per finding a security team acts on, from a stored report with
// context (core/findings.ts). Policy results that are not a pass, last run's failures now resolved,
// and the drift that needs a person (undeclared, ambiguous, missing, changed), open or resolved.
// Each export format maps these; none reads the report itself, so all formats list the same findings.
import { hash } from "node:crypto";
import { parseId } from "../ids.ts";
import type { DriftItem, DriftReport, PolicyResult, Severity } from "../model.ts";

export type FindingState = "new" | "ongoing" | "resolved";

export interface ExportFinding {
  /** Stable across runs: the same policy and asset (or drift identity) is the same finding. */
  uid: string;
  kind: "policy" | "drift";
  /** policy id, or `drift-<status>` */
  ruleId: string;
  title: string;
  description: string;
  severity: Severity;
  state: FindingState;
  /** fail | error | waived | pass (policy), the drift status (drift) */
  status: string;
  controls: string[];
  remediation?: string;
  assetId?: string;
  provider?: string;
  account?: string;
  region?: string;
  assetKind?: string;
  assetName?: string;
  systemId?: string;
  owner?: string;
  riskLevel?: string;
}

export const DRIFT: Partial<Record<DriftItem["status"], { severity: Severity; title: string; fix: string }>> =
  {
    undeclared: {
      severity: "high",
      title: "Undeclared AI asset",
      fix: "Declare the asset under its AI system in the inventory (owner, risk level), or remove it.",
    },
    ambiguous: {
      severity: "medium",
      title: "AI asset claimed by more than one system",
      fix: "Narrow the inventory entries so exactly one system claims the asset.",
    },
    missing: {
      severity: "medium",
      title: "Declared AI asset missing",
      fix: "Restore the asset, or remove or correct its inventory entry.",
    },
    changed: {
      severity: "low",
      title: "AI asset differs from its declaration",
      fix: "Update the inventory's expect values after review, or revert the change in the cloud.",
    },
  };

const uid = (s: string) => hash("sha256", s, "hex").slice(0, 32);

/** The same finding's id in every export and sink (Security Hub updates a finding by its Id). */
export const policyFindingUid = (policyId: string, assetId: string) => uid(`policy|${policyId}|${assetId}`);
/** `source`: the declaring entry's `file:line`, for entries without an id. */
export const driftFindingUid = (status: string, assetId?: string, systemId?: string, source?: string) =>
  uid(`drift|${status}|${assetId ?? ""}|${systemId ?? ""}|${source ?? ""}`);

/** `passes`: also every current passing result (JUnit counts the checks that passed). */
export function exportFindings(report: DriftReport, opts: { passes?: boolean } = {}): ExportFinding[] {
  const out: ExportFinding[] = [];
  const policy = (r: PolicyResult, state: FindingState) => out.push(fromPolicy(r, state));
  for (const r of report.policyResults) {
    if (r.delta === "resolved") policy(r, "resolved");
    else if (r.status !== "pass" || opts.passes) policy(r, r.delta === "new" ? "new" : "ongoing");
  }
  for (const r of report.resolvedPolicyResults ?? []) policy(r, "resolved");
  for (const i of report.items) {
    const d = DRIFT[i.status];
    if (!d) continue;
    const where = i.asset ?? (i.assetId ? parseId(i.assetId) : undefined);
    const name = i.asset?.name ?? i.assetId ?? `entry at ${i.source?.file}:${i.source?.line}`;
    const facts = [i.systemId && `system ${i.systemId}`, i.diffs?.map((x) => `${x.path} differs`).join(", ")];
    out.push(
      strip({
        uid: uid(
          `drift|${i.status}|${i.assetId ?? ""}|${i.systemId ?? ""}|${i.source?.file ?? ""}:${i.source?.line ?? ""}`,
        ),
        kind: "drift",
        ruleId: `drift-${i.status}`,
        title: `${d.title}: ${name}`,
        description: [`${d.title}.`, ...facts.filter(Boolean), i.reason].filter(Boolean).join(" "),
        severity: d.severity,
        state: i.delta === "resolved" ? "resolved" : i.delta === "new" ? "new" : "ongoing",
        status: i.status,
        controls: ["ISO42001:A.4.2"],
        remediation: d.fix,
        assetId: i.assetId,
        provider: where?.provider,
        account: where?.account,
        region: where?.region,
        assetKind: i.asset?.kind,
        assetName: i.asset?.name,
        systemId: i.systemId ?? (i.status === "undeclared" ? "undeclared" : undefined),
      }),
    );
  }
  return out;
}

function fromPolicy(r: PolicyResult, state: FindingState): ExportFinding {
  const where = parseId(r.assetId);
  const title = r.title ?? r.policyId;
  return strip({
    uid: policyFindingUid(r.policyId, r.assetId),
    kind: "policy",
    ruleId: r.policyId,
    title,
    description: [
      r.message ?? `${title}: ${r.status} on ${r.assetId}.`,
      r.reason,
      r.waiver && `Waived: ${r.waiver.reason}`,
    ]
      .filter(Boolean)
      .join(" "),
    severity: r.severity,
    state,
    status: r.status,
    controls: r.controls,
    remediation: r.remediation,
    assetId: r.assetId,
    provider: where?.provider,
    account: where?.account,
    region: where?.region,
    systemId: r.systemId,
    owner: r.owner,
    riskLevel: r.riskLevel,
  });
}

function strip<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as T;
}
