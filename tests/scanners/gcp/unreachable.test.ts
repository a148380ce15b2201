// Workbench instances are listed across every zone at once (`locations/-`). Notebooks v2 answers the
// zones it could not reach in `unreachable` (google/cloud/notebooks/v2/service.proto), possibly
// beside no instances at all: that listing is incomplete, so the shard fails naming the zones and
// keeps the instances it did list, never reading as "no instances there". Real Google client.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GcpConfig } from "../../../core/model.ts";
import { runShards } from "../../../scanners/engine.ts";
import { closeGcpClients, executeGcpShard, planGcp } from "../../../scanners/gcp/index.ts";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import type { GcpScenario } from "../../../simulator/gcp/scenario.ts";
import { testDeps } from "./helpers.ts";

const P = { id: "delta-ml", number: "444444444444" };
const estate: GcpScenario = {
  projects: [
    {
      ...P,
      workbench: [
        { name: "wb-a", zone: "us-central1-a" },
        { name: "wb-b", zone: "europe-west4-b" },
        { name: "wb-c", zone: "us-east1-c" },
      ],
    },
  ],
};

let sim: GcpSimulator;
let cfg: GcpConfig;
const deps = testDeps();
beforeAll(async () => {
  sim = await startGcpSimulator(estate, { pageSize: 2 });
  cfg = { projects: [P.id], locations: ["us-central1"], apiEndpoint: sim.apiEndpoint };
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  await closeGcpClients(deps);
  await sim.stop();
});

const scanWorkbench = async () => {
  const specs = (await planGcp(cfg, deps)).filter((s) => s.service === "notebooks");
  return runShards(specs, (spec, ctx) => executeGcpShard(spec, cfg, ctx, deps));
};

describe("Workbench zones Google could not reach", () => {
  it("lists every zone's instances when all are reachable", async () => {
    const s = await scanWorkbench();
    expect(s.coverage).toEqual([expect.objectContaining({ status: "ok", assets: 3 })]);
  });

  it("fails the shard naming the zones of an answer with no instances, only unreachables", async () => {
    let page = 0;
    sim.inject({
      kind: "rewrite",
      pathIncludes: "/instances",
      // The second page: no instances, two zones not reached (and no next page).
      rewrite: (json) =>
        page++ === 1 ? { instances: [], unreachable: ["us-west1-a", "asia-east1-b"] } : json,
    });
    const s = await scanWorkbench();
    const [c] = s.coverage;
    expect(c).toMatchObject({ status: "error", assets: 2 });
    expect(c!.error).toMatch(/^instance: list Workbench instances in projects\/delta-ml\/locations\/-: /);
    expect(c!.error).toContain("could not reach asia-east1-b, us-west1-a (the listing is incomplete)");
    expect(s.assets.map((a) => a.name).sort()).toEqual(["wb-a", "wb-b"]);
  });
});
