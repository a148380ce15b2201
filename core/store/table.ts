// The one DynamoDB table aimscan keeps its history in. `tableDefinition` is data so that the
// embedded CreateTable and the deployed table (stacks/) are built from the same source.
//
// Table design (single table, string keys pk/sk):
//
// | item           | pk                | sk                              | GSIs                  | TTL      |
// |----------------|-------------------|---------------------------------|-----------------------|----------|
// | run            | RUN#<runId>       | RUN                             | runs                  | yes      |
// | shard coverage | RUN#<runId>       | COV#<prov>/<acct>/<region>/<svc> | –                    | yes      |
// | asset state    | V#asset#<bucket>  | <identityHash>#<runKey>         | asset                 | on close |
// | drift item     | V#drift#<bucket>  | <identityHash>#<runKey>         | open (while open), asset | on close |
// | policy result  | V#policy#<bucket> | <identityHash>#<runKey>         | asset                 | on close |
//
// Asset state, drift items and policy results are *versions*: one item per (identity, run that
// opened it), holding the content and its hash. A version stays open while tonight's content
// hashes the same, so a quiet night writes nothing for it; a change closes the old version
// (closedRun, expiresAt) and opens a new one; a disappearance only closes. The state at any
// completed run R is "versions opened at or before R and not closed by R" — that is how a past
// report is read back, and how the previous run is the base for deltas without rewriting it.
// Versions opened or closed by a run that never completed are ignored by every reader, so a
// failed or half-written run cannot leak into history; re-running the same id rewrites the same
// keys (idempotent puts) and converges, and the next run that completes deletes the leftovers of
// older runs that never did. A version whose run record has expired (TTL) counts as committed.
// The run item is written last: a run is "completed" only once everything it refers to is stored.
//
// runKey = `<startedAt>#<runId>` orders runs. bucket = first hex digit of sha256(identity):
// 16 partitions per kind, so a first night of 10,000 assets does not hit one hot partition.
//
// GSIs:
// - `runs` (gsi1pk = "RUNS", gsi1sk = runKey): latest runs, newest first (history, trend).
// - `open` (gsi2pk = "OPEN#<status>", gsi2sk = `<openedRunKey>#<identityHash>`): open drift by
//   status, oldest first; sparse — only non-matched drift, removed when the version closes.
// - `asset` (gsi3pk = "A#<assetId>" (Azure ids lower-cased), gsi3sk = `<openedRunKey>#<kind>#<identityHash>`): the
//   history of one asset (its state versions, drift items and policy results).
// `expiresAt` (epoch seconds) is the TTL attribute: runs and coverage expire retentionDays after
// the run started; versions expire retentionDays after the run that closed them; open versions
// never expire (they are the current state).
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

export const DEFAULT_TABLE_NAME = "aimscan";
export const TTL_ATTRIBUTE = "expiresAt";
export const DEFAULT_RETENTION_DAYS = 400;

export const INDEX = { runs: "runs", open: "open", asset: "asset" } as const;

/** Keys and GSIs as plain data; `billingMode` on-demand. TTL is set by stacks/ (dynalite lacks UpdateTimeToLive). */
export const tableDefinition = {
  partitionKey: { name: "pk", type: "string" },
  sortKey: { name: "sk", type: "string" },
  ttlAttribute: TTL_ATTRIBUTE,
  globalSecondaryIndexes: [
    { name: INDEX.runs, partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    { name: INDEX.open, partitionKey: "gsi2pk", sortKey: "gsi2sk" },
    { name: INDEX.asset, partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  ],
} as const;

/** The CreateTable request for `tableDefinition` (embedded store, tests, or a script). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const gsis = tableDefinition.globalSecondaryIndexes;
  const attrs: string[] = [tableDefinition.partitionKey.name, tableDefinition.sortKey.name];
  for (const g of gsis) attrs.push(g.partitionKey, g.sortKey);
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: attrs.map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: tableDefinition.partitionKey.name, KeyType: "HASH" },
      { AttributeName: tableDefinition.sortKey.name, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: gsis.map((g) => ({
      IndexName: g.name,
      KeySchema: [
        { AttributeName: g.partitionKey, KeyType: "HASH" },
        { AttributeName: g.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}

export type VersionKind = "asset" | "drift" | "policy";
export const VERSION_KINDS: readonly VersionKind[] = ["asset", "drift", "policy"];
export const BUCKETS = "0123456789abcdef".split("");

export const runKey = (run: { startedAt: string; runId: string }) => `${run.startedAt}#${run.runId}`;
export const runPk = (runId: string) => `RUN#${runId}`;
export const RUN_SK = "RUN";
export const coverageSk = (c: { provider: string; account: string; region: string; service: string }) =>
  `COV#${c.provider}/${c.account}/${c.region}/${c.service}`;
export const versionPk = (kind: VersionKind, bucket: string) => `V#${kind}#${bucket}`;

/** TTL value: `days` after an ISO instant, in epoch seconds. */
export function expiresAt(fromIso: string, days: number): number {
  return Math.floor(Date.parse(fromIso) / 1000) + days * 86_400;
}
