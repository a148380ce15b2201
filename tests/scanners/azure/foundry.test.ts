// AI Foundry under Cognitive Services (projects, connections, RAI policies) through the real
// @azure/arm-cognitiveservices client against the loopback ARM, with 2-item pages.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AzureConfig } from "../../../core/model.ts";
import { azureDeclarations, executeAzureShard, planAzure } from "../../../scanners/azure/index.ts";
import { runShards } from "../../../scanners/engine.ts";
import { azureRoleDefinition } from "../../../scanners/iam-policy.ts";
import { type AzureSimulator, startAzureSimulator } from "../../../simulator/azure/index.ts";
import type { AzureScenario } from "../../../simulator/azure/scenario.ts";
import { depsFor } from "./helpers.ts";

const SUB = "66666666-6666-4666-8666-666666666666";
const SUB_DENIED = "77777777-7777-4777-8777-777777777777";
const CANARY = "CANARY-foundry-2b9d41-do-not-leak";

const connections = (prefix: string) => [
  { name: `${prefix}-aoai`, category: "AzureOpenAI", secret: CANARY },
  {
    name: `${prefix}-search`,
    category: "CognitiveSearch",
    authType: "AAD",
    target: "https://s.search.windows.net",
  },
  {
    name: `${prefix}-blob`,
    category: "AzureBlob",
    target: `https://st.blob.core.windows.net/data?sv=2024&sig=${CANARY}`,
    isSharedToAll: true,
    secret: CANARY,
  },
];

const scenario: AzureScenario = {
  subscriptions: [
    {
      id: SUB,
      accounts: [
        {
          name: "foundry",
          resourceGroup: "rg-ai",
          kind: "AIServices",
          location: "swedencentral",
          connections: connections("acct"),
          projects: [
            {
              name: "support-bot",
              displayName: "Support bot",
              isDefault: true,
              secret: CANARY,
              connections: connections("p1"),
            },
            { name: "claims", connections: [] },
            { name: "research" },
          ],
          raiPolicies: [
            {
              name: "strict",
              mode: "Blocking",
              contentFilters: [
                { name: "hate", source: "Prompt", severityThreshold: "Low" },
                { name: "jailbreak", source: "Prompt", blocking: true },
              ],
              blocklists: ["competitors"],
            },
            { name: "lenient", mode: "Asynchronous_filter" },
            { name: "default-copy" },
          ],
        },
        {
          name: "openai",
          resourceGroup: "rg-ai",
          kind: "OpenAI",
          location: "eastus",
          raiPolicies: [{ name: "oai-filter" }],
          // An OpenAI account has no Foundry projects: they must not be asked for.
          projects: [{ name: "never-listed" }],
        },
        { name: "speech", resourceGroup: "rg-ai", kind: "SpeechServices", location: "eastus" },
      ],
    },
    {
      id: SUB_DENIED,
      accounts: [{ name: "x", resourceGroup: "rg", kind: "AIServices", location: "eastus" }],
    },
  ],
};

let sim: AzureSimulator;

beforeAll(async () => {
  sim = await startAzureSimulator(scenario, { pageSize: 2 });
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  // Connection secrets and account keys are never asked for.
  expect(sim.requests.filter((r) => /listkeys|listsecrets/i.test(r.path))).toEqual([]);
  await sim.stop();
});

const config = (subscriptions: string[] = [SUB]): AzureConfig => ({ subscriptions, endpoint: sim.endpoint });

async function scanCs(cfg: AzureConfig = config()) {
  const specs = (await planAzure(cfg, depsFor(sim))).filter((s) => s.service === "cognitiveservices");
  return runShards(specs, (spec, ctx) => executeAzureShard(spec, cfg, ctx, depsFor(sim)));
}

const names = (assets: { kind: string; name: string }[], kind: string) =>
  assets.filter((a) => a.kind === kind).map((a) => a.name);

