// The state's listing (state-index.ts): after every completed night it names, of each chunk, the
// copy that counts; a night reads it and queries no state partition, after a failed run and on a
// redo too (no run overwrites another's copies), and reports as a store that never failed; a night
// whose listing is gone or unreadable stops before it writes anything rather than guess.
import { DeleteCommand, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Asset } from "../../../core/model.ts";
import {
  decodeIndex,
  indexItem,
  metaOf,
  STATE_INDEX_OWNER,
  STATE_INDEX_SK,
  type StateItemMeta,
} from "../../../core/store/state-index.ts";
import { runPk } from "../../../core/store/table.ts";
import { asset, coverage, failing, matched, night, report, undeclared } from "./fixtures.ts";
import { countStateQueries, type Harness, harness } from "./harness.ts";

let h: Harness;
/** Queries of a state partition since the last reset. */
let state: { queries: number };
beforeEach(async () => {
  h = await harness();
  state = countStateQueries(h);
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

/**
 * What the listing must name, from the table alone: of each chunk, every part of the newest copy
 * (the state items: those with a chunk) that a completed run wrote.
 */
async function stateItems(target: Harness): Promise<StateItemMeta[]> {
  const items = await target.scan();
  const completed = new Set(
    items.filter((i) => i.type === "run" && i.status === "completed").map((i) => i.runId),
  );
  const copies = items.filter((i) => typeof i.chunk === "string" && completed.has(i.run)).map(metaOf);
  const newest = new Map<string, string>();
  for (const c of copies) if ((newest.get(c.chunk) ?? "") < c.runKey) newest.set(c.chunk, c.runKey);
  return copies.filter((c) => newest.get(c.chunk) === c.runKey).sort(byKey);
}

describe("state listing", () => {
  it("lists the copy that counts of each chunk after every night: changes, vanished assets, a failed run, a redo", async () => {
    await complete(h, 1, estate());
    expect(await listingOf(h, 1)).toEqual(await stateItems(h));
    await complete(h, 2, estate({ change: 5 }));
    expect(await listingOf(h, 2)).toEqual(await stateItems(h));
    await complete(h, 3, estate({ change: 5 }));
    expect(await listingOf(h, 3)).toEqual(await stateItems(h));

    // Night 4 dies after three batches (chunk copies among them); night 5 never counts them.
    await h.store.startRun(night(4));
    h.failAfterBatches(3);
    const broken = estate({ change: 2, drop: 7 });
    await expect(h.store.completeRun(night(4).runId, broken.report, broken.assets)).rejects.toThrow(
      "injected",
    );
    await h.store.failRun(night(4).runId, "killed");
    h.failAfterBatches(undefined);
    await complete(h, 5, estate({ drop: 7 }));
    const listed5 = await listingOf(h, 5);
    expect(listed5?.filter((i) => i.run === night(4).runId)).toEqual([]);
    expect(listed5).toEqual(await stateItems(h));

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
    state.queries = 0;
    const quiet = await complete(h, 3, estate({ change: 4 }));
    expect(state.queries).toBe(0);
    expect(quiet.written).toBe(1 + cov.length);
    const run3 = await h.embedded.client.send(
      new GetCommand({ TableName: "aimscan", Key: { pk: runPk(night(3).runId), sk: "RUN" } }),
    );
    expect(run3.Item?.[STATE_INDEX_OWNER]).toBe(night(2).runId);
    expect(run3.Item?.stateWritten).toBeUndefined();
  });

  it("reads the listing after a run that did not complete and on a redo, and reports as if neither had failed", async () => {
    const reference = await harness();
    try {
      await complete(h, 1, estate());
      await complete(reference, 1, estate());
      await h.store.startRun(night(2));
      await h.store.failRun(night(2).runId, "scan failed");
      state.queries = 0;
      const third = await complete(h, 3, estate({ change: 2 }));
      expect(state.queries).toBe(0);
      expect(third).toEqual(await complete(reference, 3, estate({ change: 2 })));

      await h.store.startRun(night(4));
      h.failAfterBatches(3);
      const fourth = estate({ change: 3, drop: 5 });
      await expect(h.store.completeRun(night(4).runId, fourth.report, fourth.assets)).rejects.toThrow(
        "injected",
      );
      h.failAfterBatches(undefined);
      const redo = await h.store.completeRun(night(4).runId, fourth.report, fourth.assets);
      expect(state.queries).toBe(0);
      const theirs = await complete(reference, 4, fourth);
      expect({ ...redo, written: 0 }).toEqual({ ...theirs, written: 0 });
      for (const n of [1, 3, 4]) {
        expect(await h.store.getReport(night(n).runId)).toEqual(
          await reference.store.getReport(night(n).runId),
        );
        expect(await h.store.assetsAt(night(n).runId)).toEqual(
          await reference.store.assetsAt(night(n).runId),
        );
      }
      expect(await listingOf(h, 4)).toEqual(await stateItems(h));
    } finally {
      await reference.close();
    }
  });

  it("refuses to complete a night whose state listing is gone or unreadable, and writes nothing", async () => {
    for (const damage of ["gone", "garbled"] as const) {
      const store = await harness();
      try {
        await complete(store, 1, estate());
        await complete(store, 2, estate({ change: 2 }));
        const Key = { pk: runPk((await listingOwner(store, 2)) as string), sk: STATE_INDEX_SK };
        await store.embedded.client.send(
          damage === "gone"
            ? new DeleteCommand({ TableName: "aimscan", Key })
            : new UpdateCommand({
                TableName: "aimscan",
                Key,
                UpdateExpression: "SET #d = :d",
                ExpressionAttributeNames: { "#d": "data" },
                ExpressionAttributeValues: { ":d": new Uint8Array([1, 2, 3]) },
              }),
        );
        await store.store.startRun(night(3));
        const before = await store.scan();
        const e = estate({ change: 3 });
        await expect(store.store.completeRun(night(3).runId, e.report, e.assets)).rejects.toThrow(
          /state listing of run night-002 is missing or unreadable/,
        );
        expect(await store.scan()).toEqual(before);
      } finally {
        await store.close();
      }
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
});
