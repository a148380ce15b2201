import { afterEach, describe, expect, it, vi } from "vitest";
import { progressLine, progressReporter } from "../../cli/progress.ts";

afterEach(() => {
  vi.useRealTimers();
});

const sink = (isTTY: boolean) => {
  const lines: string[] = [];
  return { isTTY, lines, write: (text: string) => lines.push(text) };
};

describe("scan progress", () => {
  it("says shards, assets, errors and an ETA from the pace so far", () => {
    expect(progressLine({ done: 30, total: 120, assets: 400, errors: 1 }, 10_000)).toBe(
      "scanning: 30/120 shards, 400 assets, 1 errors, ETA 30 s",
    );
    expect(progressLine({ done: 1, total: 200, assets: 0, errors: 0 }, 5_000)).toBe(
      "scanning: 1/200 shards, 0 assets, 0 errors, ETA 16 min 35 s",
    );
    expect(progressLine({ done: 0, total: 5, assets: 0, errors: 0 }, 5_000)).toBe(
      "scanning: 0/5 shards, 0 assets, 0 errors",
    );
  });

  it("when stderr is not a terminal, prints one line per interval (only if something changed) and a last one", () => {
    vi.useFakeTimers();
    const out = sink(false);
    const progress = progressReporter({ stream: out, intervalMs: 10_000, now: () => Date.now() });
    for (let done = 1; done <= 50; done++) progress.update({ done, total: 100, assets: done * 2, errors: 0 });
    expect(out.lines).toEqual([]);
    vi.advanceTimersByTime(10_000);
    expect(out.lines).toEqual(["scanning: 50/100 shards, 100 assets, 0 errors, ETA 10 s\n"]);
    vi.advanceTimersByTime(20_000);
    expect(out.lines).toHaveLength(1);
    progress.update({ done: 100, total: 100, assets: 200, errors: 2 });
    progress.end();
    expect(out.lines[1]).toBe("scanning: 100/100 shards, 200 assets, 2 errors\n");
    vi.advanceTimersByTime(20_000);
    expect(out.lines).toHaveLength(2);
  });

  it("on a terminal, rewrites one line in place and ends it", () => {
    const out = sink(true);
    const progress = progressReporter({ stream: out, now: () => 0 });
    progress.update({ done: 1, total: 2, assets: 3, errors: 0 });
    progress.end();
    expect(out.lines).toEqual(["\rscanning: 1/2 shards, 3 assets, 0 errors, ETA 0 s\x1b[K", "\n"]);
  });
});
