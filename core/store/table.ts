// The one DynamoDB table aimscan keeps its history in. `tableDefinition` is data so that the
// embedded CreateTable and the deployed table (stacks/) are built from the same source.
//
// Table design (single table, string keys pk/sk):
//
// | item           | pk                | sk                              | GSIs                  | TTL      |
// |----------------|-------------------|---------------------------------|-----------------------|----------|
// | run            | RUN#<runId>       | RUN                             | runs                  | yes      |
// | shard coverage | RUN#<runId>       | COV#<prov>/<acct>/<region>/<svc> | –                    | yes      |
// | state listing  | RUN#<runId>       | STATE                           | –                     | yes      |
// | report index   | RUN#<runId>       | BODY                            | –                     | yes (2×) |
// | report/state   | RUN#<runId>       | REP#<chunk>#<part>              | –                     | yes (2×) |
// | layout-2 state | S#<h>             | <chunk>#<slot>#<part>           | –                     | no       |
// | closed version | V#<kind>#<bucket> | <identityHash>#<runKey>         | asset                 | yes      |
//
// Asset state, drift items and policy results are *versions*: one per (identity, run that opened
// it), holding the content and its hash. A version stays open while tonight's content hashes the
// same, so a quiet night writes nothing for it; a change closes the old version and opens a new one;
// a disappearance only closes. The open versions are the current state, kept in the state
// projection (projection.ts): 256 or 4096 chunks by asset, of which a run writes a new copy of only the
// chunks it changed, under its own key, in the item that holds that chunk of its report
// (report-body.ts); its state listing names the copy of each chunk that counts. A closed version becomes a
// `V#` item (with closedRun, expiresAt). The state at the latest completed run is its chunks; the
// state at an older run R is "versions opened at or before R and not closed by R", from the `V#`
// items and the chunks together. Copies, versions and closes written by a run that never completed
// are ignored by every reader, so a failed or half-written run cannot leak into history; re-running
// the same id rewrites the same keys and converges; what a run that never completed left under its
// own key is never named by a listing or an index, and expires. A write whose run record has
// expired (TTL) counts as committed.
// The run item is written last: a run is "completed" only once everything it refers to is stored;
// its `layout` says how it kept the state: absent, every open version a `V#` item too; 2, the
// chunks in two slots under `S#<h>`; 3, as above in 256 chunks with the report's index in the run
// item; 4, as above (the index in its `BODY` item, report-index.ts). Older layouts are read as they are, and the next
// run migrates them (a layout-2 store's `S#` items are deleted once that run has completed).
// The state listing (state-index.ts) names, per chunk, the item that holds the copy that counts and
// its fingerprint, without bytes; the run item's `stateIndex` names the run whose listing holds
// (none: the state is empty), so a night reads one small item instead of querying all the state.
//
// runKey = `<startedAt>#<runId>` orders runs. bucket = first hex digit of sha256(identity).
//
// GSIs:
// - `runs` (gsi1pk = "RUNS", gsi1sk = runKey): latest runs, newest first (history, trend).
// - `open` (gsi2pk = "OPEN#<status>", gsi2sk = `<openedRunKey>#<identityHash>`): open drift by
//   status in stores of the previous layout (open drift is now read from the state chunks).
// - `asset` (gsi3pk = "A#<assetId>" (Azure ids lower-cased), gsi3sk = `<openedRunKey>#<kind>#<identityHash>`): the
//   history of one asset (its state versions, drift items and policy results).
// `expiresAt` (epoch seconds) is the TTL attribute: runs and coverage expire retentionDays after
// the run started; versions expire retentionDays after the run that closed them; chunk items and
// state listings twice retentionDays after their run started, and a copy that still counts at
// half retentionDays old is written again, so the current state outlives the run records naming it.
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
