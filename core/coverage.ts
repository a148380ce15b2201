// Which coverage records speak for a scope (DESIGN.md "Reconcile semantics"). Coverage verifies
// only its own provider + account + region + service (+ the kinds it lists): a `global` record is
// the global scope of its own service (IAM, API keys) and says nothing about a region — except on
// Azure, where one ARM call lists a subscription's resources in every location. A region never
// planned has no record, so it is never verified.
import type { Coverage } from "./model.ts";

export type CoverageScope = Partial<Record<"provider" | "account" | "region" | "service" | "kind", string>>;

const fold = (s: string) => s.toLowerCase();

/** True when `c` is a record of the scope: every field the scope fixes agrees with it. */
export function coversScope(c: Coverage, s: CoverageScope): boolean {
  if (s.provider !== undefined && c.provider !== s.provider) return false;
  if (s.account !== undefined && fold(c.account) !== fold(s.account)) return false;
  if (s.service !== undefined && fold(c.service) !== fold(s.service)) return false;
  if (s.kind !== undefined && c.kinds !== undefined && !c.kinds.includes(s.kind)) return false;
  if (s.region !== undefined && fold(c.region) !== fold(s.region)) {
    // Azure shards and GCP's Workbench shard list every location of their account at once.
    const spans = c.provider === "azure" || (c.provider === "gcp" && c.service === "notebooks");
    if (!(c.region === "global" && spans)) return false;
  }
  return true;
}

/** A record verifies absence only when its shard was read completely: ok, and no unread items. */
export function verifiesAbsence(c: Coverage): boolean {
  return c.status === "ok" && !c.warnings;
}

/** The scope as one path for people: provider/account/region/service, `*` where it is open. */
export function describeScope(s: CoverageScope): string {
  const path = [s.provider, s.account, s.region, s.service].map((v) => v ?? "*").join("/");
  return s.kind ? `${path} (kind ${s.kind})` : path;
}

/** How a record that does not verify reads in a reason. */
export function describeRecord(c: Coverage): string {
  const where = `${c.provider}/${c.account}/${c.region}/${c.service}`;
  if (c.status === "ok" && c.warnings)
    return `${where} ok but ${c.warnings} item(s) not read: ${c.warning ?? ""}`;
  return `${where} ${c.status}${c.error ? `: ${c.error}` : ""}`;
}
