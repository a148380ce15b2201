import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseId } from "../../../core/ids.ts";
import type { AzureConfig } from "../../../core/model.ts";
import { executeAzureShard, planAzure } from "../../../scanners/azure/index.ts";
import { runShards } from "../../../scanners/engine.ts";
import { type AzureSimulator, startAzureSimulator } from "../../../simulator/azure/index.ts";
import type { AzureScenario } from "../../../simulator/azure/scenario.ts";
import { depsFor } from "./helpers.ts";

const SUB_A = "11111111-1111-4111-8111-111111111111";
const SUB_B = "22222222-2222-4222-8222-222222222222";
const SUB_OFF = "33333333-3333-4333-8333-333333333333";

const scenario: AzureScenario = {
  subscriptions: [
    {
      id: SUB_A,
      accounts: [
        {
          name: "openai-prod",
          resourceGroup: "rg-ai",
          kind: "OpenAI",
          location: "swedencentral",
          sku: "S0",
          tags: { team: "risk" },
          disableLocalAuth: true,
          publicNetworkAccess: "Disabled",
          networkDefaultAction: "Deny",
          keyVaultUri: "https://kv-prod.vault.azure.net/",
          privateEndpoints: 2,
          createdAt: "2025-03-04T05:06:07Z",
          deployments: [
            {
              name: "gpt4o",
              modelName: "gpt-4o",
              modelVersion: "2024-11-20",
              skuName: "GlobalStandard",
              capacity: 50,
              raiPolicyName: "strict",
              versionUpgradeOption: "NoAutoUpgrade",
            },
            { name: "embed", modelName: "text-embedding-3-large", capacity: 10 },
            { name: "mini", modelName: "gpt-4o-mini", capacity: 5 },
          ],
        },
        { name: "services", resourceGroup: "rg-x", kind: "AIServices", location: "eastus" },
        { name: "lang", resourceGroup: "rg-x", kind: "TextAnalytics", location: "eastus" },
      ],
    },
    { id: SUB_B, accounts: [{ name: "b-openai", resourceGroup: "rg", kind: "OpenAI", location: "eastus" }] },
    { id: SUB_OFF, state: "Disabled", accounts: [] },
  ],
};

let sim: AzureSimulator;
let cfg: AzureConfig;

beforeAll(async () => {
  sim = await startAzureSimulator(scenario, { pageSize: 2 });
  cfg = { subscriptions: "all", endpoint: sim.endpoint };
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  // Whatever each test did, the account keys were never asked for.
  expect(sim.requests.filter((r) => /listkeys/i.test(r.path))).toEqual([]);
  await sim.stop();
});

// The Cognitive Services shards (usage and Key Vault shards: usage.test.ts; Azure ML: machinelearning.test.ts).
const scan = async (config: AzureConfig = cfg) => {
  const specs = (await planAzure(config, depsFor(sim))).filter((s) => s.service === "cognitiveservices");
  return runShards(specs, (spec, ctx) => executeAzureShard(spec, config, ctx, depsFor(sim)));
};

describe("planAzure", () => {
  it("plans one global shard per service and enabled visible subscription", async () => {
    const specs = await planAzure(cfg, depsFor(sim));
    expect(specs).toEqual(
      [SUB_A, SUB_B].flatMap((account) =>
        ["cognitiveservices", "insights", "keyvault", "machinelearningservices"].map((service) => ({
          provider: "azure",
          account,
          region: "global",
          service,
        })),
      ),
    );
  });

  it("uses the configured subscriptions, lower-cased, without listing", async () => {
    const before = sim.requests.length;
    const specs = await planAzure(
      { subscriptions: [SUB_B.toUpperCase()], endpoint: sim.endpoint },
      depsFor(sim),
    );
    expect([...new Set(specs.map((s) => s.account))]).toEqual([SUB_B]);
    expect(sim.requests.length).toBe(before);
  });
});

