// Where a run's report index (report-body.ts ReportIndex: per chunk, the run whose copy counts, its
// parts and digest) is kept: in an item of its own under the run (`RUN#<runId>` / `BODY`), named
// by the run item's `reportIndex`. At 4096 chunks the index is ~200 KB of JSON; in the run item it
// would be read by every query of the runs (history, trend, each night's list of runs). A night
// whose report points at exactly what the previous run's did (a quiet one) names that run's index
// instead of writing its own, so it still writes one item. An index that names no chunk (an empty
// estate) stays in the run item (`reportBody`), as every index of layout 3 did.
import { gunzipSync, gzipSync } from "node:zlib";
import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { PART_BYTES } from "./projection.ts";
import type { ReportIndex } from "./report-body.ts";
import { expiresAt, runPk } from "./table.ts";
import type { RunRef } from "./types.ts";

type Item = Record<string, unknown>;

export const REPORT_INDEX_SK = "BODY";
/** The run item's attribute naming the run whose index item describes its report. */
export const REPORT_INDEX_OWNER = "reportIndex";
/** Layout 3's index, in the run item itself. */
export const INLINE_INDEX = "reportBody";

/** The index item of `run`. */
export function reportIndexItem(run: RunRef, index: ReportIndex, retentionDays: number): Item {
  const data = gzipSync(JSON.stringify(index), { level: 1 });
  // 4096 chunks take ~100 KB: only a depth the listing could not hold either would not fit.
  if (data.length > PART_BYTES)
    throw new Error(`the report index of run ${run.runId} does not fit in one item`);
  return {
    pk: runPk(run.runId),
    sk: REPORT_INDEX_SK,
    type: "report-index",
    chunks: Object.keys(index.chunks).length,
    data,
    // As the chunk items it names: a later quiet night may name it, and a copy at half the
    // retention is written again (with a new index) before either can expire.
    expiresAt: expiresAt(run.startedAt, 2 * retentionDays),
  };
}

/** The index an item holds; undefined when it is not one. */
export function decodeReportIndex(item: Item | undefined): ReportIndex | undefined {
  const data = item?.data;
  if (!(data instanceof Uint8Array)) return undefined;
  try {
    const index = JSON.parse(gunzipSync(data).toString("utf8")) as ReportIndex;
    return typeof index.format === "number" && Array.isArray(index.runs) && typeof index.chunks === "object"
      ? index
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The report index of a run item: in the item its `reportIndex` names, or (layout 3) in the run
 * item; undefined when it has none (an older run, rebuilt from its versions) or it is gone.
 */
export async function readReportIndex(
  client: DynamoDBDocumentClient,
  table: string,
  runItem: Item | undefined,
): Promise<ReportIndex | undefined> {
  const owner = runItem?.[REPORT_INDEX_OWNER];
  if (typeof owner === "string") {
    const out = await client.send(
      new GetCommand({ TableName: table, Key: { pk: runPk(owner), sk: REPORT_INDEX_SK } }),
    );
    return decodeReportIndex(out.Item);
  }
  return runItem?.[INLINE_INDEX] as ReportIndex | undefined;
}

/** Whether two indexes point every chunk at the same copy (the same run, parts, digest and reasons). */
export function sameIndex(a: ReportIndex, b: ReportIndex): boolean {
  if (a.format !== b.format) return false;
  const chunks = Object.keys(a.chunks);
  if (chunks.length !== Object.keys(b.chunks).length) return false;
  for (const c of chunks) {
    const x = a.chunks[c]!;
    const y = b.chunks[c];
    if (
      !y ||
      a.runs[x[0]]?.[0] !== b.runs[y[0]]?.[0] ||
      x[1] !== y[1] ||
      x[2] !== y[2] ||
      (x[3] ?? 1) !== (y[3] ?? 1)
    )
      return false;
  }
  return true;
}
