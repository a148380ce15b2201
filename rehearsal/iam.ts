// Every call a function makes, checked against the policy its role is given in stacks/lambdas.ts:
// an Allow statement whose Action (IAM wildcards, case-insensitive) and Resource (wildcards) both
// match. The calls come from the simulators' request logs, keyed by each function's access key.
import type { Permission } from "../stacks/platform.ts";

export interface Call {
  fn: string;
  action: string;
  resource: string;
}

const glob = (pattern: string, flags = "") =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    flags,
  );

/** Calls IAM never checks: "No permissions are required to perform this operation" (STS API reference). */
const UNCHECKED = new Set(["sts:GetCallerIdentity"]);

export function allowed(permissions: Permission[], action: string, resource: string): boolean {
  if (UNCHECKED.has(action)) return true;
  return permissions.some(
    (p) =>
      p.actions.some((a) => glob(a, "i").test(action)) &&
      p.resources.some((r) => typeof r === "string" && glob(r).test(resource)),
  );
}

/** The calls no statement allows, as "fn: action on resource". */
export function denied(calls: Call[], policies: Record<string, Permission[]>): string[] {
  const out = new Set<string>();
  for (const c of calls) {
    const policy = policies[c.fn];
    if (!policy || !allowed(policy, c.action, c.resource)) out.add(`${c.fn}: ${c.action} on ${c.resource}`);
  }
  return [...out];
}
