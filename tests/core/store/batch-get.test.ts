// batchGet against dynalite through the real client: a group whose items outweigh one response
// (dynalite cuts at ~1.4 MB, DynamoDB at 16 MB) is read whole however many answers it takes, and
// only answers that return nothing (throttling) count against the attempts.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchPut, UnprocessedItemsError } from "../../../core/store/batch.ts";
import { batchGet } from "../../../core/store/batch-get.ts";
import { type Embedded, startEmbedded } from "../../../core/store/embedded.ts";

let db: Embedded;
let answers: number;
/** Whether dynalite's answer to BatchGetItem call n should be replaced by "nothing processed". */
let throttle: (call: number) => boolean;

beforeEach(async () => {
  db = await startEmbedded(undefined, "tbl");
  answers = 0;
  throttle = () => false;
  db.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "BatchGetItemCommand") return next(args);
      answers += 1;
      if (!throttle(answers)) return next(args);
      const input = args.input as { RequestItems: Record<string, { Keys: unknown[] }> };
      return {
        output: { $metadata: {}, Responses: { tbl: [] }, UnprocessedKeys: input.RequestItems },
        response: {},
      };
    },
    { step: "initialize", name: "throttle" },
  );
});
afterEach(async () => {
  await db.close();
});

const keys = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ pk: "P", sk: String(i).padStart(3, "0") }));

describe("batchGet", () => {
  it("reads a group of 30 items of 300 KB whole, though each answer holds only a few", async () => {
    const blob = new Uint8Array(300_000).fill(7);
    await batchPut(
      db.client,
      "tbl",
      keys(30).map((k) => ({ ...k, data: blob })),
    );
    const found = await batchGet(db.client, "tbl", keys(30), { maxAttempts: 2 });
    expect(found.map((i) => i.sk).sort()).toEqual(keys(30).map((k) => k.sk));
    expect(found.every((i) => (i.data as Uint8Array).length === 300_000)).toBe(true);
    // More answers than the attempts allowed: none of them was a failure.
    expect(answers).toBeGreaterThan(2);
  });

  it("backs off after answers that return nothing, and gives up after maxAttempts of them", async () => {
    await batchPut(db.client, "tbl", keys(10));
    throttle = (n) => n <= 2;
    expect(await batchGet(db.client, "tbl", keys(10), { maxAttempts: 3, baseDelayMs: 1 })).toHaveLength(10);
    answers = 0;
    throttle = () => true;
    await expect(batchGet(db.client, "tbl", keys(10), { maxAttempts: 3, baseDelayMs: 1 })).rejects.toThrow(
      UnprocessedItemsError,
    );
    expect(answers).toBe(3);
  });
});
