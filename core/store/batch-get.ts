// BatchGetItem in groups of 100 (DynamoDB's limit), a few groups at once; UnprocessedKeys (a
// response over 16 MB, or throttling) are asked again under backoff with jitter.
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
  options: BatchOptions = {},
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

async function getGroup(client: DynamoDBDocumentClient, table: string, group: Key[], options: BatchOptions) {
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? 50;
  const found: Item[] = [];
  let keys: Item[] = group;
  for (let attempt = 1; ; attempt++) {
    const out = await client.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
    found.push(...((out.Responses?.[table] ?? []) as Item[]));
    const left = out.UnprocessedKeys?.[table]?.Keys ?? [];
    if (left.length === 0) return found;
    if (attempt >= maxAttempts)
      throw new UnprocessedItemsError(`${left.length} keys still unprocessed after ${attempt} attempts`);
    keys = left as Item[];
    await new Promise((r) => setTimeout(r, Math.random() * base * 2 ** attempt));
  }
}
