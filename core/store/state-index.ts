// The state projection's listing as one small item: per chunk, the key, run, part and fingerprint
// (not the bytes) of the item that holds the copy that counts, after a run's writes. Without it a
// night would have to find the copies by querying, and DynamoDB (like dynalite) reads whole items
// to answer a query even with a projection: at 100k assets that is ~146 MB read on a quiet night
// that then writes one item. With it, a night reads one item of ~20 KB and the bytes of the chunks
// it changes, so what it reads follows the change too.
//
// A run writes its copies under its own key and never over another run's, so the previous
// completed run's listing always holds: a failed run's copies, or an earlier attempt of tonight's,
// are simply never named. A night whose listing is gone or unreadable stops (listingLost) rather
// than take the state for empty. A quiet night writes no listing: its run item points at the one
// it read. Stores of layout 2 kept their copies in slots that a failed run could overwrite: their
// listing (format 1) is trusted only when no other run started since and no earlier attempt of
// tonight's run wrote state (`STATE_WRITTEN`); otherwise the migrating night queries the state
// partitions. Pure except `readIndex`.

import { gunzipSync, gzipSync } from "node:zlib";
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { PART_BYTES, type StateItemMeta, statePk } from "./projection.ts";
import { expiresAt, runPk } from "./table.ts";
import type { RunRef } from "./types.ts";

type Item = Record<string, unknown>;

export type { StateItemMeta };

/** 2: items are runs' chunk items (`REP#<chunk>#<part>` under the run) or, as in 1, `S#` copies. */
export const INDEX_FORMAT = 2;
export const STATE_INDEX_SK = "STATE";
/** Set on the run item by layout 2 before a run's first state write (a redo then queried instead). */
export const STATE_WRITTEN = "stateWritten";
/** The run item's attribute naming the run whose listing describes the state after it. */
export const STATE_INDEX_OWNER = "stateIndex";

export function metaOf(i: Item): StateItemMeta {
  return {
    pk: i.pk as string,
    sk: i.sk as string,
    chunk: i.chunk as string,
    run: i.run as string,
    runKey: i.runKey as string,
    part: i.part as number,
    parts: i.parts as number,
    ...(typeof i.fingerprint === "string" ? { fingerprint: i.fingerprint } : {}),
  };
}

// [sk, index into runs, part, parts, fingerprint or 0]; pk and chunk follow from sk.
type Row = [string, number, number, number, string | 0];

/** The listing item of `run`, or undefined when it would not fit in one item (then none is kept). */
export function indexItem(
  run: RunRef,
  listing: readonly StateItemMeta[],
  retentionDays: number,
): Item | undefined {
  const runs: Array<[string, string]> = [];
  const at = new Map<string, number>();
  // In key order: the same state lists as the same bytes, however the run came by it.
  const sorted = [...listing].sort((a, b) =>
    a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0,
  );
  const rows: Row[] = sorted.map((m) => {
    let n = at.get(m.runKey);
    if (n === undefined) {
      n = runs.push([m.run, m.runKey]) - 1;
      at.set(m.runKey, n);
    }
    return [m.sk, n, m.part, m.parts, m.fingerprint ?? 0];
  });
  const data = gzipSync(JSON.stringify({ format: INDEX_FORMAT, runs, items: rows }), { level: 1 });
  if (data.length > PART_BYTES) return undefined;
  return {
    pk: runPk(run.runId),
    sk: STATE_INDEX_SK,
    type: "state-index",
    items: listing.length,
    data,
    // Twice the retention, as the chunk items it names: a later quiet night may point at it, and a
    // copy older than the retention is written again (with a new listing) before it can expire.
    expiresAt: expiresAt(run.startedAt, 2 * retentionDays),
  };
}

/** The listing an index item holds; undefined when it is not one this aimscan reads. */
export function decodeIndex(item: Item | undefined): StateItemMeta[] | undefined {
  const data = item?.data;
  if (!(data instanceof Uint8Array)) return undefined;
  let parsed: { format?: unknown; runs?: Array<[string, string]>; items?: Row[] };
  try {
    parsed = JSON.parse(gunzipSync(data).toString("utf8"));
  } catch {
    return undefined;
  }
  if (
    (parsed.format !== 1 && parsed.format !== INDEX_FORMAT) ||
    !Array.isArray(parsed.runs) ||
    !Array.isArray(parsed.items)
  )
    return undefined;
  const { runs } = parsed;
  const out: StateItemMeta[] = [];
  for (const [sk, n, part, parts, fingerprint] of parsed.items) {
    const owner = runs[n];
    if (owner === undefined || typeof sk !== "string") return undefined;
    // A run's chunk item lives under its run; a layout-2 copy under its state partition.
    const own = sk.startsWith("REP#");
    const chunk = sk.split("#")[own ? 1 : 0]!;
    out.push({
      pk: own ? runPk(owner[0]) : statePk(chunk),
      sk,
      chunk,
      run: owner[0],
      runKey: owner[1],
      part,
      parts,
      ...(fingerprint !== 0 ? { fingerprint } : {}),
    });
  }
  if (item?.items !== undefined && item.items !== out.length) return undefined;
  return out;
}

/** Said when a listing a night needs is gone: the table was changed by something else than aimscan. */
export const listingLost = (owner: string) =>
  `the state listing of run ${owner} is missing or unreadable (the table was changed outside aimscan): ` +
  "restore the table from a backup, or point aimscan at a new table";

/** The listing `owner`'s run wrote; undefined when there is none to trust (then query). */
export async function readIndex(
  client: DynamoDBDocumentClient,
  table: string,
  owner: string,
): Promise<StateItemMeta[] | undefined> {
  const out = await client.send(
    new GetCommand({ TableName: table, Key: { pk: runPk(owner), sk: STATE_INDEX_SK } }),
  );
  return decodeIndex(out.Item);
}
