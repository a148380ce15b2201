import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../../core/store/index.ts";
import { asset, coverage, failing, matched, missing, night, report, undeclared } from "./fixtures.ts";
import { type Harness, harness } from "./harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const east = [coverage("us-east-1")];

describe("asset history", () => {
  it("keeps first seen, last changed and last seen across nights", async () => {
    const a = asset("a");
    const a2 = { ...a, attributes: { instanceType: "ml.g5.xlarge" } };
    const nights = [
      [1, [a]],
      [2, [a]],
      [3, [a2]],
      [4, [a2]],
      [5, []],
    ] as const;
    for (const [n, assets] of nights) {
      await h.store.startRun(night(n));
      const items = assets.map((x) => undeclared(x));
      await h.store.completeRun(
        night(n).runId,
        report(
          items,
          east,
          assets.map((x) => failing(x)),
        ),
        [...assets],
      );
    }
    const history = await h.store.assetHistory(a.id);
    expect(history).toMatchObject({
      present: false,
      asset: a2,
      firstSeen: { runId: night(1).runId },
      lastChanged: { runId: night(3).runId },
      lastSeen: { runId: night(4).runId },
    });
    const events = history.events.map(
      (e) => `${e.runId} ${e.kind} ${e.change}${e.status ? ` ${e.status}` : ""}`,
    );
    expect(events).toEqual([
      "night-001 asset opened",
      "night-001 drift opened undeclared",
      "night-001 policy opened fail",
      "night-003 asset closed",
      "night-003 asset opened",
      "night-005 asset closed",
      "night-005 drift closed undeclared",
      "night-005 policy closed fail",
    ]);
  });

  it("reports a present asset as last seen in the latest completed run", async () => {
    const a = asset("a");
    for (const n of [1, 2]) {
      await h.store.startRun(night(n));
      await h.store.completeRun(night(n).runId, report([matched(a)], east), [a]);
    }
    expect(await h.store.assetHistory(a.id)).toMatchObject({
      present: true,
      firstSeen: { runId: night(1).runId },
      lastChanged: { runId: night(1).runId },
      lastSeen: { runId: night(2).runId },
    });
  });
});

describe("open drift index", () => {
  it("lists open drift of one status with the run that first saw it, and drops it once resolved", async () => {
    const id = asset("declared-but-gone").id;
    await h.store.startRun(night(1));
    await h.store.completeRun(night(1).runId, report([missing(id)], east), []);
    await h.store.startRun(night(2));
    await h.store.completeRun(night(2).runId, report([missing(id, "fraud", "unverified")], east), []);
    expect(await h.store.openDrift("missing")).toEqual([]);
    const open = await h.store.openDrift("unverified");
    expect(open.map((o) => [o.assetId, o.firstSeen.runId])).toEqual([[id, night(1).runId]]);

    await h.store.startRun(night(3));
    await h.store.completeRun(night(3).runId, report([], east), []);
    expect(await h.store.openDrift("unverified")).toEqual([]);
  });
});

describe("embedded store on disk", () => {
  it("keeps history across a close and reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-store-"));
    try {
      const a = asset("a");
      const first = await openStore({ type: "embedded", path: dir });
      await first.startRun(night(1));
      await first.completeRun(night(1).runId, report([undeclared(a)], east), [a]);
      await first.close();

      const again = await openStore({ type: "embedded", path: dir });
      try {
        expect((await again.getRun("latest"))?.runId).toBe(night(1).runId);
        await again.startRun(night(2));
        const second = await again.completeRun(night(2).runId, report([undeclared(a)], east), [a]);
        expect(second.report.items.map((i) => i.delta)).toEqual(["ongoing"]);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
