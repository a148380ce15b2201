// Reads a snapshot file (`aimscan scan --out`) for `aimscan reconcile`. Beyond the schema, an
// asset id may appear once: two rows for one id would be reconciled as one and the second row's
// fields silently dropped, so the file is refused and both places are named.

import { LineCounter, parseDocument } from "yaml";
import { readRegularFile } from "./files.ts";
import { idKey } from "./ids.ts";
import { readJson } from "./jsonfile.ts";
import { type Asset, Snapshot } from "./model.ts";
import { fastSnapshot } from "./snapshot-check.ts";
import { InputError, nodeAt } from "./yamlfile.ts";

export function readSnapshot(file: string): Snapshot {
  return readSnapshotWithIds(file).snapshot;
}

/** The snapshot and its assets by idKey: reconcile takes the map (`ids`) rather than building it again. */
export function readSnapshotWithIds(file: string): { snapshot: Snapshot; ids: Map<string, Asset> } {
  const snapshot = readJson(file, Snapshot, fastSnapshot);
  const { assets } = snapshot;
  const ids = new Map<string, Asset>();
  for (let i = 0; i < assets.length; i++) {
    const key = idKey(assets[i]!.id);
    if (!ids.has(key)) {
      ids.set(key, assets[i]!);
      continue;
    }
    const first = assets.findIndex((a) => idKey(a.id) === key);
    const lines = new LineCounter();
    const doc = parseDocument(readRegularFile(file), { lineCounter: lines, uniqueKeys: false });
    const at = (n: number) => lines.linePos(nodeAt(doc, ["assets", n, "id"])?.range?.[0] ?? 0);
    const here = at(i);
    const before = at(first);
    throw new InputError(
      `${file}:${here.line}:${here.col}: assets[${i}].id: duplicate asset id ${JSON.stringify(assets[i]!.id)} (also at line ${before.line})`,
    );
  }
  return { snapshot, ids };
}
