import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseId } from "../../../core/ids.ts";
import type { GcpConfig } from "../../../core/model.ts";
import { runShards } from "../../../scanners/engine.ts";
import { closeGcpClients, executeGcpShard, planGcp } from "../../../scanners/gcp/index.ts";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import { testDeps } from "./helpers.ts";
import { ALPHA, BETA, KEY_CANARY, scenario } from "./scenario.ts";

let sim: GcpSimulator;
let cfg: GcpConfig;
const deps = testDeps();

beforeAll(async () => {
  sim = await startGcpSimulator(scenario, { pageSize: 2 });
  cfg = {
    projects: [ALPHA.id, BETA.id],
    locations: ["us-central1", "europe-west4"],
    apiEndpoint: sim.apiEndpoint,
  };
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  // Whatever each test did, no key string was ever asked for.
  expect(sim.requests.filter((r) => /keyString/i.test(r.path))).toEqual([]);
  await closeGcpClients(deps);
  await sim.stop();
});

// The Vertex AI and API key shards (usage and Secret Manager shards: usage.test.ts; the #19 kinds: new-kinds.test.ts).
const scan = async (config: GcpConfig = cfg) => {
  const specs = (await planGcp(config, deps)).filter((s) => ["vertexai", "apikeys"].includes(s.service));
  return runShards(specs, (spec, ctx) => executeGcpShard(spec, config, ctx, deps));
};

describe("planGcp", () => {
  it("plans a vertexai shard per project and location and an apikeys shard per project, with the project number", async () => {
    const specs = await planGcp(cfg, deps);
    const p = { projectNumber: ALPHA.number };
    expect(specs.filter((s) => s.account === ALPHA.id)).toEqual([
      { provider: "gcp", account: ALPHA.id, region: "us-central1", service: "vertexai", params: p },
      { provider: "gcp", account: ALPHA.id, region: "europe-west4", service: "vertexai", params: p },
      { provider: "gcp", account: ALPHA.id, region: "global", service: "apikeys", params: p },
      { provider: "gcp", account: ALPHA.id, region: "us-central1", service: "monitoring", params: p },
      { provider: "gcp", account: ALPHA.id, region: "europe-west4", service: "monitoring", params: p },
      { provider: "gcp", account: ALPHA.id, region: "global", service: "monitoring", params: p },
      { provider: "gcp", account: ALPHA.id, region: "global", service: "secretmanager", params: p },
      { provider: "gcp", account: ALPHA.id, region: "global", service: "notebooks", params: p },
      { provider: "gcp", account: ALPHA.id, region: "global", service: "discoveryengine", params: p },
    ]);
    expect(specs).toHaveLength(18);
  });

  it("still plans every shard when the project number cannot be read", async () => {
    sim.inject({ kind: "deny", service: "cloudresourcemanager" });
    const specs = await planGcp(cfg, deps);
    expect(specs).toHaveLength(18);
    expect(specs.every((s) => s.params === undefined)).toBe(true);
  });
});

