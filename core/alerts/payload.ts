// The machine-readable digest (SNS JSON subscribers, logs): bounded so a storm of findings
// cannot exceed a message size limit; counts always tell the full story.
import type { Digest } from "./digest.ts";

export function machinePayload(d: Digest, limit = 100): Record<string, unknown> {
  return {
    source: "aimscan",
    type: "aimscan.digest",
    runId: d.runId,
    generatedAt: d.generatedAt,
    severity: d.severity,
    kinds: d.kinds,
    counts: d.counts,
    totals: d.totals,
    failingPolicies: d.failingPolicies,
    ...(d.reportUrl ? { reportUrl: d.reportUrl } : {}),
    ...(d.manifestHash ? { manifestHash: d.manifestHash } : {}),
    ...(d.resent ? { resent: d.resent } : {}),
    new: d.new.slice(0, limit),
    resolved: d.resolved.slice(0, limit),
    truncated: d.new.length > limit || d.resolved.length > limit,
  };
}
