// The stored report body: every run's report reads back from it as completeRun returned it and as
// the rebuild from versions gives it; a quiet night points at the previous copies instead of
// writing any; one change rewrites one chunk; a run without a body (an older aimscan's, or one
// whose copy is gone) is rebuilt.
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Asset, DriftReport } from "../../../core/model.ts";
import { runItemKey } from "../../../core/store/reader.ts";
import { asset, coverage, failing, matched, missing, night, report, undeclared } from "./fixtures.ts";
import { type Harness, harness, resetWrites } from "./harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

/**
 * Night n of 60 assets: asset n renamed, asset 59-n gone, a shortfall item that flips, failures
 * that move, one whose asset vanishes; on night 4 eu-west-1 fails to scan (its items and results are carried with a reason).
 */
function estate(n: number) {
  const cov = [coverage("us-east-1"), coverage("eu-west-1", n === 4 ? "error" : "ok")];
  const assets: Asset[] = [];
  for (let i = 0; i < 60; i++) {
    if (i === 59 - n) continue;
    const a = asset(`ep-${String(i).padStart(2, "0")}`, i % 2 ? "eu-west-1" : "us-east-1");
    if (n === 4 && a.region === "eu-west-1") continue;
    assets.push(i === n ? { ...a, tags: { night: String(n) } } : a);
  }
  const items = [
    ...assets.map((a, i) => (i % 4 === 0 ? undeclared(a) : matched(a))),
    missing(`arn:aws:sagemaker:us-east-1:111122223333:endpoint/gone-${n % 2}`),
  ];
  // The asset that vanishes tomorrow fails tonight: tomorrow lists it in resolvedPolicyResults.
  const results = assets.map((a) => {
    const i = Number(a.name.slice(3));
    return failing(a, "kms-required", (i + n) % 5 === 0 || i === 58 - n ? "fail" : "pass");
  });
  return { assets, report: report(items, cov, results, assets.length) };
}

async function complete(n: number, e = estate(n)) {
  await h.store.startRun(night(n));
  return h.store.completeRun(night(n).runId, { ...e.report, runId: night(n).runId }, e.assets);
}

const reportItems = async () => (await h.scan()).filter((i) => i.type === "report");

describe("stored report body", () => {
  it("reads every night back as completeRun returned it, and as the rebuild from versions gives it", async () => {
    const returned: DriftReport[] = [];
    for (let n = 1; n <= 6; n++) returned.push((await complete(n)).report);
    expect(returned.some((r) => r.items.some((i) => i.delta === "resolved"))).toBe(true);
    expect(returned[3]!.items.some((i) => i.reason?.startsWith("not rescanned"))).toBe(true);
    expect(returned.some((r) => (r.resolvedPolicyResults ?? []).length > 0)).toBe(true);
    for (const [i, r] of returned.entries()) {
      const stored = await h.store.getReport(night(i + 1).runId);
      // Byte for byte, keys in the order the night returned them.
      expect(JSON.stringify(stored)).toBe(JSON.stringify(r));
    }
    // The same reports rebuilt: the run items lose their index, as an older aimscan wrote them.
    for (let n = 1; n <= 6; n++)
      await h.embedded.client.send(
        new UpdateCommand({
          TableName: "aimscan",
          Key: runItemKey(night(n).runId),
          UpdateExpression: "REMOVE reportIndex, reportBody",
        }),
      );
    // Night 4's carried results are the exception: the rebuild cannot tell a carried result from
    // a current one (both are open versions), so it loses their `reason`; the stored body keeps it.
    for (const [i, r] of returned.entries()) {
      const rebuilt = await h.store.getReport(night(i + 1).runId);
      if (i + 1 !== 4) expect(rebuilt).toEqual(r);
      else
        expect(rebuilt).toEqual({
          ...r,
          policyResults: r.policyResults!.map(({ reason: _r, ...rest }) => rest),
        });
    }
  });

  it("writes no report item on a quiet night, and one chunk for one changed asset", async () => {
    const first = estate(1);
    await complete(1, first);
    const written = (await reportItems()).length;
    expect(written).toBeGreaterThan(1);
    // Night 2 and 3 see the same estate: every item is ongoing, which night 1's copies already say.
    for (const n of [2, 3]) {
      resetWrites(h);
      const done = await complete(n, first);
      expect(done.written).toBe(1 + first.report.coverage.length);
      expect(await h.store.getReport(night(n).runId)).toEqual(done.report);
    }
    expect((await reportItems()).length).toBe(written);
    // Night 4: one asset turns undeclared: its chunk is written, no other.
    const changed = { ...first, report: { ...first.report, items: [...first.report.items] } };
    const k = changed.report.items.findIndex((i) => i.status === "matched");
    changed.report.items[k] = undeclared(
      first.assets.find((a) => a.id === changed.report.items[k]!.assetId)!,
    );
    const done = await complete(4, changed);
    const mine = (await reportItems()).filter((i) => i.pk === `RUN#${night(4).runId}`);
    expect(new Set(mine.map((i) => (i.sk as string).split("#")[1]))).toEqual(
      new Set([(mine[0]!.sk as string).split("#")[1]]),
    );
    expect(await h.store.getReport(night(4).runId)).toEqual(done.report);
  });

  it("rewrites the chunks whose items a failed scan carries, though their state did not change", async () => {
    // Night 2 fails eu-west-1: its items and results are carried (with a reason) and no state
    // chunk changes; night 3 scans it again: the same state, the reasons gone.
    const first = estate(1);
    const eu = (a: { assetId?: string | undefined }) => a.assetId?.includes(":eu-west-1:") === true;
    const failed = {
      assets: first.assets.filter((a) => a.region !== "eu-west-1"),
      report: {
        ...first.report,
        items: first.report.items.filter((i) => !eu(i)),
        policyResults: first.report.policyResults!.filter((r) => !eu(r)),
        coverage: [coverage("us-east-1"), coverage("eu-west-1", "error")],
      },
    };
    const returned = [(await complete(1, first)).report, (await complete(2, failed)).report];
    returned.push((await complete(3, first)).report);
    expect(returned[1]!.items.some((i) => i.reason !== undefined)).toBe(true);
    expect(returned[2]!.items.some((i) => i.reason !== undefined)).toBe(false);
    for (const [i, r] of returned.entries())
      expect(JSON.stringify(await h.store.getReport(night(i + 1).runId))).toBe(JSON.stringify(r));
  });

  it("rebuilds a report whose stored copy is not the one its index names", async () => {
    const returned: DriftReport[] = [];
    for (let n = 1; n <= 3; n++) returned.push((await complete(n)).report);
    const part = (await reportItems()).find((i) => i.pk === `RUN#${night(3).runId}`)!;
    // Its digest no longer the index's (a chunk item also holds the state, so it is not deleted).
    await h.embedded.client.send(
      new UpdateCommand({
        TableName: "aimscan",
        Key: { pk: part.pk, sk: part.sk },
        UpdateExpression: "SET digest = :d",
        ExpressionAttributeValues: { ":d": "not-the-index-digest" },
      }),
    );
    expect(await h.store.getReport(night(3).runId)).toEqual(returned[2]);
  });
});
