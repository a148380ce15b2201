// `aimscan run` as a user runs it: a config file, credentials from the environment (the AWS SDK's
// standard chain), the embedded store on disk, evidence on disk; then history, report and
// evidence verify read it back.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type AwsSimulator, startAwsSimulator } from "../../simulator/aws/index.ts";
import { simulatedAwsCredentials } from "../../simulator/estate.ts";
import type { Scenario } from "../../simulator/scenario.ts";
import { runCli } from "./run-cli.ts";

const ROOT = join(import.meta.dirname, "../..");
let sim: AwsSimulator;
let dir: string;
let configFile: string;
const saved = { ...process.env };

beforeAll(async () => {
  const demo = parse(readFileSync(join(ROOT, "simulator/scenarios/demo.yaml"), "utf8")) as {
    estate: Scenario;
  };
  sim = await startAwsSimulator(demo.estate.aws!);
  dir = mkdtempSync(join(tmpdir(), "aimscan-run-"));
  const creds = simulatedAwsCredentials("111111111111");
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_REGION: "us-east-1",
  });
  configFile = join(dir, "aimscan.config.yaml");
  writeFileSync(
    configFile,
    stringify({
      inventory: join(ROOT, "examples/demo/inventory"),
      policies: ["builtin"],
      store: { type: "embedded", path: "./db" },
      aws: {
        regions: ["us-east-1", "eu-west-1"],
        accounts: ["111111111111", "222222222222", "333333333333"],
        endpoint: sim.endpoint,
      },
      evidence: { dir: "./out" },
    }),
  );
});
afterAll(async () => {
  process.env = saved;
  await sim.stop();
});

describe("aimscan run", () => {
  it("runs the night, stores it, and exits 1 because one shard was denied", async () => {
    const r = await runCli(["run", "--config", configFile, "--format", "json", "--run-id", "night-1"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.report.summary.observed).toBeGreaterThan(20);
    expect(out.report.coverage.filter((c: { status: string }) => c.status === "error")).toEqual([
      expect.objectContaining({ account: "333333333333", region: "eu-west-1", service: "sagemaker" }),
    ]);
    expect(out.evidence.dir).toBe(join(dir, "out", "night-1"));
    // Proportional, as reconcile and report print it: passes counted, not listed.
    const { policySummary, policyResults } = out.report;
    expect(policySummary.listed).toBe("non-pass");
    expect(policySummary.pass).toBeGreaterThan(0);
    expect(policyResults.some((x: { status: string }) => x.status === "pass")).toBe(false);
    expect(policyResults).toHaveLength(policySummary.fail + policySummary.error + policySummary.waived);
  });

  it("refuses to redo a completed run id with exit 2", async () => {
    const r = await runCli(["run", "--config", configFile, "--run-id", "night-1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("run night-1 already completed");
  });

  it("reads the run back with history, report and evidence verify", async () => {
    const history = await runCli(["history", "--config", configFile, "--format", "json"]);
    expect(history.code).toBe(0);
    expect(JSON.stringify(JSON.parse(history.stdout))).toContain("night-1");
    const report = await runCli(["report", "--config", configFile, "--run", "latest", "--format", "json"]);
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).runId).toBe("night-1");
    // People get the policy results too, as `reconcile --policies` shows them.
    const md = await runCli(["report", "--config", configFile, "--format", "markdown"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("## undeclared");
    expect(md.stdout).toMatch(/Policy results: \d+ evaluated, \d+ fail/);
    const verify = await runCli(["evidence", "verify", join(dir, "out")]);
    expect(verify.code).toBe(0);
  });

  it("stops on a bad inventory before scanning or writing anything", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(join(dir, "inv.yaml"), "version: 1\nsystems:\n  - id: x\n    riskLevel: huge\n");
    writeFileSync(bad, stringify({ ...parse(readFileSync(configFile, "utf8")), inventory: "./inv.yaml" }));
    const before = sim.requests.length;
    const r = await runCli(["run", "--config", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/inv\.yaml:4:\d+: riskLevel: must be one of/);
    expect(sim.requests.length).toBe(before);
  });
});

describe("aimscan run --results all", () => {
  it("lists every policy result, passes included, in its JSON", async () => {
    const r = await runCli([
      "run",
      "--config",
      configFile,
      "--format",
      "json",
      "--results",
      "all",
      "--run-id",
      "night-2",
    ]);
    const { policySummary, policyResults } = JSON.parse(r.stdout).report;
    expect(policySummary.listed).toBe("all");
    expect(policyResults).toHaveLength(
      policySummary.pass + policySummary.fail + policySummary.error + policySummary.waived,
    );
    expect(policyResults.some((x: { status: string }) => x.status === "pass")).toBe(true);
  });
});

describe("aimscan run without a config", () => {
  it("says there is no aimscan.config.yaml and how to give one, exit 2", async () => {
    const cwd = process.cwd();
    process.chdir(mkdtempSync(join(tmpdir(), "aimscan-noconfig-")));
    try {
      const r = await runCli(["run"]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim()).toMatch(/^aimscan\.config\.yaml: not found; .*--config FILE$/);
    } finally {
      process.chdir(cwd);
    }
  });
});
