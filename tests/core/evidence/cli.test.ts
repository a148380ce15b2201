// `aimscan evidence export|verify` (cli/commands/evidence.ts), driven through commander against an
// embedded store on disk. Kept beside the evidence tests because this engineer owns that folder.
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { takeExitCode } from "../../../cli/action.ts";
import { register } from "../../../cli/commands/evidence.ts";
import type { Asset, Inventory, Snapshot } from "../../../core/model.ts";
import { reconcile } from "../../../core/reconcile.ts";
import { openStore } from "../../../core/store/index.ts";

let dir: string;
const ACCOUNT = "111122223333";
const endpoint = (name: string): Asset => ({
  id: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${name}`,
  provider: "aws",
  service: "sagemaker",
  kind: "endpoint",
  account: ACCOUNT,
  region: "us-east-1",
  name,
  tags: { team: "risk" },
  attributes: { instanceType: "ml.m5.large" },
});
const inventory: Inventory = {
  systems: [
    { id: "fraud-scoring", owner: "risk@example.com", assets: [{ id: endpoint("fraud-scorer").id }] },
  ],
};

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

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "aimscan-evidence-cli-"));
  await mkdir(join(dir, "inventory"));
  await writeFile(
    join(dir, "inventory", "fraud.yaml"),
    `version: 1\nsystems:\n  - id: fraud-scoring\n    owner: risk@example.com\n    assets:\n      - id: ${endpoint("fraud-scorer").id}\n`,
  );
  await writeFile(
    join(dir, "aimscan.config.yaml"),
    "inventory: ./inventory\nstore: { type: embedded, path: ./db }\nevidence: { dir: ./out }\n",
  );
  const store = await openStore({ type: "embedded", path: join(dir, "db") });
  try {
    for (const [n, names] of [
      [1, ["fraud-scorer", "shadow"]],
      [2, ["fraud-scorer"]],
    ] as const) {
      const runId = `night-${n}`;
      const snapshot: Snapshot = {
        schemaVersion: 1,
        scannedAt: `2026-03-0${n}T02:00:00.000Z`,
        assets: names.map(endpoint),
        coverage: [
          { provider: "aws", account: ACCOUNT, region: "us-east-1", service: "sagemaker", status: "ok" },
        ],
      };
      await store.startRun({ runId, startedAt: snapshot.scannedAt, configHash: "f".repeat(64) });
      await store.completeRun(runId, reconcile(inventory, snapshot, { runId }), snapshot.assets);
    }
  } finally {
    await store.close();
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("aimscan evidence", () => {
  const config = () => join(dir, "aimscan.config.yaml");

  it("exports runs from the store into a chain that verifies", async () => {
    const first = await cli("evidence", "export", "--config", config(), "--run", "night-1");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^wrote .*out\/night-1 \(8 files\), manifest sha256 [0-9a-f]{64}\n$/);
    const latest = await cli("evidence", "export", "--config", config(), "--run", "latest");
    expect(latest.code).toBe(0);
    expect(latest.stdout).toContain("out/night-2");
    const verified = await cli("evidence", "verify", join(dir, "out"));
    expect(verified).toMatchObject({
      code: 0,
      stdout: `verified: 14 files of 2 runs in ${join(dir, "out")}, hash chain intact\n`,
    });
  });

  it("exits 1 and names the file when a bundle was changed", async () => {
    await appendFile(join(dir, "out", "night-1", "drift.csv"), " ");
    const r = await cli("evidence", "verify", join(dir, "out"), "--format", "json");
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("night-1/drift.csv"),
    });
  });

  it("refuses to export into an existing bundle (exit 2) and leaves it byte for byte", async () => {
    const manifest = join(dir, "out", "night-2", "manifest.json");
    const before = await readFile(manifest);
    const r = await cli("evidence", "export", "--config", config(), "--run", "night-2");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /night-2: a bundle for run night-2 already exists; evidence is never overwritten/,
    );
    expect(await readFile(manifest)).toEqual(before);
  });

  it("exits 2 for a run the store does not have", async () => {
    const r = await cli(
      "evidence",
      "export",
      "--config",
      config(),
      "--run",
      "night-9",
      "--out",
      join(dir, "x"),
    );
    expect(r).toMatchObject({ code: 2, stderr: "no completed run night-9 in the store\n" });
  });
});
