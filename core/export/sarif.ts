// SARIF 2.1.0 for code-scanning gates: one rule per policy (and per drift kind) with its
// remediation as help, one result per finding with a logical location naming the asset. Resolved
// findings are listed with baselineState "absent" so a gate can close them; waived ones carry an
// external suppression with the waiver's reason.
import type { Severity } from "../model.ts";
import type { ExportFinding } from "./findings.ts";
import type { ExportRun } from "./ocsf.ts";

const LEVEL: Record<Severity, string> = { low: "note", medium: "warning", high: "error", critical: "error" };
const SCORE: Record<Severity, string> = { low: "3.0", medium: "5.5", high: "8.0", critical: "9.5" };
const BASELINE = { new: "new", ongoing: "unchanged", resolved: "absent" } as const;

export function toSarif(findings: readonly ExportFinding[], run: ExportRun): Record<string, unknown> {
  const rules = new Map<string, Record<string, unknown>>();
  for (const f of findings) {
    if (rules.has(f.ruleId)) continue;
    rules.set(f.ruleId, {
      id: f.ruleId,
      name: f.ruleId,
      shortDescription: { text: f.kind === "policy" ? f.title : f.title.split(":")[0]! },
      ...(f.remediation ? { help: { text: f.remediation } } : {}),
      defaultConfiguration: { level: LEVEL[f.severity] },
      properties: { tags: ["ai-governance", ...f.controls], "security-severity": SCORE[f.severity] },
    });
  }
  const ruleIndex = new Map([...rules.keys()].map((id, i) => [id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "aimscan",
            version: run.toolVersion,
            informationUri: "https://github.com/aimscan/aimscan",
            rules: [...rules.values()],
          },
        },
        automationDetails: { id: `aimscan/${run.runId}` },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.remediation ? `${f.description} Fix: ${f.remediation}` : f.description },
          locations: [
            {
              logicalLocations: [
                {
                  fullyQualifiedName: f.assetId ?? f.title,
                  kind: "resource",
                  name: f.assetName ?? f.assetId ?? f.ruleId,
                },
              ],
            },
          ],
          partialFingerprints: { "aimscanFinding/v1": f.uid },
          baselineState: BASELINE[f.state],
          ...(f.status === "waived"
            ? { suppressions: [{ kind: "external", justification: f.description }] }
            : {}),
          properties: {
            severity: f.severity,
            status: f.status,
            system: f.systemId,
            owner: f.owner,
            riskLevel: f.riskLevel,
          },
        })),
      },
    ],
  };
}
