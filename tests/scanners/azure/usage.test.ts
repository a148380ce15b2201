// Azure model-usage (Azure Monitor metrics) and ai-credential (Key Vault secret metadata) through
// the real @azure/arm-monitor, @azure/arm-cognitiveservices and @azure/arm-keyvault clients against
// the simulator: what is found, paging, a denied scope, permissions, and a value never read.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AzureConfig } from "../../../core/model.ts";
import { executeAzureShard, planAzure } from "../../../scanners/azure/index.ts";
import { runShards } from "../../../scanners/engine.ts";
import { azureRoleDefinition } from "../../../scanners/iam-policy.ts";
import { scanSettings } from "../../../scanners/settings.ts";
import { type AzureSimulator, startAzureSimulator } from "../../../simulator/azure/index.ts";
import type { AzureScenario } from "../../../simulator/azure/scenario.ts";
import { depsFor } from "./helpers.ts";

const SUB_A = "11111111-1111-4111-8111-111111111111";
const SUB_B = "22222222-2222-4222-8222-222222222222";
const CANARY = "CANARY-azure-openai-key-sk-proj-0000";

const many = Array.from({ length: 12 }, (_, i) => ({
  name: `dep-${i}`,
  modelName: i % 2 === 0 ? "gpt-4o" : "gpt-4o-mini",
  modelVersion: i % 2 === 0 ? "2024-11-20" : "2024-07-18",
  usage: { requests: 10, promptTokens: 100, generatedTokens: 50 },
}));

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
          deployments: [
            {
              name: "chat",
              modelName: "gpt-4o",
              modelVersion: "2024-11-20",
              usage: {
                requests: 300,
                promptTokens: 9000,
                generatedTokens: 3000,
                firstDaysAgo: 5,
                lastDaysAgo: 1,
              },
            },
            { name: "idle", modelName: "gpt-4o-mini" },
            {
              name: "llama",
              modelFormat: "Meta",
              modelName: "Llama-3.3-70B-Instruct",
              modelVersion: "4",
              usage: { requests: 42, firstDaysAgo: 20 },
            },
          ],
        },
        {
          name: "ai-east",
          resourceGroup: "rg-ai",
          kind: "AIServices",
          location: "eastus",
          deployments: [
            { name: "chat-east", modelName: "gpt-4o", modelVersion: "2024-08-06", usage: { requests: 40 } },
          ],
        },
        // Not a metered kind: asking it for Azure OpenAI metrics would answer 400.
        { name: "lang", resourceGroup: "rg-x", kind: "TextAnalytics", location: "eastus" },
      ],
      keyVaults: [
        {
          name: "kv-apps",
          resourceGroup: "rg-sec",
          location: "westeurope",
          secrets: [
            { name: "openai-api-key", value: CANARY, updatedAt: "2026-11-01T00:00:00Z" },
            { name: "db-password", value: "not-ai" },
            { name: "llm-key", contentType: "Anthropic API key", value: CANARY },
            { name: "svc-token", tags: { vendor: "huggingface" }, value: CANARY },
            ...Array.from({ length: 5 }, (_, i) => ({ name: `mistral-${i}`, value: CANARY })),
          ],
        },
      ],
    },
    {
      id: SUB_B,
      accounts: [
        { name: "b-openai", resourceGroup: "rg", kind: "OpenAI", location: "eastus", deployments: many },
      ],
      keyVaults: [{ name: "kv-b", resourceGroup: "rg", location: "eastus", secrets: [{ name: "x" }] }],
    },
  ],
};

let sim: AzureSimulator;
let cfg: AzureConfig;
const settings = scanSettings({ usage: { window: "14d" }, aiCredentials: { vendors: {} } });

