// The simulated estate served on its own (simulator/serve.ts) and scanned by the aimscan CLI in a
// separate process through the standard credential chains: AWS keys from the environment, Azure's
// DefaultAzureCredential via `az`, Google ADC via an external_account file, TLS trust from
// NODE_EXTRA_CA_CERTS — the path a user takes.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "aimscan-serve-"));
let server: ChildProcess;

function serve(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "simulator/serve.ts", "--dir", dir], {
    cwd: ROOT,
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c) => {
      out += String(c);
      if (out.includes("is up")) resolve(child);
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
  });
}

beforeAll(async () => {
  server = await serve();
});
afterAll(() => {
  server.kill("SIGTERM");
});

/** The environment after `. env.sh` (sourced `times` times) in a shell whose PATH is `path`. */
function envFile(path = process.env.PATH ?? "", times = 1): Record<string, string> {
  const source = Array.from({ length: times }, () => `. '${join(dir, "env.sh")}'`).join(" && ");
  const r = spawnSync("sh", ["-c", `${source} && env -0`], { env: { PATH: path }, encoding: "utf8" });
  expect(r.status).toBe(0);
  return Object.fromEntries(
    r.stdout
      .split("\0")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
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

it("can be repeated after a restart: the inventory is not nested, env.sh extends PATH once", async () => {
  server.kill("SIGTERM");
  await new Promise((resolve) => server.once("exit", resolve));
  server = await serve();
  const inventory = readdirSync(join(dir, "inventory"));
  expect(inventory).toContain("platform.yaml");
  expect(inventory).not.toContain("inventory");
  const stub = join(dir, "azure", "bin");
  const env = envFile("/usr/local/bin:/usr/bin:/bin", 2);
  expect(env.PATH).toBe(`${stub}:/usr/local/bin:/usr/bin:/bin`);
  expect(readFileSync(join(dir, "aimscan.config.yaml"), "utf8")).toContain("inventory: ./inventory");
});
