// `--fail-on`: which findings make a command exit 1. Drift statuses by name
// (`undeclared,missing`), and policy failures at or above a severity (`policy:high`), as CI
// gates built on Prowler or Checkov are used to.
import { type DriftReport, DriftStatus, type PolicyResult, Severity } from "../core/model.ts";
import { InputError } from "../core/yamlfile.ts";

export interface FailOn {
  statuses: DriftStatus[];
  policySeverity?: Severity;
}

const RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export function parseFailOn(value: string | undefined): FailOn {
  const out: FailOn = { statuses: [] };
  for (const raw of (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (raw.startsWith("policy:")) {
      const severity = Severity.safeParse(raw.slice("policy:".length));
      if (!severity.success)
        throw new InputError(
          `--fail-on: unknown severity in "${raw}" (use policy:${Severity.options.join("|policy:")})`,
        );
      out.policySeverity = severity.data;
      continue;
    }
    const status = DriftStatus.safeParse(raw);
    if (!status.success)
      throw new InputError(
        `--fail-on: unknown status "${raw}" (use ${DriftStatus.options.join(", ")}, or policy:<severity>)`,
      );
    out.statuses.push(status.data);
  }
  return out;
}

/** True when the report has a finding `failOn` names (`results`: the policy results, when kept apart). */
export function failsOn(
  report: DriftReport,
  failOn: FailOn,
  results: Iterable<PolicyResult> = report.policyResults,
): boolean {
  if (failOn.statuses.some((s) => report.summary[s] > 0)) return true;
  const min = failOn.policySeverity;
  if (min === undefined) return false;
  for (const r of results) if (r.status === "fail" && RANK[r.severity] >= RANK[min]) return true;
  return false;
}

/** `--fail-on` as the user wrote it, normalised: "undeclared,missing,policy:high". */
export function describeFailOn(f: FailOn): string {
  return [...f.statuses, ...(f.policySeverity ? [`policy:${f.policySeverity}`] : [])].join(",");
}
