// Which versions a reader needs for the state at a completed run and at the run before it: the
// latest run's from the state projection alone (its copies hold what it closed), an older run's
// from the history items merged with the projection, a store written only by an older aimscan
// from its version items.
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { idKey } from "../ids.ts";
import { LISTED_LAYOUT } from "./complete.ts";
import { type CurrentState, chunkHash } from "./projection.ts";
import { queryAll, readVersions } from "./reader.ts";
import {
  type ByKind,
  mergeHistory,
  readChunk,
  readListedState,
  readState,
  versionsOf,
} from "./state-reader.ts";
import { INDEX, VERSION_KINDS, type VersionKind } from "./table.ts";
import type { RunRecord } from "./types.ts";
import { committedRuns, type VersionRecord } from "./versions.ts";

export interface Runs {
  /** Newest first. */
  runs: RunRecord[];
  layouts: ReadonlyMap<string, number>;
}

const latestOf = (r: Runs) => r.runs.find((x) => x.status === "completed");
const layoutOf = (r: Runs, run: RunRecord | undefined) => (run ? (r.layouts.get(run.runId) ?? 1) : 1);
const projected = (r: Runs) => layoutOf(r, latestOf(r)) >= 2;

/**
 * The copies that count at the latest run: from its listing, or (layout 2) the state partitions;
 * with `hash` (projection.ts chunkHash), only the chunk that holds it.
 */
async function currentState(
  client: DynamoDBDocumentClient,
  table: string,
  r: Runs,
  hash?: string,
): Promise<CurrentState> {
  const latest = latestOf(r)!;
  const committed = committedRuns(r.runs);
  if (layoutOf(r, latest) >= LISTED_LAYOUT) {
    return readListedState(client, table, latest.runId, committed, hash);
  }
  // Layout 2 cut the state into 256 chunks.
  return hash === undefined
    ? readState(client, table, committed)
    : readChunk(client, table, hash.slice(0, 2), committed);
}

export async function versionsAt(
  client: DynamoDBDocumentClient,
  table: string,
  r: Runs,
  target: RunRecord,
  kinds: readonly VersionKind[] = VERSION_KINDS,
): Promise<ByKind> {
  if (!projected(r)) return readVersions(client, table, kinds);
  const state = versionsOf((await currentState(client, table, r)).current);
  if (latestOf(r)?.runId === target.runId) {
    const out: ByKind = { asset: [], drift: [], policy: [] };
    for (const k of kinds) out[k] = [...state.open[k], ...state.closed[k]];
    return out;
  }
  return mergeHistory(await readVersions(client, table, kinds), state);
}

/** The versions of one asset: the `asset` index (history) with its chunk's current copy. */
export async function assetVersions(
  client: DynamoDBDocumentClient,
  table: string,
  r: Runs,
  assetId: string,
): Promise<VersionRecord[]> {
  const items = (await queryAll(client, {
    TableName: table,
    IndexName: INDEX.asset,
    KeyConditionExpression: "gsi3pk = :p",
    ExpressionAttributeValues: { ":p": `A#${idKey(assetId)}` },
  })) as unknown as VersionRecord[];
  if (!projected(r)) return items;
  const key = idKey(assetId);
  const chunk = await currentState(client, table, r, chunkHash({ assetId, identity: "" }));
  const { open, closed } = versionsOf(chunk.current);
  const mine = (list: ByKind): ByKind => {
    const out: ByKind = { asset: [], drift: [], policy: [] };
    for (const k of VERSION_KINDS)
      out[k] = list[k].filter((v) => v.assetId !== undefined && idKey(v.assetId) === key);
    return out;
  };
  const history: ByKind = { asset: [], drift: [], policy: [] };
  for (const v of items) history[v.kind].push(v);
  const merged = mergeHistory(history, { open: mine(open), closed: mine(closed) });
  return VERSION_KINDS.flatMap((k) => merged[k]);
}

/** Open drift of one status, from the projection (or the `open` index of an older store). */
export async function openDriftVersions(
  client: DynamoDBDocumentClient,
  table: string,
  r: Runs,
  status: string,
): Promise<VersionRecord[]> {
  if (!projected(r))
    return (await queryAll(client, {
      TableName: table,
      IndexName: INDEX.open,
      KeyConditionExpression: "gsi2pk = :p",
      ExpressionAttributeValues: { ":p": `OPEN#${status}` },
    })) as unknown as VersionRecord[];
  const { open } = versionsOf((await currentState(client, table, r)).current);
  return open.drift
    .filter((v) => v.gsi2pk === `OPEN#${status}`)
    .sort((a, b) => (a.gsi2sk! < b.gsi2sk! ? -1 : a.gsi2sk! > b.gsi2sk! ? 1 : 0));
}
