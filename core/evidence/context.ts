// What the report says about each observed asset (its drift status and declaring system), looked
// up once so the CSV, CycloneDX and HTML outputs agree.
import type { DriftReport, DriftStatus, Inventory, LoadedSystem } from "../model.ts";

export interface AssetFacts {
  status?: DriftStatus;
  system?: LoadedSystem;
  /** ambiguous: every claiming system */
  systems?: string[];
}

export interface AssetContext {
  of(assetId: string): AssetFacts;
}

export function assetContext(report: DriftReport, inventory: Inventory): AssetContext {
  const systems = new Map(inventory.systems.map((s) => [s.id, s]));
  const facts = new Map<string, AssetFacts>();
  for (const item of report.items) {
    // Resolved items describe last run's state; missing/unverified describe entries, not assets.
    if (!item.assetId || item.delta === "resolved") continue;
    if (item.status === "missing" || item.status === "unverified") continue;
    const system = item.systemId ? systems.get(item.systemId) : undefined;
    facts.set(item.assetId, { status: item.status, system, systems: item.systems });
  }
  return { of: (id) => facts.get(id) ?? {} };
}
