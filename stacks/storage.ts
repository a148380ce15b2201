// Where aimscan keeps things: the history table, the evidence bucket (WORM), the working bucket
// (config, plans, shard results) and the alert sinks.
import { tableDefinition } from "../core/store/table.ts";
import type { Platform, Value } from "./platform.ts";
import type { DeploySettings } from "./settings.ts";

type Aws = Platform["sst"]["aws"];
export interface Storage {
  table: InstanceType<Aws["Dynamo"]>;
  evidence: InstanceType<Aws["Bucket"]>;
  work: InstanceType<Aws["Bucket"]>;
  topic: InstanceType<Aws["SnsTopic"]>;
  bus: InstanceType<Aws["Bus"]>;
}

/** The prefix of the working bucket that holds the uploaded config, inventory and policies. */
export const CONFIG_PREFIX = "config/";
/** The prefix of per-run working files; expires after `runDataDays`. */
export const RUNS_PREFIX = "runs/";

// SST blocks public access by default; saying so here keeps it true if that default ever moves.
const BLOCK_ALL = {
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
};

export function storage(p: Platform, settings: DeploySettings): Storage {
  const { sst, aws } = p;
  // Only prod keeps its data against `sst remove`: a dev stage must be removable in one command.
  const prod = p.$app.stage === "prod";
  const fields: Record<string, "string"> = {
    [tableDefinition.partitionKey.name]: "string",
    [tableDefinition.sortKey.name]: "string",
  };
  const globalIndexes: Record<string, { hashKey: string; rangeKey: string; projection: "all" }> = {};
  for (const gsi of tableDefinition.globalSecondaryIndexes) {
    fields[gsi.partitionKey] = "string";
    fields[gsi.sortKey] = "string";
    globalIndexes[gsi.name] = { hashKey: gsi.partitionKey, rangeKey: gsi.sortKey, projection: "all" };
  }
  const table = new sst.aws.Dynamo("History", {
    fields,
    primaryIndex: { hashKey: tableDefinition.partitionKey.name, rangeKey: tableDefinition.sortKey.name },
    globalIndexes,
    ttl: tableDefinition.ttlAttribute,
    deletionProtection: prod,
    transform: {
      table: {
        billingMode: "PAY_PER_REQUEST",
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
      },
    },
  });

  // Evidence is write-once: in prod, Object Lock in compliance mode cannot be shortened or lifted,
  // even by the account root, which is what makes the hash chain worth something to an auditor.
  // Other stages use governance mode for one day and may be destroyed: `sst remove` finishes
  // (a principal with s3:BypassGovernanceRetention can delete locked versions).
  const evidence = new sst.aws.Bucket("Evidence", {
    versioning: true,
    enforceHttps: true,
    cors: false,
    transform: { bucket: { objectLockEnabled: true, forceDestroy: !prod }, publicAccessBlock: BLOCK_ALL },
  });
  new aws.s3.BucketObjectLockConfiguration("EvidenceObjectLock", {
    bucket: evidence.name,
    rule: {
      defaultRetention: prod
        ? { mode: "COMPLIANCE", years: settings.evidenceRetentionYears }
        : { mode: "GOVERNANCE", days: 1 },
    },
  });
  encrypt(p, "EvidenceEncryption", evidence.name);

  const work = new sst.aws.Bucket("Work", {
    versioning: true,
    enforceHttps: true,
    cors: false,
    lifecycle: [{ id: "expire-run-data", prefix: RUNS_PREFIX, expiresIn: `${settings.runDataDays} days` }],
    transform: { bucket: { forceDestroy: !prod }, publicAccessBlock: BLOCK_ALL },
  });
  encrypt(p, "WorkEncryption", work.name);

  const topic = new sst.aws.SnsTopic("Alerts", {});
  const bus = new sst.aws.Bus("Events", {});
  return { table, evidence, work, topic, bus };
}

function encrypt(p: Platform, name: string, bucket: Value): void {
  new p.aws.s3.BucketServerSideEncryptionConfiguration(name, {
    bucket,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
  });
}
