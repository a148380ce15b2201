// Waivers accept a known failure for a while: `policy` and `asset` are globs, `expires` a date.
// A waiver stops applying at the start (UTC) of its `expires` day, or at the exact instant when a
// full timestamp is given. Expired waivers are reported once each, so stale exceptions get cleaned up.
import { globMatch } from "../glob.ts";
import type { PolicyResult } from "../model.ts";
import type { LoadedWaiver, PolicySet } from "./load.ts";

export interface WaiverIndex {
  /** false when no waiver can apply or be reported, so the hot loop skips the call */
  active: boolean;
  /** Turns a failure into `waived` when an active waiver covers it. */
  apply(result: PolicyResult): void;
  notices(): string[];
}

export function waiverIndex(set: PolicySet, now: Date): WaiverIndex {
  const t = now.getTime();
  const active = set.waivers.filter((w) => w.until > t);
  const expired = set.waivers.filter((w) => w.until <= t);
  const stillFailing = new Map<LoadedWaiver, number>();
  const covers = (w: LoadedWaiver, r: PolicyResult) =>
    globMatch(w.policy, r.policyId) && globMatch(w.asset, r.assetId);
  return {
    active: set.waivers.length > 0,
    apply(result) {
      for (const w of expired) if (covers(w, result)) stillFailing.set(w, (stillFailing.get(w) ?? 0) + 1);
      const w = active.find((x) => covers(x, result));
      if (!w) return;
      result.status = "waived";
      result.waiver = { reason: w.reason, approvedBy: w.approvedBy, expires: w.expires };
      result.message = `waived until ${w.expires} by ${w.approvedBy}: ${w.reason}`;
    },
    notices() {
      const out: string[] = [];
      for (const w of expired) {
        const n = stillFailing.get(w) ?? 0;
        const effect = n > 0 ? `; ${n} failure(s) no longer waived` : "";
        out.push(
          `waiver for ${w.policy} on ${w.asset} expired ${w.expires} (${w.source.file}:${w.source.line})${effect}`,
        );
      }
      for (const w of set.waivers) {
        if (!set.policies.some((p) => globMatch(w.policy, p.id)))
          out.push(
            `waiver for ${w.policy} on ${w.asset} names no loaded policy (${w.source.file}:${w.source.line})`,
          );
      }
      return out;
    },
  };
}
