// Azure Machine Learning / AI Foundry hubs and projects through the real arm-machinelearning client's
// pipeline (bearer token, retries, rate limit) against the loopback ARM at api-version 2024-10-01,
// with 2-item pages so every list follows nextLink.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseId } from "../../../core/ids.ts";
import type { AzureConfig } from "../../../core/model.ts";
import { azureDeclarations, executeAzureShard, planAzure } from "../../../scanners/azure/index.ts";
import { runShards } from "../../../scanners/engine.ts";
import { azureRoleDefinition } from "../../../scanners/iam-policy.ts";
import { type AzureSimulator, startAzureSimulator } from "../../../simulator/azure/index.ts";
import type { AzureScenario } from "../../../simulator/azure/scenario.ts";
import { depsFor } from "./helpers.ts";

const SUB = "44444444-4444-4444-8444-444444444444";
const SUB_DENIED = "55555555-5555-4555-8555-555555555555";
const SUB_NO_ML = "88888888-8888-4888-8888-888888888888";
const CANARY = "CANARY-ml-7f3a9c-do-not-leak";
const ML = "Microsoft.MachineLearningServices";

const deployments = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `blue-${i}`,
    instanceType: "Standard_NC6s_v3",
    instanceCount: i + 1,
    model: `azureml://registries/azureml/models/llama/versions/${i + 1}`,
    environment: { OPENAI_KEY: CANARY, LOG_LEVEL: "info" },
    appInsights: i === 0,
  }));

const scenario: AzureScenario = {
  subscriptions: [
    {
      id: SUB,
      accounts: [],
      ml: {
        workspaces: [
          {
            name: "classic",
            resourceGroup: "rg-ml",
            location: "westeurope",
            kind: "Default",
            tags: { team: "risk" },
            publicNetworkAccess: "Disabled",
            cmkKeyId: "https://kv-ml.vault.azure.net/keys/cmk/1",
            isolationMode: "AllowOnlyApprovedOutbound",
            createdAt: "2025-02-03T04:05:06Z",
            onlineEndpoints: [
              {
                name: "scoring",
                authMode: "AADToken",
                publicNetworkAccess: "Disabled",
                traffic: { "blue-0": 80, "blue-1": 20 },
                secret: CANARY,
                deployments: deployments(3),
              },
              { name: "keyed", authMode: "Key", secret: CANARY },
              { name: "token", authMode: "AMLToken" },
            ],
          },
          {
            name: "hub",
            resourceGroup: "rg-ai",
            location: "swedencentral",
            kind: "Hub",
            isolationMode: "AllowInternetOutbound",
          },
          {
            name: "project-a",
            resourceGroup: "rg-ai",
            location: "swedencentral",
            kind: "Project",
            hub: "hub",
            serverlessEndpoints: [
              {
                name: "llama",
                modelId: "azureml://registries/azureml-meta/models/Llama-3-70B",
                secret: CANARY,
              },
              { name: "mistral", modelId: "azureml://registries/azureml-mistral/models/Mistral-large" },
              {
                name: "phi",
                modelId: "azureml://registries/azureml/models/Phi-4",
                contentSafety: "Disabled",
              },
            ],
          },
        ],
        registries: [
          {
            name: "reg-a",
            resourceGroup: "rg-ml",
            location: "westeurope",
            regions: ["westeurope", "eastus"],
          },
          {
            name: "reg-b",
            resourceGroup: "rg-ml",
            location: "eastus",
            publicNetworkAccess: "Disabled",
            secret: CANARY,
          },
          { name: "reg-c", resourceGroup: "rg-ml", location: "eastus" },
        ],
      },
    },
    { id: SUB_NO_ML, accounts: [], unregisteredProviders: ["Microsoft.MachineLearningServices"] },
    {
      id: SUB_DENIED,
      accounts: [],
      ml: { workspaces: [{ name: "hidden", resourceGroup: "rg", location: "eastus" }] },
    },
  ],
};

let sim: AzureSimulator;

beforeAll(async () => {
  sim = await startAzureSimulator(scenario, { pageSize: 2 });
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  // Endpoint keys are never asked for, whatever each test did.
  expect(sim.requests.filter((r) => /listkeys|token$|secrets/i.test(r.path))).toEqual([]);
  await sim.stop();
});

const config = (subscriptions: string[] = [SUB]): AzureConfig => ({ subscriptions, endpoint: sim.endpoint });

async function scanMl(cfg: AzureConfig = config()) {
  const specs = (await planAzure(cfg, depsFor(sim))).filter((s) => s.service === "machinelearningservices");
  return runShards(specs, (spec, ctx) => executeAzureShard(spec, cfg, ctx, depsFor(sim)));
}

