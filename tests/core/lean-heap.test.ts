// The night's heap setting: set once for the nights in flight, put back when the last one ends
// (also when it throws), and never over a value the user chose on the command line.
import { describe, expect, it } from "vitest";
import { NIGHT_HEAP_GROWING_PERCENT, withLeanHeap } from "../../core/lean-heap.ts";

describe("withLeanHeap", () => {
  it("sets the growth for the nights in flight and puts V8's heuristic back after the last", async () => {
    const set: string[] = [];
    const record = (f: string) => set.push(f);
    let release!: () => void;
    const first = withLeanHeap(() => new Promise<string>((r) => (release = () => r("first"))), record, "");
    const second = await withLeanHeap(async () => "second", record, "");
    expect(second).toBe("second");
    expect(set).toEqual([`--heap-growing-percent=${NIGHT_HEAP_GROWING_PERCENT}`]);
    release();
    expect(await first).toBe("first");
    expect(set).toEqual([`--heap-growing-percent=${NIGHT_HEAP_GROWING_PERCENT}`, "--heap-growing-percent=0"]);
  });

  it("puts it back when the night throws", async () => {
    const set: string[] = [];
    await expect(
      withLeanHeap(
        async () => Promise.reject(new Error("boom")),
        (f) => set.push(f),
        "",
      ),
    ).rejects.toThrow("boom");
    expect(set.at(-1)).toBe("--heap-growing-percent=0");
  });

  it("leaves a value the user chose alone", async () => {
    const set: string[] = [];
    for (const flags of ["--heap-growing-percent=50", "--max-old-space-size=900 --heap_growing_percent=10"])
      expect(
        await withLeanHeap(
          async () => 1,
          (f) => set.push(f),
          flags,
        ),
      ).toBe(1);
    expect(set).toEqual([]);
  });

  it("sets a flag this V8 knows (an unknown one would be ignored without a word)", async () => {
    const { execFileSync } = await import("node:child_process");
    const listed = execFileSync(process.execPath, ["--v8-options"], { encoding: "utf8" });
    expect(listed).toContain("--heap-growing-percent");
  });
});
