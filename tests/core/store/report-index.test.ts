import { describe, expect, it } from "vitest";
import { chunkDepth } from "../../../core/store/projection.ts";
import type { ReportIndex } from "../../../core/store/report-body.ts";
import { decodeReportIndex, reportIndexItem, sameIndex } from "../../../core/store/report-index.ts";

const run = { runId: "night-002", startedAt: "2026-03-02T02:00:00.000Z" };
const index = (runs: ReportIndex["runs"], chunks: ReportIndex["chunks"]): ReportIndex => ({
  format: 2,
  runs,
  chunks,
});

describe("the report index item", () => {
  it("holds the index as it was given, and nothing else reads as one", () => {
    const i = index([[run.runId, run.startedAt]], { "0ab": [0, 2, "d".repeat(32), 1] });
    const item = reportIndexItem(run, i, 400);
    expect(item).toMatchObject({ pk: "RUN#night-002", sk: "BODY", chunks: 1 });
    expect(decodeReportIndex(item)).toEqual(i);
    expect(decodeReportIndex({ data: new Uint8Array([1, 2, 3]) })).toBeUndefined();
    expect(decodeReportIndex(undefined)).toBeUndefined();
  });

  it("is the same index when every chunk names the same run's copy, wherever that run is listed", () => {
    const a = index(
      [
        ["night-003", "2026-03-03T02:00:00.000Z"],
        ["night-001", "2026-03-01T02:00:00.000Z"],
      ],
      { "00": [1, 1, "a".repeat(32), 0] },
    );
    const b = index([["night-001", "2026-03-01T02:00:00.000Z"]], { "00": [0, 1, "a".repeat(32), 0] });
    expect(sameIndex(a, b)).toBe(true);
    expect(sameIndex(a, { ...b, chunks: { "00": [0, 1, "b".repeat(32), 0] } })).toBe(false);
    expect(sameIndex(a, { ...b, chunks: { "00": [0, 2, "a".repeat(32), 0] } })).toBe(false);
    expect(sameIndex(a, { ...b, chunks: { "00": [0, 1, "a".repeat(32), 1] } })).toBe(false);
    expect(sameIndex(a, { ...b, chunks: { ...b.chunks, "01": [0, 1, "a".repeat(32), 0] } })).toBe(false);
    expect(sameIndex(a, index([["night-002", run.startedAt]], { "00": [0, 1, "a".repeat(32), 0] }))).toBe(
      false,
    );
  });
});

describe("the state's depth", () => {
  it("deepens from 32,768 assets and goes back only under 16,384", () => {
    expect(chunkDepth(undefined, 32_767)).toBe(2);
    expect(chunkDepth(undefined, 32_768)).toBe(3);
    expect(chunkDepth(2, 32_768)).toBe(3);
    expect(chunkDepth(2, 20_000)).toBe(2);
    expect(chunkDepth(3, 20_000)).toBe(3);
    expect(chunkDepth(3, 16_384)).toBe(3);
    expect(chunkDepth(3, 16_383)).toBe(2);
  });
});
