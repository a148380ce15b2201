// openStore: the history store for a config's `store` section. `embedded` and `memory` start
// dynalite in this process; `dynamodb` uses a real table; every path then runs the same code.
// The embedded store is imported only when configured: dynalite brings classic-level, a native
// addon, which a Lambda bundle must not contain (Lambda always uses the deployed table).
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { StoreConfig } from "../model.ts";
import type { BatchOptions } from "./batch.ts";
import { documentClient } from "./document-client.ts";
import { DynamoStore } from "./dynamo-store.ts";
import type { DepthBounds } from "./projection.ts";
import { DEFAULT_TABLE_NAME } from "./table.ts";
import type { Store } from "./types.ts";

export type { PolicySummary } from "./deltas.ts";
export { computeDeltas, driftIdentity, policyIdentity } from "./deltas.ts";
export { createTableInput, DEFAULT_RETENTION_DAYS, DEFAULT_TABLE_NAME, tableDefinition } from "./table.ts";
export type { AssetEvent, AssetHistory, CompletedRun, RunRecord, RunRef, Store } from "./types.ts";
export { RunAlreadyExists, UnknownRun } from "./types.ts";

export interface OpenStoreOptions {
  /** TTL for history items (default 400 days). */
  retentionDays?: number;
  /** Use this client (and `tableName`) instead of what `cfg` says: tests, Lambda module scope. */
  client?: DynamoDBDocumentClient;
  tableName?: string;
  /** Clock for finishedAt (tests). */
  now?: () => Date;
  batch?: BatchOptions;
  /** Where the state's depth changes (tests cross it with small estates). */
  depths?: DepthBounds;
}

export async function openStore(cfg: StoreConfig, opts: OpenStoreOptions = {}): Promise<Store> {
  const options = {
    ...(opts.retentionDays !== undefined ? { retentionDays: opts.retentionDays } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.batch ? { batch: opts.batch } : {}),
    ...(opts.depths ? { depths: opts.depths } : {}),
  };
  const table = opts.tableName ?? (cfg.type === "dynamodb" ? cfg.table : DEFAULT_TABLE_NAME);
  if (opts.client) return new DynamoStore(opts.client, table, options);
  if (cfg.type === "dynamodb") {
    // Credentials and region come from the standard AWS chain; `endpoint` only when configured.
    const raw = new DynamoDBClient({
      ...(cfg.region ? { region: cfg.region } : {}),
      ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    });
    return new DynamoStore(documentClient(raw), table, options, async () => raw.destroy());
  }
  const { startEmbedded } = await import("./embedded.ts");
  const embedded = await startEmbedded(cfg.type === "embedded" ? cfg.path : undefined, table);
  return new DynamoStore(embedded.client, table, options, () => embedded.close());
}
