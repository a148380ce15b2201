// The state's depth (projection.ts chunkDepth): 256 chunks for a small estate, 4096 for a large
// one, and every version regrouped, once, on the night the estate crosses a bound. The bounds are
// lowered here so that ~60 assets cross them; a reference store with the default bounds (depth 2
// throughout at this size) writes the same nights, and every answer a reader can get must match.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chunkOf } from "../../../core/store/projection.ts";
import { decodeIndex, STATE_INDEX_OWNER, STATE_INDEX_SK } from "../../../core/store/state-index.ts";
import { runPk } from "../../../core/store/table.ts";
import { answers as answersOf, completeNight } from "./answers.ts";
import { asset, night, nightlyEstate } from "./fixtures.ts";
import { countStateQueries, type Harness, harness, resetWrites } from "./harness.ts";

const DEPTHS = { deepenAt: 50, shallowUnder: 30 };

let h: Harness;
let reference: Harness;
beforeEach(async () => {
  h = await harness({ depths: DEPTHS });
  reference = await harness();
});
afterEach(async () => {
  await h.close();
  await reference.close();
});

const complete = (target: Harness, n: number, size: number) =>
  completeNight(target, n, nightlyEstate(n, size));
const ASSETS = ["ep-00", "ep-03", "ep-25", "ep-41", "ep-55", "ep-58"].map(
  (name) => asset(name, Number(name.slice(3)) % 2 ? "eu-west-1" : "us-east-1").id,
);
const answers = (target: Harness, runs: number[]) =>
  answersOf(target, runs, { assetsAsSet: true, assets: ASSETS });

/** The chunk names the latest listing of `runId`'s state names. */
async function listedChunks(target: Harness, runId: string): Promise<string[]> {
  const items = await target.scan();
  const run = items.find((i) => i.pk === runPk(runId) && i.sk === "RUN")!;
  const owner = run[STATE_INDEX_OWNER] as string;
  const listing = items.find((i) => i.pk === runPk(owner) && i.sk === STATE_INDEX_SK);
  return [...new Set(decodeIndex(listing)!.map((m) => m.chunk))].sort();
}

describe("the state's depth", () => {
  it("goes to 4096 chunks as the estate grows, back to 256 as it shrinks, and answers as one that never changed", async () => {
    // [night, estate size]: 40 assets (depth 2), 60 (over 50: 3), quiet, a change, 45 (still 3:
    // above 30), 20 (under 30: 2), quiet.
    const nights = [
      [1, 40],
      [2, 60],
      [3, 60],
      [4, 60],
      [5, 45],
      [6, 20],
      [7, 20],
    ] as const;
    const depths: number[] = [];
    const done: number[] = [];
    for (const [n, size] of nights) {
      const mine = await complete(h, n, size);
      const theirs = await complete(reference, n, size);
      expect({ ...mine, written: 0 }).toEqual({ ...theirs, written: 0 });
      done.push(n);
      const chunks = await listedChunks(h, night(n).runId);
      expect(new Set(chunks.map((c) => c.length)).size).toBe(1);
      depths.push(chunks[0]!.length);
      // Each asset's versions are in the chunk its hash names at that depth.
      const estate = nightlyEstate(n, size);
      for (const a of estate.assets)
        expect(chunks).toContain(chunkOf({ assetId: a.id, identity: "" }, chunks[0]!.length));
      expect(await answers(h, done)).toEqual(await answers(reference, done));
    }
    expect(depths).toEqual([2, 3, 3, 3, 3, 2, 2]);
  });

  it("at 4096 chunks, a quiet night reads no chunk and writes only its run item and coverage", async () => {
    const estate = nightlyEstate(2, 60);
    const queries = countStateQueries(h);
    for (const n of [2, 3]) {
      queries.queries = 0;
      resetWrites(h);
      const done = await completeNight(h, n, estate);
      if (n === 3) {
        expect(done.written).toBe(1 + estate.report.coverage.length);
        expect(queries.queries).toBe(0);
      }
    }
    expect((await listedChunks(h, night(3).runId))[0]).toHaveLength(3);
  });
});
