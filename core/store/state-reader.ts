// Reads of the state projection (projection.ts): the chunk copies, and the versions they hold,
// with what the older layouts (every version its own item) left merged in where a reader needs
// history rather than the current state.
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch-get.ts";
import {
  type ChunkCopy,
  COPY_FIELDS,
  type CurrentState,
  currentCopies,
  decodeCopy,
  groupCopies,
  STATE_PARTITIONS,
  type StateItem,
  type StateItemMeta,
  statePk,
} from "./projection.ts";
import { queryAll, runItemKey } from "./reader.ts";
import { listingLost, metaOf, readIndex, STATE_INDEX_OWNER } from "./state-index.ts";
import type { VersionKind } from "./table.ts";
import type { Committed, VersionRecord } from "./versions.ts";

export type ByKind = Record<VersionKind, VersionRecord[]>;

/** Every chunk copy, read partition by partition in parallel; `current` per the committed runs. */
export async function readState(
  client: DynamoDBDocumentClient,
  table: string,
  committed: Committed,
): Promise<CurrentState> {
  return currentCopies(groupCopies(asState(await queryState(client, table, true))), committed);
}

/**
 * Every state item without its bytes (which copy counts, and its fingerprint): a run reads the
 * bytes only of the chunks it must decode (readCopyData), not both slots of all 256. The listing
 * is what state-index.ts keeps, so that the next run need not query at all.
 */
export async function readStateKeys(client: DynamoDBDocumentClient, table: string): Promise<StateItemMeta[]> {
  return (await queryState(client, table, false)).map(metaOf);
}

/** The copies a listing describes; `current` per the committed runs. */
export function stateOf(listing: readonly StateItemMeta[], committed: Committed): CurrentState {
  return currentCopies(groupCopies(listing), committed);
}

// Every item under a state partition key is a state item (projection.ts writes nothing else there).
const asState = (items: Array<Record<string, unknown>>) => items as unknown as StateItem[];

const FIELD_NAMES = Object.fromEntries(COPY_FIELDS.map((f, i) => [`#f${i}`, f]));

async function queryState(client: DynamoDBDocumentClient, table: string, bytes: boolean) {
  const projection = bytes
    ? {}
    : { ProjectionExpression: Object.keys(FIELD_NAMES).join(", "), ExpressionAttributeNames: FIELD_NAMES };
  const pages = await Promise.all(
    STATE_PARTITIONS.map((pk) =>
      queryAll(client, {
        TableName: table,
        // FIELD_NAMES' #f0 is pk; a query with its names must use them for the key too.
        KeyConditionExpression: bytes ? "pk = :p" : "#f0 = :p",
        ExpressionAttributeValues: { ":p": pk },
        ...projection,
      }),
    ),
  );
  return pages.flat();
}

/** The bytes of copies read by readStateKeys, filled in place. */
export async function readCopyData(
  client: DynamoDBDocumentClient,
  table: string,
  copies: readonly ChunkCopy[],
): Promise<void> {
  if (copies.length === 0) return;
  const keys = copies.flatMap((c) => c.keys);
  // A run's chunk items hold the chunk's report (`data`) and state (`state`): read the state alone.
  // A layout-2 copy's items under the state partitions hold the state as `data`.
  const [own, slotted] = await Promise.all([
    batchGet(client, table, keys.filter(isOwn), { projection: ["pk", "sk", "runKey", "part", "state"] }),
    batchGet(
      client,
      table,
      keys.filter((k) => !isOwn(k)),
    ),
  ]);
  const byKey = new Map([...own, ...slotted].map((i) => [`${i.pk}|${i.sk}`, i]));
  for (const c of copies)
    for (const k of c.keys) {
      const item = byKey.get(`${k.pk}|${k.sk}`);
      // Gone between the two reads: only a concurrent writer does that, and the lease forbids one.
      if (!item || item.runKey !== c.runKey) throw new Error(`state chunk ${c.chunk} changed while read`);
      // A part may hold only report bytes (the state follows them): its share of the state is empty.
      c.data[item.part as number] =
        ((isOwn(k) ? item.state : item.data) as Uint8Array | undefined) ?? new Uint8Array();
    }
}

/**
 * The state at the latest completed run of a store in the current layout: the copies its run
 * item's listing names, with their bytes (`hash`: only those of the chunk whose name is its
 * prefix, whatever the depth). A run that names none left the state empty.
 */
export async function readListedState(
  client: DynamoDBDocumentClient,
  table: string,
  latest: string,
  committed: Committed,
  hash?: string,
): Promise<CurrentState> {
  const run = await client.send(new GetCommand({ TableName: table, Key: runItemKey(latest) }));
  const owner = run.Item?.[STATE_INDEX_OWNER];
  if (typeof owner !== "string") return { current: new Map() };
  const listing = await readIndex(client, table, owner);
  if (!listing) throw new Error(listingLost(owner));
  const state = stateOf(
    hash === undefined ? listing : listing.filter((m) => hash.startsWith(m.chunk)),
    committed,
  );
  await readCopyData(client, table, [...state.current.values()]);
  return state;
}

const isOwn = (k: { sk: string }) => k.sk.startsWith("REP#");

/** The copies of one chunk (an asset's history needs its current versions). */
export async function readChunk(
  client: DynamoDBDocumentClient,
  table: string,
  chunk: string,
  committed: Committed,
): Promise<CurrentState> {
  const items = await queryAll(client, {
    TableName: table,
    KeyConditionExpression: "pk = :p AND begins_with(sk, :c)",
    ExpressionAttributeValues: { ":p": statePk(chunk), ":c": `${chunk}#` },
  });
  return currentCopies(groupCopies(asState(items)), committed);
}

/** The open versions of the current copies, and the ones their runs closed, by kind. */
export function versionsOf(current: ReadonlyMap<string, ChunkCopy>): { open: ByKind; closed: ByKind } {
  const open: ByKind = { asset: [], drift: [], policy: [] };
  const closed: ByKind = { asset: [], drift: [], policy: [] };
  for (const copy of current.values()) {
    const c = decodeCopy(copy);
    for (const v of c.open) open[v.kind].push(v);
    for (const v of c.closed) closed[v.kind].push(v);
  }
  return { open, closed };
}

const versionKey = (v: VersionRecord) => `${v.pk}|${v.sk}`;

/**
 * History (every version item) and the projection merged: the projection wins for a version it
 * holds. A version item closed by a run whose later attempt kept the version open, or a version
 * the older layout stored open and the projection now carries, is the same version (same key).
 */
export function mergeHistory(history: ByKind, projection: { open: ByKind; closed: ByKind }): ByKind {
  const out: ByKind = { asset: [], drift: [], policy: [] };
  for (const kind of Object.keys(out) as VersionKind[]) {
    const mine = [...projection.open[kind], ...projection.closed[kind]];
    const held = new Set(mine.map(versionKey));
    out[kind] = [...history[kind].filter((v) => !held.has(versionKey(v))), ...mine];
  }
  return out;
}
