// A digest larger than DynamoDB's 400 KB item limit (a first night of a large estate: thousands of
// undeclared assets) is stored in parts and read back whole; small digests stay inline as before.
// Real DynamoDB client against dynalite, which enforces the item size limit as DynamoDB does.
import { randomBytes } from "node:crypto";
import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, harness } from "./harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

/** A digest of about `bytes` characters of JSON that gzip cannot shrink much (random ids). */
function bigDigest(runId: string, bytes: number) {
  const entries = Array.from({ length: Math.ceil(bytes / 120) }, (_, i) => ({
    kind: "undeclared",
    assetId: `aws:sagemaker:endpoint/${randomBytes(24).toString("base64url")}`,
    n: i,
  }));
  return { runId, empty: false, new: entries };
}

const entry = (runId: string, digest: unknown) => ({
  runId,
  startedAt: `2026-06-0${runId.slice(-1)}T02:00:00.000Z`,
  digest,
  pending: ["slack", "eventbridge"],
});

describe("outbox digests over the item size limit", () => {
  it("stores a 2 MB digest in parts and reads it back whole", async () => {
    const digest = bigDigest("night-1", 2_000_000);
    await h.store.outbox.put(entry("night-1", digest));
    const [back] = await h.store.outbox.pending();
    expect(back?.digest).toEqual(digest);
    expect(back?.pending).toEqual(["slack", "eventbridge"]);
    const items = await h.scan();
    // Gzip of random ids is over 350 KB: more than one part, each under the limit.
    const parts = items.filter((i) => i.type === "outbox-part");
    expect(parts.length).toBeGreaterThan(1);
    expect(items.filter((i) => i.type === "outbox")).toHaveLength(1);
  });

  it("reads the redo's digest when a redo of the same run wrote a shorter one", async () => {
    await h.store.outbox.put(entry("night-1", bigDigest("night-1", 2_000_000)));
    const redo = bigDigest("night-1", 800_000);
    await h.store.outbox.put(entry("night-1", redo));
    const [back] = await h.store.outbox.pending();
    expect(back?.digest).toEqual(redo);
  });

  it("keeps a small digest inline, as earlier versions wrote it", async () => {
    const digest = { runId: "night-2", empty: false, new: [{ kind: "undeclared", assetId: "x" }] };
    await h.store.outbox.put(entry("night-2", digest));
    const items = await h.scan();
    expect(items.find((i) => i.type === "outbox")?.digest).toBe(JSON.stringify(digest));
    expect(items.some((i) => i.type === "outbox-part")).toBe(false);
  });

  it("refuses to mix parts that are not the entry's", async () => {
    await h.store.outbox.put(entry("night-3", bigDigest("night-3", 1_000_000)));
    const part = (await h.scan()).find((i) => i.type === "outbox-part" && i.sk === "0000")!;
    await h.embedded.client.send(
      new PutCommand({ TableName: "aimscan", Item: { ...part, data: randomBytes(1000) } }),
    );
    await expect(h.store.outbox.pending()).rejects.toThrow(/do not match the entry/);
  });

  it("a sink's delivery leaves only the entries still pending, parts read only for those", async () => {
    await h.store.outbox.put(entry("night-4", bigDigest("night-4", 1_000_000)));
    const [e] = await h.store.outbox.pending();
    await h.store.outbox.record(e!, ["slack", "eventbridge"]);
    expect(await h.store.outbox.pending()).toEqual([]);
    const scanned = await h.embedded.client.send(new ScanCommand({ TableName: "aimscan" }));
    expect(scanned.Items?.some((i) => i.type === "outbox-part")).toBe(true);
  });
});
