import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.ts";

const inventory = "examples/inventory";
const snapshot = "examples/snapshot.json";

describe("aimscan reconcile", () => {
  it("prints JSON with the summary and sorted items", async () => {
    const r = await runCli([
      "reconcile",
      "--inventory",
      inventory,
      "--snapshot",
      snapshot,
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toEqual({
      observed: 6,
      matched: 3,
      changed: 1,
      undeclared: 2,
      ambiguous: 0,
      missing: 1,
      unverified: 1,
    });
  });

  it("prints counts first, then items grouped by status with system and file:line", async () => {
    // A wide terminal: each item on one row (narrower widths: tests/cli/fit.test.ts).
    const columns = process.env.COLUMNS;
    process.env.COLUMNS = "200";
    const r = await runCli([
      "reconcile",
      "--inventory",
      inventory,
      "--snapshot",
      snapshot,
      "--format",
      "table",
    ]).finally(() => {
      if (columns === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = columns;
    });
    expect(r.stdout.split("\n")[0]).toMatch(/^observed\s+6$/);
    expect(r.stdout).toMatch(
      /CHANGED \(1\)\n.*fraud-scorer\s+system fraud-scoring · examples\/inventory\/fraud\.yaml:10/,
    );
    expect(r.stdout).not.toContain("\x1b[");
  });

  it("prints markdown tables", async () => {
    const r = await runCli([
      "reconcile",
      "--inventory",
      inventory,
      "--snapshot",
      snapshot,
      "--format",
      "markdown",
    ]);
    expect(r.stdout).toContain("| undeclared | 2 |");
    expect(r.stdout).toContain("## missing (1)");
  });

  it("exits 1 when a --fail-on status is present and 0 when not", async () => {
    const base = ["reconcile", "--inventory", inventory, "--snapshot", snapshot, "--format", "json"];
    expect((await runCli([...base, "--fail-on", "undeclared,missing"])).code).toBe(1);
    expect((await runCli([...base, "--fail-on", "ambiguous"])).code).toBe(0);
  });

  it("refuses an unknown --fail-on status with exit 2 and no output", async () => {
    const r = await runCli([
      "reconcile",
      "--inventory",
      inventory,
      "--snapshot",
      snapshot,
      "--fail-on",
      "gone",
    ]);
    expect(r).toMatchObject({ code: 2, stdout: "" });
    expect(r.stderr).toContain('unknown status "gone"');
  });

  it("names file, line and field of a bad snapshot; exit 2; nothing written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-cli-"));
    const bad = join(dir, "snap.json");
    writeFileSync(
      bad,
      '{\n  "schemaVersion": 1,\n  "scannedAt": "x",\n  "assets": [\n    { "id": "a", "provider": "oracle" }\n  ],\n  "coverage": []\n}\n',
    );
    const r = await runCli(["reconcile", "--inventory", inventory, "--snapshot", bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toMatch(
      /snap\.json:5:\d+: provider: must be one of "aws", "azure", "gcp" \(got "[a-z]*"\)$/,
    );
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("names the line of truncated JSON", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-cli-"));
    const bad = join(dir, "snap.json");
    writeFileSync(bad, '{\n  "schemaVersion": 1,\n  "assets": [\n');
    const r = await runCli(["reconcile", "--inventory", inventory, "--snapshot", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/snap\.json:\d+:\d+: invalid JSON/);
  });
});

describe("aimscan validate", () => {
  it("accepts the example inventory", async () => {
    const r = await runCli(["validate", "--inventory", inventory]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain("3 systems");
  });

  it("exits 2 with one located line for a bad inventory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aimscan-cli-"));
    writeFileSync(join(dir, "a.yaml"), "version: 1\nsystems:\n  - id: s\n    riskLevel: extreme\n");
    const r = await runCli(["validate", "--inventory", dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/a\.yaml:4:\d+: riskLevel: must be one of/);
  });
});

describe("aimscan schema", () => {
  it("prints a JSON Schema generated from the model", async () => {
    const r = await runCli(["schema", "inventory"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.properties.systems.type).toBe("array");
    expect(schema.additionalProperties).toBe(false);
  });

  it("exits 2 for an unknown schema name", async () => {
    expect((await runCli(["schema", "nope"])).code).toBe(2);
  });

  it("answers --help on every command with exit 0", async () => {
    for (const c of ["reconcile", "validate", "schema"]) expect((await runCli([c, "--help"])).code).toBe(0);
  });
});

describe("aimscan reconcile --policies", () => {
  it("adds policy results to the JSON report", async () => {
    const r = await runCli([
      "reconcile",
      "--inventory",
      inventory,
      "--snapshot",
      snapshot,
      "--policies",
      "builtin",
      "--format",
      "json",
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.policyResults.length).toBeGreaterThan(0);
    // The undeclared playground endpoint fails the governance check that every asset is declared.
    expect(report.policyResults).toContainEqual(
      expect.objectContaining({
        assetId: "arn:aws:sagemaker:us-east-1:111122223333:endpoint/llm-playground",
        status: "fail",
      }),
    );
  });
});

describe("aimscan reconcile --format json --results", () => {
  const args = ["reconcile", "--inventory", inventory, "--snapshot", snapshot, "--policies", "builtin"];

  it("lists the results that are not pass and counts every result in policySummary", async () => {
    const some = JSON.parse((await runCli([...args, "--format", "json"])).stdout);
    const all = JSON.parse((await runCli([...args, "--format", "json", "--results", "all"])).stdout);
    expect(some.policyResults.some((r: { status: string }) => r.status === "pass")).toBe(false);
    expect(all.policyResults.some((r: { status: string }) => r.status === "pass")).toBe(true);
    // The same results either way: the non-pass ones listed in both, passes counted in both.
    expect(some.policyResults).toEqual(
      all.policyResults.filter((r: { status: string }) => r.status !== "pass"),
    );
    expect(some.policySummary).toEqual({ ...all.policySummary, listed: "non-pass" });
    // Every listed result carries its context (title, remediation, system), as in every other output.
    for (const r of all.policyResults)
      expect(r).toMatchObject({ title: expect.any(String), systemId: expect.any(String) });
    const { pass, fail, error, waived } = all.policySummary;
    expect(pass + fail + error + waived).toBe(all.policyResults.length);
    const perPolicy = all.policySummary.policies.reduce((n: number, p: { pass: number }) => n + p.pass, 0);
    expect(perPolicy).toBe(pass);
  });

  it("refuses an unknown --results value", async () => {
    expect((await runCli([...args, "--format", "json", "--results", "some"])).code).toBe(2);
  });
});

describe("aimscan reconcile --fail-on policy:<severity>", () => {
  const base = [
    "reconcile",
    "--inventory",
    inventory,
    "--snapshot",
    snapshot,
    "--policies",
    "builtin",
    "--format",
    "json",
  ];

  it("exits 1 when a policy at or above the severity fails", async () => {
    expect((await runCli([...base, "--fail-on", "policy:high"])).code).toBe(1);
  });

  it("exits 0 when no policy that severe fails", async () => {
    expect((await runCli([...base, "--fail-on", "policy:critical"])).code).toBe(0);
  });

  it("refuses an unknown severity with exit 2", async () => {
    const r = await runCli([...base, "--fail-on", "policy:urgent"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown severity in "policy:urgent"');
  });
});
