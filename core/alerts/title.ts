// The headline of a digest (text, SNS subject, Slack header): what is new, by kind, then what was
// resolved. A new CHANGED item is counted even though it does not alert on its own, so a title
// never reads "0 new" on a night something changed.
import type { AlertKind, Digest } from "./digest.ts";

const KINDS: [AlertKind | "changed", string, string][] = [
  ["undeclared", "undeclared", "undeclared"],
  ["missing", "missing", "missing"],
  ["ambiguous", "ambiguous", "ambiguous"],
  ["changed", "changed", "changed"],
  ["policy", "policy failure", "policy failures"],
];

/** "new: 2 undeclared, 1 changed; 9 resolved", or "nothing new; 9 resolved". */
export function digestCounts(d: Digest): string {
  const counts: Record<string, number | undefined> = d.counts;
  const fresh = KINDS.map(([k, one, many]) => [counts[k] ?? 0, one, many] as const)
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  const head = fresh.length ? `new: ${fresh.join(", ")}` : "nothing new";
  return `${head}; ${d.counts.resolved} resolved`;
}
