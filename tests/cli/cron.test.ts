// `aimscan run` and `report` as cron and CI run them: stdout to a file, a paragraph on stderr that
// says what was found, what failed and why the exit code is what it is; `--fail-on` as on
// reconcile; `--no-alerts` calls no sink and leaves the digest for the next run to send.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type AwsSimulator, startAwsSimulator } from "../../simulator/aws/index.ts";
import { simulatedAwsCredentials } from "../../simulator/estate.ts";
import type { Scenario } from "../../simulator/scenario.ts";
import { type SlackReceiver, startSlackReceiver } from "../core/alerts/slack-receiver.ts";
import { runCli } from "./run-cli.ts";

const ROOT = join(import.meta.dirname, "../..");
let sim: AwsSimulator;
let slack: SlackReceiver;
let dir: string;
const saved = { ...process.env };

/** A config over the demo's AWS estate; `denied` includes the region the scanner may not read. */
function config(name: string, opts: { denied: boolean; slack: boolean }): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    stringify({
      inventory: join(ROOT, "examples/demo/inventory"),
      policies: ["builtin"],
      store: { type: "embedded", path: `./${name}-db` },
      aws: {
        regions: opts.denied ? ["us-east-1", "eu-west-1"] : ["us-east-1"],
        accounts: ["111111111111", "222222222222", "333333333333"],
        endpoint: sim.endpoint,
      },
      evidence: { dir: `./${name}-out` },
      ...(opts.slack ? { alerts: { slackWebhookUrl: slack.url } } : {}),
    }),
  );
  return file;
}

beforeAll(async () => {
  const demo = parse(readFileSync(join(ROOT, "simulator/scenarios/demo.yaml"), "utf8")) as {
    estate: Scenario;
  };
  sim = await startAwsSimulator(demo.estate.aws!);
  slack = await startSlackReceiver();
  dir = mkdtempSync(join(tmpdir(), "aimscan-cron-"));
  const creds = simulatedAwsCredentials("111111111111");
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_REGION: "us-east-1",
  });
  delete process.env.COLUMNS;
});
afterAll(async () => {
  process.env = saved;
  await sim.stop();
  await slack.stop();
});

describe("aimscan run in cron", () => {
  it("says on stderr which shard failed, what that means and why it exits 1", async () => {
    const file = config("denied", { denied: true, slack: false });
    const r = await runCli(["run", "--config", file, "--format", "json", "--run-id", "n1"]);
    expect(r.code).toBe(1);
    JSON.parse(r.stdout);
    const paragraph = r.stderr.slice(r.stderr.indexOf("aimscan run n1:"));
    expect(paragraph).toMatch(/^aimscan run n1: \d+ assets observed\. Drift: .*undeclared/);
    expect(paragraph.replace(/\n/g, " ")).toMatch(
      /1 FAILED \(aws\/333333333333\/eu-west-1\/sagemaker: .*\)\..*Alerts: no sinks configured.*Exit 1: 1 shard failed, so what they cover is unverified, not absent/,
    );
  });

  it("exits 0 when nothing failed, and 1 with --fail-on when a named finding is present", async () => {
    const file = config("clean", { denied: false, slack: false });
    const ok = await runCli(["run", "--config", file, "--format", "json", "--run-id", "c1"]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/Coverage: all \d+ shards scanned\. .*Exit 0\./s);
    const gated = await runCli([
      "run",
      "--config",
      file,
      "--format",
      "json",
      "--run-id",
      "c2",
      "--fail-on",
      "undeclared,policy:high",
    ]);
    expect(gated.code).toBe(1);
    expect(gated.stderr.replace(/\n/g, " ")).toContain("Exit 1: --fail-on matched (undeclared,policy:high).");
  });

  it("refuses an unknown --fail-on status before scanning or writing", async () => {
    const file = config("typo", { denied: false, slack: false });
    const before = sim.requests.length;
    const r = await runCli(["run", "--config", file, "--fail-on", "undeclard"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^--fail-on: unknown status "undeclard"/);
    expect(sim.requests.length).toBe(before);
    expect(existsSync(join(dir, "typo-db"))).toBe(false);
  });

  it("with --no-alerts calls no sink, and the next run sends what was held", async () => {
    const file = config("held", { denied: false, slack: true });
    const held = await runCli(["run", "--config", file, "--format", "json", "--run-id", "h1", "--no-alerts"]);
    expect(held.code).toBe(0);
    expect(slack.received).toHaveLength(0);
    expect(JSON.parse(held.stdout)).toMatchObject({ sinks: [], held: 1 });
    expect(held.stderr.replace(/\n/g, " ")).toContain(
      "Alerts: not sent (--no-alerts); 1 digest kept in the outbox for the next run.",
    );

    const next = await runCli(["run", "--config", file, "--format", "json", "--run-id", "h2"]);
    expect(next.code).toBe(0);
    const out = JSON.parse(next.stdout) as { resent: { runId: string; sinks: { ok: boolean }[] }[] };
    expect(out.resent).toEqual([
      expect.objectContaining({ runId: "h1", sinks: [expect.objectContaining({ ok: true })] }),
    ]);
    expect(slack.received.map((m) => m.body.text)).toEqual([
      expect.stringMatching(/^aimscan: new: \d+ undeclared/),
    ]);
  });

  it("says there are no sinks instead of 'sent to the sinks' when none is configured", async () => {
    const file = config("nosinks", { denied: false, slack: false });
    const r = await runCli(["run", "--config", file, "--format", "table", "--run-id", "s1"]);
    expect(r.stdout).toContain("no sinks configured");
    expect(r.stdout).not.toMatch(/went to the sinks|sent to \d+ sink/);
  });
});

describe("aimscan report in cron", () => {
  it("gates on --fail-on and says so on stderr", async () => {
    const file = config("clean", { denied: false, slack: false });
    const plain = await runCli(["report", "--config", file, "--format", "json"]);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(/^aimscan report c2 \(.*\): \d+ assets observed\./);
    const gated = await runCli(["report", "--config", file, "--format", "json", "--fail-on", "undeclared"]);
    expect(gated.code).toBe(1);
    expect(gated.stderr.replace(/\n/g, " ")).toContain("Exit 1: --fail-on matched (undeclared).");
    const none = await runCli(["report", "--config", file, "--format", "json", "--fail-on", "ambiguous"]);
    expect(none.code).toBe(0);
  });
});
