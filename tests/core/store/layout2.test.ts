// A store the previous layout wrote (state in two slots per chunk under the state partitions,
// report bodies apart): layout2-store.json is every item of such a table after three nights of
// nightlyEstate and a fourth run that started and never completed, as aimscan 70d1dff wrote it.
// This aimscan reads it as it was, migrates it on the next night (every chunk written again under
// that run, the state partitions deleted once it has completed), and keeps its whole history.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { batchPut } from "../../../core/store/batch.ts";
import { answers, completeNight, fixtureItems } from "./answers.ts";
import { night, nightlyEstate } from "./fixtures.ts";
import { countStateQueries, type Harness, harness, resetWrites } from "./harness.ts";

const FIXTURE = new URL("./layout2-store.json", import.meta.url);

let h: Harness;
let reference: Harness;
let state: { queries: number };
beforeEach(async () => {
  h = await harness();
  await batchPut(h.embedded.client, "aimscan", fixtureItems(FIXTURE));
  state = countStateQueries(h);
  // The same nights written by this aimscan from the start.
  reference = await harness();
  for (let n = 1; n <= 3; n++) await complete(reference, n);
  await reference.store.startRun(night(4));
});
afterEach(async () => {
  await h.close();
  await reference.close();
});

const complete = completeNight;

describe("a store of layout 2", () => {
  it("reads as the same nights written by this aimscan, before any new night", async () => {
    expect(await answers(h, [1, 2, 3])).toEqual(await answers(reference, [1, 2, 3]));
    expect((await h.store.getRun(night(4).runId))?.status).toBe("running");
  });

  it("migrates on the next night, keeps every answer, and deletes its state partitions", async () => {
    const slots = (await h.scan()).filter((i) => String(i.pk).startsWith("S#"));
    expect(slots.length).toBeGreaterThan(0);
    const mine = await complete(h, 5);
    const theirs = await complete(reference, 5);
    expect({ ...mine, written: 0 }).toEqual({ ...theirs, written: 0 });
    expect(state.queries).toBeGreaterThan(0);
    expect((await h.scan()).filter((i) => String(i.pk).startsWith("S#"))).toEqual([]);
    expect(await answers(h, [1, 2, 3, 5])).toEqual(await answers(reference, [1, 2, 3, 5]));

    // The night after is this layout's: no state partition read, and a quiet night writes only
    // the run item and its coverage.
    state.queries = 0;
    resetWrites(h);
    const quiet = await complete(h, 6, nightlyEstate(5));
    expect(state.queries).toBe(0);
    expect(quiet.written).toBe(1 + 2);
    expect(quiet).toEqual(await complete(reference, 6, nightlyEstate(5)));
    const seventh = await complete(h, 7);
    expect({ ...seventh, written: 0 }).toEqual({ ...(await complete(reference, 7)), written: 0 });
    expect(await answers(h, [1, 2, 3, 5, 6, 7])).toEqual(await answers(reference, [1, 2, 3, 5, 6, 7]));
  });
});
