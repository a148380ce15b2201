import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runShards } from "../../../scanners/engine.ts";
import { closeGcpClients, executeGcpShard, type GcpDeps, planGcp } from "../../../scanners/gcp/index.ts";
import { useGcpSimulatorCredentials } from "../../../simulator/gcp/credentials.ts";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import { ALPHA, scenario } from "./scenario.ts";

let sim: GcpSimulator;
let dir: string;
let restore: () => void;
// No authClient: the scanners fall back to application default credentials, as in production.
const deps: GcpDeps = { retry: { initialDelayMs: 5, maxDelayMs: 20, maxRetries: 2 } };

beforeAll(async () => {
  sim = await startGcpSimulator(scenario);
  dir = mkdtempSync(join(tmpdir(), "aimscan-gcp-"));
  restore = useGcpSimulatorCredentials(sim, dir);
});
afterAll(async () => {
  restore();
  await closeGcpClients(deps);
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
});

it("scans through application default credentials with an external_account file pointing at the simulator", async () => {
  const cfg = { projects: [ALPHA.id], locations: ["us-central1"], apiEndpoint: sim.apiEndpoint };
  const specs = await planGcp(cfg, deps);
  const { coverage, assets } = await runShards(specs, (spec, ctx) => executeGcpShard(spec, cfg, ctx, deps));
  // vertexai, apikeys, monitoring (location + global), secretmanager, notebooks and discoveryengine: all through ADC.
  expect(coverage.map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok", "ok"]);
  expect(assets).toHaveLength(7);
  expect(sim.requests.filter((r) => r.service === "sts").map((r) => [r.method, r.status])).toContainEqual([
    "POST",
    200,
  ]);
  expect(sim.requests.filter((r) => r.status === 401)).toEqual([]);
});
