// The state's listing (state-index.ts): after every completed night it lists exactly the state
// items the table holds; a night trusts it (and queries no state partition) only when nothing can
// have written state since it was made, and otherwise, or when it is missing or unreadable,
// queries as before and reports what a store without listings reports.
import { DeleteCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Asset } from "../../../core/model.ts";
import {
  decodeIndex,
  indexItem,
  listingAfter,
  metaOf,
  STATE_INDEX_OWNER,
  STATE_INDEX_SK,
  type StateItemMeta,
} from "../../../core/store/state-index.ts";
import { runPk } from "../../../core/store/table.ts";
import { asset, coverage, failing, matched, night, report, undeclared } from "./fixtures.ts";
import { type Harness, harness } from "./harness.ts";

let h: Harness;
/** Queries of a state partition since the last reset. */
let stateQueries = 0;
beforeEach(async () => {
  h = await harness();
  stateQueries = 0;
  h.embedded.client.middlewareStack.add(
    (next, context) => async (args) => {
      const values = (args.input as { ExpressionAttributeValues?: Record<string, unknown> })
        .ExpressionAttributeValues;
      if (context.commandName === "QueryCommand" && String(values?.[":p"]).startsWith("S#")) stateQueries++;
      return next(args);
    },
    { step: "initialize", name: "countStateQueries" },
  );
});
afterEach(async () => {
  await h.close();
});

const cov = [coverage("us-east-1"), coverage("eu-west-1")];

/** 60 assets; `change` retags every n-th, `drop` leaves out every n-th. */
function estate(o: { change?: number; drop?: number } = {}) {
  const assets: Asset[] = [];
  for (let i = 0; i < 60; i++) {
    if (o.drop && i % o.drop === 0) continue;
    const a = asset(`ep-${String(i).padStart(2, "0")}`, i % 2 ? "eu-west-1" : "us-east-1");
    assets.push(o.change && i % o.change === 0 ? { ...a, tags: { owner: `team-${o.change}` } } : a);
  }
  const items = assets.map((a, i) => (i % 3 === 0 ? undeclared(a) : matched(a)));
  const results = assets.map((a, i) => failing(a, "kms-required", i % 4 === 0 ? "fail" : "pass"));
  return { assets, report: report(items, cov, results) };
}

async function complete(target: Harness, n: number, e: ReturnType<typeof estate>) {
  await target.store.startRun(night(n));
  return target.store.completeRun(night(n).runId, { ...e.report, runId: night(n).runId }, e.assets);
}

