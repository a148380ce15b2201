// completeRun as the previous aimscan wrote it (every version its own item, no state projection):
// to prove that a store it left is read, and migrated, by this one. Built from the same pure plan.
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Asset, DriftReport } from "../../../core/model.ts";
import { batchWrite } from "../../../core/store/batch.ts";
import { summarizePolicies } from "../../../core/store/deltas.ts";
import { planCompletion } from "../../../core/store/plan.ts";
import { versionItem } from "../../../core/store/projection.ts";
import { queryRuns, readCoverage, readVersions, runItemKey } from "../../../core/store/reader.ts";
import { countCoverage, latestCompletedBefore, toRunRecord } from "../../../core/store/records.ts";
import { coverageSk, expiresAt, runPk, VERSION_KINDS } from "../../../core/store/table.ts";
import { committedRuns } from "../../../core/store/versions.ts";
import type { Harness } from "./harness.ts";

export async function completeLegacy(h: Harness, runId: string, report: DriftReport, assets: Asset[]) {
  const client = h.embedded.client;
  const TableName = "aimscan";
  const runItem = (await client.send(new GetCommand({ TableName, Key: runItemKey(runId) }))).Item!;
  const run = { runId, startedAt: runItem.startedAt as string };
  const runs = (await queryRuns(client, TableName)).map(toRunRecord);
  const plan = planCompletion({
    run,
    runs,
    previous: latestCompletedBefore(runs, run),
    committed: committedRuns(runs, runId),
    versions: await readVersions(client, TableName, VERSION_KINDS),
    report,
    assets,
    recordedCoverage: (await readCoverage(client, TableName, runId)).map((s) => s.coverage),
    retentionDays: 400,
  });
  const coverage = report.coverage.map((c) => ({
    pk: runPk(runId),
    sk: coverageSk(c),
    type: "coverage",
    ...c,
    expiresAt: expiresAt(run.startedAt, 400),
  }));
  await batchWrite(client, TableName, {
    puts: [...plan.puts.map(versionItem), ...coverage],
    deletes: plan.deletes,
  });
  const { deltas, report: out } = plan;
  await client.send(
    new PutCommand({
      TableName,
      Item: {
        ...runItem,
        status: "completed",
        finishedAt: "2026-06-01T00:00:00.000Z",
        generatedAt: out.generatedAt,
        summary: out.summary,
        policySummary: summarizePolicies(out.policyResults),
        newCount: deltas.newItems.length,
        resolvedCount: deltas.resolvedItems.length,
        coverage: countCoverage(plan.coverage),
      },
    }),
  );
  return out;
}
