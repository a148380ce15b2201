// Expiry of what the current state is made of: chunk items and listings live twice the retention,
// and a copy that still counts at half the retention's age is written again, so that nothing the
// latest run's listing or report index names expires within one and a half retentions after that
// run (its own record lives one), however long the estate stays unchanged.
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPORT_INDEX_OWNER, REPORT_INDEX_SK, readReportIndex } from "../../../core/store/report-index.ts";
import { decodeIndex, STATE_INDEX_OWNER, STATE_INDEX_SK } from "../../../core/store/state-index.ts";
import { expiresAt, runPk } from "../../../core/store/table.ts";
import { night, nightlyEstate } from "./fixtures.ts";
import { type Harness, harness, resetWrites } from "./harness.ts";

const RETENTION = 4;
let h: Harness;
beforeEach(async () => {
  h = await harness({ retentionDays: RETENTION });
});
afterEach(async () => {
  await h.close();
});

const get = async (pk: string, sk: string) =>
  (await h.embedded.client.send(new GetCommand({ TableName: "aimscan", Key: { pk, sk } }))).Item;

/** Every item the run's listing and report index name, with the listing item itself. */
async function named(runId: string) {
  const run = (await get(runPk(runId), "RUN"))!;
  const owner = run[STATE_INDEX_OWNER] as string;
  const listing = (await get(runPk(owner), STATE_INDEX_SK))!;
  const keys = decodeIndex(listing)!.map((m) => [m.pk, m.sk] as const);
  const index = (await readReportIndex(h.embedded.client, "aimscan", run))!;
  keys.push([runPk(run[REPORT_INDEX_OWNER] as string), REPORT_INDEX_SK]);
  for (const [chunk, [at, parts]] of Object.entries(index.chunks))
    for (let i = 0; i < parts; i++)
      keys.push([runPk(index.runs[at]![0]), `REP#${chunk}#${String(i).padStart(3, "0")}`]);
  return [listing, ...(await Promise.all(keys.map(([pk, sk]) => get(pk, sk))))];
}

describe("retention of the current state", () => {
  it("writes again what still counts at half the retention's age, so none of it expires while nights run", async () => {
    const estate = nightlyEstate(1);
    const written: number[] = [];
    for (let n = 1; n <= 9; n++) {
      resetWrites(h);
      await h.store.startRun(night(n));
      const done = await h.store.completeRun(
        night(n).runId,
        { ...estate.report, runId: night(n).runId },
        estate.assets,
      );
      written.push(done.written);
      const items = await named(night(n).runId);
      // Everything is there, and outlives tonight's run record by half a retention.
      expect(items.every((i) => i !== undefined)).toBe(true);
      const bound = expiresAt(night(n).startedAt, RETENTION * 1.5);
      expect(Math.min(...items.map((i) => i!.expiresAt as number))).toBeGreaterThanOrEqual(bound);
      expect(await h.store.getReport("latest")).toEqual(done.report);
    }
    // Quiet nights write the run item and its coverage, and every RETENTION / 2 nights or so the
    // chunks again (nights are a day apart).
    const quiet = 1 + estate.report.coverage.length;
    expect(written.slice(1).filter((w) => w > quiet).length).toBeGreaterThanOrEqual(2);
    expect(written.slice(1, RETENTION / 2)).toEqual(Array(RETENTION / 2 - 1).fill(quiet));
  });
});
