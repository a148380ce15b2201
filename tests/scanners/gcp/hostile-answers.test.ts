// Google answers that are HTTP 200 but cannot be trusted fail their shard instead of reading as
// "no assets" (issue 13): gax's proto3 decoder drops an `error` member, so the check sits in the
// fetch every client makes (scanners/gcp/answers.ts); cycling page tokens stop the listing. Real
// @google-cloud/aiplatform and @google-cloud/apikeys clients against the GCP simulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GcpConfig } from "../../../core/model.ts";
import { runShards } from "../../../scanners/engine.ts";
import { closeGcpClients, executeGcpShard, planGcp } from "../../../scanners/gcp/index.ts";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import { testDeps } from "./helpers.ts";
import { ALPHA, scenario } from "./scenario.ts";

let sim: GcpSimulator;
let cfg: GcpConfig;
const deps = testDeps();

beforeAll(async () => {
  sim = await startGcpSimulator(scenario, { pageSize: 1 });
  cfg = { projects: [ALPHA.id], locations: ["us-central1"], apiEndpoint: sim.apiEndpoint };
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  await closeGcpClients(deps);
  await sim.stop();
});

const scan = async () => {
  const specs = await planGcp(cfg, deps);
  return runShards(specs, (spec, ctx) => executeGcpShard(spec, cfg, ctx, deps));
};
const status = (s: Awaited<ReturnType<typeof scan>>, service: string) =>
  s.coverage.find((c) => c.service === service)!;

describe("untrusted Google answers", () => {
  it("lists endpoints, models and keys when the answers are sound", async () => {
    const s = await scan();
    expect(s.coverage.length).toBeGreaterThanOrEqual(2);
    expect(new Set(s.coverage.map((c) => c.status))).toEqual(new Set(["ok"]));
    expect(s.assets.length).toBeGreaterThan(2);
  });

  it("fails the shard when a list answers 200 with an error shape (which gax would decode as empty)", async () => {
    sim.inject({
      kind: "rewrite",
      pathIncludes: "/endpoints",
      rewrite: () => ({ error: { code: 403, status: "PERMISSION_DENIED", message: "denied in disguise" } }),
    });
    const s = await scan();
    expect(status(s, "vertexai")).toMatchObject({ status: "error" });
    expect(status(s, "vertexai").error).toMatch(
      /HTTP 200 and an error shape PERMISSION_DENIED 403: denied in disguise/,
    );
    expect(status(s, "apikeys").status).toBe("ok");
    expect(s.assets.filter((a) => a.service === "vertexai" && a.kind === "endpoint")).toEqual([]);
  });

  it("fails the shard when page tokens cycle (A, B, A…)", async () => {
    sim.inject({
      kind: "rewrite",
      pathIncludes: "/keys",
      rewrite: (json, url) => ({
        ...(json as object),
        nextPageToken: url.searchParams.get("pageToken") === "cycle-a" ? "cycle-b" : "cycle-a",
      }),
    });
    const s = await scan();
    expect(status(s, "apikeys")).toMatchObject({ status: "error" });
    expect(status(s, "apikeys").error).toMatch(/page token repeated after \d+ pages \(a cycle\)/);
  });
});