describe("executeAzureShard through @azure/arm-cognitiveservices", () => {
  it("takes a rate-limit token for every HTTP attempt, retries included, and reports each 429 to the pacing", async () => {
    sim.inject({ kind: "throttle", subscription: SUB_A, times: 2, retryAfterMs: 10 });
    const config = { subscriptions: [SUB_A], endpoint: sim.endpoint };
    const before = sim.requests.length;
    let tokens = 0;
    const answers: boolean[] = [];
    const ctx = {
      signal: new AbortController().signal,
      throttle: async () => {
        tokens++;
      },
      answered: (throttled: boolean) => answers.push(throttled),
    };
    const [spec] = await planAzure(config, depsFor(sim));
    await executeAzureShard(spec!, config, ctx, depsFor(sim));
    expect(tokens).toBe(sim.requests.length - before);
    // Every attempt's answer reaches the pacing, throttled or not.
    expect(answers).toHaveLength(tokens);
    expect(answers.filter(Boolean)).toHaveLength(2);
  });

  it("finds every account and deployment across nextLink pages", async () => {
    const { assets, coverage } = await scan();
    expect(coverage.map((c) => c.status)).toEqual(["ok", "ok"]);
    expect(assets.filter((a) => a.kind === "account").map((a) => a.name)).toEqual([
      "openai-prod",
      "services",
      "lang",
      "b-openai",
    ]);
    expect(assets.filter((a) => a.kind === "deployment").map((a) => a.name)).toEqual([
      "gpt4o",
      "embed",
      "mini",
    ]);
    expect(sim.requests.some((r) => r.url.includes("%24skipToken=2") || r.url.includes("$skipToken=2"))).toBe(
      true,
    );
  });

  it("maps an account's security settings into attributes", async () => {
    const { assets } = await scan({ subscriptions: [SUB_A], endpoint: sim.endpoint });
    const account = assets.find((a) => a.name === "openai-prod")!;
    expect(account).toMatchObject({
      id: `/subscriptions/${SUB_A}/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/openai-prod`,
      provider: "azure",
      service: "cognitiveservices",
      kind: "account",
      account: SUB_A,
      region: "swedencentral",
      createdAt: "2025-03-04T05:06:07.000Z",
      tags: { team: "risk" },
      attributes: {
        kind: "OpenAI",
        sku: "S0",
        endpoint: "https://openai-prod.openai.azure.com/",
        disableLocalAuth: true,
        publicNetworkAccess: "Disabled",
        networkDefaultAction: "Deny",
        customerManagedKey: true,
        keyVaultUri: "https://kv-prod.vault.azure.net/",
        privateEndpointCount: 2,
      },
    });
    const open = assets.find((a) => a.name === "services")!;
    expect(open.attributes).toMatchObject({
      disableLocalAuth: false,
      customerManagedKey: false,
      keyVaultUri: null,
      privateEndpointCount: 0,
    });
  });

  it("maps a deployment's model, SKU and RAI policy and names its account", async () => {
    const { assets } = await scan({ subscriptions: [SUB_A], endpoint: sim.endpoint });
    const deployment = assets.find((a) => a.name === "gpt4o")!;
    expect(deployment.region).toBe("swedencentral");
    expect(deployment.attributes).toEqual({
      modelFormat: "OpenAI",
      modelName: "gpt-4o",
      modelVersion: "2024-11-20",
      skuName: "GlobalStandard",
      capacity: 50,
      raiPolicyName: "strict",
      versionUpgradeOption: "NoAutoUpgrade",
      provisioningState: "Succeeded",
      account: assets.find((a) => a.name === "openai-prod")!.id,
    });
  });

  it("gives assets the scope core/ids.ts derives from their ids, matching the shard's coverage", async () => {
    const { assets, coverage } = await scan();
    for (const asset of assets) {
      const scope = parseId(asset.id)!;
      expect({ account: scope.account, service: scope.service }).toEqual({
        account: asset.account,
        service: asset.service,
      });
      expect(coverage).toContainEqual(
        expect.objectContaining({
          account: asset.account,
          service: asset.service,
          region: "global",
          status: "ok",
        }),
      );
    }
  });

  it("honours Retry-After on 429 and still finds everything", async () => {
    sim.inject({ kind: "throttle", subscription: SUB_A, times: 3, retryAfterMs: 30 });
    const before = sim.requests.length;
    const { assets, coverage } = await scan({ subscriptions: [SUB_A], endpoint: sim.endpoint });
    expect(coverage[0]!.status).toBe("ok");
    expect(assets).toHaveLength(6);
    expect(sim.requests.slice(before).filter((r) => r.status === 429)).toHaveLength(3);
  });

  it("turns a subscription's 403 into coverage error while the others succeed", async () => {
    sim.deny(SUB_A);
    const { assets, coverage } = await scan();
    expect(coverage).toEqual([
      expect.objectContaining({
        account: SUB_A,
        status: "error",
        error: expect.stringMatching(/AuthorizationFailed|authorization/),
      }),
      expect.objectContaining({ account: SUB_B, status: "ok", assets: 1 }),
    ]);
    expect(assets.map((a) => a.account)).toEqual([SUB_B]);
  });

  it("retries a transient 503 and fails the shard on a persistent 500", async () => {
    sim.inject({ kind: "error", status: 503, subscription: SUB_B, times: 1 });
    expect((await scan({ subscriptions: [SUB_B], endpoint: sim.endpoint })).coverage[0]!.status).toBe("ok");
    sim.inject({ kind: "error", status: 500, subscription: SUB_B });
    const { coverage, assets } = await scan({ subscriptions: [SUB_B], endpoint: sim.endpoint });
    expect(coverage[0]).toMatchObject({ status: "error" });
    expect(assets).toEqual([]);
  });

  it("fails the shard, not silently empties it, on a malformed deployments body", async () => {
    sim.inject({ kind: "malformed", pathIncludes: "/accounts/openai-prod/deployments", times: 1 });
    const { coverage, assets } = await scan({ subscriptions: [SUB_A], endpoint: sim.endpoint });
    expect(coverage[0]).toMatchObject({
      status: "error",
      error: expect.stringMatching(/^deployment: .* \(under openai-prod\)$/),
    });
    // The accounts and the lists that answered soundly are kept; the malformed list's items are not.
    const names = (kind: string) => assets.filter((a) => a.kind === kind).map((a) => a.name);
    expect(names("account").sort()).toEqual(["lang", "openai-prod", "services"]);
    expect(names("deployment")).toEqual([]);
  });
});
