// AWS Security Finding Format, as securityhub:BatchImportFindings takes it. The findings are
// imported into one Security Hub (account + region); assets of Azure and GCP become resources of
// type Other. Resolved findings keep their Id with Workflow RESOLVED and RecordState ARCHIVED, so
// Security Hub closes the one it already has.
import type { Severity } from "../model.ts";
import type { ExportFinding } from "./findings.ts";
import type { ExportRun } from "./ocsf.ts";

export interface SecurityHubTarget {
  account: string;
  region: string;
  /** aws | aws-us-gov | aws-cn */
  partition?: string;
}

const LABEL: Record<Severity, string> = { low: "LOW", medium: "MEDIUM", high: "HIGH", critical: "CRITICAL" };
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function productArn(t: SecurityHubTarget): string {
  return `arn:${t.partition ?? "aws"}:securityhub:${t.region}:${t.account}:product/${t.account}/default`;
}

export function toAsff(findings: readonly ExportFinding[], run: ExportRun, target: SecurityHubTarget) {
  return findings.map((f) => asffFinding(f, run, target));
}

export function asffFinding(
  f: ExportFinding,
  run: ExportRun,
  target: SecurityHubTarget,
): Record<string, unknown> {
  const resolved = f.state === "resolved";
  const compliance =
    f.kind === "policy"
      ? {
          Status: resolved || f.status === "pass" ? "PASSED" : f.status === "fail" ? "FAILED" : "WARNING",
          RelatedRequirements: f.controls
            .slice(0, 32)
            .map((c) => c.replace(/^ISO42001:/, "ISO/IEC 42001:2023 ")),
        }
      : undefined;
  return {
    SchemaVersion: "2018-10-08",
    Id: `aimscan/${f.uid}`,
    ProductArn: productArn(target),
    ProductName: "aimscan",
    CompanyName: "aimscan",
    GeneratorId: `aimscan/${f.ruleId}`,
    AwsAccountId: f.provider === "aws" && f.account ? f.account : target.account,
    Types: [
      f.kind === "policy"
        ? "Software and Configuration Checks/Industry and Regulatory Standards/ISO 42001"
        : "Software and Configuration Checks/AI inventory drift",
    ],
    CreatedAt: run.generatedAt,
    UpdatedAt: run.generatedAt,
    Severity: { Label: resolved ? "INFORMATIONAL" : LABEL[f.severity], Original: f.severity },
    Title: clip(f.title, 256),
    Description: clip(f.description, 1024),
    ...(f.remediation ? { Remediation: { Recommendation: { Text: clip(f.remediation, 512) } } } : {}),
    ProductFields: strip({
      "aimscan/runId": run.runId,
      "aimscan/rule": f.ruleId,
      "aimscan/status": f.status,
      "aimscan/system": f.systemId,
      "aimscan/owner": f.owner,
      "aimscan/riskLevel": f.riskLevel,
    }),
    Resources: [
      strip({
        Type: "Other",
        Id: clip(f.assetId ?? `aimscan:${f.uid}`, 512),
        Partition: f.provider === "aws" ? (target.partition ?? "aws") : undefined,
        Region: f.provider === "aws" ? f.region : undefined,
        Details: {
          Other: strip({ provider: f.provider, account: f.account, region: f.region, kind: f.assetKind }),
        },
      }),
    ],
    ...(compliance ? { Compliance: compliance } : {}),
    Workflow: { Status: resolved ? "RESOLVED" : f.status === "waived" ? "SUPPRESSED" : "NEW" },
    RecordState: resolved ? "ARCHIVED" : "ACTIVE",
  };
}

function strip(o: Record<string, string | undefined | object>): Record<string, never> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "")) as Record<
    string,
    never
  >;
}
