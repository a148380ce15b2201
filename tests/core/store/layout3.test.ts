// A store of layout 3 (every chunk of 256 under the run that wrote it, the report's index in the
// run item): layout3-store.json is every item of such a table after three nights of nightlyEstate
// and a fourth run that started and never completed, as aimscan 96a1e09 wrote it. This aimscan
// reads it as it was; its next night writes the index apart (layout 4) with no migration, or, past
// the depth bound, regroups the state into 4096 chunks; every answer stays what a store written
// by this aimscan from the start gives.
import { afterEach, describe, expect, it } from "vitest";
import { batchPut } from "../../../core/store/batch.ts";
import type { DepthBounds } from "../../../core/store/projection.ts";
import { decodeIndex, STATE_INDEX_OWNER, STATE_INDEX_SK } from "../../../core/store/state-index.ts";
import { runPk } from "../../../core/store/table.ts";
import { answers as answersOf, completeNight, fixtureItems } from "./answers.ts";
import { night, nightlyEstate } from "./fixtures.ts";
import { countStateQueries, type Harness, harness, resetWrites } from "./harness.ts";

const FIXTURE = new URL("./layout3-store.json", import.meta.url);

let opened: Harness[] = [];
afterEach(async () => {
  await Promise.all(opened.map((h) => h.close()));
  opened = [];
});

/** The fixture's store, and the same three nights (and the run left running) written here. */
async function stores(depths?: DepthBounds) {
  const h = await harness(depths ? { depths } : {});
  await batchPut(h.embedded.client, "aimscan", fixtureItems(FIXTURE));
  const reference = await harness();
  opened.push(h, reference);
  for (let n = 1; n <= 3; n++) await complete(reference, n);
  await reference.store.startRun(night(4));
  return { h, reference };
}

const complete = completeNight;
const answers = (target: Harness, runs: number[]) => answersOf(target, runs, { assetsAsSet: true });

async function depthAfter(target: Harness, n: number): Promise<number> {
  const items = await target.scan();
  const run = items.find((i) => i.pk === runPk(night(n).runId) && i.sk === "RUN")!;
  const listing = items.find(
    (i) => i.pk === runPk(run[STATE_INDEX_OWNER] as string) && i.sk === STATE_INDEX_SK,
  );
  return decodeIndex(listing)![0]!.chunk.length;
}

describe("a store of layout 3", () => {
  it("reads as the same nights written by this aimscan, before any new night", async () => {
    const { h, reference } = await stores();
    expect(await answers(h, [1, 2, 3])).toEqual(await answers(reference, [1, 2, 3]));
    expect((await h.store.getRun(night(4).runId))?.status).toBe("running");
  });

  it("goes on at 256 chunks without a migration: the next night writes its index apart, a quiet one after it only its run item", async () => {
    const { h, reference } = await stores();
    const queries = countStateQueries(h);
    const mine = await complete(h, 5);
    expect({ ...mine, written: 0 }).toEqual({ ...(await complete(reference, 5)), written: 0 });
    expect(queries.queries).toBe(0);
    expect(await depthAfter(h, 5)).toBe(2);
    resetWrites(h);
    const quiet = await complete(h, 6, nightlyEstate(5));
    expect(quiet.written).toBe(1 + 2);
    expect(quiet).toEqual(await complete(reference, 6, nightlyEstate(5)));
    expect(await answers(h, [1, 2, 3, 5, 6])).toEqual(await answers(reference, [1, 2, 3, 5, 6]));
  });

  it("regroups into 4096 chunks on the night the estate passes the bound, and answers the same", async () => {
    const { h, reference } = await stores({ deepenAt: 50, shallowUnder: 30 });
    const mine = await complete(h, 5);
    expect({ ...mine, written: 0 }).toEqual({ ...(await complete(reference, 5)), written: 0 });
    expect(await depthAfter(h, 5)).toBe(3);
    const seventh = await complete(h, 7);
    expect({ ...seventh, written: 0 }).toEqual({ ...(await complete(reference, 7)), written: 0 });
    expect(await answers(h, [1, 2, 3, 5, 7])).toEqual(await answers(reference, [1, 2, 3, 5, 7]));
  });
});
