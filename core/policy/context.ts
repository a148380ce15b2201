// Builds what a policy sees for one asset: computed once per asset and shared by every policy.
//
// `declared`/`system` come from the drift report: matched and changed items name one system;
// ambiguous items name several. For an ambiguous asset `declared` is true, `systems` lists every
// claimant, and `system` is the claimant with the highest risk level (ties: first by id), so that
// risk-driven checks err on the strict side rather than on whichever file was read first.
import type { Asset, DriftReport, Inventory, LoadedSystem } from "../model.ts";
import { CelAccount, CelAsset, SYSTEM_KEYS } from "./cel.ts";

export interface AssetContext {
  asset: CelAsset;
  declared: boolean;
  system: Record<string, unknown> | null;
  systems: Record<string, unknown>[];
  account: CelAccount;
  now: Date;
}

const RISK_ORDER: Record<string, number> = { high: 3, medium: 2, low: 1 };

export function toCelAsset(a: Asset): CelAsset {
  return new CelAsset(
    a.id,
    a.provider,
    a.service,
    a.kind,
    a.account,
    a.region,
    a.name,
    a.createdAt ?? null,
    a.tags ?? {},
    a.attributes ?? {},
  );
}

/** The system as CEL sees it: every key present (null when unset) so `system.owner != null` reads. */
export function toCelSystem(s: Pick<LoadedSystem, "id"> & Partial<LoadedSystem>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SYSTEM_KEYS) out[k] = s[k] ?? (k === "tags" ? {} : null);
  return out;
}

const accountKey = (provider: string, account: string, region: string) =>
  `${provider}\u0000${account}\u0000${region}`;

/** Facts per provider+account+region, computed in one pass over the assets. */
export function accountFacts(assets: Asset[]): (a: Asset) => CelAccount {
  const kinds = new Map<string, Map<string, bigint>>();
  const logging = new Set<string>();
  for (const a of assets) {
    const key = accountKey(a.provider, a.account, a.region);
    let counts = kinds.get(key);
    if (!counts) {
      counts = new Map();
      kinds.set(key, counts);
    }
    const k = `${a.service}/${a.kind}`;
    counts.set(k, (counts.get(k) ?? 0n) + 1n);
    if (a.kind === "invocation-logging" && a.attributes?.enabled === true) logging.add(key);
  }
  const cache = new Map<string, CelAccount>();
  return (a) => {
    const key = accountKey(a.provider, a.account, a.region);
    let facts = cache.get(key);
    if (!facts) {
      const counts = kinds.get(key) ?? new Map<string, bigint>();
      let guardrails = 0n;
      for (const [k, n] of counts) if (k.endsWith("/guardrail")) guardrails += n;
      facts = new CelAccount(a.provider, a.account, a.region, logging.has(key), guardrails, counts);
      cache.set(key, facts);
    }
    return facts;
  };
}

/** assetId → claiming system ids, from the report's matched, changed and ambiguous items. */
export function claimsFrom(report: DriftReport): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  for (const item of report.items) {
    if (!item.assetId) continue;
    if (item.status === "matched" || item.status === "changed") {
      if (item.systemId) claims.set(item.assetId, [item.systemId]);
    } else if (item.status === "ambiguous") {
      claims.set(item.assetId, [...(item.systems ?? (item.systemId ? [item.systemId] : []))]);
    }
  }
  return claims;
}

export function contextBuilder(
  assets: Asset[],
  inventory: Inventory,
  report: DriftReport,
  now: Date,
): (a: Asset) => AssetContext {
  const claims = claimsFrom(report);
  const systems = new Map<string, Record<string, unknown>>();
  for (const s of inventory.systems) systems.set(s.id, toCelSystem(s));
  const facts = accountFacts(assets);
  return (a) => {
    const ids = claims.get(a.id) ?? [];
    // A claim naming a system absent from the inventory still counts as declared; show its id.
    const claimants = ids.map((id) => systems.get(id) ?? toCelSystem({ id }));
    return {
      asset: toCelAsset(a),
      declared: ids.length > 0,
      system: strictest(claimants),
      systems: claimants,
      account: facts(a),
      now,
    };
  };
}

function strictest(claimants: Record<string, unknown>[]): Record<string, unknown> | null {
  let best: Record<string, unknown> | null = null;
  for (const s of claimants) {
    const rank = RISK_ORDER[String(s.riskLevel)] ?? 0;
    const bestRank = best ? (RISK_ORDER[String(best.riskLevel)] ?? 0) : -1;
    if (rank > bestRank || (rank === bestRank && best && String(s.id) < String(best.id))) best = s;
  }
  return best;
}
