// GCP from Lambda without a stored secret: workload identity federation with an AWS provider.
// The credential file (config `gcp.credentialsFile`) is the external_account shape gcloud writes;
// google-auth-library signs sts:GetCallerIdentity with the process's AWS credentials (as Lambda
// sets them in the environment), the simulated Google STS sends that signed request to the AWS
// simulator and federates the ARN it answers with, exactly as Google's STS does with AWS.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../core/config.ts";
import { runShards } from "../../../scanners/engine.ts";
import { closeGcpClients, executeGcpShard, type GcpDeps, planGcp } from "../../../scanners/gcp/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { awsFederationCredential } from "../../../simulator/gcp/credentials.ts";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import { ALPHA, scenario } from "./scenario.ts";

const LAMBDA_ACCOUNT = "999988887777";
const SECRET = "federation-secret-never-sent-to-google";
let aws: AwsSimulator;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  aws = await startAwsSimulator({ accounts: { [LAMBDA_ACCOUNT]: { regions: {} } } });
  dir = mkdtempSync(join(tmpdir(), "aimscan-gcp-wif-"));
  // What Lambda puts in a function's environment; no GOOGLE_APPLICATION_CREDENTIALS.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: `AKIA${LAMBDA_ACCOUNT}SCAN`,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_SESSION_TOKEN: "lambda-session-token",
    AWS_REGION: "eu-west-1",
  });
  delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
});
afterAll(async () => {
  process.env = saved;
  await aws.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function scanWith(sim: GcpSimulator, name: string) {
  writeFileSync(join(dir, name), JSON.stringify(awsFederationCredential(sim)));
  // The path is relative to the config file, as inventory and policies are.
  const config = parseConfig(
    `inventory: inv.yaml\ngcp: { projects: [${ALPHA.id}], apiEndpoint: "${sim.apiEndpoint}", credentialsFile: ${name} }\n`,
    join(dir, "aimscan.config.yaml"),
  );
  const cfg = config.gcp!;
  expect(cfg.credentialsFile).toBe(join(dir, name));
  const deps: GcpDeps = { retry: { initialDelayMs: 5, maxDelayMs: 20, maxRetries: 1 } };
  try {
    const specs = await planGcp(cfg, deps);
    return await runShards(specs, (spec, ctx) => executeGcpShard(spec, cfg, ctx, deps));
  } finally {
    await closeGcpClients(deps);
  }
}

describe("gcp.credentialsFile with an AWS workload identity provider", () => {
  it("scans as the AWS principal Google's STS verified with AWS", async () => {
    const sim = await startGcpSimulator(scenario, { aws: { awsEndpoint: aws.endpoint } });
    try {
      const { coverage, assets } = await scanWith(sim, "gcp-wif.json");
      // vertexai, apikeys, monitoring (location and global), secretmanager, notebooks, discoveryengine.
      expect(coverage.map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok", "ok"]);
      expect(assets.length).toBeGreaterThan(0);
      expect(sim.federated).toContainEqual({
        arn: `arn:aws:iam::${LAMBDA_ACCOUNT}:user/aimscan`,
        account: LAMBDA_ACCOUNT,
        audience: awsFederationCredential(sim).audience,
      });
      // The AWS side saw exactly the signed GetCallerIdentity, under the function's own key.
      const verified = aws.requests.filter((r) => r.operation === "GetCallerIdentity");
      expect(verified.map((r) => [r.accessKeyId, r.region, r.status])).toContainEqual([
        `AKIA${LAMBDA_ACCOUNT}SCAN`,
        "eu-west-1",
        200,
      ]);
    } finally {
      await sim.stop();
    }
  });

  it("records every shard as failed when the pool cannot verify the AWS token, never as no assets", async () => {
    const sim = await startGcpSimulator(scenario); // a pool with no AWS provider
    try {
      const { coverage, assets } = await scanWith(sim, "gcp-wif-refused.json");
      expect(assets).toEqual([]);
      expect(coverage.length).toBeGreaterThan(0);
      expect(coverage.every((c) => c.status === "error")).toBe(true);
      expect(sim.requests.filter((r) => r.service === "sts").map((r) => r.status)).toContain(400);
      expect(sim.federated).toEqual([]);
    } finally {
      await sim.stop();
    }
  });
});