describe("executeGcpShard through @google-cloud/aiplatform and @google-cloud/apikeys", () => {
  it("finds every model, endpoint and key across nextPageToken pages", async () => {
    const { assets, coverage } = await scan();
    expect(coverage.map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok", "ok", "ok"]);
    const names = (kind: string, region?: string) =>
      assets.filter((a) => a.kind === kind && (!region || a.region === region)).map((a) => a.name);
    expect(names("model")).toEqual(["fraud-model", "plain-model"]);
    expect(names("endpoint", "europe-west4")).toEqual(["eu-1", "eu-2", "eu-3"]);
    expect(names("endpoint", "us-central1")).toEqual(["fraud-endpoint", "psc-endpoint", "beta-endpoint"]);
    expect(names("api-key")).toEqual(["legacy key", "gemini key", "maps key"]);
    expect(sim.requests.some((r) => r.url.includes("pageToken=2"))).toBe(true);
  });

  it("keys assets by the configured project id although Google names carry the project number", async () => {
    const { assets } = await scan({ ...cfg, projects: [ALPHA.id], locations: ["us-central1"] });
    const endpoint = assets.find((a) => a.name === "fraud-endpoint")!;
    expect(endpoint.id).toBe(`projects/${ALPHA.id}/locations/us-central1/endpoints/701`);
    expect(endpoint.account).toBe(ALPHA.id);
    const model = assets.find((a) => a.name === "fraud-model")!;
    expect(model.attributes.deployedEndpoints).toEqual([endpoint.id]);
    expect((endpoint.attributes.deployedModels as { model: string }[])[0]!.model).toBe(model.id);
    expect(endpoint.attributes.network).toBe(`projects/${ALPHA.id}/global/networks/vpc`);
    for (const asset of assets) {
      const scope = parseId(asset.id)!;
      expect([scope.account, scope.region, scope.service]).toEqual([
        asset.account,
        asset.region,
        asset.service,
      ]);
    }
  });

  it("maps model and endpoint encryption, networking and deployed resources", async () => {
    const { assets } = await scan({ ...cfg, projects: [ALPHA.id], locations: ["us-central1"] });
    const byName = (n: string) => assets.find((a) => a.name === n)!;
    expect(byName("fraud-model")).toMatchObject({
      kind: "model",
      service: "vertexai",
      region: "us-central1",
      createdAt: "2025-05-06T07:08:09.000Z",
      tags: { team: "risk" },
      attributes: {
        versionId: "3",
        encryptionKmsKeyName: "projects/alpha-prod/locations/us-central1/keyRings/r/cryptoKeys/k",
      },
    });
    expect(byName("plain-model").attributes.encryptionKmsKeyName).toBeNull();
    expect(byName("fraud-endpoint").attributes).toMatchObject({
      dedicatedResources: true,
      privateServiceConnect: false,
      deployedModels: [
        {
          id: "d1",
          machineType: "n1-standard-8",
          acceleratorType: expect.anything(),
          acceleratorCount: 2,
          minReplicaCount: 1,
          maxReplicaCount: 3,
        },
      ],
    });
    expect(byName("psc-endpoint").attributes).toMatchObject({
      privateServiceConnect: true,
      network: null,
      encryptionKmsKeyName: null,
      dedicatedResources: false,
      deployedModels: [],
    });
  });

  it("marks keys that are unrestricted or may call generative AI APIs, and never carries the key string", async () => {
    const { assets } = await scan({ ...cfg, projects: [ALPHA.id], locations: [] });
    const keys = Object.fromEntries(assets.map((a) => [a.name, a]));
    expect(keys["legacy key"]!).toMatchObject({
      id: `projects/${ALPHA.id}/locations/global/keys/k-open`,
      service: "apikeys",
      kind: "api-key",
      region: "global",
      attributes: {
        restricted: false,
        allowsGenerativeAi: true,
        apiTargets: [],
        applicationRestriction: null,
      },
    });
    expect(keys["gemini key"]!.attributes).toMatchObject({
      restricted: true,
      allowsGenerativeAi: true,
      apiTargets: ["generativelanguage.googleapis.com"],
      applicationRestriction: "server",
      serverKeyRestrictions: ["203.0.113.4"],
    });
    expect(keys["maps key"]!).toMatchObject({
      createdAt: "2024-01-02T03:04:05.000Z",
      attributes: {
        restricted: true,
        allowsGenerativeAi: false,
        applicationRestriction: "browser",
        browserKeyRestrictions: ["https://example.com/*"],
      },
    });
    expect(JSON.stringify(assets)).not.toContain(KEY_CANARY);
  });

  it("retries 429 RESOURCE_EXHAUSTED and 503 UNAVAILABLE on list calls", async () => {
    sim.inject({ kind: "throttle", project: ALPHA.id, service: "aiplatform", times: 2 });
    sim.inject({ kind: "error", status: 503, project: ALPHA.id, service: "apikeys", times: 1 });
    const before = sim.requests.length;
    const { coverage, assets } = await scan({ ...cfg, projects: [ALPHA.id], locations: ["us-central1"] });
    expect(coverage.map((c) => c.status)).toEqual(["ok", "ok"]);
    expect(assets).toHaveLength(7);
    const statuses = sim.requests.slice(before).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    expect(statuses.filter((s) => s === 503)).toHaveLength(1);
  });

  it("turns a location's 403 into coverage error while other locations and keys succeed", async () => {
    sim.deny(ALPHA.number, "europe-west4");
    const { coverage } = await scan({ ...cfg, projects: [ALPHA.id] });
    expect(coverage).toEqual([
      expect.objectContaining({ region: "us-central1", status: "ok", assets: 4 }),
      expect.objectContaining({
        region: "europe-west4",
        status: "error",
        error: expect.stringMatching(
          /^PERMISSION_DENIED: list Vertex AI endpoints in .*Permission denied.*\(HTTP 403\)$/,
        ),
      }),
      expect.objectContaining({ region: "global", service: "apikeys", status: "ok", assets: 3 }),
    ]);
  });

  it("fails the shard when retries run out and when a body is malformed", async () => {
    sim.inject({ kind: "error", status: 503, project: BETA.id, service: "aiplatform" });
    const config = { ...cfg, projects: [BETA.id], locations: ["us-central1"] };
    expect((await scan(config)).coverage[0]).toMatchObject({
      status: "error",
      error: expect.stringMatching(/UNAVAILABLE|503/),
    });
    sim.clearFaults();
    // Every answer malformed: whether or not the client retries a parse error, the shard must fail.
    sim.inject({ kind: "malformed", project: BETA.id, service: "aiplatform" });
    const { coverage, assets } = await scan(config);
    expect(coverage[0]).toMatchObject({ status: "error" });
    expect(assets.filter((a) => a.service === "vertexai")).toEqual([]);
  });
});
