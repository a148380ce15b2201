import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RunAlreadyExists, UnknownRun } from "../../../core/store/index.ts";
import { asset, coverage, failing, matched, night, report, undeclared } from "./fixtures.ts";
import { type Harness, harness, resetWrites } from "./harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const east = [coverage("us-east-1")];

describe("runs", () => {
  it("refuses a run id written twice", async () => {
    await h.store.startRun(night(1));
    await expect(h.store.startRun(night(1))).rejects.toBeInstanceOf(RunAlreadyExists);
  });

  it("records coverage as shards finish and keeps it with the completed report", async () => {
    const n = night(1);
    await h.store.startRun(n);
    await h.store.recordCoverage(n.runId, [coverage("us-east-1"), coverage("eu-west-1", "error")]);
    const done = await h.store.completeRun(
      n.runId,
      report([], [coverage("us-east-1"), coverage("eu-west-1", "error")]),
      [],
    );
    expect(done.written).toBe(1); // coverage already stored: only the run summary
    expect(await h.store.getRun(n.runId)).toMatchObject({
      status: "completed",
      coverage: { ok: 1, error: 1, skipped: 0 },
    });
    expect((await h.store.getReport(n.runId))!.coverage.map((c) => c.region)).toEqual([
      "eu-west-1",
      "us-east-1",
    ]);
  });

  it("keeps a failed run, marked failed, and never uses it as the previous run", async () => {
    const [a, b] = [asset("a"), asset("b")];
    await h.store.startRun(night(1));
    await h.store.completeRun(night(1).runId, report([undeclared(a)], east), [a]);
    await h.store.startRun(night(2));
    await h.store.failRun(night(2).runId, "scan crashed");
    await h.store.startRun(night(3));
    const third = await h.store.completeRun(night(3).runId, report([undeclared(a), undeclared(b)], east), [
      a,
      b,
    ]);

    expect(await h.store.getRun(night(2).runId)).toMatchObject({ status: "failed", error: "scan crashed" });
    expect((await h.store.previousCompletedRun(night(3).runId))?.runId).toBe(night(1).runId);
    expect(third.newItems.map((i) => i.assetId)).toEqual([b.id]);
    expect((await h.store.getRun("latest"))?.runId).toBe(night(3).runId);
  });

  it("lists runs newest first with their counts", async () => {
    const a = asset("a");
    await h.store.startRun(night(1));
    await h.store.completeRun(night(1).runId, report([undeclared(a)], east), [a]);
    await h.store.startRun(night(2));
    await h.store.completeRun(night(2).runId, report([], east), []);
    await h.store.startRun(night(3));
    const runs = await h.store.listRuns(10);
    expect(runs.map((r) => [r.runId, r.status, r.newCount, r.resolvedCount])).toEqual([
      [night(3).runId, "running", undefined, undefined],
      [night(2).runId, "completed", 0, 1],
      [night(1).runId, "completed", 1, 0],
    ]);
    expect((await h.store.listRuns(1)).map((r) => r.runId)).toEqual([night(3).runId]);
  });

  it("does not turn a completed run into a failed one, and refuses unknown ids", async () => {
    await h.store.startRun(night(1));
    await h.store.completeRun(night(1).runId, report([], east), []);
    await h.store.failRun(night(1).runId, "late");
    expect((await h.store.getRun(night(1).runId))?.status).toBe("completed");
    await expect(h.store.failRun("nope", "x")).rejects.toBeInstanceOf(UnknownRun);
    await expect(h.store.completeRun("nope", report([], east), [])).rejects.toBeInstanceOf(UnknownRun);
  });

  it("stores the evidence manifest hash on the run", async () => {
    await h.store.startRun(night(1));
    await h.store.setManifestHash(night(1).runId, "ab".repeat(32));
    expect((await h.store.getRun(night(1).runId))?.manifestHash).toBe("ab".repeat(32));
  });

  it("reads back a past report exactly as completeRun returned it", async () => {
    const [a, b, c] = [asset("a"), asset("b"), asset("c", "eu-west-1")];
    const cov = [coverage("us-east-1"), coverage("eu-west-1")];
    await h.store.startRun(night(1));
    const first = await h.store.completeRun(
      night(1).runId,
      report([matched(a), undeclared(b), undeclared(c)], cov, [failing(a), failing(b)]),
      [a, b, c],
    );
    await h.store.startRun(night(2));
    const covFailed = [coverage("us-east-1"), coverage("eu-west-1", "error")];
    const second = await h.store.completeRun(
      night(2).runId,
      report([matched(a)], covFailed, [failing(a, "kms-required", "pass")]),
      [a],
    );
    expect(await h.store.getReport(night(1).runId)).toEqual(first.report);
    expect(await h.store.getReport("latest")).toEqual(second.report);
    // b resolved (its region was scanned ok); c carried (its region failed). Sorted by id: eu- < us-.
    expect(second.report.items.map((i) => [i.assetId?.split("/")[1], i.status, i.delta])).toEqual([
      ["a", "matched", "ongoing"],
      ["c", "undeclared", "ongoing"],
      ["b", "undeclared", "resolved"],
    ]);
    expect(second.report.summary).toMatchObject({ matched: 1, undeclared: 1 });
    expect(second.resolvedPolicyFailures.map((r) => r.assetId)).toEqual([a.id, b.id]);
  });

  it("returns no report for a run that did not complete", async () => {
    await h.store.startRun(night(1));
    expect(await h.store.getReport(night(1).runId)).toBeUndefined();
    expect(await h.store.getReport("latest")).toBeUndefined();
  });

  it("never double-counts across consecutive runs", async () => {
    const items = [asset("a"), asset("b")];
    for (const n of [1, 2, 3]) {
      await h.store.startRun(night(n));
      resetWrites(h);
      const done = await h.store.completeRun(
        night(n).runId,
        report(
          items.map((i) => undeclared(i)),
          east,
        ),
        items,
      );
      expect(done.report.summary.undeclared).toBe(2);
      expect(done.newItems).toHaveLength(n === 1 ? 2 : 0);
    }
  });
});
