// One truth for "current": after the demo's two nights (night 2 deletes the Bedrock custom model
// marketing-copy-v1), every output counts the same failing policy results, and the deleted
// model's results are resolved, never failing.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftReport } from "../../core/model.ts";
import { openStore } from "../../core/store/index.ts";
import { csvRecords } from "./csv-records.ts";
import { runCli } from "./run-cli.ts";

const DELETED = "arn:aws:bedrock:us-east-1:333333333333:custom-model/marketing-copy-v1";

let dir: string;
let config: string;
let demoOut: string;
let night2: string;
let bundle: string;

// This file compares what outputs say, not how they fit a terminal (tests/cli/fit.test.ts):
// lines stay whole.
const columns = process.env.COLUMNS;
beforeAll(async () => {
  process.env.COLUMNS = "1000";
  dir = mkdtempSync(join(tmpdir(), "aimscan-agree-"));
  const r = await runCli(["demo", "--out", join(dir, "out"), "--db", join(dir, "db")]);
  expect(r.code).toBe(0);
  demoOut = r.stdout;
  night2 = r.stdout.slice(r.stdout.indexOf("══ night 2"));
  config = join(dir, "aimscan.config.yaml");
  writeFileSync(
    config,
    [
      `inventory: ${resolve("examples/demo/inventory")}`,
      `policies: [builtin, ${resolve("examples/demo/policies")}]`,
      `store: { type: embedded, path: ${join(dir, "db")} }`,
      `evidence: { dir: ${join(dir, "out")} }`,
    ].join("\n"),
  );
  const runs = readdirSync(join(dir, "out")).sort();
  bundle = join(dir, "out", runs[1]!);
}, 180_000);
afterAll(() => {
  if (columns === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = columns;
  rmSync(dir, { recursive: true, force: true });
});

describe("the failing count of night 2", () => {
  it("is the same in the night summary, report (table, markdown, JSON), history, bundle, alerts and store", async () => {
    const summary = /policy failures: critical (\d+), high (\d+)[^,]*, medium (\d+)[^,]*, low (\d+)/.exec(
      night2,
    )!;
    const fromSummary = summary.slice(1).reduce((n, x) => n + Number(x), 0);

    const json = JSON.parse(
      (await runCli(["report", "--config", config, "--format", "json"])).stdout,
    ) as DriftReport;
    const fromJson = json.policyResults.filter((r) => r.status === "fail").length;
    const table = (await runCli(["report", "--config", config, "--format", "table"])).stdout;
    const markdown = (await runCli(["report", "--config", config, "--format", "markdown"])).stdout;
    const heading = (text: string) => Number(/Policy results: \d+ evaluated, (\d+) fail/.exec(text)![1]);

    const history = JSON.parse((await runCli(["history", "--config", config, "--format", "json"])).stdout);
    const fromHistory = history.runs[0].policySummary.fail as number;

    const reportJson = JSON.parse(readFileSync(join(bundle, "report.json"), "utf8"));
    const csv = csvRecords(readFileSync(join(bundle, "policies.csv"), "utf8"));
    const fromCsv = csv.filter((r) => r.status === "fail").length;
    const htmlText = readFileSync(join(bundle, "report.html"), "utf8");
    const fromHtml = Number(/(\d+) failing/.exec(htmlText)![1]);
    const fromChart = Number(new RegExp(`${json.runId}: (\\d+) policy failures`).exec(htmlText)![1]);
    const fromDigest = Number(/; (\d+) policy results failing/.exec(night2)![1]);

    const store = await openStore({ type: "embedded", path: join(dir, "db") });
    const fromStore = (await store.getRun(json.runId))!.policySummary!.fail;
    await store.close();

    const counts = {
      summary: fromSummary,
      reportJson: fromJson,
      reportTable: heading(table),
      reportMarkdown: heading(markdown),
      history: fromHistory,
      bundleReportJson: reportJson.policySummary.fail,
      bundleReportJsonResults: reportJson.report.policyResults.filter(
        (r: { status: string }) => r.status === "fail",
      ).length,
      policiesCsv: fromCsv,
      htmlHeader: fromHtml,
      htmlTrend: fromChart,
      alertDigest: fromDigest,
      store: fromStore,
    };
    expect(new Set(Object.values(counts)), JSON.stringify(counts)).toEqual(new Set([fromStore]));
    expect(fromStore).toBeGreaterThan(0);
  });

  it("lists the deleted model's results as resolved, never as failing", async () => {
    const json = JSON.parse(
      (await runCli(["report", "--config", config, "--format", "json"])).stdout,
    ) as DriftReport;
    expect(json.policyResults.filter((r) => r.assetId === DELETED)).toEqual([]);
    const gone = (json.resolvedPolicyResults ?? []).filter((r) => r.assetId === DELETED);
    expect(gone.length).toBeGreaterThan(0);
    for (const r of gone)
      expect(r).toMatchObject({ delta: "resolved", reason: "asset not observed in this run" });

    const csv = csvRecords(readFileSync(join(bundle, "policies.csv"), "utf8")).filter(
      (r) => r.assetId === DELETED,
    );
    expect(csv.length).toBe(gone.length);
    for (const r of csv) expect([r.status, r.delta]).toEqual(["resolved", "resolved"]);
    expect(demoOut).toContain(`RESOLVED  high policy aws-bedrock-custom-model-cmk failing on ${DELETED}`);
  });

  it("gives every finding its remediation and its asset's system, owner and risk level", async () => {
    const json = JSON.parse(
      (await runCli(["report", "--config", config, "--format", "json"])).stdout,
    ) as DriftReport;
    const failing = json.policyResults.filter((r) => r.status === "fail");
    for (const r of failing) {
      expect(r.title, r.policyId).toBeTruthy();
      expect(r.remediation, r.policyId).toBeTruthy();
      expect(r.systemId && r.owner && r.riskLevel, r.assetId).toBeTruthy();
    }
    // Both kinds of asset are among the findings: declared (with a real owner) and undeclared.
    expect(failing.some((r) => r.systemId === "undeclared" && r.owner === "undeclared")).toBe(true);
    expect(failing.some((r) => r.owner?.includes("@"))).toBe(true);
    const csv = readFileSync(join(bundle, "policies.csv"), "utf8");
    expect(csv.split("\r\n")[0]).toContain("remediation,systemId,owner,riskLevel");
    const table = (await runCli(["report", "--config", config, "--format", "table"])).stdout;
    expect(table).toContain(`fix:      ${failing[0]!.remediation}`);
  });
});

describe("the demo's evidence", () => {
  it("is written again byte for byte by evidence export --run, so the manifest hashes agree", async () => {
    const runs = readdirSync(join(dir, "out")).sort();
    for (const runId of runs) {
      const r = await runCli([
        "evidence",
        "export",
        "--config",
        config,
        "--run",
        runId,
        "--out",
        join(dir, "copy"),
      ]);
      expect(r.code, r.stderr).toBe(0);
      for (const file of readdirSync(join(dir, "out", runId)).sort()) {
        const original = readFileSync(join(dir, "out", runId, file), "utf8");
        expect(readFileSync(join(dir, "copy", runId, file), "utf8"), `${runId}/${file}`).toBe(original);
      }
    }
  });

  it("verifies from the folder above the bundles, one chain per folder of runs", async () => {
    const r = await runCli(["evidence", "verify", dir]);
    expect(r).toMatchObject({
      code: 0,
      stdout: `verified: 28 files of 4 runs in ${dir}, 2 hash chains, each intact\n`,
    });
  });
});
