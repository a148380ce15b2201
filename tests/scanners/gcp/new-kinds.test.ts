// The newer GCP kinds through the real Google clients (REST transport) against the loopback
// simulator, 2-item pages: Vertex AI tuning jobs, reasoning engines, feature online stores and index
// endpoints; Workbench instances (Notebooks v2, every zone at once); Discovery Engine apps.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseId } from "../../../core/ids.ts";
import type { GcpConfig } from "../../../core/model.ts";
import { runShards } from "../../../scanners/engine.ts";
import { closeGcpClients, executeGcpShard, gcpDeclarations, planGcp } from "../../../scanners/gcp/index.ts";
import { gcpCustomRole } from "../../../scanners/iam-policy.ts";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import type { GcpScenario } from "../../../simulator/gcp/scenario.ts";
import { testDeps } from "./helpers.ts";

const P = { id: "genai-prod", number: "333333333333" };
const DENIED = { id: "genai-denied", number: "444444444444" };
const CANARY = "CANARY-gcp-51c0de-do-not-leak";
const KMS = "projects/genai-prod/locations/us-central1/keyRings/r/cryptoKeys/tuning";

const scenario: GcpScenario = {
  projects: [
    {
      ...P,
      vertex: {
        "us-central1": {
          tuningJobs: [
            { id: "t1", displayName: "support-tuned", tunedModel: "901", kmsKeyName: KMS, secret: CANARY },
            {
              id: "t2",
              baseModel: "gemini-2.5-flash",
              tunedModel: "902",
              labels: { team: "ml" },
              secret: CANARY,
            },
            { id: "t3" },
          ],
          reasoningEngines: [
            {
              id: "r1",
              displayName: "claims-agent",
              agentFramework: "google-adk",
              serviceAccount: "agent@genai-prod.iam.gserviceaccount.com",
              env: { OPENAI_API_KEY: CANARY, MODE: "prod" },
              secretEnv: { DB_PASSWORD: "db-password" },
            },
            { id: "r2", env: { TOKEN: CANARY } },
            { id: "r3", kmsKeyName: KMS },
          ],
          featureOnlineStores: [
            { id: "fs1", storage: "bigtable" },
            { id: "fs2", storage: "optimized", privateServiceConnect: true },
            { id: "fs3", kmsKeyName: KMS },
          ],
          indexEndpoints: [
            {
              id: "ie1",
              displayName: "rag-public",
              publicEndpoint: true,
              deployedIndexes: [{ id: "d1", index: "idx1" }],
            },
            { id: "ie2", network: "projects/333333333333/global/networks/vpc" },
            { id: "ie3", deployedIndexes: [{ id: "d2", index: "idx2", accessLogging: true }] },
          ],
        },
      },
      workbench: [
        { name: "nb-public", zone: "us-central1-a", metadata: { "startup-script": `export KEY=${CANARY}` } },
        {
          name: "nb-private",
          zone: "us-central1-b",
          disablePublicIp: true,
          kmsKey: KMS,
          gpu: { type: "NVIDIA_TESLA_T4", count: 1 },
        },
        { name: "nb-eu", zone: "europe-west4-a", labels: { team: "research" } },
      ],
      discoveryEngine: {
        global: [
          { id: "search-app", displayName: "Intranet search", dataStoreIds: ["docs"], secret: CANARY },
          { id: "chat-app", solutionType: "SOLUTION_TYPE_CHAT", llm: false },
          { id: "basic-search", searchTier: "SEARCH_TIER_STANDARD", llm: false },
        ],
        eu: [{ id: "eu-app" }],
      },
    },
    { ...DENIED, workbench: [{ name: "hidden", zone: "us-east1-b" }] },
  ],
};

let sim: GcpSimulator;
const deps = testDeps();

beforeAll(async () => {
  sim = await startGcpSimulator(scenario, { pageSize: 2 });
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  await closeGcpClients(deps);
  await sim.stop();
});

const config = (projects: string[] = [P.id]): GcpConfig => ({
  projects,
  locations: ["us-central1", "eu"],
  apiEndpoint: sim.apiEndpoint,
});

async function scan(cfg: GcpConfig = config(), services?: string[]) {
  const specs = (await planGcp(cfg, deps)).filter((s) => !services || services.includes(s.service));
  return runShards(specs, (spec, ctx) => executeGcpShard(spec, cfg, ctx, deps));
}

const names = (assets: { kind: string; name: string }[], kind: string) =>
  assets.filter((a) => a.kind === kind).map((a) => a.name);

describe("planGcp with the newer services", () => {
  it("plans a notebooks shard per project and discoveryengine shards for global and each configured multi-region", async () => {
    const specs = await planGcp(config(), deps);
    expect(specs.map((s) => `${s.region}/${s.service}`)).toEqual([
      "us-central1/vertexai",
      "global/apikeys",
      "us-central1/monitoring",
      "global/monitoring",
      "global/secretmanager",
      "global/notebooks",
      "global/discoveryengine",
      "eu/discoveryengine",
    ]);
  });
});

