// The night commits once (issue 13): killed with SIGKILL at every checkpoint of finishNight, a
// redo by the same run id converges to the store and evidence of an uninterrupted night, and
// the run is never "completed" without its evidence. Killed after the run completed (its alert
// still in the outbox), the next night delivers that alert: nothing is lost.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyEvidence } from "../../../core/evidence/index.ts";
import { openStore } from "../../../core/store/index.ts";
import { type SlackReceiver, startSlackReceiver } from "../alerts/slack-receiver.ts";

const ROOT = join(import.meta.dirname, "../../..");
let slack: SlackReceiver;
beforeAll(async () => {
  slack = await startSlackReceiver();
});
afterAll(() => slack.stop());

function estate(): string {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-crash-"));
  mkdirSync(join(dir, "inventory"));
  writeFileSync(
    join(dir, "inventory", "s.yaml"),
    "version: 1\nsystems:\n  - id: fraud\n    owner: o@example.com\n    assets:\n      - id: arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud-scorer\n      - id: arn:aws:sagemaker:us-east-1:111122223333:endpoint/gone\n",
  );
  return dir;
}

/** One night in a child process (async: the Slack receiver in this process must keep answering). */
function night(dir: string, runId: string, n: string, crashAt?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, SLACK_URL: slack.url };
  delete env.CRASH_AT;
  if (crashAt) env.CRASH_AT = crashAt;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/core/night/crash-child.ts", dir, runId, n],
    {
      cwd: ROOT,
      env,
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => {
    stdout += String(c);
  });
  child.stderr.on("data", (c) => {
    stderr += String(c);
  });
  return new Promise<{
    status: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr })));
}

async function state(dir: string) {
  const store = await openStore({ type: "embedded", path: join(dir, "db") });
  try {
    const runs = await store.listRuns(10);
    const report = await store.getReport("night-2");
    return {
      runs: runs.map((r) => `${r.runId} ${r.status} ${r.manifestHash ? "sealed" : "unsealed"}`),
      manifest: runs.find((r) => r.runId === "night-2")?.manifestHash,
      items: report?.items.map((i) => `${i.status} ${i.delta} ${i.assetId ?? i.systemId}`).sort(),
      outbox: (await store.outbox.pending()).map((e) => `${e.runId} ${e.pending.join(",")}`),
    };
  } finally {
    await store.close();
  }
}

/** Slack digests that named night-2's new endpoint. */
const night2Alerts = () =>
  slack.received.filter((r) => JSON.stringify(r.body).includes("endpoint/newcomer")).length;

describe("a night killed at each checkpoint", () => {
  it("converges on a redo by the same run id, and never loses the alert", async () => {
    const reference = estate();
    expect((await night(reference, "night-1", "1")).status).toBe(0);
    expect((await night(reference, "night-2", "2")).status).toBe(0);
    const want = await state(reference);
    expect(want.outbox).toEqual([]);

    for (const checkpoint of ["stored", "evidence", "outbox"]) {
      const dir = estate();
      expect((await night(dir, "night-1", "1")).status).toBe(0);
      const killed = await night(dir, "night-2", "2", checkpoint);
      expect(killed.signal, checkpoint).toBe("SIGKILL");
      // Killed before the final write: not completed, so never anyone's "previous".
      expect((await state(dir)).runs, checkpoint).toContain("night-2 running unsealed");
      const before = night2Alerts();
      const redo = await night(dir, "night-2", "2");
      expect(redo.status, `${checkpoint}: ${redo.stderr}`).toBe(0);
      const got = await state(dir);
      expect(got.items, checkpoint).toEqual(want.items);
      expect(got.runs, checkpoint).toEqual(want.runs);
      expect(got.outbox, checkpoint).toEqual([]);
      expect(JSON.parse(redo.stdout).manifestHash).toBe(got.manifest);
      expect(night2Alerts() - before, checkpoint).toBe(1);
      const verified = await verifyEvidence(join(dir, "evidence"));
      expect(verified, checkpoint).toMatchObject({ ok: true });
    }
  }, 600_000);

  it("killed after the run completed, leaves its alert in the outbox for the next night", async () => {
    const dir = estate();
    expect((await night(dir, "night-1", "1")).status).toBe(0);
    const before = night2Alerts();
    const killed = await night(dir, "night-2", "2", "completed");
    expect(killed.signal).toBe("SIGKILL");
    const got = await state(dir);
    expect(got.runs).toEqual(["night-2 completed sealed", "night-1 completed sealed"]);
    expect(got.outbox).toEqual(["night-2 slack"]);
    expect(night2Alerts()).toBe(before);
    expect(await verifyEvidence(join(dir, "evidence"))).toMatchObject({ ok: true });

    const next = await night(dir, "night-3", "3");
    expect(next.status, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout).resent).toEqual([
      expect.objectContaining({
        runId: "night-2",
        resent: true,
        sinks: [expect.objectContaining({ ok: true })],
      }),
    ]);
    expect(night2Alerts() - before).toBe(1);
    expect((await state(dir)).outbox).toEqual([]);
  }, 300_000);
});