beforeAll(async () => {
  sim = await startAzureSimulator(scenario, { pageSize: 2 });
  cfg = { subscriptions: [SUB_A, SUB_B], endpoint: sim.endpoint };
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  // Whatever each test did, no secret value and no account key was ever asked for.
  expect(sim.requests.filter((r) => /^\/secrets\//i.test(r.path) || /listkeys/i.test(r.path))).toEqual([]);
  await sim.stop();
});

const scan = async (services: string[]) => {
  const specs = (await planAzure(cfg, depsFor(sim))).filter((s) => services.includes(s.service));
  return runShards(specs, (spec, ctx) => executeAzureShard(spec, cfg, ctx, depsFor(sim), settings));
};

describe("Azure model-usage from Azure Monitor metrics", () => {
  it("finds each model in use per subscription and region, deployments resolved to their model", async () => {
    const { assets, coverage } = await scan(["insights"]);
    expect(coverage.map((c) => [c.account, c.service, c.status])).toEqual([
      [SUB_A, "insights", "ok"],
      [SUB_B, "insights", "ok"],
    ]);
    const a = assets.filter((x) => x.account === SUB_A);
    expect(a.map((x) => [x.region, x.name])).toEqual([
      ["eastus", "gpt-4o"],
      ["swedencentral", "gpt-4o"],
      ["swedencentral", "Llama-3.3-70B-Instruct"],
    ]);
    const chat = a.find((x) => x.region === "swedencentral" && x.name === "gpt-4o")!;
    expect(chat.id).toBe(
      `/subscriptions/${SUB_A}/providers/Microsoft.Insights/model-usage/swedencentral/gpt-4o`,
    );
    expect(chat.kind).toBe("model-usage");
    expect(chat.attributes).toMatchObject({
      model: "gpt-4o",
      modelProvider: "OpenAI",
      modelVersions: ["2024-11-20"],
      deployments: ["openai-prod/chat"],
      invocations: 300,
      inputTokens: 9000,
      outputTokens: 3000,
      windowDays: 14,
    });
    const day = (ago: number) =>
      new Date(Math.floor(Date.now() / 86_400_000 - ago) * 86_400_000).toISOString();
    expect(chat.attributes.firstSeen).toBe(day(5));
    expect(chat.attributes.lastSeen).toBe(day(1));
    // 2 requests a day for 21 days; a 14-day window (today and 13 days back) sums 14 of them.
    const llama = a.find((x) => x.name === "Llama-3.3-70B-Instruct")!;
    expect(llama.attributes.modelProvider).toBe("Meta");
    expect(llama.attributes.invocations).toBe(28);
    expect(llama.attributes.firstSeen).toBe(day(13));
  });

  it("reads every deployment of an account in one metrics call (top beyond the default 10)", async () => {
    const before = sim.requests.length;
    const { assets } = await scan(["insights"]);
    const b = assets.filter((x) => x.account === SUB_B);
    expect(b.map((x) => [x.name, x.attributes.invocations])).toEqual([
      ["gpt-4o", 60],
      ["gpt-4o-mini", 60],
    ]);
    expect((b[0]!.attributes.deployments as string[]).length).toBe(6);
    const calls = sim.requests.slice(before).filter((r) => /microsoft\.insights\/metrics$/i.test(r.path));
    // One call per metered account (2 in SUB_A, 1 in SUB_B), never per metric or per deployment.
    expect(calls.length).toBe(3);
    const q = new URL(calls[0]!.url).searchParams;
    expect(q.get("metricnames")).toBe("AzureOpenAIRequests,ProcessedPromptTokens,GeneratedTokens");
    expect(q.get("aggregation")).toBe("Total");
    expect(q.get("interval")).toBe("P1D");
    expect(q.get("$filter")).toBe("ModelDeploymentName eq '*'");
  });

  it("records a denied metrics scope as error coverage, never as no usage", async () => {
    sim.inject({ kind: "deny", subscription: SUB_B, pathIncludes: "microsoft.insights/metrics" });
    const { assets, coverage } = await scan(["insights"]);
    const b = coverage.find((c) => c.account === SUB_B)!;
    expect(b.status).toBe("error");
    expect(b.error).toMatch(/AuthorizationFailed|authorization/i);
    expect(assets.some((x) => x.account === SUB_B)).toBe(false);
    expect(coverage.find((c) => c.account === SUB_A)!.status).toBe("ok");
  });

  it("waits out throttling and still answers", async () => {
    sim.inject({
      kind: "throttle",
      subscription: SUB_A,
      pathIncludes: "microsoft.insights",
      times: 2,
      retryAfterMs: 5,
    });
    const { coverage, assets } = await scan(["insights"]);
    expect(coverage.every((c) => c.status === "ok")).toBe(true);
    expect(assets.filter((x) => x.account === SUB_A).length).toBe(3);
  });
});

describe("Azure ai-credential from Key Vault secret metadata", () => {
  it("finds secrets whose name, content type or tags point at an AI vendor, across pages", async () => {
    const before = sim.requests.length;
    const { assets, coverage } = await scan(["keyvault"]);
    expect(coverage.map((c) => c.status)).toEqual(["ok", "ok"]);
    expect(assets.map((x) => [x.name, x.attributes.vendor, x.attributes.matchedOn])).toEqual([
      ["openai-api-key", "OpenAI", "name"],
      ["llm-key", "Anthropic", "description"],
      ["svc-token", "Hugging Face", "tags"],
      ...Array.from({ length: 5 }, (_, i) => [`mistral-${i}`, "Mistral", "name"]),
    ]);
    const key = assets[0]!;
    expect(key.id).toBe(
      `/subscriptions/${SUB_A}/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-apps/secrets/openai-api-key`,
    );
    expect(key).toMatchObject({
      provider: "azure",
      service: "keyvault",
      kind: "ai-credential",
      region: "westeurope",
    });
    expect(key.attributes).toMatchObject({
      store: "keyvault",
      enabled: true,
      createdAt: "2026-01-01T00:00:00.000Z",
      lastChangedAt: "2026-11-01T00:00:00.000Z",
      rotationEnabled: false,
    });
    // 9 secrets at 2 a page: the nextLink was followed to the end.
    const pages = sim.requests
      .slice(before)
      .filter((r) => /vaults\/kv-apps\/secrets$/i.test(r.path) && r.status === 200);
    expect(pages.length).toBe(5);
  });

  it("never reads a value: the canary is in the simulator's data plane, not in any asset", async () => {
    const { assets } = await scan(["keyvault", "insights"]);
    expect(assets.length).toBeGreaterThan(0);
    expect(JSON.stringify(assets)).not.toContain(CANARY);
    expect(sim.requests.some((r) => /\/secrets\//i.test(r.path) && !/providers/i.test(r.path))).toBe(false);
  });

  it("records a denied vault listing as error coverage, never as no credentials", async () => {
    sim.inject({ kind: "deny", subscription: SUB_A, pathIncludes: "microsoft.keyvault" });
    const { assets, coverage } = await scan(["keyvault"]);
    expect(coverage.find((c) => c.account === SUB_A)!.status).toBe("error");
    expect(assets).toEqual([]);
  });
});

it("lists the metrics and Key Vault read actions in the generated Azure role, no data action", () => {
  const role = azureRoleDefinition({ subscriptions: [SUB_A] });
  for (const a of [
    "Microsoft.Insights/metrics/read",
    "Microsoft.KeyVault/vaults/read",
    "Microsoft.KeyVault/vaults/secrets/read",
  ])
    expect(role.Actions).toContain(a);
  expect(JSON.stringify(role)).not.toMatch(/secrets\/getSecret|DataActions":\s*\[\s*"/i);
});
