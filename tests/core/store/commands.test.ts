// The `history` and `report` commands over an on-disk embedded store (CLI tests live here
// because these commands belong to the store's owner).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReport } from "../../../core/model.ts";
import { openStore } from "../../../core/store/index.ts";
import { runCli } from "../../cli/run-cli.ts";
import { asset, coverage, failing, night, report, undeclared } from "./fixtures.ts";

let dir: string;
let configFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "aimscan-cli-"));
  configFile = join(dir, "aimscan.config.yaml");
  writeFileSync(configFile, "store: { type: embedded, path: ./db }\n");
  const store = await openStore({ type: "embedded", path: join(dir, "db") });
  const [a, b] = [asset("a"), asset("b")];
  const east = [coverage("us-east-1")];
  await store.startRun(night(1));
  await store.completeRun(night(1).runId, report([undeclared(a)], east, [failing(a)]), [a]);
  await store.startRun(night(2));
  await store.completeRun(night(2).runId, report([undeclared(a), undeclared(b)], east), [a, b]);
  await store.startRun(night(3));
  await store.failRun(night(3).runId, "AccessDenied on sts:AssumeRole");
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The CLI as users run it (tests/cli/run-cli.ts), with this test's config. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runCli([...args, "--config", configFile]);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe("aimscan history", () => {
  it("lists runs newest first with counts and the drift trend as JSON", async () => {
    const { code, out } = await cli("history", "--format", "json");
    expect(code).toBe(0);
    const runs = JSON.parse(out).runs as Array<Record<string, unknown>>;
    expect(runs.map((r) => [r.runId, r.status, r.drift, r.trend, r.newCount])).toEqual([
      [night(3).runId, "failed", undefined, undefined, undefined],
      [night(2).runId, "completed", 2, 1, 1],
      [night(1).runId, "completed", 1, undefined, 1],
    ]);
  });

  it("prints a table with the failure reason and a trend line", async () => {
    const { out } = await cli("history", "--format", "table", "--limit", "5");
    expect(out).toContain("AccessDenied on sts:AssumeRole");
    expect(out).toContain("▲ +1");
    expect(out).toContain("open drift, oldest → newest:");
  });
});

describe("aimscan report", () => {
  it("prints the latest completed report with deltas as JSON", async () => {
    const { code, out } = await cli("report", "--format", "json");
    expect(code).toBe(0);
    const r = JSON.parse(out) as DriftReport;
    expect(r.runId).toBe(night(2).runId);
    expect(r.items.map((i) => i.delta)).toEqual(["ongoing", "new"]);
    // The failure ended with its asset: listed as resolved, not as one of this run's results.
    expect(r.policyResults).toEqual([]);
    expect(r.resolvedPolicyResults).toMatchObject([
      { ...failing(asset("a")), delta: "resolved", reason: "asset not observed in this run" },
    ]);
  });

  it("prints an older run by id", async () => {
    const { out } = await cli("report", "--run", night(1).runId, "--format", "json");
    expect((JSON.parse(out) as DriftReport).summary.undeclared).toBe(1);
  });

  it("exits 2 for an unknown run and says why a failed run has no report", async () => {
    expect(await cli("report", "--run", "nope")).toMatchObject({
      code: 2,
      err: "no run nope in the store\n",
    });
    expect(await cli("report", "--run", night(3).runId)).toMatchObject({
      code: 2,
      err: `run ${night(3).runId} is failed: it has no report\n`,
    });
  });
});
