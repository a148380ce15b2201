// One night at a time (issue 13): two `aimscan run` processes against the same DynamoDB store
// (dynalite on a loopback port, reached by the real client) never both run a night. The second
// exits 2 with one line and writes nothing, or with --wait runs after the first and does not alert
// the first one's items again; a night killed -9 stops renewing its lease, which then expires.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type Embedded, startEmbedded } from "../../core/store/embedded.ts";
import { openStore, type Store } from "../../core/store/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../simulator/aws/index.ts";
import { simulatedAwsCredentials } from "../../simulator/estate.ts";
import type { Scenario } from "../../simulator/scenario.ts";

const ROOT = join(import.meta.dirname, "../..");
const TABLE = "aimscan-lease";
let sim: AwsSimulator;
let db: Embedded;
let store: Store;
let dir: string;
let configFile: string;

beforeAll(async () => {
  const demo = parse(readFileSync(join(ROOT, "simulator/scenarios/demo.yaml"), "utf8")) as {
    estate: Scenario;
  };
  sim = await startAwsSimulator(demo.estate.aws!);
  db = await startEmbedded(undefined, TABLE);
  store = await openStore({ type: "dynamodb", table: TABLE }, { client: db.client, tableName: TABLE });
  dir = mkdtempSync(join(tmpdir(), "aimscan-lease-"));
  configFile = join(dir, "aimscan.config.yaml");
  writeFileSync(
    configFile,
    stringify({
      inventory: join(ROOT, "examples/demo/inventory"),
      policies: ["builtin"],
      store: { type: "dynamodb", table: TABLE, region: "us-east-1", endpoint: db.endpoint, leaseSeconds: 20 },
      aws: { regions: ["us-east-1"], accounts: ["111111111111"], endpoint: sim.endpoint },
      evidence: { dir: "./out" },
    }),
  );
});
afterAll(async () => {
  await store?.close();
  await db?.close();
  await sim?.stop();
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(...args: string[]): { child: ChildProcess; exit: Promise<Exit>; stderr(): string } {
  const creds = simulatedAwsCredentials("111111111111");
  const child = spawn(
    process.execPath,
    [join(ROOT, "bin/aimscan.mjs"), "run", "--config", configFile, ...args],
    {
      cwd: dir,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: creds.accessKeyId,
        AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
        AWS_REGION: "us-east-1",
      },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c) => {
    stdout += String(c);
  });
  child.stderr!.on("data", (c) => {
    stderr += String(c);
  });
  const exit = new Promise<Exit>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exit, stderr: () => stderr };
}

/** Resolves when the store's night lease names this run (the night has begun). */
async function leaseHeldBy(runId: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const item = (
      await db.client.send(new GetCommand({ TableName: TABLE, Key: { pk: "LEASE", sk: "NIGHT" } }))
    ).Item;
    if (String(item?.owner ?? "").endsWith(` run ${runId}`)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} never took the lease`);
}

const slowNight = () => sim.controls.slow({ service: "sagemaker", operation: "ListEndpoints" }, 30_000, 1);

describe("aimscan run on a store another night holds", () => {
  it("the second process exits 2 with one line and writes nothing; with --wait it runs after the first", async () => {
    // The first night stays in its scan until the --wait night has said it waits, however long
    // the processes take to start on a loaded machine.
    const release = sim.controls.hold({ service: "sagemaker", operation: "ListEndpoints" }, 1);
    const first = run("--run-id", "night-a", "--format", "json");
    await leaseHeldBy("night-a");
    const second = await run("--run-id", "night-b", "--format", "json").exit;
    expect(second.code).toBe(2);
    expect(second.stdout).toBe("");
    expect(second.stderr).toMatch(
      /^store busy: another night is running \(\S+ pid \d+ run night-a, lease until \d{4}-\d\d-\d\dT[\d:.]+Z\); try again when it has finished, or give --wait SECONDS\n$/,
    );
    expect(await store.getRun("night-b")).toBeUndefined();

    const waiting = run("--run-id", "night-c", "--format", "json", "--wait", "120");
    while (!waiting.stderr().startsWith("waiting for another night")) {
      if (waiting.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    release();
    const a = await first.exit;
    const c = await waiting.exit;
    expect([a.code, c.code], a.stderr + c.stderr).toEqual([0, 0]);
    expect(c.stderr).toMatch(/^waiting for another night \(\S+ pid \d+ run night-a, lease until /);
    expect((await store.getRun("night-a"))?.status).toBe("completed");
    expect((await store.getRun("night-c"))?.status).toBe("completed");
    // The second night saw the first one's results as its previous: nothing is new twice.
    const report = (await store.getReport("night-c"))!;
    expect(report.items.filter((i) => i.delta === "new")).toEqual([]);
    // Both released the lease when they finished (expired in place: the store never deletes).
    expect(
      (await db.client.send(new GetCommand({ TableName: TABLE, Key: { pk: "LEASE", sk: "NIGHT" } }))).Item,
    ).toMatchObject({ until: 0 });
  }, 300_000);

  it("a night killed -9 holds the store only until its lease expires", async () => {
    slowNight();
    const killed = run("--run-id", "night-k", "--format", "json");
    await leaseHeldBy("night-k");
    // Killed mid-scan (ListEndpoints is slow): the run has started and holds the lease.
    while ((await store.getRun("night-k"))?.status !== "running")
      await new Promise((r) => setTimeout(r, 100));
    killed.child.kill("SIGKILL");
    expect((await killed.exit).signal).toBe("SIGKILL");
    const next = await run("--run-id", "night-n", "--format", "json", "--wait", "120").exit;
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/^waiting for another night \(\S+ pid \d+ run night-k, /);
    expect((await store.getRun("night-k"))?.status).toBe("running");
    expect((await store.getRun("night-n"))?.status).toBe("completed");
  }, 300_000);
});
