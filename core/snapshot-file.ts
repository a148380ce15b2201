// Reads a snapshot file (`aimscan scan --out`) for `aimscan reconcile`. Beyond the schema, an
// asset id may appear once: two rows for one id would be reconciled as one and the second row's
// fields silently dropped, so the file is refused and both places are named.

import { LineCounter, parseDocument } from "yaml";
import { readRegularFile } from "./files.ts";
import { idKey } from "./ids.ts";
import { readJson } from "./jsonfile.ts";
import { Snapshot } from "./model.ts";
import { fastSnapshot } from "./snapshot-check.ts";
import { InputError, nodeAt } from "./yamlfile.ts";

export function readSnapshot(file: string): Snapshot {
  const snapshot = readJson(file, Snapshot, fastSnapshot);
  const seen = new Map<string, number>();
  for (const [i, asset] of snapshot.assets.entries()) {
    const key = idKey(asset.id);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      continue;
    }
    const lines = new LineCounter();
    const doc = parseDocument(readRegularFile(file), { lineCounter: lines, uniqueKeys: false });
    const at = (n: number) => lines.linePos(nodeAt(doc, ["assets", n, "id"])?.range?.[0] ?? 0);
    const here = at(i);
    const before = at(first);
    throw new InputError(
      `${file}:${here.line}:${here.col}: assets[${i}].id: duplicate asset id ${JSON.stringify(asset.id)} (also at line ${before.line})`,
    );
  }
  return snapshot;
}
