// The night commits once (issue 13): killed with SIGKILL at every checkpoint of finishNight, a
// redo by the same run id converges to the store and evidence of an uninterrupted night, and
// the run is never "completed" without its evidence.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { verifyEvidence } from "../../../core/evidence/index.ts";
import { openStore } from "../../../core/store/index.ts";

const ROOT = join(import.meta.dirname, "../../..");

function estate(): string {
  const dir = mkdtempSync(join(tmpdir(), "aimscan-crash-"));
  mkdirSync(join(dir, "inventory"));
  writeFileSync(
    join(dir, "inventory", "s.yaml"),
    "version: 1\nsystems:\n  - id: fraud\n    owner: o@example.com\n    assets:\n      - id: arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud-scorer\n      - id: arn:aws:sagemaker:us-east-1:111122223333:endpoint/gone\n",
  );
  return dir;
}

function night(dir: string, runId: string, n: string, crashAt?: string) {
  const env = { ...process.env };
  delete env.AIMSCAN_CRASH_AT;
  if (crashAt) env.AIMSCAN_CRASH_AT = crashAt;
  return spawnSync(process.execPath, ["--import", "tsx", "tests/core/night/crash-child.ts", dir, runId, n], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
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
    };
  } finally {
    await store.close();
  }
}

describe("a night killed at each checkpoint", () => {
  it("converges on a redo by the same run id", async () => {
    const reference = estate();
    expect(night(reference, "night-1", "1").status).toBe(0);
    expect(night(reference, "night-2", "2").status).toBe(0);
    const want = await state(reference);

    for (const checkpoint of ["stored", "evidence"]) {
      const dir = estate();
      expect(night(dir, "night-1", "1").status).toBe(0);
      const killed = night(dir, "night-2", "2", checkpoint);
      expect(killed.signal, checkpoint).toBe("SIGKILL");
      // Killed before the final write: not completed, so never anyone's "previous".
      expect((await state(dir)).runs, checkpoint).toContain("night-2 running unsealed");
      const redo = night(dir, "night-2", "2");
      expect(redo.status, `${checkpoint}: ${redo.stderr}`).toBe(0);
      const got = await state(dir);
      expect(got.items, checkpoint).toEqual(want.items);
      expect(got.runs, checkpoint).toEqual(want.runs);
      expect(JSON.parse(redo.stdout).manifestHash).toBe(got.manifest);
      const verified = await verifyEvidence(join(dir, "evidence"));
      expect(verified, checkpoint).toMatchObject({ ok: true });
    }
  }, 300_000);
});
