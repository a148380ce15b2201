// A report's items by asset id, built once and handed to both readers: policy contexts
// (core/policy/context.ts) and result context (core/findings.ts) each look every asset up in the
// items, and each building its own 100k-entry map of them cost ~0.1 s.
import type { DriftItem, DriftReport } from "./model.ts";

/** Every item that names an asset, by that id, in report order: one item, or several. */
export type ItemIndex = ReadonlyMap<string, DriftItem | readonly DriftItem[]>;

export function itemIndex(report: Pick<DriftReport, "items">): ItemIndex {
  const index = new Map<string, DriftItem | DriftItem[]>();
  for (const item of report.items) {
    const id = item.assetId;
    if (!id) continue;
    const before = index.get(id);
    if (before === undefined) index.set(id, item);
    else if (Array.isArray(before)) before.push(item);
    else index.set(id, [before as DriftItem, item]);
  }
  return index;
}

/** The items of one asset, in report order. */
export function itemsOf(index: ItemIndex, assetId: string): readonly DriftItem[] {
  const found = index.get(assetId);
  if (found === undefined) return [];
  return Array.isArray(found) ? found : [found as DriftItem];
}
