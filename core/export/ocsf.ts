// OCSF 1.2.0 as JSON Lines: policy findings as Compliance Findings (class 2003), drift as Detection
// Findings (class 2004), category Findings (2). Activity: Create (new), Update (ongoing), Close
// (resolved); finding status: New, In Progress, Suppressed (waived) or Resolved.
import type { Severity } from "../model.ts";
import type { ExportFinding } from "./findings.ts";

export const OCSF_VERSION = "1.2.0";

const SEVERITY: Record<Severity, [number, string]> = {
  low: [2, "Low"],
  medium: [3, "Medium"],
  high: [4, "High"],
  critical: [5, "Critical"],
};
const ACTIVITY = { new: [1, "Create"], ongoing: [2, "Update"], resolved: [3, "Close"] } as const;

export interface ExportRun {
  runId: string;
  generatedAt: string;
  toolVersion: string;
}

export function toOcsf(findings: readonly ExportFinding[], run: ExportRun): string {
  return findings.map((f) => `${JSON.stringify(ocsfEvent(f, run))}\n`).join("");
}

export function ocsfEvent(f: ExportFinding, run: ExportRun): Record<string, unknown> {
  const compliance = f.kind === "policy";
  const classUid = compliance ? 2003 : 2004;
  const className = compliance ? "Compliance Finding" : "Detection Finding";
  const [activityId, activityName] = ACTIVITY[f.state];
  const [severityId, severity] = SEVERITY[f.severity];
  const [statusId, status] =
    f.state === "resolved"
      ? [4, "Resolved"]
      : f.status === "waived"
        ? [3, "Suppressed"]
        : f.state === "new"
          ? [1, "New"]
          : [2, "In Progress"];
  const event: Record<string, unknown> = {
    class_uid: classUid,
    class_name: className,
    category_uid: 2,
    category_name: "Findings",
    activity_id: activityId,
    activity_name: activityName,
    type_uid: classUid * 100 + activityId,
    type_name: `${className}: ${activityName}`,
    time: Date.parse(run.generatedAt),
    severity_id: severityId,
    severity,
    status_id: statusId,
    status,
    message: f.title,
    metadata: {
      version: OCSF_VERSION,
      product: { name: "aimscan", vendor_name: "aimscan", version: run.toolVersion },
      correlation_uid: run.runId,
    },
    finding_info: {
      uid: f.uid,
      title: f.title,
      desc: f.description,
      types: [f.kind === "policy" ? "Policy" : "AI inventory drift"],
      analytic: { name: f.ruleId, type_id: 1, type: "Rule", uid: f.ruleId },
    },
    unmapped: {
      system: f.systemId ?? null,
      owner: f.owner ?? null,
      risk_level: f.riskLevel ?? null,
      aimscan_status: f.status,
    },
  };
  if (f.remediation) event.remediation = { desc: f.remediation };
  if (f.assetId) {
    const resource: Record<string, unknown> = { uid: f.assetId, type: f.assetKind ?? "ai-asset" };
    if (f.assetName) resource.name = f.assetName;
    if (f.region) resource.region = f.region;
    if (f.provider || f.account) resource.labels = [f.provider, f.account].filter(Boolean) as string[];
    // OCSF 1.2: a Compliance Finding names its one resource, a Detection Finding lists them.
    if (compliance) event.resource = resource;
    else event.resources = [resource];
  }
  if (compliance)
    event.compliance = {
      standards: ["ISO/IEC 42001:2023"],
      requirements: f.controls,
      ...(f.controls[0] ? { control: f.controls[0] } : {}),
      ...(f.status === "fail"
        ? { status_id: 3, status: "Fail" }
        : f.status === "pass"
          ? { status_id: 1, status: "Pass" }
          : { status_id: 2, status: "Warning" }),
    };
  return event;
}
