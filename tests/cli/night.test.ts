// runNight stores shard coverage as the scan goes, not only at the end.
import { expect, it, vi } from "vitest";
import { world } from "../resilience/world.ts";

it("records shard coverage in batches while the scan runs, every shard exactly once", async () => {
  const w = await world();
  try {
    const calls: number[] = [];
    const recorded: string[] = [];
    const original = w.store.recordCoverage.bind(w.store);
    vi.spyOn(w.store, "recordCoverage").mockImplementation(async (runId, coverage) => {
      calls.push(coverage.length);
      recorded.push(...coverage.map((c) => `${c.provider}/${c.account}/${c.region}/${c.service}`));
      return original(runId, coverage);
    });
    const night = await w.night();
    expect(calls.length).toBeGreaterThan(1);
    expect(recorded.sort()).toEqual(
      night.snapshot.coverage.map((c) => `${c.provider}/${c.account}/${c.region}/${c.service}`).sort(),
    );
  } finally {
    await w.close();
  }
});
