// A Vertex AI feature a location does not offer answers FAILED_PRECONDITION ("ReasoningEngine
// service is not available in region: …", as Google answers it) or UNIMPLEMENTED: that kind is not
// covered there, and the location's other kinds are still read. Any other failure of one list fails
// the shard and keeps the kinds listed to the end. Real Google clients against the GCP simulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { coversScope } from "../../../core/coverage.ts";
import type { GcpConfig } from "../../../core/model.ts";
import { runShards } from "../../../scanners/engine.ts";
import { closeGcpClients, executeGcpShard, planGcp } from "../../../scanners/gcp/index.ts";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import type { GcpScenario } from "../../../simulator/gcp/scenario.ts";
import { testDeps } from "./helpers.ts";

const P = { id: "gamma-ml", number: "333333333333" };
const LOC = "europe-central2";
const estate: GcpScenario = {
  projects: [
    {
      ...P,
      vertex: {
        [LOC]: {
          models: [{ id: "m1", displayName: "churn" }],
          endpoints: [{ id: "e1", displayName: "churn-ep" }],
          tuningJobs: [{ id: "t1", baseModel: "gemini-2.0-flash-001", state: "JOB_STATE_SUCCEEDED" }],
          reasoningEngines: [{ id: "r1", displayName: "agent" }],
        },
      },
    },
  ],
};

let sim: GcpSimulator;
let cfg: GcpConfig;
const deps = testDeps();
beforeAll(async () => {
  sim = await startGcpSimulator(estate, { pageSize: 2 });
  cfg = { projects: [P.id], locations: [LOC], apiEndpoint: sim.apiEndpoint };
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  await closeGcpClients(deps);
  await sim.stop();
});

const scanVertex = async () => {
  const specs = (await planGcp(cfg, deps)).filter((s) => s.service === "vertexai");
  return runShards(specs, (spec, ctx) => executeGcpShard(spec, cfg, ctx, deps));
};
const kindsOf = (s: Awaited<ReturnType<typeof scanVertex>>) => s.assets.map((a) => a.kind).sort();

describe("a Vertex AI feature not offered in a location", () => {
  it("reads every kind when each is offered", async () => {
    const s = await scanVertex();
    expect(s.coverage).toEqual([expect.objectContaining({ status: "ok", region: LOC })]);
    expect(kindsOf(s)).toEqual(["endpoint", "model", "reasoning-engine", "tuning-job"]);
  });

  it.each([
    {
      answer: "FAILED_PRECONDITION",
      status: 400,
      message: `ReasoningEngine service is not available in region: ${LOC}.`,
    },
    { answer: "UNIMPLEMENTED", status: 501, message: "Operation is not implemented, or supported." },
  ])("leaves the kind uncovered on $answer, and reads the others", async ({ answer, status, message }) => {
    sim.inject({ kind: "error", pathIncludes: "/reasoningEngines", status, grpcStatus: answer, message });
    const s = await scanVertex();
    const [c] = s.coverage;
    expect(c).toMatchObject({ status: "ok", region: LOC });
    expect(c!.kinds).not.toContain("reasoning-engine");
    expect(c!.kinds).toEqual(["endpoint", "feature-online-store", "index-endpoint", "model", "tuning-job"]);
    expect(kindsOf(s)).toEqual(["endpoint", "model", "tuning-job"]);
    // A declared reasoning engine there is not verified absent by this record (unverified, not missing).
    const scope = { provider: "gcp", account: P.id, region: LOC, service: "vertexai" };
    expect(coversScope(c!, { ...scope, kind: "reasoning-engine" })).toBe(false);
    expect(coversScope(c!, { ...scope, kind: "model" })).toBe(true);
  });

  it("fails the shard on any other FAILED_PRECONDITION, keeping the kinds listed to the end", async () => {
    sim.inject({
      kind: "error",
      pathIncludes: "/tuningJobs",
      status: 400,
      grpcStatus: "FAILED_PRECONDITION",
      message: "The project is being deleted.",
    });
    const s = await scanVertex();
    const [c] = s.coverage;
    expect(c).toMatchObject({ status: "error", region: LOC, assets: 3 });
    expect(c!.error).toMatch(
      /^tuning-job: FAILED_PRECONDITION: list Vertex AI tuning jobs in .*being deleted/,
    );
    expect(kindsOf(s)).toEqual(["endpoint", "model", "reasoning-engine"]);
  });

  it("fails the shard when one list errors, naming every kind that failed", async () => {
    sim.inject({ kind: "error", pathIncludes: "/tuningJobs", status: 500 });
    sim.inject({ kind: "error", pathIncludes: "/models", status: 500 });
    const s = await scanVertex();
    const [c] = s.coverage;
    expect(c!.status).toBe("error");
    expect(c!.error).toMatch(/^model: .*; also failed: tuning-job$/);
    expect(kindsOf(s)).toEqual(["endpoint", "reasoning-engine"]);
  });

  it("fails the shard on its own error when every list is denied, with no assets", async () => {
    sim.deny(P.number, LOC);
    const s = await scanVertex();
    expect(s.coverage[0]).toMatchObject({ status: "error" });
    expect(s.coverage[0]!.error).toMatch(/^PERMISSION_DENIED: list Vertex AI endpoints/);
    expect(s.assets).toEqual([]);
  });
});