const named = (assets: { kind: string; name: string }[], kind: string) =>
  assets.filter((a) => a.kind === kind).map((a) => a.name);

describe("Azure ML shard through @azure/arm-machinelearning's pipeline", () => {
  it("plans a machinelearningservices shard per subscription beside cognitiveservices", async () => {
    const specs = await planAzure(config([SUB]), depsFor(sim));
    expect(specs.map((s) => s.service)).toEqual([
      "cognitiveservices",
      "insights",
      "keyvault",
      "machinelearningservices",
    ]);
  });

  it("finds every workspace, registry, endpoint, deployment and serverless endpoint across 2-item pages", async () => {
    const before = sim.requests.length;
    const { assets, coverage } = await scanMl();
    expect(coverage).toEqual([
      expect.objectContaining({
        account: SUB,
        service: "machinelearningservices",
        status: "ok",
        kinds: ["online-deployment", "online-endpoint", "registry", "serverless-endpoint", "workspace"],
      }),
    ]);
    expect(named(assets, "workspace")).toEqual(["classic", "hub", "project-a"]);
    expect(named(assets, "registry")).toEqual(["reg-a", "reg-b", "reg-c"]);
    expect(named(assets, "online-endpoint")).toEqual(["scoring", "keyed", "token"]);
    expect(named(assets, "online-deployment")).toEqual(["blue-0", "blue-1", "blue-2"]);
    expect(named(assets, "serverless-endpoint")).toEqual(["llama", "mistral", "phi"]);
    const mine = sim.requests.slice(before);
    // Page two of each 3-item list was fetched through its nextLink, at the newer api-version.
    expect(mine.filter((r) => r.url.includes("skipToken=2")).length).toBeGreaterThanOrEqual(5);
    expect(mine.every((r) => r.url.includes("api-version=2024-10-01"))).toBe(true);
  });

  it("maps a workspace's kind, network, key and isolation settings", async () => {
    const { assets } = await scanMl();
    const ws = (name: string) => assets.find((a) => a.kind === "workspace" && a.name === name)!;
    expect(ws("classic")).toMatchObject({
      id: `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/${ML}/workspaces/classic`,
      provider: "azure",
      service: "machinelearningservices",
      account: SUB,
      region: "westeurope",
      createdAt: "2025-02-03T04:05:06.000Z",
      tags: { team: "risk" },
      attributes: {
        kind: "Default",
        hubId: null,
        publicNetworkAccess: "Disabled",
        customerManagedKey: true,
        keyVaultKeyId: "https://kv-ml.vault.azure.net/keys/cmk/1",
        managedNetworkIsolation: "AllowOnlyApprovedOutbound",
        identityType: "SystemAssigned",
        provisioningState: "Succeeded",
      },
    });
    expect(ws("hub").attributes).toMatchObject({
      kind: "Hub",
      customerManagedKey: false,
      keyVaultKeyId: null,
    });
    expect(ws("project-a").attributes).toMatchObject({ kind: "Project", hubId: ws("hub").id });
  });

  it("maps endpoints' auth mode and public access, deployments' model and instance type, serverless models", async () => {
    const { assets } = await scanMl();
    const find = (kind: string, name: string) => assets.find((a) => a.kind === kind && a.name === name)!;
    const classic = find("workspace", "classic");
    expect(find("online-endpoint", "scoring")).toMatchObject({
      region: "westeurope",
      attributes: {
        authMode: "AADToken",
        publicNetworkAccess: "Disabled",
        traffic: { "blue-0": 80, "blue-1": 20 },
        computeType: "Managed",
        workspace: classic.id,
      },
    });
    expect(find("online-endpoint", "keyed").attributes).toMatchObject({
      authMode: "Key",
      publicNetworkAccess: "Enabled",
    });
    expect(find("online-deployment", "blue-1").attributes).toEqual({
      computeType: "Managed",
      instanceType: "Standard_NC6s_v3",
      instanceCount: 2,
      model: "azureml://registries/azureml/models/llama/versions/2",
      appInsightsEnabled: false,
      egressPublicNetworkAccess: "Enabled",
      environmentKeys: ["LOG_LEVEL", "OPENAI_KEY"],
      provisioningState: "Succeeded",
      endpoint: find("online-endpoint", "scoring").id,
    });
    expect(find("serverless-endpoint", "phi").attributes).toMatchObject({
      modelId: "azureml://registries/azureml/models/Phi-4",
      authMode: "Key",
      contentSafety: "Disabled",
      workspace: find("workspace", "project-a").id,
    });
    expect(find("registry", "reg-a").attributes).toMatchObject({
      regions: ["westeurope", "eastus"],
      publicNetworkAccess: "Enabled",
    });
  });

  it("gives every asset the scope core/ids.ts derives from its id", async () => {
    const { assets } = await scanMl();
    for (const a of assets) {
      const scope = parseId(a.id)!;
      expect({ account: scope.account, service: scope.service }).toEqual({
        account: a.account,
        service: a.service,
      });
    }
  });

  it("records a denied subscription as error coverage, never as an empty one", async () => {
    sim.deny(SUB_DENIED);
    const { assets, coverage } = await scanMl(config([SUB, SUB_DENIED]));
    expect(coverage).toEqual([
      expect.objectContaining({ account: SUB, status: "ok" }),
      expect.objectContaining({
        account: SUB_DENIED,
        status: "error",
        error: expect.stringMatching(/AuthorizationFailed/),
      }),
    ]);
    expect(assets.some((a) => a.account === SUB_DENIED)).toBe(false);
  });

  it("skips a subscription that never registered the Machine Learning provider, as nothing of it can exist", async () => {
    const { coverage } = await scanMl(config([SUB_NO_ML]));
    expect(coverage).toEqual([
      expect.objectContaining({
        account: SUB_NO_ML,
        status: "skipped",
        error: expect.stringMatching(/not registered/),
      }),
    ]);
  });

  it("skips a subscription whose provider ARM names with the other code, SubscriptionNotRegistered", async () => {
    sim.inject({
      kind: "error",
      status: 404,
      code: "SubscriptionNotRegistered",
      message: "The subscription is not registered with Microsoft.MachineLearningServices.",
      pathIncludes: "/providers/microsoft.machinelearningservices/workspaces",
    });
    const { assets, coverage } = await scanMl();
    expect(coverage[0]).toMatchObject({ status: "skipped", error: expect.stringMatching(/not registered/) });
    expect(assets).toEqual([]);
  });

  it("fails the whole shard when one workspace's child list is denied (nothing partial passes as complete)", async () => {
    sim.inject({ kind: "deny", pathIncludes: "/serverlessEndpoints" });
    const { coverage } = await scanMl();
    expect(coverage[0]).toMatchObject({
      status: "error",
      error: expect.stringMatching(/AuthorizationFailed/),
    });
  });

  it("fails the shard naming a workspace whose lists answer 409, keeping every kind listed to the end", async () => {
    // ARM answers a conflict for a workspace in the middle of provisioning or deletion; whatever its
    // code, that workspace's children are not listed, so the shard is not complete.
    sim.inject({
      kind: "error",
      status: 409,
      code: "Conflict",
      message: "The workspace is being provisioned.",
      pathIncludes: "/workspaces/classic/onlineEndpoints",
    });
    const { assets, coverage } = await scanMl();
    expect(coverage[0]).toMatchObject({ status: "error", assets: 9 });
    expect(coverage[0]!.error).toMatch(/^workspace classic: .*Conflict.*being provisioned/);
    expect(named(assets, "workspace")).toEqual(["classic", "hub", "project-a"]);
    expect(named(assets, "registry")).toEqual(["reg-a", "reg-b", "reg-c"]);
    expect(named(assets, "serverless-endpoint")).toEqual(["llama", "mistral", "phi"]);
    expect(named(assets, "online-endpoint")).toEqual([]);
    expect(named(assets, "online-deployment")).toEqual([]);
  });

  it("retries 429 after Retry-After and still finds everything", async () => {
    sim.inject({ kind: "throttle", subscription: SUB, times: 3, retryAfterMs: 20 });
    const { assets, coverage } = await scanMl();
    expect(coverage[0]!.status).toBe("ok");
    expect(assets).toHaveLength(15);
  });

  it("fails the shard on a body that is not JSON", async () => {
    sim.inject({ kind: "malformed", pathIncludes: "/registries", times: 1 });
    const { coverage, assets } = await scanMl();
    expect(coverage[0]).toMatchObject({ status: "error", error: expect.stringMatching(/JSON/) });
    expect(assets).toEqual([]);
  });

  it("never copies endpoint keys, environment values, inference headers or signed URLs", async () => {
    const result = await scanMl();
    expect(result.assets.length).toBeGreaterThan(0);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it("puts every ML read action in the generated Azure role", () => {
    const role = azureRoleDefinition({ subscriptions: [SUB] });
    const ml = azureDeclarations.filter((d) => d.service === "machinelearningservices");
    expect(ml.map((d) => d.kind).sort()).toEqual([
      "online-deployment",
      "online-endpoint",
      "registry",
      "serverless-endpoint",
      "workspace",
    ]);
    for (const d of ml) for (const a of d.actions) expect(role.Actions).toContain(a);
    expect(role.Actions).toContain(
      "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/read",
    );
  });
});
