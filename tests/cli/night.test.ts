// runNight stores shard coverage as the scan goes, not only at the end, and holds the lean heap
// (core/lean-heap.ts) from before the scan builds the snapshot.
import { expect, it, vi } from "vitest";
import { leanNights } from "../../core/lean-heap.ts";
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

it("holds the lean heap from the scan on, since V8 applies it only from its next collection, and lets it go after", async () => {
  const w = await world();
  try {
    const during: number[] = [];
    const original = w.store.recordCoverage.bind(w.store);
    // Coverage is recorded while shards finish: that is, while the snapshot is being built.
    vi.spyOn(w.store, "recordCoverage").mockImplementation(async (runId, coverage) => {
      during.push(leanNights());
      return original(runId, coverage);
    });
    expect(leanNights()).toBe(0);
    await w.night();
    expect(during.length).toBeGreaterThan(1);
    expect(during.every((n) => n > 0)).toBe(true);
    expect(leanNights()).toBe(0);
  } finally {
    await w.close();
  }
});
