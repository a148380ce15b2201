// Reads from the history table: runs through the `runs` index, versions by bucket, coverage by run.
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { Coverage } from "../model.ts";
import { RUN_FIELDS } from "./records.ts";
import { BUCKETS, INDEX, RUN_SK, runPk, type VersionKind, versionPk } from "./table.ts";
import type { VersionRecord } from "./versions.ts";

type Item = Record<string, unknown>;

/** Every page of a query (or only the first `limit` items when given). */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  limit?: number,
): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as Item[]));
    start = out.LastEvaluatedKey;
  } while (start && (limit === undefined || items.length < limit));
  return limit === undefined ? items : items.slice(0, limit);
}

/** What a listing of runs reads of each: not the report index (13 KB a run), read with the report. */
const RUN_LISTED = [...RUN_FIELDS, "layout"];
const LISTED_NAMES = Object.fromEntries(RUN_LISTED.map((f, i) => [`#f${i}`, f]));

/** Run items (their listed fields), newest first. */
export function queryRuns(client: DynamoDBDocumentClient, table: string, limit?: number): Promise<Item[]> {
  return queryAll(
    client,
    {
      TableName: table,
      IndexName: INDEX.runs,
      KeyConditionExpression: "gsi1pk = :p",
      ExpressionAttributeValues: { ":p": "RUNS" },
      ProjectionExpression: Object.keys(LISTED_NAMES).join(", "),
      ExpressionAttributeNames: LISTED_NAMES,
      ScanIndexForward: false,
      ...(limit !== undefined ? { Limit: limit } : {}),
    },
    limit,
  );
}

/** All versions of the given kinds, read bucket by bucket in parallel. */
export async function readVersions(
  client: DynamoDBDocumentClient,
  table: string,
  kinds: readonly VersionKind[],
): Promise<Record<VersionKind, VersionRecord[]>> {
  const out: Record<VersionKind, VersionRecord[]> = { asset: [], drift: [], policy: [] };
  await Promise.all(
    kinds.flatMap((kind) =>
      BUCKETS.map(async (bucket) => {
        const items = await queryAll(client, {
          TableName: table,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": versionPk(kind, bucket) },
        });
        out[kind].push(...(items as unknown as VersionRecord[]));
      }),
    ),
  );
  return out;
}

export async function readCoverage(client: DynamoDBDocumentClient, table: string, runId: string) {
  const items = await queryAll(client, {
    TableName: table,
    KeyConditionExpression: "pk = :p AND begins_with(sk, :c)",
    ExpressionAttributeValues: { ":p": runPk(runId), ":c": "COV#" },
  });
  return items.map((i) => ({ sk: i.sk as string, coverage: toCoverage(i) }));
}

// Every field of the model, so that a field added to Coverage (kinds, warnings) is read back
// and a re-export of an old night is byte for byte the bundle the night wrote.
const COVERAGE_FIELDS = Object.keys(Coverage.shape);

export function toCoverage(item: Item): Coverage {
  const c: Item = {};
  for (const k of COVERAGE_FIELDS) if (item[k] !== undefined) c[k] = item[k];
  return c as Coverage;
}

export const runItemKey = (runId: string) => ({ pk: runPk(runId), sk: RUN_SK });