describe("the newer GCP kinds through the real clients", () => {
  it("finds every item of each kind across 2-item pages", async () => {
    const before = sim.requests.length;
    const { assets, coverage } = await scan();
    expect(coverage.map((c) => `${c.region}/${c.service}:${c.status}`)).toEqual([
      "us-central1/vertexai:ok",
      "global/apikeys:ok",
      "us-central1/monitoring:ok",
      "global/monitoring:ok",
      "global/secretmanager:ok",
      "global/notebooks:ok",
      "global/discoveryengine:ok",
      "eu/discoveryengine:ok",
    ]);
    expect(coverage[0]!.kinds).toEqual([
      "endpoint",
      "feature-online-store",
      "index-endpoint",
      "model",
      "reasoning-engine",
      "tuning-job",
    ]);
    expect(names(assets, "tuning-job")).toEqual(["support-tuned", "t2", "t3"]);
    expect(names(assets, "reasoning-engine")).toEqual(["claims-agent", "r2", "r3"]);
    expect(names(assets, "feature-online-store")).toEqual(["fs1", "fs2", "fs3"]);
    expect(names(assets, "index-endpoint")).toEqual(["rag-public", "ie2", "ie3"]);
    expect(names(assets, "instance")).toEqual(["nb-public", "nb-private", "nb-eu"]);
    expect(names(assets, "engine")).toEqual(["Intranet search", "chat-app", "basic-search", "eu-app"]);
    const second = sim.requests.slice(before).filter((r) => r.url.includes("pageToken=2"));
    // Page two of each 3-item list: four Vertex collections, Workbench and the global engines.
    expect(second.length).toBeGreaterThanOrEqual(6);
    // Workbench is listed across zones in one call chain, never zone by zone.
    expect(
      sim.requests
        .slice(before)
        .filter((r) => r.service === "notebooks")
        .map((r) => r.location),
    ).toEqual(["-", "-"]);
  });

  it("maps a tuning job to its base model, tuned model, endpoint and key, under the project id", async () => {
    const { assets } = await scan(config(), ["vertexai"]);
    const job = assets.find((a) => a.kind === "tuning-job" && a.name === "support-tuned")!;
    expect(job).toMatchObject({
      id: "projects/genai-prod/locations/us-central1/tuningJobs/t1",
      service: "vertexai",
      account: P.id,
      region: "us-central1",
      attributes: {
        baseModel: "gemini-2.0-flash-001",
        tuningType: "supervised",
        state: "JOB_STATE_SUCCEEDED",
        tunedModel: "projects/genai-prod/locations/us-central1/models/901@1",
        tunedModelEndpoint: "projects/genai-prod/locations/us-central1/endpoints/901-ep",
        trainingDatasetUri: "gs://tuning-genai-prod/t1/train.jsonl",
        encryptionKmsKeyName: KMS,
      },
    });
    expect(assets.find((a) => a.name === "t3")!.attributes).toMatchObject({
      state: "JOB_STATE_RUNNING",
      tunedModel: null,
      encryptionKmsKeyName: null,
    });
    expect(assets.find((a) => a.name === "t2")!.tags).toEqual({ team: "ml" });
  });

  it("maps a reasoning engine's framework, identity and environment by name only", async () => {
    const { assets } = await scan(config(), ["vertexai"]);
    expect(assets.find((a) => a.name === "claims-agent")!.attributes).toEqual({
      agentFramework: "google-adk",
      pythonVersion: "3.11",
      packageUri: "gs://agents-genai-prod/r1/agent.pkl",
      containerImage: null,
      serviceAccount: "agent@genai-prod.iam.gserviceaccount.com",
      envNames: ["MODE", "OPENAI_API_KEY"],
      secretEnv: [{ name: "DB_PASSWORD", secret: "projects/genai-prod/secrets/db-password" }],
      encryptionKmsKeyName: null,
    });
  });

  it("maps feature online stores' and index endpoints' exposure", async () => {
    const { assets } = await scan(config(), ["vertexai"]);
    const a = (name: string) => assets.find((x) => x.name === name)!.attributes;
    expect(a("fs1")).toMatchObject({
      storageType: "bigtable",
      minNodeCount: 1,
      maxNodeCount: 3,
      privateServiceConnect: false,
    });
    expect(a("fs2")).toMatchObject({
      storageType: "optimized",
      privateServiceConnect: true,
      publicEndpointDomainName: null,
    });
    expect(a("fs3")).toMatchObject({ encryptionKmsKeyName: KMS });
    expect(a("rag-public")).toMatchObject({
      publicEndpointEnabled: true,
      deployedIndexes: [
        { id: "d1", index: "projects/genai-prod/locations/us-central1/indexes/idx1", accessLogging: false },
      ],
    });
    expect(a("ie2")).toMatchObject({
      publicEndpointEnabled: false,
      network: "projects/genai-prod/global/networks/vpc",
    });
  });

  it("maps Workbench instances with their zone, public IP, key and metadata keys only", async () => {
    const { assets } = await scan(config(), ["notebooks"]);
    const nb = (name: string) => assets.find((x) => x.name === name)!;
    expect(nb("nb-public")).toMatchObject({
      id: "projects/genai-prod/locations/us-central1-a/instances/nb-public",
      service: "notebooks",
      kind: "instance",
      region: "us-central1-a",
      attributes: {
        disablePublicIp: false,
        bootDiskEncryption: "GMEK",
        bootDiskKmsKey: null,
        metadataKeys: ["proxy-mode", "startup-script"],
        state: "ACTIVE",
        machineType: "e2-standard-4",
      },
    });
    expect(nb("nb-private").attributes).toMatchObject({
      disablePublicIp: true,
      bootDiskEncryption: "CMEK",
      bootDiskKmsKey: KMS,
      gpus: [{ type: "NVIDIA_TESLA_T4", count: 1 }],
    });
    expect(nb("nb-eu")).toMatchObject({ region: "europe-west4-a", tags: { team: "research" } });
  });

  it("maps Discovery Engine apps' solution, data stores and generative add-ons", async () => {
    const { assets } = await scan(config(), ["discoveryengine"]);
    expect(assets.find((a) => a.name === "Intranet search")).toMatchObject({
      id: "projects/genai-prod/locations/global/collections/default_collection/engines/search-app",
      service: "discoveryengine",
      region: "global",
      attributes: {
        solutionType: "SOLUTION_TYPE_SEARCH",
        dataStoreIds: ["docs"],
        searchTier: "SEARCH_TIER_ENTERPRISE",
        searchAddOns: ["SEARCH_ADD_ON_LLM"],
      },
    });
    expect(assets.find((a) => a.name === "eu-app")!.region).toBe("eu");
  });

  it("gives every asset the scope core/ids.ts derives from its id", async () => {
    const { assets } = await scan();
    for (const a of assets) {
      const scope = parseId(a.id)!;
      expect({ account: scope.account, service: scope.service, region: scope.region }, a.id).toEqual({
        account: a.account,
        service: a.service,
        region: a.region,
      });
    }
  });

  it("records a denied project's every shard as error coverage, never as empty", async () => {
    sim.deny(DENIED.id);
    const { coverage, assets } = await scan(config([P.id, DENIED.id]));
    const denied = coverage.filter((c) => c.account === DENIED.id);
    expect(denied.map((c) => `${c.service}:${c.status}`)).toEqual([
      "vertexai:error",
      "apikeys:error",
      "monitoring:error",
      "monitoring:error",
      "secretmanager:error",
      "notebooks:error",
      "discoveryengine:error",
      "discoveryengine:error",
    ]);
    expect(denied.every((c) => /PERMISSION_DENIED|Permission denied/.test(c.error ?? ""))).toBe(true);
    expect(assets.some((a) => a.account === DENIED.id)).toBe(false);
  });

  it("fails the vertexai shard when only one of its newer lists is denied", async () => {
    sim.inject({ kind: "deny", pathIncludes: "/reasoningEngines" });
    const { coverage } = await scan(config(), ["vertexai"]);
    expect(coverage[0]).toMatchObject({ status: "error", error: expect.stringMatching(/reasoning engines/) });
  });

  it("skips the notebooks shard when the Notebooks API is not enabled in the project", async () => {
    const off = await startGcpSimulator({ projects: [{ ...P, disabledApis: ["notebooks"] }] });
    const offDeps = testDeps();
    try {
      const cfg = { projects: [P.id], locations: ["us-central1"], apiEndpoint: off.apiEndpoint };
      const specs = (await planGcp(cfg, offDeps)).filter((s) => s.service === "notebooks");
      const { coverage } = await runShards(specs, (spec, ctx) => executeGcpShard(spec, cfg, ctx, offDeps));
      expect(coverage[0]).toMatchObject({ status: "skipped" });
    } finally {
      await closeGcpClients(offDeps);
      await off.stop();
    }
  });

  it("retries throttled calls and still finds everything", async () => {
    sim.inject({ kind: "throttle", service: "notebooks", times: 2 });
    sim.inject({ kind: "throttle", pathIncludes: "/tuningJobs", times: 1 });
    const { coverage, assets } = await scan();
    expect(coverage.every((c) => c.status === "ok")).toBe(true);
    expect(names(assets, "instance")).toHaveLength(3);
    expect(names(assets, "tuning-job")).toHaveLength(3);
  });

  it("never copies training examples, environment values, VM metadata values or free text", async () => {
    const result = await scan();
    expect(result.assets.length).toBeGreaterThan(15);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it("puts every list permission of the newer kinds in the GCP role", () => {
    const role = gcpCustomRole();
    for (const p of [
      "aiplatform.tuningJobs.list",
      "aiplatform.reasoningEngines.list",
      "aiplatform.featureOnlineStores.list",
      "aiplatform.indexEndpoints.list",
      "notebooks.instances.list",
      "discoveryengine.engines.list",
    ])
      expect(role.includedPermissions).toContain(p);
    expect(
      gcpDeclarations.flatMap((d) => d.permissions).every((p) => role.includedPermissions.includes(p)),
    ).toBe(true);
    expect(role.includedPermissions.every((p) => p.endsWith(".list") || p.endsWith(".get"))).toBe(true);
  });
});
