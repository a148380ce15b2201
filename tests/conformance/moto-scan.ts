// Runs `aimscan scan` in its own process, pointed at an endpoint only through the standard AWS
// environment (keys, region, AWS_ENDPOINT_URL), as a user runs it.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Snapshot } from "../../core/model.ts";
import { BASE_KEYS } from "./moto-seed.ts";

const ROOT = join(import.meta.dirname, "../..");

/** `aimscan scan` in its own process, pointed at moto only through the standard AWS environment. */
export async function aimscanScan(dir: string, config: string, endpoint: string, region: string) {
  writeFileSync(join(dir, "aimscan.config.yaml"), config);
  const out = join(dir, "snapshot.json");
  const r = await aimscanCli(dir, ["scan", "--out", out], endpoint, region);
  return { ...r, snapshot: JSON.parse(readFileSync(out, "utf8")) as Snapshot };
}

/** Any `aimscan` command with `--config DIR/aimscan.config.yaml`, in its own process, as above. */
export async function aimscanCli(dir: string, args: string[], endpoint: string, region: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: BASE_KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: BASE_KEYS.secretAccessKey,
    AWS_REGION: region,
  };
  for (const k of ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"]) delete env[k];
  const argv = ["bin/aimscan.mjs", ...args, "--config", join(dir, "aimscan.config.yaml")];
  return promisify(execFile)(process.execPath, argv, { cwd: ROOT, env, timeout: 150_000 }).then(
    (x) => ({ code: 0, stdout: x.stdout, stderr: x.stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: e.code ?? null,
      stdout: e.stdout ?? "",
      stderr: e.stderr ?? String(e),
    }),
  );
}
