// Chunk fingerprints: a chunk whose content tonight is what its current copy was written with is
// neither read nor written, and the night reports exactly what the full comparison (every chunk
// decoded and compared) reports, through changes, vanished assets and failed scans; a copy written
// before fingerprints is read as before and rewritten once.
import { PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Asset, DriftReport } from "../../../core/model.ts";
import { decodeIndex, indexItem } from "../../../core/store/state-index.ts";
import type { CompletedRun } from "../../../core/store/types.ts";
import { asset, coverage, failing, matched, missing, night, report, undeclared } from "./fixtures.ts";
import { type Harness, harness, resetWrites } from "./harness.ts";

let h: Harness;
/** State chunk parts whose bytes were read (BatchGetItem) since the last reset. */
let bytesRead: Set<string>;
beforeEach(async () => {
  h = await harness();
  bytesRead = new Set();
  h.embedded.client.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      if (context.commandName === "BatchGetItemCommand" || context.commandName === "BatchGetCommand") {
        const found = (out.output as { Responses?: Record<string, Array<Record<string, unknown>>> })
          .Responses;
        // A run's chunk item is read for its state alone (`state`); its sk names the chunk.
        for (const i of Object.values(found ?? {}).flat())
          if (i.state !== undefined) bytesRead.add(String(i.sk).split("#")[1]!);
      }
      return out;
    },
    { step: "initialize", name: "countBytes" },
  );
});
afterEach(async () => {
  await h.close();
});

const ok = [coverage("us-east-1"), coverage("eu-west-1")];

/** 40 assets; `change` renames one, `drop` leaves one out, `failed` fails eu-west-1's scan. */
function estate(o: { change?: number; drop?: number; failed?: boolean } = {}) {
  const assets: Asset[] = [];
  for (let i = 0; i < 40; i++) {
    if (i === o.drop) continue;
    const a = asset(`ep-${String(i).padStart(2, "0")}`, i % 2 ? "eu-west-1" : "us-east-1");
    if (o.failed && a.region === "eu-west-1") continue;
    assets.push(i === o.change ? { ...a, tags: { renamed: "yes" } } : a);
  }
  const items = [
    ...assets.map((a, i) => (i % 3 === 0 ? undeclared(a) : matched(a))),
    missing("arn:aws:sagemaker:us-east-1:111122223333:endpoint/gone"),
  ];
  const results = assets.map((a, i) => failing(a, "kms-required", i % 4 === 0 ? "fail" : "pass"));
  const cov = o.failed ? [ok[0]!, coverage("eu-west-1", "error")] : ok;
  return { assets, report: report(items, cov, results, assets.length) };
}

/**
 * Every state copy's fingerprint set to `value` (undefined: removed, as an older aimscan wrote it),
 * in the copies and in the listings (which hold them too, and are what a night reads).
 */
async function setFingerprints(target: Harness, value: string | undefined) {
  const client = target.embedded.client;
  for (const i of await target.scan()) {
    if (i.type === "state-index") {
      const listing = decodeIndex(i)!.map(({ fingerprint: _f, ...m }) =>
        value === undefined ? m : { ...m, fingerprint: value },
      );
      const run = { runId: String(i.pk).slice("RUN#".length), startedAt: "2026-03-01T00:00:00.000Z" };
      await client.send(new PutCommand({ TableName: "aimscan", Item: indexItem(run, listing, 400)! }));
    } else if (typeof i.chunk === "string")
      await client.send(
        new UpdateCommand({
          TableName: "aimscan",
          Key: { pk: i.pk, sk: i.sk },
          ...(value === undefined
            ? { UpdateExpression: "REMOVE fingerprint" }
            : { UpdateExpression: "SET fingerprint = :f", ExpressionAttributeValues: { ":f": value } }),
        }),
      );
  }
}

async function complete(target: Harness, n: number, e: { assets: Asset[]; report: DriftReport }) {
  await target.store.startRun(night(n));
  return target.store.completeRun(night(n).runId, { ...e.report, runId: night(n).runId }, e.assets);
}

const outcome = (d: CompletedRun) => ({ ...d, written: undefined });

describe("chunk fingerprints", () => {
  it("reads no chunk's bytes on a quiet night, and only the changed chunk's after one change", async () => {
    await complete(h, 1, estate());
    bytesRead.clear();
    resetWrites(h);
    const quiet = await complete(h, 2, estate());
    expect(bytesRead.size).toBe(0);
    expect(quiet.written).toBe(1 + ok.length);
    bytesRead.clear();
    await complete(h, 3, estate({ change: 5 }));
    expect(bytesRead.size).toBe(1);
  });

  it("reports exactly what comparing every chunk reports, night after night", async () => {
    // The reference never matches a fingerprint: every chunk decoded and compared, as before.
    const reference = await harness();
    try {
      const nights = [
        estate(),
        estate(),
        estate({ change: 3 }),
        estate({ change: 3, drop: 8 }),
        estate({ change: 3, drop: 8, failed: true }),
        estate({ change: 3, drop: 8, failed: true }),
        estate({ change: 3, drop: 8 }),
        estate({ change: 3, drop: 8 }),
        estate(),
      ];
      for (const [i, e] of nights.entries()) {
        await setFingerprints(reference, "");
        const mine = await complete(h, i + 1, e);
        const theirs = await complete(reference, i + 1, e);
        expect(outcome(mine)).toEqual(outcome(theirs));
        expect(await h.store.getReport("latest")).toEqual(mine.report);
      }
      for (let n = 1; n <= nights.length; n++) {
        const id = night(n).runId;
        expect(await h.store.assetsAt(id)).toEqual(await reference.store.assetsAt(id));
        expect(await h.store.getReport(id)).toEqual(await reference.store.getReport(id));
      }
      const id = asset("ep-08").id;
      expect(await h.store.assetHistory(id)).toEqual(await reference.store.assetHistory(id));
      expect(await h.store.openDrift("undeclared")).toEqual(await reference.store.openDrift("undeclared"));
    } finally {
      await reference.close();
    }
  });

  it("rewrites a copy written before fingerprints once, then a quiet night writes none", async () => {
    await complete(h, 1, estate());
    await setFingerprints(h, undefined);
    const chunks = new Set((await h.scan()).filter((i) => typeof i.chunk === "string").map((i) => i.chunk));
    resetWrites(h);
    const first = await complete(h, 2, estate());
    expect(first.written).toBeGreaterThanOrEqual(1 + ok.length + chunks.size);
    expect(bytesRead.size).toBe(chunks.size);
    bytesRead.clear();
    resetWrites(h);
    const second = await complete(h, 3, estate());
    expect(second.written).toBe(1 + ok.length);
    expect(bytesRead.size).toBe(0);
    expect(second.report.items).toEqual(first.report.items);
  });
});
