// A project where the Vertex AI API was never enabled: Google answers 403 SERVICE_DISABLED naming
// the project as consumer. Nothing of that API can be in use there, so the shard is skipped with the
// reason, not failed; the project's other APIs are still scanned, and a plain denial stays an error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GcpConfig } from "../../../core/model.ts";
import { runShards } from "../../../scanners/engine.ts";
import { closeGcpClients, executeGcpShard, planGcp } from "../../../scanners/gcp/index.ts";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import { testDeps } from "./helpers.ts";

let sim: GcpSimulator;
let cfg: GcpConfig;
const deps = testDeps();
beforeAll(async () => {
  sim = await startGcpSimulator({
    projects: [
      {
        id: "keys-only",
        number: "333333333333",
        disabledApis: ["aiplatform"],
        apiKeys: [{ uid: "k1", displayName: "maps" }],
      },
    ],
  });
  cfg = { projects: ["keys-only"], locations: ["us-central1"], apiEndpoint: sim.apiEndpoint };
});
afterAll(async () => {
  await closeGcpClients(deps);
  await sim.stop();
});

const scan = async () =>
  runShards(await planGcp(cfg, deps), (spec, ctx) => executeGcpShard(spec, cfg, ctx, deps));

describe("an API not enabled in the project", () => {
  it("skips the Vertex AI shard with the reason and still scans the API keys", async () => {
    const { coverage, assets } = await scan();
    const vertex = coverage.find((c) => c.service === "vertexai");
    expect(vertex).toMatchObject({ status: "skipped" });
    expect(vertex?.error).toMatch(/aiplatform\.googleapis\.com is not enabled in projects\/333333333333/);
    expect(coverage.find((c) => c.service === "apikeys")).toMatchObject({ status: "ok" });
    expect(assets.map((a) => a.id)).toEqual(["projects/keys-only/locations/global/keys/k1"]);
  });

  it("keeps a plain permission denial an error", async () => {
    sim.deny("keys-only");
    try {
      const { coverage } = await scan();
      expect(coverage.find((c) => c.service === "apikeys")).toMatchObject({ status: "error" });
    } finally {
      sim.clearFaults();
    }
  });
});
