import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Asset } from "../../../core/model.ts";
import { asset, coverage, failing, matched, night, report, undeclared } from "./fixtures.ts";
import { type Harness, harness, resetWrites } from "./harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const cov = [coverage("us-east-1"), coverage("eu-west-1")];

/** 120 assets: a third undeclared, the rest matched; every fifth fails a policy. */
function estate(change: (a: Asset, i: number) => Asset = (a) => a) {
  const assets = Array.from({ length: 120 }, (_, i) =>
    change(asset(`ep-${String(i).padStart(3, "0")}`, i % 2 ? "eu-west-1" : "us-east-1"), i),
  );
  const items = assets.map((a, i) => (i % 3 === 0 ? undeclared(a) : matched(a)));
  const results = assets.map((a, i) => failing(a, "kms-required", i % 5 === 0 ? "fail" : "pass"));
  return { assets, report: report(items, cov, results) };
}

async function completeNight(n: number, e: ReturnType<typeof estate>) {
  await h.store.startRun(night(n));
  return h.store.completeRun(night(n).runId, e.report, e.assets);
}

describe("writes", () => {
  it("writes nothing but the run summary and coverage on a quiet night", async () => {
    await completeNight(1, estate());
    await h.store.startRun(night(2));
    resetWrites(h);
    const quiet = await h.store.completeRun(night(2).runId, estate().report, estate().assets);
    expect(quiet.written).toBe(1 + cov.length);
    expect(h.writes.items).toBe(1 + cov.length);
    expect(quiet.newItems).toEqual([]);
    expect(quiet.resolvedItems).toEqual([]);
  });

  it("writes only the versions of what changed", async () => {
    await completeNight(1, estate());
    const changed = estate((a, i) => (i === 7 ? { ...a, attributes: { instanceType: "ml.g5.xlarge" } } : a));
    await h.store.startRun(night(2));
    resetWrites(h);
    const done = await h.store.completeRun(night(2).runId, changed.report, changed.assets);
    // The asset's state version closes (one history item) and its chunk gets a new copy (one item
    // with the chunk's report); its drift item and policy result did not change. The state's new
    // listing is one item, the report's new index one, the run item another.
    expect(done.written).toBe(1 + 1 + 1 + 1 + cov.length + 1);
  });

  it("converges to the unbroken state when a run killed mid-write is run again with the same id", async () => {
    const before = estate();
    const after = estate((a, i) => (i % 10 === 0 ? { ...a, tags: { owner: "new" } } : a));
    after.report.items = after.report.items.slice(0, 100); // some drift resolves
    after.report.policyResults = after.report.policyResults.map((r, i) =>
      i % 4 === 0 ? { ...r, status: "fail" } : r,
    );

    const unbroken = await harness();
    try {
      for (const [n, e] of [
        [1, before],
        [2, after],
      ] as const) {
        await unbroken.store.startRun(night(n));
        await unbroken.store.completeRun(night(n).runId, e.report, e.assets);
      }

      await completeNight(1, before);
      await h.store.startRun(night(2));
      h.failAfterBatches(1);
      await expect(h.store.completeRun(night(2).runId, after.report, after.assets)).rejects.toThrow(
        "injected",
      );
      expect((await h.store.getRun(night(2).runId))?.status).toBe("running");
      await h.store.failRun(night(2).runId, "killed");
      h.failAfterBatches(undefined);
      const retried = await h.store.completeRun(night(2).runId, after.report, after.assets);

      expect(await h.scan()).toEqual(await unbroken.scan());
      expect(retried.report).toEqual(await unbroken.store.getReport(night(2).runId));
    } finally {
      await unbroken.close();
    }
  });

  it("writes nothing more once a chunk write has failed, though the next chunks were being planned", async () => {
    await completeNight(1, estate());
    const after = estate((a) => ({ ...a, tags: { owner: "x" } }));
    await h.store.startRun(night(2));
    h.failAfterBatches(3);
    await expect(h.store.completeRun(night(2).runId, after.report, after.assets)).rejects.toThrow("injected");
    const sent = h.writes.batches;
    // Chunk writes overlap the next chunks' planning: any still in flight ended before the throw.
    await new Promise((r) => setTimeout(r, 100));
    expect(h.writes.batches).toBe(sent);
    expect((await h.store.getRun(night(2).runId))?.status).toBe("running");
  });

  it("ignores what a half-written failed run left behind", async () => {
    const before = estate();
    const after = estate((a) => ({ ...a, tags: { owner: "x" } }));
    await completeNight(1, before);
    await h.store.startRun(night(2));
    h.failAfterBatches(2);
    await expect(h.store.completeRun(night(2).runId, after.report, after.assets)).rejects.toThrow("injected");
    await h.store.failRun(night(2).runId, "killed");
    h.failAfterBatches(undefined);

    const third = await completeNight(3, before);
    expect(third.newItems).toEqual([]);
    // the next completed run deletes what the failed one left behind
    expect((await h.scan()).filter((i) => i.openedRun === night(2).runId)).toEqual([]);
    expect(await h.store.getReport(night(1).runId)).toEqual({
      ...third.report,
      runId: night(1).runId,
      items: third.report.items.map((i) => ({ ...i, delta: "new" })),
      policyResults: third.report.policyResults.map((r) =>
        r.status === "fail" ? { ...r, delta: "new" } : r,
      ),
    });
    // the open index shows each undeclared item once, from night 1
    const open = await h.store.openDrift("undeclared");
    expect(open).toHaveLength(40);
    expect(new Set(open.map((o) => o.firstSeen.runId))).toEqual(new Set([night(1).runId]));
  });

  it("keeps treating versions as current after the run that opened them has expired", async () => {
    await completeNight(1, estate());
    await completeNight(2, estate());
    // TTL removed night 1's run record (retention passed); its versions are still the current state.
    await h.embedded.client.send(
      new DeleteCommand({ TableName: "aimscan", Key: { pk: "RUN#night-001", sk: "RUN" } }),
    );
    await h.store.startRun(night(3));
    resetWrites(h);
    const quiet = await h.store.completeRun(night(3).runId, estate().report, estate().assets);
    expect(quiet.newItems).toEqual([]);
    expect(quiet.written).toBe(1 + cov.length);
  });
});
