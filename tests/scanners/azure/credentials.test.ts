import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { executeAzureShard, planAzure } from "../../../scanners/azure/index.ts";
import { runShards } from "../../../scanners/engine.ts";
import { useAzureSimulatorCredentials } from "../../../simulator/azure/credentials.ts";
import { type AzureSimulator, startAzureSimulator } from "../../../simulator/azure/index.ts";
import { generateAzureScenario } from "../../../simulator/azure/scenario.ts";

let sim: AzureSimulator;
let dir: string;
let restore: () => void;

beforeAll(async () => {
  sim = await startAzureSimulator(
    generateAzureScenario({ subscriptions: 1, accountsPerSubscription: 2, deploymentsPerAccount: 1 }),
  );
  dir = mkdtempSync(join(tmpdir(), "aimscan-az-"));
  restore = useAzureSimulatorCredentials(sim, dir);
});
afterAll(async () => {
  restore();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("scans through DefaultAzureCredential when `az` on PATH hands out the simulator's token", async () => {
  // No credential in deps: production's DefaultAzureCredential (AzureCliCredential) is used.
  const deps = { tlsOptions: { ca: sim.ca } };
  const cfg = { subscriptions: "all" as const, endpoint: sim.endpoint };
  const specs = await planAzure(cfg, deps);
  const { coverage, assets } = await runShards(specs, (spec, ctx) => executeAzureShard(spec, cfg, ctx, deps));
  // cognitiveservices, insights, keyvault and machinelearningservices: every shard authenticated through the CLI's token.
  expect(coverage.map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok"]);
  expect(assets).toHaveLength(4);
  expect(sim.requests.filter((r) => r.status === 401)).toEqual([]);
});
