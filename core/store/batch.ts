// BatchWrite in groups of 25 (no TransactWriteItems: dynalite lacks it). UnprocessedItems are
// retried under exponential backoff with jitter; every write is an idempotent put of a fixed key,
// so a batch re-sent after a crash converges instead of duplicating.
import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export const BATCH_SIZE = 25;
/**
 * Binary bytes per batch (DynamoDB allows 16 MB a request). State chunks are up to 350 KB each:
 * 25 of them make a 9 MB request, which dynalite gathers by concatenating every 64 KB piece it
 * receives onto all the ones before (quadratic: ~0.6 GB copied per request at 100k assets), so
 * batches of large items stop at about 1 MB.
 */
export const BATCH_BYTES = 1_000_000;

export interface BatchOptions {
  /** Batches in flight at once. */
  concurrency?: number;
  /** Attempts per batch for unprocessed items before giving up. */
  maxAttempts?: number;
  baseDelayMs?: number;
}

export class UnprocessedItemsError extends Error {
  override name = "UnprocessedItemsError";
}

type Item = Record<string, unknown>;

type Request = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/** Puts every item; returns the number written. Throws when a batch fails or stays unprocessed. */
export function batchPut(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Item[],
  options: BatchOptions = {},
): Promise<number> {
  return batchWrite(client, table, { puts: items }, options);
}

/** Puts and deletes (by key), 25 to a batch; returns the number of requests written. */
export async function batchWrite(
  client: DynamoDBDocumentClient,
  table: string,
  writes: { puts?: readonly Item[]; deletes?: readonly Item[] },
  options: BatchOptions = {},
): Promise<number> {
  // DynamoDB refuses a batch that names one key twice; the last write to a key wins.
  const byKey = new Map<string, Request>();
  for (const Item of writes.puts ?? []) byKey.set(`${Item.pk}|${Item.sk}`, { PutRequest: { Item } });
  for (const Key of writes.deletes ?? []) byKey.set(`${Key.pk}|${Key.sk}`, { DeleteRequest: { Key } });
  const requests = [...byKey.values()];
  const batches: Request[][] = [];
  let batch: Request[] = [];
  let bytes = 0;
  for (const r of requests) {
    const size = "PutRequest" in r ? binaryBytes(r.PutRequest.Item) : 0;
    if (batch.length === BATCH_SIZE || (batch.length > 0 && bytes + size > BATCH_BYTES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(r);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    while (!failed && next < batches.length) {
      const batch = batches[next++]!;
      try {
        await writeBatch(client, table, batch, options);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  // Every worker stops before the error surfaces: no batch of this call lands after it threw.
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, batches.length) }, worker));
  if (failed) throw failed.error;
  return requests.length;
}

/** The bytes of an item's binary attributes (the compressed state chunks); strings are small here. */
function binaryBytes(item: Item): number {
  let n = 0;
  for (const v of Object.values(item)) if (v instanceof Uint8Array) n += v.byteLength;
  return n;
}

async function writeBatch(
  client: DynamoDBDocumentClient,
  table: string,
  batch: Request[],
  options: BatchOptions,
) {
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 50;
  let requests = batch;
  for (let attempt = 1; ; attempt++) {
    const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    const left = out.UnprocessedItems?.[table] ?? [];
    if (left.length === 0) return;
    if (attempt >= maxAttempts) {
      throw new UnprocessedItemsError(`${left.length} items still unprocessed after ${attempt} attempts`);
    }
    requests = left as typeof requests;
    // Full jitter: spread retries so parallel batches do not throttle in lockstep.
    await new Promise((r) => setTimeout(r, Math.random() * base * 2 ** attempt));
  }
}
