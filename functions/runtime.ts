// What every handler shares: settings from the environment, the config downloaded from the
// working bucket, run data (plan, batch results) as JSON objects there, and Powertools logging.
// Clients are made once per container; tests pass their own through `Deps`.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { loadConfig } from "../core/config.ts";
import type { Config, StoreConfig } from "../core/model.ts";
import type { ScanDeps } from "../scanners/index.ts";

export const logger = new Logger({ serviceName: "aimscan" });
export const metrics = new Metrics({ namespace: "aimscan", serviceName: "aimscan" });

export const CONFIG_PREFIX = "config/";
export const CONFIG_FILE = "aimscan.config.yaml";

/** Everything a handler talks to; `defaultDeps()` in Lambda, loopback servers in tests. */
export interface Deps {
  s3: S3Client;
  workBucket: string;
  evidenceBucket: string;
  /** The store every function opens (the deployed table). */
  store: StoreConfig;
  alerts: { sns?: string; eventbridge?: string };
  scan?: ScanDeps;
  tmpDir: string;
  alertDeps?: import("../core/night.ts").AlertDeps;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

let defaults: Deps | undefined;
export function defaultDeps(): Deps {
  defaults ??= {
    s3: new S3Client({}),
    workBucket: env("AIMSCAN_WORK_BUCKET"),
    evidenceBucket: env("AIMSCAN_EVIDENCE_BUCKET"),
    store: { type: "dynamodb", table: env("AIMSCAN_TABLE") },
    alerts: { sns: process.env.AIMSCAN_ALERT_TOPIC, eventbridge: process.env.AIMSCAN_EVENT_BUS },
    tmpDir: join(tmpdir(), "aimscan"),
  };
  return defaults;
}

/**
 * Downloads config/ (the config and the inventory and policy files it names) and loads it with the
 * CLI's loader; then points store, alerts and evidence at this deployment's resources.
 */
export async function loadDeployedConfig(deps: Deps): Promise<Config> {
  const root = join(deps.tmpDir, "config");
  // A warm container keeps /tmp: without this, a file deleted from config/ since the last
  // invocation would still be loaded. Every invocation starts from what S3 holds now.
  rmSync(root, { recursive: true, force: true });
  let token: string | undefined;
  do {
    const page = await deps.s3.send(
      new ListObjectsV2Command({ Bucket: deps.workBucket, Prefix: CONFIG_PREFIX, ContinuationToken: token }),
    );
    await Promise.all(
      (page.Contents ?? []).map(async ({ Key }) => {
        if (!Key || Key.endsWith("/") || Key.includes("..")) return;
        const text = await getText(deps, deps.workBucket, Key);
        const file = join(root, Key.slice(CONFIG_PREFIX.length));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text ?? "");
      }),
    );
    token = page.NextContinuationToken;
  } while (token);
  const config = loadConfig(join(root, CONFIG_FILE));
  return {
    ...config,
    store: deps.store,
    alerts: {
      ...config.alerts,
      ...(deps.alerts.sns ? { sns: deps.alerts.sns } : {}),
      ...(deps.alerts.eventbridge ? { eventbridge: deps.alerts.eventbridge } : {}),
    },
    evidence: { dir: join(deps.tmpDir, "evidence"), bucket: deps.evidenceBucket },
  };
}

async function getText(deps: Deps, bucket: string, key: string): Promise<string | undefined> {
  try {
    const out = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await out.Body!.transformToString();
  } catch (e) {
    if ((e as Error).name === "NoSuchKey") return undefined;
    throw e;
  }
}

/** Run data lives under runs/<runId>/ in the working bucket (expired by a lifecycle rule). */
export const runKey = (runId: string, name: string) => `runs/${encodeURIComponent(runId)}/${name}`;

export async function putJson(deps: Deps, key: string, value: unknown): Promise<number> {
  const body = JSON.stringify(value);
  await deps.s3.send(
    new PutObjectCommand({ Bucket: deps.workBucket, Key: key, Body: body, ContentType: "application/json" }),
  );
  return Buffer.byteLength(body);
}

export async function getJson<T>(deps: Deps, key: string): Promise<T | undefined> {
  const text = await getText(deps, deps.workBucket, key);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}
