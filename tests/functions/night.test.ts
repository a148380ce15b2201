// One full night through the Lambda handlers, in the state machine's order (Plan → ScanBatch per
// batch → Finish, and RecordFailedRun), with the real SDK clients against the AWS simulator, a
// loopback S3 (simulator/s3, the evidence bucket under Object Lock) and dynalite.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import dynalite from "dynalite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { openStore } from "../../core/store/index.ts";
import { createTableInput } from "../../core/store/table.ts";
import type { BatchFailure, BatchOutput, PlanOutput } from "../../functions/batches.ts";
import { recordFailedRun } from "../../functions/fail.ts";
import { finish } from "../../functions/finish.ts";
import { plan } from "../../functions/plan.ts";
import { type Deps, loadDeployedConfig } from "../../functions/runtime.ts";
import { scanBatch } from "../../functions/scan.ts";
import { type Estate, simulatedAwsCredentials, startEstate } from "../../simulator/estate.ts";
import { type S3Simulator, startS3Simulator } from "../../simulator/s3/index.ts";
import type { Scenario } from "../../simulator/scenario.ts";

const ROOT = join(import.meta.dirname, "../..");
const CALLER = "111111111111";
const TOPIC = `arn:aws:sns:us-east-1:${CALLER}:aimscan-alerts`;

let estate: Estate;
let s3sim: S3Simulator;
let db: { close(cb: () => void): void };
let deps: Deps;

beforeAll(async () => {
  const demo = parse(readFileSync(join(ROOT, "simulator/scenarios/demo.yaml"), "utf8")) as {
    estate: Scenario;
  };
  estate = await startEstate({ aws: demo.estate.aws! });
  // The evidence bucket under Object Lock, as stacks/ makes it: S3 then refuses a put without a
  // checksum, and checks the one given against the body.
  s3sim = await startS3Simulator({ work: {}, evidence: { objectLock: { mode: "COMPLIANCE", days: 1 } } });
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  db = server;
  const dbEndpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const credentials = simulatedAwsCredentials(CALLER);
  // The store's DynamoDB client uses the standard chain, as it does in Lambda.
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  const ddb = new DynamoDBClient({ endpoint: dbEndpoint, region: "us-east-1", credentials });
  await ddb.send(new CreateTableCommand(createTableInput("aimscan-test")));
  ddb.destroy();

  const s3 = new S3Client({
    endpoint: s3sim.endpoint,
    forcePathStyle: true,
    region: "us-east-1",
    credentials,
  });
  const config = { inventory: "./inventory", policies: ["builtin"], aws: estate.cloudConfig().aws };
  const put = (key: string, text: string) => s3sim.objects.set(`work/config/${key}`, Buffer.from(text));
  put("aimscan.config.yaml", stringify(config));
  const inventory = join(ROOT, "examples/demo/inventory");
  for (const f of readdirSync(inventory)) put(`inventory/${f}`, readFileSync(join(inventory, f), "utf8"));
  const scan = estate.scanDeps();
  deps = {
    s3,
    workBucket: "work",
    evidenceBucket: "evidence",
    store: { type: "dynamodb", table: "aimscan-test", endpoint: dbEndpoint, region: "us-east-1" },
    alerts: { sns: TOPIC },
    scan: { ...scan, aws: { ...scan.aws, retryStrategy: new ConfiguredRetryStrategy(2, () => 0) } },
    tmpDir: join(import.meta.dirname, "../../.aimscan/test-functions", String(process.pid)),
    alertDeps: { sns: new SNSClient({ endpoint: estate.aws!.endpoint, region: "us-east-1", credentials }) },
  };
});

afterAll(async () => {
  await estate?.stop();
  await s3sim?.stop();
  await new Promise<void>((resolve) => db?.close(() => resolve()));
});

async function night(runId: string, lose?: number) {
  const startedAt = new Date().toISOString();
  const planned: PlanOutput = await plan({ runId, startedAt }, deps);
  const results: (BatchOutput | BatchFailure)[] = [];
  for (const batch of planned.batches) {
    // `lose` plays a Map iteration that failed after its retries (caught as BatchFailed).
    if (batch === lose) results.push({ batch, failed: true, error: "Lambda.Unknown" });
    else results.push(await scanBatch({ runId, batch }, deps));
  }
  const finished = await finish({ runId, startedAt, results }, deps);
  return { planned, results, finished };
}

