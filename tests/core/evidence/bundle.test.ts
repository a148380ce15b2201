import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyEvidence, writeEvidence } from "../../../core/evidence/index.ts";
import { Manifest, sha256 } from "../../../core/evidence/manifest.ts";
import { sampleInput } from "./fixtures.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "aimscan-evidence-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Three nightly runs, each linked to the previous one's manifest hash, as the pipeline writes them. */
async function chain(n = 3): Promise<string[]> {
  const hashes: string[] = [];
  let previous: string | undefined;
  for (let i = 1; i <= n; i++) {
    const runId = `run-${i}`;
    const startedAt = `2026-03-0${i}T02:00:00Z`;
    const runs = hashes
      .map((h, j) => ({
        runId: `run-${j + 1}`,
        status: "completed",
        startedAt: `2026-03-0${j + 1}T02:00:00Z`,
        manifestHash: h,
      }))
      .reverse();
    const out = await writeEvidence(
      sampleInput(dir, runId, { startedAt, runs, previousManifestHash: previous }),
    );
    previous = out.manifestHash;
    hashes.push(out.manifestHash);
  }
  return hashes;
}

async function flipByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0x01;
  await writeFile(file, bytes);
}

describe("writeEvidence", () => {
  it("writes every artefact into <dir>/<runId> and hashes each in the manifest", async () => {
    const out = await writeEvidence(sampleInput(dir));
    expect(out.dir).toBe(join(dir, "run-2"));
    const names = (await readdir(out.dir)).sort();
    expect(names).toEqual([
      "assets.csv",
      "drift.csv",
      "inventory.cdx.json",
      "manifest.json",
      "manifest.sha256",
      "policies.csv",
      "report.html",
      "report.json",
    ]);
    expect(out.files.map((f) => f.slice(out.dir.length + 1)).sort()).toEqual(names);
    const manifestText = await readFile(join(out.dir, "manifest.json"), "utf8");
    expect(sha256(manifestText)).toBe(out.manifestHash);
    const manifest = Manifest.parse(JSON.parse(manifestText));
    expect(manifest.runId).toBe("run-2");
    expect(manifest.previousManifestHash).toBeNull();
    for (const f of manifest.files) expect(sha256(await readFile(join(out.dir, f.name)))).toBe(f.sha256);
    expect(await readFile(join(out.dir, "manifest.sha256"), "utf8")).toBe(
      `${out.manifestHash}  manifest.json\n`,
    );
  });

  it("puts the report, policy results, coverage, tool version and config hash in report.json", async () => {
    const out = await writeEvidence(sampleInput(dir));
    const report = JSON.parse(await readFile(join(out.dir, "report.json"), "utf8"));
    expect(report).toMatchObject({ runId: "run-2", toolVersion: "0.1.0", configHash: "c".repeat(64) });
    expect(report.report.policyResults).toHaveLength(3);
    expect(report.report.coverage).toHaveLength(3);
    expect(report.policySummary).toEqual({ pass: 1, fail: 1, error: 0, waived: 1 });
    expect(report.coverageSummary).toEqual({ ok: 2, error: 1, skipped: 0 });
  });

  it("records the previous run's manifest hash and id, making a chain", async () => {
    const [first, second] = await chain(2);
    const manifest = Manifest.parse(JSON.parse(await readFile(join(dir, "run-2", "manifest.json"), "utf8")));
    expect(manifest.previousManifestHash).toBe(first);
    expect(manifest.previousRunId).toBe("run-1");
    expect(second).not.toBe(first);
  });

  it("writes byte-identical files when the same run is exported again", async () => {
    const a = await writeEvidence(sampleInput(dir));
    const b = await writeEvidence(sampleInput(dir));
    expect(b.manifestHash).toBe(a.manifestHash);
    expect((await readdir(dir)).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("refuses a run id that would leave the evidence folder", async () => {
    await expect(writeEvidence(sampleInput(dir, "../escape"))).rejects.toThrow(/cannot name a folder/);
  });
});

describe("verifyEvidence", () => {
  it("accepts an untouched single run folder", async () => {
    const out = await writeEvidence(sampleInput(dir));
    expect(await verifyEvidence(out.dir)).toEqual({ ok: true, checked: 7, chains: 1, runs: 1 });
  });

  it("accepts an untouched chain of runs and checks every file", async () => {
    await chain(3);
    expect(await verifyEvidence(dir)).toEqual({ ok: true, checked: 21, chains: 1, runs: 3 });
  });

  it("verifies each chain in a folder of chains (aimscan-out/<name>/<runId>) and says how many", async () => {
    const parent = join(dir, "..", `${basename(dir)}-chains`);
    await chain(2);
    await mkdir(parent, { recursive: true });
    await cp(dir, join(parent, "nightly"), { recursive: true });
    await cp(dir, join(parent, "copy"), { recursive: true });
    try {
      expect(await verifyEvidence(parent)).toEqual({ ok: true, checked: 28, chains: 2, runs: 4 });
      // A folder beside the runs of a chain that is not a bundle has lost its manifest.
      await mkdir(join(parent, "copy", "stray"));
      expect(await verifyEvidence(parent)).toMatchObject({
        ok: false,
        problem: "copy/stray/manifest.json: missing",
      });
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it("names the file when any single byte of any file of a chained run changes", async () => {
    await chain(3);
    const runDir = join(dir, "run-2");
    for (const name of await readdir(runDir)) {
      const file = join(runDir, name);
      const original = await readFile(file);
      await flipByte(file);
      const result = await verifyEvidence(dir);
      expect(result.ok, name).toBe(false);
      // A changed seal is reported against the manifest it no longer matches.
      expect(result.problem, name).toContain(`run-2/${name === "manifest.sha256" ? "manifest.json" : name}`);
      await writeFile(file, original);
    }
    expect((await verifyEvidence(dir)).ok).toBe(true);
  });

  it("detects a changed byte in the newest run's manifest, which no later run links to", async () => {
    const out = await writeEvidence(sampleInput(dir));
    await flipByte(join(out.dir, "manifest.json"));
    expect(await verifyEvidence(out.dir)).toMatchObject({
      ok: false,
      problem: expect.stringContaining("run-2/manifest.json"),
    });
  });

  it("names a removed file as missing", async () => {
    await chain(3);
    await rm(join(dir, "run-2", "policies.csv"));
    expect(await verifyEvidence(dir)).toMatchObject({ ok: false, problem: "run-2/policies.csv: missing" });
  });

  it("names a run removed from the middle of the chain", async () => {
    await chain(3);
    await rm(join(dir, "run-2"), { recursive: true });
    const result = await verifyEvidence(dir);
    expect(result.ok).toBe(false);
    expect(result.problem).toMatch(/^run-3\/manifest\.json: link to the previous run broken/);
    expect(result.problem).toContain("run run-2 is missing from the chain");
  });

  it("catches a middle run whose files and manifest were rewritten consistently, through the next link", async () => {
    await chain(3);
    const runDir = join(dir, "run-2");
    await writeFile(join(runDir, "drift.csv"), "status\r\n");
    const manifest = Manifest.parse(JSON.parse(await readFile(join(runDir, "manifest.json"), "utf8")));
    const drift = manifest.files.find((f) => f.name === "drift.csv")!;
    drift.sha256 = sha256("status\r\n");
    drift.bytes = 8;
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(join(runDir, "manifest.json"), text);
    await writeFile(join(runDir, "manifest.sha256"), `${sha256(text)}  manifest.json\n`);
    expect(await verifyEvidence(dir)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^run-3\/manifest\.json: link/),
    });
  });

  it("rejects a file added beside the sealed ones", async () => {
    const out = await writeEvidence(sampleInput(dir));
    await writeFile(join(out.dir, "extra.txt"), "x");
    expect(await verifyEvidence(out.dir)).toMatchObject({
      ok: false,
      problem: "run-2/extra.txt: not listed in manifest.json",
    });
  });

  it("reports a folder without any run", async () => {
    expect(await verifyEvidence(dir)).toMatchObject({
      ok: false,
      checked: 0,
      problem: expect.stringContaining("no evidence runs"),
    });
  });
});