describe("AI Foundry projects, connections and RAI policies", () => {
  it("lists every project, connection and RAI policy across 2-item pages, and only where the account kind has them", async () => {
    const before = sim.requests.length;
    const { assets, coverage } = await scanCs();
    expect(coverage).toEqual([
      expect.objectContaining({
        status: "ok",
        kinds: ["account", "connection", "deployment", "project", "rai-policy"],
      }),
    ]);
    expect(names(assets, "project")).toEqual(["support-bot", "claims", "research"]);
    expect(names(assets, "rai-policy")).toEqual(["strict", "lenient", "default-copy", "oai-filter"]);
    expect(names(assets, "connection").sort()).toEqual(
      ["acct-aoai", "acct-blob", "acct-search", "p1-aoai", "p1-blob", "p1-search"].sort(),
    );
    const paths = sim.requests.slice(before).map((r) => r.path.toLowerCase());
    expect(paths.some((p) => p.includes("/accounts/openai/projects"))).toBe(false);
    expect(paths.some((p) => p.includes("/accounts/speech/raipolicies"))).toBe(false);
    expect(
      sim.requests.slice(before).filter((r) => r.url.includes("skipToken=2")).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it("maps a project, a content filter policy and a connection's metadata", async () => {
    const { assets } = await scanCs();
    const find = (kind: string, name: string) => assets.find((a) => a.kind === kind && a.name === name)!;
    const account = find("account", "foundry");
    const project = find("project", "support-bot");
    expect(project).toMatchObject({
      id: `${account.id}/projects/support-bot`,
      service: "cognitiveservices",
      region: "swedencentral",
      attributes: { displayName: "Support bot", isDefault: true, account: account.id },
    });
    expect(find("rai-policy", "strict").attributes).toEqual({
      type: "UserManaged",
      mode: "Blocking",
      basePolicyName: "Microsoft.DefaultV2",
      contentFilters: [
        { name: "hate", source: "Prompt", severityThreshold: "Low", blocking: true, enabled: true },
        { name: "jailbreak", source: "Prompt", severityThreshold: "Medium", blocking: true, enabled: true },
      ],
      blocklistCount: 1,
      account: account.id,
    });
    expect(find("connection", "p1-blob").attributes).toEqual({
      category: "AzureBlob",
      authType: "ApiKey",
      target: "https://st.blob.core.windows.net/data",
      isSharedToAll: true,
      expiryTime: null,
      project: project.id,
      account: account.id,
    });
    expect(find("connection", "acct-search").attributes).toMatchObject({ authType: "AAD", project: null });
  });

  it("records a denied subscription as error coverage, never as an empty one", async () => {
    sim.deny(SUB_DENIED);
    const { coverage } = await scanCs(config([SUB, SUB_DENIED]));
    expect(coverage).toEqual([
      expect.objectContaining({ account: SUB, status: "ok" }),
      expect.objectContaining({
        account: SUB_DENIED,
        status: "error",
        error: expect.stringMatching(/authorization/),
      }),
    ]);
  });

  it("fails the shard when only the project connections are denied", async () => {
    sim.inject({ kind: "deny", pathIncludes: "/projects/support-bot/connections" });
    const { coverage } = await scanCs();
    expect(coverage[0]).toMatchObject({ status: "error" });
  });

  it("never copies a connection's key, a SAS in its target or a project's free text", async () => {
    const result = await scanCs();
    expect(names(result.assets, "connection")).toHaveLength(6);
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  it("puts the Foundry read actions in the generated Azure role", () => {
    const role = azureRoleDefinition({ subscriptions: [SUB] });
    for (const kind of ["project", "rai-policy", "connection"]) {
      const d = azureDeclarations.find((x) => x.service === "cognitiveservices" && x.kind === kind)!;
      for (const a of d.actions) expect(role.Actions).toContain(a);
    }
    expect(role.Actions).toContain("Microsoft.CognitiveServices/accounts/projects/connections/read");
    expect(role.Actions.join(" ")).not.toMatch(/listsecrets|listKeys/i);
  });
});
