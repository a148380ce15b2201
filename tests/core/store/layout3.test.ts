// A store of layout 3 (every chunk of 256 under the run that wrote it, the report's index in the
// run item): layout3-store.json is every item of such a table after three nights of nightlyEstate
// and a fourth run that started and never completed, as aimscan 96a1e09 wrote it. This aimscan
// reads it as it was; its next night writes the index apart (layout 4) with no migration, or, past
// the depth bound, regroups the state into 4096 chunks; every answer stays what a store written
// by this aimscan from the start gives.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { DriftItem } from "../../../core/model.ts";
import { batchPut } from "../../../core/store/batch.ts";
import type { DepthBounds } from "../../../core/store/projection.ts";
import { decodeIndex, STATE_INDEX_OWNER, STATE_INDEX_SK } from "../../../core/store/state-index.ts";
import { runPk } from "../../../core/store/table.ts";
import { asset, night, nightlyEstate } from "./fixtures.ts";
import { countStateQueries, type Harness, harness, resetWrites } from "./harness.ts";

const FIXTURE = new URL("./layout3-store.json", import.meta.url);

function fixtureItems(): Array<Record<string, unknown>> {
  return JSON.parse(readFileSync(FIXTURE, "utf8"), (_k, v) =>
    v !== null && typeof v === "object" && typeof v.$b64 === "string"
      ? new Uint8Array(Buffer.from(v.$b64, "base64"))
      : v,
  );
}

let opened: Harness[] = [];
afterEach(async () => {
  await Promise.all(opened.map((h) => h.close()));
  opened = [];
});

/** The fixture's store, and the same three nights (and the run left running) written here. */
async function stores(depths?: DepthBounds) {
  const h = await harness(depths ? { depths } : {});
  await batchPut(h.embedded.client, "aimscan", fixtureItems());
  const reference = await harness();
  opened.push(h, reference);
  for (let n = 1; n <= 3; n++) await complete(reference, n);
  await reference.store.startRun(night(4));
  return { h, reference };
}

async function complete(target: Harness, n: number, estate = nightlyEstate(n)) {
  await target.store.startRun(night(n));
  return target.store.completeRun(night(n).runId, { ...estate.report, runId: night(n).runId }, estate.assets);
}

const ASSETS = ["ep-00", "ep-03", "ep-56", "ep-57", "ep-58"].map(
  (name) => asset(name, Number(name.slice(3)) % 2 ? "eu-west-1" : "us-east-1").id,
);
const STATUSES: DriftItem["status"][] = ["undeclared", "missing", "matched"];

/** Everything a reader can ask of the store, through the public Store interface. */
async function answers(target: Harness, runs: number[]) {
  const out: Record<string, unknown> = {};
  for (const n of runs) {
    out[`report ${n}`] = await target.store.getReport(night(n).runId);
    // In chunk order, which a change of depth changes: compared as a set.
    out[`assets ${n}`] = (await target.store.assetsAt(night(n).runId))?.sort((a, b) =>
      a.id < b.id ? -1 : 1,
    );
    out[`run ${n}`] = await target.store.getRun(night(n).runId);
  }
  for (const id of ASSETS) out[`history ${id}`] = await target.store.assetHistory(id);
  for (const s of STATUSES) out[`open ${s}`] = await target.store.openDrift(s);
  out.latest = await target.store.getReport("latest");
  return JSON.parse(JSON.stringify(out));
}

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