const byKey = (a: StateItemMeta, b: StateItemMeta) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`);

/** The listing the run item of night `n` points at. */
async function listingOf(target: Harness, n: number): Promise<StateItemMeta[] | undefined> {
  const run = await target.embedded.client.send(
    new GetCommand({ TableName: "aimscan", Key: { pk: runPk(night(n).runId), sk: "RUN" } }),
  );
  const owner = run.Item?.[STATE_INDEX_OWNER] as string | undefined;
  if (owner === undefined) return undefined;
  const item = await target.embedded.client.send(
    new GetCommand({ TableName: "aimscan", Key: { pk: runPk(owner), sk: STATE_INDEX_SK } }),
  );
  return decodeIndex(item.Item)?.sort(byKey);
}

async function stateItems(target: Harness): Promise<StateItemMeta[]> {
  return (await target.scan())
    .filter((i) => i.type === "state")
    .map(metaOf)
    .sort(byKey);
}

describe("state listing", () => {
  it("lists exactly the state items after every night: changes, vanished assets, a failed run, a redo", async () => {
    await complete(h, 1, estate());
    expect(await listingOf(h, 1)).toEqual(await stateItems(h));
    await complete(h, 2, estate({ change: 5 }));
    expect(await listingOf(h, 2)).toEqual(await stateItems(h));
    await complete(h, 3, estate({ change: 5 }));
    expect(await listingOf(h, 3)).toEqual(await stateItems(h));

    // Night 4 dies after three batches (chunk copies among them); night 5 cleans up after it.
    await h.store.startRun(night(4));
    h.failAfterBatches(3);
    const broken = estate({ change: 2, drop: 7 });
    await expect(h.store.completeRun(night(4).runId, broken.report, broken.assets)).rejects.toThrow(
      "injected",
    );
    await h.store.failRun(night(4).runId, "killed");
    h.failAfterBatches(undefined);
    await complete(h, 5, estate({ drop: 7 }));
    const after5 = await stateItems(h);
    expect(after5.filter((i) => i.run === night(4).runId)).toEqual([]);
    expect(await listingOf(h, 5)).toEqual(after5);

    // Night 6 dies mid-write and is run again under its id.
    await h.store.startRun(night(6));
    h.failAfterBatches(3);
    const sixth = estate({ change: 3 });
    await expect(h.store.completeRun(night(6).runId, sixth.report, sixth.assets)).rejects.toThrow("injected");
    h.failAfterBatches(undefined);
    await h.store.completeRun(night(6).runId, sixth.report, sixth.assets);
    expect(await listingOf(h, 6)).toEqual(await stateItems(h));
  });

  it("reads one listing and no state partition on a quiet night, and points at that listing", async () => {
    await complete(h, 1, estate());
    await complete(h, 2, estate({ change: 4 }));
    stateQueries = 0;
    const quiet = await complete(h, 3, estate({ change: 4 }));
    expect(stateQueries).toBe(0);
    expect(quiet.written).toBe(1 + cov.length);
    const run3 = await h.embedded.client.send(
      new GetCommand({ TableName: "aimscan", Key: { pk: runPk(night(3).runId), sk: "RUN" } }),
    );
    expect(run3.Item?.[STATE_INDEX_OWNER]).toBe(night(2).runId);
    expect(run3.Item?.stateWritten).toBeUndefined();
  });

  it("queries the partitions after a run that did not complete, and on the redo of one that wrote state", async () => {
    await complete(h, 1, estate());
    await h.store.startRun(night(2));
    await h.store.failRun(night(2).runId, "scan failed");
    stateQueries = 0;
    await complete(h, 3, estate({ change: 2 }));
    expect(stateQueries).toBeGreaterThan(0);

    await h.store.startRun(night(4));
    h.failAfterBatches(3);
    const fourth = estate({ change: 3 });
    await expect(h.store.completeRun(night(4).runId, fourth.report, fourth.assets)).rejects.toThrow(
      "injected",
    );
    h.failAfterBatches(undefined);
    stateQueries = 0;
    await h.store.completeRun(night(4).runId, fourth.report, fourth.assets);
    expect(stateQueries).toBeGreaterThan(0);
  });

  it("queries when the listing is gone or unreadable, and reports what a store without listings reports", async () => {
    const reference = await harness();
    try {
      const nights = [estate(), estate({ change: 2 }), estate({ change: 2, drop: 9 }), estate()];
      for (const [i, e] of nights.entries()) {
        // The reference never has a listing to read: every night queries.
        for (const item of (await reference.scan()).filter((x) => x.type === "state-index"))
          await reference.embedded.client.send(
            new DeleteCommand({ TableName: "aimscan", Key: { pk: item.pk, sk: item.sk } }),
          );
        // Here the previous night's listing is deleted (night 3) or garbled (night 4).
        if (i >= 2) {
          const owner = (await listingOwner(h, i)) as string;
          const Key = { pk: runPk(owner), sk: STATE_INDEX_SK };
          await h.embedded.client.send(
            i === 2
              ? new DeleteCommand({ TableName: "aimscan", Key })
              : new UpdateCommand({
                  TableName: "aimscan",
                  Key,
                  UpdateExpression: "SET #d = :d",
                  ExpressionAttributeNames: { "#d": "data" },
                  ExpressionAttributeValues: { ":d": new Uint8Array([1, 2, 3]) },
                }),
          );
        }
        stateQueries = 0;
        const mine = await complete(h, i + 1, e);
        const theirs = await complete(reference, i + 1, e);
        if (i >= 2) expect(stateQueries).toBeGreaterThan(0);
        expect({ ...mine, written: 0 }).toEqual({ ...theirs, written: 0 });
        expect(await stateItems(h)).toEqual(await stateItems(reference));
        expect(await listingOf(h, i + 1)).toEqual(await stateItems(h));
      }
    } finally {
      await reference.close();
    }
  });
});

async function listingOwner(target: Harness, n: number): Promise<unknown> {
  const run = await target.embedded.client.send(
    new GetCommand({ TableName: "aimscan", Key: { pk: runPk(night(n).runId), sk: "RUN" } }),
  );
  return run.Item?.[STATE_INDEX_OWNER];
}

describe("listing items", () => {
  const meta = (sk: string, run: string, part = 0, parts = 1, fingerprint?: string): StateItemMeta => ({
    pk: `S#${sk[0]}`,
    sk,
    chunk: sk.split("#")[0]!,
    run,
    runKey: `2026-01-0${run.length}T00:00:00.000Z#${run}`,
    part,
    parts,
    ...(fingerprint ? { fingerprint } : {}),
  });
  const ref = { runId: "r2", startedAt: "2026-01-02T00:00:00.000Z" };

  it("reads back what it lists, in key order, fingerprints and incomplete copies included", () => {
    const listing = [
      meta("f3#1#001", "r22", 1, 3),
      meta("0a#0#000", "r1", 0, 1, "abc"),
      meta("f3#1#000", "r22", 0, 3),
    ];
    expect(decodeIndex(indexItem(ref, listing, 30))).toEqual([...listing].sort(byKey));
  });

  it("is not read when its bytes, format or count are not its own", () => {
    const item = indexItem(ref, [meta("0a#0#000", "r1")], 30)!;
    expect(decodeIndex({ ...item, data: new Uint8Array([31, 139, 0]) })).toBeUndefined();
    expect(decodeIndex({ ...item, items: 2 })).toBeUndefined();
    expect(decodeIndex({ ...item, data: "text" })).toBeUndefined();
    expect(decodeIndex(undefined)).toBeUndefined();
  });

  it("puts a run's writes over what it read and drops what it deleted", () => {
    const before = [meta("0a#0#000", "r1"), meta("0a#1#000", "r0"), meta("0a#1#001", "r0", 1, 2)];
    const put = meta("0a#1#000", "r2");
    expect(listingAfter(before, [put], [{ pk: "S#0", sk: "0a#1#001" }])).toEqual([before[0], put]);
  });
});
