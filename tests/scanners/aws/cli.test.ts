// `aimscan scan` end to end: config file → standard AWS credential chain → snapshot file; exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { takeExitCode } from "../../../cli/action.ts";
import { register } from "../../../cli/commands/scan.ts";
import { Snapshot } from "../../../core/model.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { CALLER, MEMBER, twoAccounts } from "./fixture.ts";

let sim: AwsSimulator;
let dir: string;
const saved = { ...process.env };
beforeAll(async () => {
  sim = await startAwsSimulator(twoAccounts(1));
  dir = mkdtempSync(join(tmpdir(), "aimscan-scan-"));
  // The production path: credentials from the SDK's default chain (here the environment).
  process.env.AWS_ACCESS_KEY_ID = "AKIDCLITESTKEY";
  process.env.AWS_SECRET_ACCESS_KEY = "cli-test-secret";
  writeFileSync(
    join(dir, "aimscan.config.yaml"),
    `aws:\n  regions: [us-east-1]\n  accounts: ["${CALLER}", "${MEMBER}"]\n  endpoint: ${sim.endpoint}\nscan:\n  requestsPerSecond: 1000\n`,
  );
});
afterAll(async () => {
  process.env = saved;
  await sim.stop();
});

async function cli(args: string[]) {
  const program = new Command().exitOverride();
  register(program);
  let stderr = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: "user" });
  } finally {
    spy.mockRestore();
  }
  return { code: takeExitCode(), stderr };
}

describe("aimscan scan", () => {
  it("writes the snapshot to --out and exits 0 when every shard is ok", async () => {
    const out = join(dir, "snapshot.json");
    const { code } = await cli(["scan", "--config", join(dir, "aimscan.config.yaml"), "--out", out]);
    expect(code).toBe(0);
    const snapshot = Snapshot.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(snapshot.coverage.every((c) => c.status === "ok")).toBe(true);
    expect(new Set(snapshot.assets.map((a) => a.account))).toEqual(new Set([CALLER, MEMBER]));
  });

  it("exits 1 and names the failed shard when one is denied", async () => {
    sim.controls.deny({ account: MEMBER, service: "sagemaker" });
    const out = join(dir, "denied.json");
    const { code, stderr } = await cli(["scan", "--config", join(dir, "aimscan.config.yaml"), "--out", out]);
    sim.controls.clear();
    expect(code).toBe(1);
    expect(stderr).toContain(
      `aws/${MEMBER}/us-east-1/sagemaker: endpoint: ListEndpoints: AccessDeniedException`,
    );
    // It says what to grant, and to which role.
    expect(stderr).toContain(`grant sagemaker:ListEndpoints to arn:aws:iam::${MEMBER}:role/AimscanReadOnly`);
    const snapshot = Snapshot.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(snapshot.coverage.filter((c) => c.status === "error")).toHaveLength(1);
  });

  it("reports bad config as one line and exit 2", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "aws:\n  accounts: [not-an-account]\n");
    const { code, stderr } = await cli(["scan", "--config", bad]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:2:\d+: .*12 digits/);
  });
});
