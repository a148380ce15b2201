// A store on an in-memory dynalite reached through the real DynamoDB client, with a counter of
// items written and an optional failure after N BatchWriteItem calls.
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { type Embedded, startEmbedded } from "../../../core/store/embedded.ts";
import { openStore, type Store } from "../../../core/store/index.ts";
import type { DepthBounds } from "../../../core/store/projection.ts";

export interface Harness {
  store: Store;
  embedded: Embedded;
  /** Items sent in PutItem / BatchWriteItem / UpdateItem requests since the last reset. */
  writes: { items: number; batches: number };
  failAfterBatches(n: number | undefined): void;
  scan(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export const FIXED_NOW = () => new Date("2026-06-01T00:00:00.000Z");

export async function harness(
  options: { retentionDays?: number; depths?: DepthBounds } = {},
): Promise<Harness> {
  const embedded = await startEmbedded(undefined, "aimscan");
  const writes = { items: 0, batches: 0 };
  let failAfter: number | undefined;
  embedded.client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { RequestItems?: Record<string, unknown[]> };
      if (context.commandName === "BatchWriteItemCommand") {
        if (failAfter !== undefined && writes.batches >= failAfter) throw new Error("injected failure");
        writes.batches += 1;
        writes.items += Object.values(input.RequestItems ?? {}).reduce((n, l) => n + l.length, 0);
      }
      if (context.commandName === "PutItemCommand" || context.commandName === "UpdateItemCommand")
        writes.items += 1;
      return next(args);
    },
    { step: "initialize", name: "countWrites" },
  );
  const store = await openStore(
    { type: "memory" },
    { client: embedded.client, tableName: "aimscan", now: FIXED_NOW, ...options },
  );
  return {
    store,
    embedded,
    writes,
    failAfterBatches(n) {
      failAfter = n;
      writes.batches = 0;
    },
    async scan() {
      const items: Record<string, unknown>[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const out = await embedded.client.send(
          new ScanCommand({ TableName: "aimscan", ExclusiveStartKey: start }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
      return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
    },
    close: () => embedded.close(),
  };
}

export function resetWrites(h: Harness) {
  h.writes.items = 0;
  h.writes.batches = 0;
}

/** Counts the queries of a layout-2 state partition (`S#<h>`) `h` sends, from now on. */
export function countStateQueries(h: Harness): { queries: number } {
  const counter = { queries: 0 };
  h.embedded.client.middlewareStack.add(
    (next, context) => async (args) => {
      const values = (args.input as { ExpressionAttributeValues?: Record<string, unknown> })
        .ExpressionAttributeValues;
      if (context.commandName === "QueryCommand" && String(values?.[":p"]).startsWith("S#"))
        counter.queries++;
      return next(args);
    },
    { step: "initialize", name: "countStateQueries" },
  );
  return counter;
}
