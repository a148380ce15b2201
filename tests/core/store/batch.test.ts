import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchPut, UnprocessedItemsError } from "../../../core/store/batch.ts";
import { type Embedded, startEmbedded } from "../../../core/store/embedded.ts";

let db: Embedded;
let calls: number[];
/** How many requests of each BatchWriteItem call dynalite should "not process" (simulated throttling). */
let refuse: (call: number, size: number) => number;

beforeEach(async () => {
  db = await startEmbedded(undefined, "tbl");
  calls = [];
  refuse = () => 0;
  db.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "BatchWriteItemCommand") return next(args);
      const input = args.input as { RequestItems: Record<string, unknown[]> };
      const all = input.RequestItems.tbl!;
      calls.push(all.length);
      const keep = all.length - refuse(calls.length, all.length);
      // A request with nothing left to send is never made: refuse it whole, as a throttled table would.
      const out =
        keep > 0
          ? await next({ ...args, input: { ...input, RequestItems: { tbl: all.slice(0, keep) } } })
          : { output: { $metadata: {} }, response: {} };
      const left = all.slice(keep);
      (out.output as { UnprocessedItems?: unknown }).UnprocessedItems = left.length ? { tbl: left } : {};
      return out;
    },
    { step: "initialize", name: "throttle" },
  );
});
afterEach(async () => {
  await db.close();
});

const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ pk: "P", sk: String(i).padStart(3, "0") }));

/** Items under pk P, every page (a page stops at 1 MB read). */
async function count(): Promise<number> {
  const { QueryCommand } = await import("@aws-sdk/lib-dynamodb");
  let n = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.client.send(
      new QueryCommand({
        TableName: "tbl",
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": "P" },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    n += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return n;
}

describe("batchPut", () => {
  it("writes in batches of 25", async () => {
    expect(await batchPut(db.client, "tbl", items(60))).toBe(60);
    expect([...calls].sort((a, b) => a - b)).toEqual([10, 25, 25]);
    expect(await count()).toBe(60);
  });

  it("ends a batch of large binary items at about a megabyte, and still writes every one", async () => {
    const big = items(7).map((i) => ({ ...i, data: new Uint8Array(300_000) }));
    expect(
      await batchPut(db.client, "tbl", [...big, ...items(30).map((i) => ({ ...i, sk: `s${i.sk}` }))]),
    ).toBe(37);
    // 300 KB each: three to a batch (900 KB), the small items filling the last one up to 25.
    expect(calls).toEqual([3, 3, 25, 6]);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(37);
    expect(await count()).toBe(37);
  });

  it("retries unprocessed items until every one is written", async () => {
    refuse = (call, size) => (call <= 2 ? size - 5 : 0);
    await batchPut(db.client, "tbl", items(25), { concurrency: 1, baseDelayMs: 1 });
    expect(calls).toEqual([25, 20, 15]);
    expect(await count()).toBe(25);
  });

  it("gives up with UnprocessedItemsError when items stay unprocessed", async () => {
    refuse = (_call, size) => size;
    await expect(
      batchPut(db.client, "tbl", items(3), { maxAttempts: 3, baseDelayMs: 1 }),
    ).rejects.toBeInstanceOf(UnprocessedItemsError);
    expect(calls).toEqual([3, 3, 3]);
  });
});

describe("batchPut with repeated keys", () => {
  it("sends each key once, the last write winning", async () => {
    const { GetCommand } = await import("@aws-sdk/lib-dynamodb");
    const twice = [...items(3), { pk: "P", sk: "000", v: "last" }];
    expect(await batchPut(db.client, "tbl", twice)).toBe(3);
    const got = await db.client.send(new GetCommand({ TableName: "tbl", Key: { pk: "P", sk: "000" } }));
    expect(got.Item?.v).toBe("last");
  });
});
