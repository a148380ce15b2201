// The simulated estate served on its own (simulator/serve.ts) and scanned by the aimscan CLI in a
// separate process through the standard credential chains: AWS keys from the environment, Azure's
// DefaultAzureCredential via `az`, Google ADC via an external_account file, TLS trust from
// NODE_EXTRA_CA_CERTS — the path a user takes.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "aimscan-serve-"));
let server: ChildProcess;

beforeAll(async () => {
  server = spawn(process.execPath, ["--import", "tsx", "simulator/serve.ts", "--dir", dir], { cwd: ROOT });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    server.stdout!.on("data", (c) => {
      out += String(c);
      if (out.includes("is up")) resolve();
    });
    server.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
  });
});
afterAll(() => {
  server.kill("SIGTERM");
});

function envFile(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(dir, "env.sh"), "utf8").split("\n")) {
    const m = /^export ([A-Z_]+)='(.*)'$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace(/'\\''/g, "'");
  }
  return env;
}

it("scans all three simulated clouds from the CLI through each cloud's standard credential chain", () => {
  const env = { ...process.env, ...envFile() };
  for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN"]) delete env[k];
  const out = join(dir, "snapshot.json");
  const r = spawnSync(
    process.execPath,
    ["bin/aimscan.mjs", "scan", "--config", join(dir, "aimscan.config.yaml"), "--out", out],
    { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 },
  );
  // One region is denied to the scanner in this estate: exit 1, and it says which.
  expect(r.status).toBe(1);
  expect(r.stderr).toContain("aws/333333333333/eu-west-1/sagemaker");
  const snapshot = JSON.parse(readFileSync(out, "utf8")) as {
    assets: { provider: string }[];
    coverage: { provider: string; status: string }[];
  };
  for (const provider of ["aws", "azure", "gcp"]) {
    expect(snapshot.assets.some((a) => a.provider === provider)).toBe(true);
    expect(
      snapshot.coverage.filter((c) => c.provider === provider && c.status === "ok").length,
    ).toBeGreaterThan(0);
  }
  expect(snapshot.coverage.filter((c) => c.status === "error")).toHaveLength(1);
});