describe("the Lambda handlers, one night end to end", () => {
  it("plans, scans every batch, finishes, stores the run and locks evidence away", async () => {
    const { planned, results, finished } = await night("night-1");
    expect(planned.shards).toBeGreaterThan(0);
    expect(planned.batches.length).toBeGreaterThan(0);
    expect(results.every((r) => !("failed" in r))).toBe(true);
    // The demo estate denies SageMaker in one account's eu-west-1: one shard, an error as a value.
    const shardErrors = results.reduce(
      (n, r) => n + ("error" in r && typeof r.error === "number" ? r.error : 0),
      0,
    );
    expect(shardErrors).toBe(1);
    const found = results.reduce((n, r) => n + ("assets" in r ? r.assets : 0), 0);
    expect(finished.assets).toBe(found);
    expect(finished.assets).toBeGreaterThan(0);
    expect(finished.shardsFailed).toBe(1);
    // Only counts and references cross the state machine, whatever the estate's size.
    expect(JSON.stringify(results).length).toBeLessThan(100 * results.length);

    const store = await openStore(deps.store);
    const run = await store.getRun("night-1");
    await store.close();
    expect(run?.status).toBe("completed");
    expect(run?.manifestHash).toBe(finished.manifestHash);
    const evidence = [...s3sim.objects.keys()].filter((k) => k.startsWith("evidence/night-1/"));
    expect(evidence).toContain("evidence/night-1/manifest.json");
    expect(evidence).toContain("evidence/night-1/report.html");
    // Each object is the whole file the manifest names (streamed from disk, not read whole).
    const manifest = JSON.parse(s3sim.objects.get("evidence/night-1/manifest.json")!.toString("utf8")) as {
      files: Array<{ name: string; sha256: string; bytes: number }>;
    };
    expect(manifest.files.length).toBeGreaterThan(3);
    for (const f of manifest.files) {
      const body = s3sim.objects.get(`evidence/night-1/${f.name}`);
      expect(body?.length, f.name).toBe(f.bytes);
      expect(createHash("sha256").update(body!).digest("hex"), f.name).toBe(f.sha256);
    }
    // First night: undeclared assets are new, and the alert went out once through SNS.
    expect(finished.newItems).toBeGreaterThan(0);
    expect(estate.aws!.published.some((p) => p.service === "sns" && p.target === TOPIC)).toBe(true);
  });

  it("turns a batch lost after its retries into failed coverage, not missing assets", async () => {
    const { planned, finished } = await night("night-2", 0);
    expect(finished.shardsFailed).toBeGreaterThan(1);
    expect(finished.shardsFailed).toBeLessThanOrEqual(planned.shards);
    const store = await openStore(deps.store);
    const report = await store.getReport("night-2");
    await store.close();
    const failed = report!.coverage.filter((c) => c.status === "error");
    expect(failed.length).toBe(finished.shardsFailed);
    const lost = failed.filter((c) => c.error?.startsWith("batch 0 did not finish: Lambda.Unknown"));
    expect(lost.length).toBe(finished.shardsFailed - 1);
    expect(report!.items.some((i) => i.status === "missing" && i.delta === "new")).toBe(false);
  });

  it("commits one night at a time: Finish fails with StoreBusy while another night holds the store", async () => {
    const runId = "night-busy";
    const startedAt = new Date().toISOString();
    const planned = await plan({ runId, startedAt }, deps);
    const results: BatchOutput[] = [];
    for (const batch of planned.batches) results.push(await scanBatch({ runId, batch }, deps));
    const store = await openStore(deps.store);
    await store.lease.acquire("laptop pid 7 run manual", 60_000);
    try {
      const busy = await finish({ runId, startedAt, results }, deps).catch((e: Error) => e);
      expect(busy).toMatchObject({ name: "StoreBusy" });
      expect((busy as Error).message).toContain("laptop pid 7 run manual");
      // nothing of the night was committed, and the other night's lease is untouched
      expect((await store.getRun(runId))?.status).not.toBe("completed");
      await expect(store.lease.acquire("someone else", 1000)).rejects.toMatchObject({ name: "LeaseHeld" });
    } finally {
      await store.lease.release("laptop pid 7 run manual");
    }
    // the state machine's retry, once the other night is done: commits, and leaves the lease free
    const done = await finish({ runId, startedAt, results }, deps);
    expect(done.runId).toBe(runId);
    expect((await store.getRun(runId))?.status).toBe("completed");
    await store.lease.acquire("next night", 1000);
    await store.lease.release("next night");
    await store.close();
  });

  it("records a failed run, even one whose plan never opened it", async () => {
    const out = await recordFailedRun(
      {
        runId: "night-3",
        error: "InputError",
        cause: JSON.stringify({ errorMessage: "inventory/risk.yaml:3:1: unknown key" }),
      },
      deps,
    );
    expect(out.error).toBe("InputError: inventory/risk.yaml:3:1: unknown key");
    const store = await openStore(deps.store);
    const run = await store.getRun("night-3");
    await store.close();
    expect(run).toMatchObject({
      status: "failed",
      error: "InputError: inventory/risk.yaml:3:1: unknown key",
    });
  });

  it("loads the config fresh in a warm container: a file deleted from S3 is gone the next time", async () => {
    const key = [...s3sim.objects.keys()].find((k) => k.startsWith("work/config/inventory/"))!;
    const local = join(deps.tmpDir, "config", key.slice("work/config/".length));
    await loadDeployedConfig(deps);
    expect(existsSync(local)).toBe(true);
    const saved = s3sim.objects.get(key)!;
    s3sim.objects.delete(key);
    try {
      await loadDeployedConfig(deps);
      expect(existsSync(local)).toBe(false);
    } finally {
      s3sim.objects.set(key, saved);
    }
  });
});
