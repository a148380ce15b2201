// BatchGetItem in groups of 100 (DynamoDB's limit), a few groups at once; UnprocessedKeys are
// asked again: at once after a response cut at its size cap, under backoff with jitter after one
// that returned nothing (throttling).
import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { BatchOptions } from "./batch.ts";
import { UnprocessedItemsError } from "./batch.ts";

export const GET_BATCH_SIZE = 100;

type Item = Record<string, unknown>;
type Key = { pk: string; sk: string };

/** The items at `keys` that exist, in no particular order. */
export async function batchGet(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Key[],
  options: BatchOptions & { projection?: readonly string[] } = {},
): Promise<Item[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  const groups: Key[][] = [];
  for (let i = 0; i < unique.length; i += GET_BATCH_SIZE) groups.push(unique.slice(i, i + GET_BATCH_SIZE));
  const found: Item[] = [];
  let next = 0;
  const worker = async () => {
    while (next < groups.length) found.push(...(await getGroup(client, table, groups[next++]!, options)));
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, groups.length) }, worker));
  return found;
}

async function getGroup(
  client: DynamoDBDocumentClient,
  table: string,
  group: Key[],
  options: BatchOptions & { projection?: readonly string[] },
) {
  // Attribute names by placeholder: `data` and `state` are among DynamoDB's reserved words.
  const only = options.projection
    ? {
        ProjectionExpression: options.projection.map((_, i) => `#a${i}`).join(", "),
        ExpressionAttributeNames: Object.fromEntries(options.projection.map((f, i) => [`#a${i}`, f])),
      }
    : {};
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 50;
  const found: Item[] = [];
  let keys: Item[] = group;
  // Only answers that return nothing count as failed attempts (throttling): one that returns part
  // of the keys hit the response's size cap (16 MB; dynalite's ~1.4 MB) and is asked again at once.
  for (let failed = 0; ; ) {
    const out = await client.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ...only } } }),
    );
    const got = (out.Responses?.[table] ?? []) as Item[];
    found.push(...got);
    const left = out.UnprocessedKeys?.[table]?.Keys ?? [];
    if (left.length === 0) return found;
    if (left.length < keys.length) {
      keys = left as Item[];
      continue;
    }
    failed += 1;
    if (failed >= maxAttempts)
      throw new UnprocessedItemsError(`${left.length} keys still unprocessed after ${failed} attempts`);
    await new Promise((r) => setTimeout(r, Math.random() * base * 2 ** failed));
  }
}
