// `aimscan evidence verify --store`: forgeries that keep a folder self-consistent (every hash
// recomputed, the seal rewritten) and deletions at either end of the chain, which the folder alone
// cannot show, are caught against the manifest hashes the store recorded. One line per problem.
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { takeExitCode } from "../../../cli/action.ts";
import { register } from "../../../cli/commands/evidence.ts";
import { Manifest, sha256 } from "../../../core/evidence/manifest.ts";
import type { Asset, Inventory, Snapshot } from "../../../core/model.ts";
import { reconcile } from "../../../core/reconcile.ts";
import { openStore } from "../../../core/store/index.ts";

const ACCOUNT = "111122223333";
const endpoint = (name: string): Asset => ({
  id: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${name}`,
  provider: "aws",
  service: "sagemaker",
  kind: "endpoint",
  account: ACCOUNT,
  region: "us-east-1",
  name,
  tags: {},
  attributes: {},
});
const inventory: Inventory = { systems: [] };

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => {
    stdout += String(c);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => {
    stderr += String(c);
    return true;
  });
  try {
    const program = new Command("aimscan").exitOverride();
    register(program);
    await program.parseAsync(args, { from: "user" });
    return { code: takeExitCode(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

let dir: string;
const config = () => join(dir, "aimscan.config.yaml");
const out = (...p: string[]) => join(dir, "out", ...p);

/** Three nights in the store, each exported (the export records its manifest hash in the store). */
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "aimscan-verify-store-"));
  await writeFile(config(), "store: { type: embedded, path: ./db }\nevidence: { dir: ./out }\n");
  const store = await openStore({ type: "embedded", path: join(dir, "db") });
  try {
    for (const n of [1, 2, 3]) {
      const snapshot: Snapshot = {
        schemaVersion: 1,
        scannedAt: `2026-03-0${n}T02:00:00.000Z`,
        assets: [endpoint(`e${n}`)],
        coverage: [
          { provider: "aws", account: ACCOUNT, region: "us-east-1", service: "sagemaker", status: "ok" },
        ],
      };
      const runId = `night-${n}`;
      await store.startRun({ runId, startedAt: snapshot.scannedAt, configHash: "f".repeat(64) });
      await store.completeRun(runId, reconcile(inventory, snapshot, { runId }), snapshot.assets);
    }
  } finally {
    await store.close();
  }
  for (const n of [1, 2, 3]) {
    expect((await cli("evidence", "export", "--config", config(), "--run", `night-${n}`)).code).toBe(0);
  }
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Rewrites a run's drift.csv and its manifest consistently, as a forger with write access would. */
async function forge(runId: string, change: (m: Manifest) => void = () => {}): Promise<string> {
  await writeFile(out(runId, "drift.csv"), "status\r\n");
  const manifest = Manifest.parse(JSON.parse(await readFile(out(runId, "manifest.json"), "utf8")));
  const drift = manifest.files.find((f) => f.name === "drift.csv")!;
  drift.sha256 = sha256("status\r\n");
  drift.bytes = 8;
  change(manifest);
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(out(runId, "manifest.json"), text);
  await writeFile(out(runId, "manifest.sha256"), `${sha256(text)}  manifest.json\n`);
  return sha256(text);
}

const lines = (s: string) => s.trimEnd().split("\n");

describe("evidence verify --store", () => {
  it("verifies an untouched folder against the store and says how many runs matched", async () => {
    const r = await cli("evidence", "verify", "--store", "--config", config());
    expect(r).toMatchObject({
      code: 0,
      stdout: `verified: 21 files of 3 runs in ${out()}, hash chain intact; 3 completed runs match the store's manifest hashes\n`,
    });
  });

  it("names a newest run forged and re-hashed, which the folder check alone accepts", async () => {
    const forged = await forge("night-3");
    expect((await cli("evidence", "verify", out())).code).toBe(0);
    const r = await cli("evidence", "verify", "--config", config());
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^NOT VERIFIED: night-3/manifest.json: SHA-256 ${forged} differs from the store's record for run night-3 \\([0-9a-f]{64}\\)$`,
        ),
      ),
    ]);
  });

  it("names the newest run deleted, which leaves a folder that still verifies alone", async () => {
    await rm(out("night-3"), { recursive: true });
    expect((await cli("evidence", "verify", out())).code).toBe(0);
    const r = await cli("evidence", "verify", out(), "--store", "--config", config());
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(
        /^NOT VERIFIED: run night-3: completed in the store \(manifest [0-9a-f]{64}\) but has no bundle in /,
      ),
    ]);
  });

  it("names the oldest run deleted, in the folder check and against the store", async () => {
    await rm(out("night-1"), { recursive: true });
    const alone = await cli("evidence", "verify", out());
    expect(alone.code).toBe(1);
    expect(alone.stdout).toMatch(
      /^NOT VERIFIED: night-2\/manifest.json: links to run night-1 \([0-9a-f]{64}\), which is not in the folder/,
    );
    const r = await cli("evidence", "verify", "--config", config());
    expect(r.code).toBe(1);
    expect(lines(r.stdout)).toEqual([
      expect.stringMatching(/^NOT VERIFIED: run night-1: completed in the store .* has no bundle/),
    ]);
  });

  it("gives one line per problem: a forged middle run re-chained (two hashes and a link), and a bundle the store never completed", async () => {
    const forged = await forge("night-2");
    await forge("night-3", (m) => {
      m.previousManifestHash = forged;
    });
    await cp(out("night-3"), out("night-4"), { recursive: true });
    await forge("night-4", (m) => {
      m.runId = "night-4";
      m.startedAt = "2026-03-04T02:00:00.000Z";
    });
    const alone = await cli("evidence", "verify", out());
    expect(alone.code).toBe(1); // night-4 links to night-2, not night-3: the folder sees that
    const r = await cli("evidence", "verify", "--config", config(), "--format", "json");
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.ok).toBe(false);
    expect(json.store.problems).toEqual([
      expect.stringMatching(
        /^night-3\/manifest.json: SHA-256 .* differs from the store's record for run night-3/,
      ),
      expect.stringMatching(
        /^night-2\/manifest.json: SHA-256 .* differs from the store's record for run night-2/,
      ),
      expect.stringMatching(
        /^night-3\/manifest.json: links to [0-9a-f]{64}, but the store's previous run night-2 has manifest /,
      ),
      "night-4: run night-4 is not in the store (a bundle of a run that never completed there)",
    ]);
  });

  it("refuses symbolic links and a folder not named by its run id, with or without the store", async () => {
    await rm(out("night-3", "drift.csv"));
    await symlink("/etc/hostname", out("night-3", "drift.csv"));
    expect((await cli("evidence", "verify", out())).stdout).toBe(
      "NOT VERIFIED: night-3/drift.csv: a symbolic link, not a file of the run\n",
    );
    await rm(out("night-3"), { recursive: true });
    await cp(out("night-2"), join(dir, "elsewhere"), { recursive: true });
    await symlink(join(dir, "elsewhere"), out("night-3"));
    expect((await cli("evidence", "verify", out())).stdout).toBe(
      "NOT VERIFIED: night-3: a symbolic link, not a run folder\n",
    );
    await rm(out("night-3"));
    await cp(out("night-2"), out("night-3"), { recursive: true });
    const swapped = await cli("evidence", "verify", out(), "--store", "--config", config());
    expect(swapped.code).toBe(1);
    expect(lines(swapped.stdout)[0]).toBe(
      "NOT VERIFIED: night-3: the folder holds run night-2; a run's folder is named by its run id",
    );
  });
});
