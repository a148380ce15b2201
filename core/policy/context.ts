// Builds what a policy sees for one asset: computed once per asset and shared by every policy.
//
// `declared`/`system` come from the drift report: matched and changed items name one system;
// ambiguous items name several. For an ambiguous asset `declared` is true, `systems` lists every
// claimant, and `system` is the claimant with the highest risk level (ties: first by id), so that
// risk-driven checks err on the strict side rather than on whichever file was read first.
import type { Asset, DriftItem, DriftReport, Inventory, LoadedSystem } from "../model.ts";
import { type ItemIndex, itemIndex } from "../reconcile-index.ts";
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

/** Facts per provider+account+region, computed in one pass; nested maps avoid a string key per asset. */
export function accountFacts(assets: Asset[]): (a: Asset) => CelAccount {
  const index = new Map<string, Map<string, Map<string, CelAccount>>>();
  const slot = (a: Asset): CelAccount => {
    let byAccount = index.get(a.provider);
    if (!byAccount) {
      byAccount = new Map();
      index.set(a.provider, byAccount);
    }
    let byRegion = byAccount.get(a.account);
    if (!byRegion) {
      byRegion = new Map();
      byAccount.set(a.account, byRegion);
    }
    let facts = byRegion.get(a.region);
    if (!facts) {
      facts = new CelAccount(a.provider, a.account, a.region, false, 0n, new Map());
      byRegion.set(a.region, facts);
    }
    return facts;
  };
  for (const a of assets) {
    const facts = slot(a);
    const k = `${a.service}/${a.kind}`;
    facts.kinds.set(k, (facts.kinds.get(k) ?? 0n) + 1n);
    if (a.kind === "guardrail") facts.guardrails++;
    if (a.kind === "invocation-logging" && a.attributes?.enabled === true) facts.invocationLogging = true;
    if (a.kind === "model-card") noteModelCard(facts, a);
  }
  return slot;
}

// Cards may name their model by ARN or by name: both are keys. Approved wins over another status.
function noteModelCard(facts: CelAccount, card: Asset): void {
  const model = card.attributes?.modelId;
  if (typeof model !== "string" || model === "") return;
  const status = typeof card.attributes?.status === "string" ? card.attributes.status : "";
  const name = /:model\/([^/]+)$/.exec(model)?.[1];
  for (const key of name ? [model, name] : [model]) {
    if (facts.modelCards.get(key) !== "Approved") facts.modelCards.set(key, status);
  }
}

export function contextBuilder(
  assets: Asset[],
  inventory: Inventory,
  report: DriftReport,
  now: Date,
  items: ItemIndex = itemIndex(report),
): (a: Asset) => AssetContext {
  const systems = new Map<string, Record<string, unknown>>();
  for (const s of inventory.systems) systems.set(s.id, toCelSystem(s));
  // One shared {declared, system, systems} per distinct claim, not one per asset.
  const undeclared: Claim = { declared: false, system: null, systems: [] };
  const byKey = new Map<string, Claim>();
  const claimOf = (ids: string[]): Claim => {
    const key = ids.length === 1 ? ids[0]! : ids.join("\u0000");
    let claim = byKey.get(key);
    if (!claim) {
      // A claim naming a system absent from the inventory still counts as declared; show its id.
      const claimants = ids.map((id) => systems.get(id) ?? toCelSystem({ id }));
      claim = { declared: ids.length > 0, system: strictest(claimants), systems: claimants };
      byKey.set(key, claim);
    }
    return claim;
  };
  // Matched and changed items name their system, ambiguous ones every claimant; others claim nothing.
  const claimOfItem = (item: DriftItem): Claim | undefined => {
    if (item.status === "matched" || item.status === "changed")
      return item.systemId ? (byKey.get(item.systemId) ?? claimOf([item.systemId])) : undefined;
    if (item.status === "ambiguous") return claimOf(item.systems ?? (item.systemId ? [item.systemId] : []));
    return undefined;
  };
  const claimOfAsset = (id: string): Claim => {
    const found = items.get(id);
    if (found === undefined) return undeclared;
    if (!Array.isArray(found)) return claimOfItem(found as DriftItem) ?? undeclared;
    // Several items for one asset: the last that claims it, as a map filled in report order had it.
    let claim: Claim | undefined;
    for (const item of found as readonly DriftItem[]) claim = claimOfItem(item) ?? claim;
    return claim ?? undeclared;
  };
  const facts = accountFacts(assets);
  return (a) => {
    const claim = claimOfAsset(a.id);
    return {
      asset: toCelAsset(a),
      declared: claim.declared,
      system: claim.system,
      systems: claim.systems,
      account: facts(a),
      now,
    };
  };
}

interface Claim {
  declared: boolean;
  system: Record<string, unknown> | null;
  systems: Record<string, unknown>[];
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
