// The Cognitive Services shard degrades per list: one account's deployments, the RAI policies or the
// Foundry projects refused keep everything else that was listed, and the coverage (error) names each
// failing kind with its own reason. Real @azure/arm-cognitiveservices client against the loopback ARM.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AzureConfig, Inventory } from "../../../core/model.ts";
import { reconcile } from "../../../core/reconcile.ts";
import { executeAzureShard, planAzure } from "../../../scanners/azure/index.ts";
import { runShards } from "../../../scanners/engine.ts";
import { type AzureSimulator, startAzureSimulator } from "../../../simulator/azure/index.ts";
import type { AzureScenario } from "../../../simulator/azure/scenario.ts";
import { depsFor } from "./helpers.ts";

const SUB = "88888888-8888-4888-8888-888888888888";

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
          deployments: [
            { name: "f-gpt4o", modelName: "gpt-4o" },
            { name: "f-mini", modelName: "gpt-4o-mini" },
          ],
          connections: [{ name: "acct-search", category: "CognitiveSearch" }],
          projects: [
            { name: "bot", connections: [{ name: "p-aoai", category: "AzureOpenAI" }] },
            { name: "lab" },
          ],
          raiPolicies: [{ name: "strict" }],
        },
        {
          name: "openai",
          resourceGroup: "rg-ai",
          kind: "OpenAI",
          location: "eastus",
          deployments: [
            { name: "o-gpt4o", modelName: "gpt-4o" },
            { name: "o-embed", modelName: "text-embedding-3-small" },
            { name: "o-mini", modelName: "gpt-4o-mini" },
          ],
          raiPolicies: [{ name: "oai-filter" }],
        },
        { name: "speech", resourceGroup: "rg-ai", kind: "SpeechServices", location: "eastus" },
      ],
    },
  ],
};

let sim: AzureSimulator;
beforeAll(async () => {
  sim = await startAzureSimulator(scenario, { pageSize: 2 });
});
afterEach(() => sim.clearFaults());
afterAll(() => sim.stop());

async function scanCs() {
  const cfg: AzureConfig = { subscriptions: [SUB], endpoint: sim.endpoint };
  const specs = (await planAzure(cfg, depsFor(sim))).filter((s) => s.service === "cognitiveservices");
  return runShards(specs, (spec, ctx) => executeAzureShard(spec, cfg, ctx, depsFor(sim)));
}

const byKind = (assets: { kind: string; name: string }[]) => {
  const out: Record<string, string[]> = {};
  for (const a of assets) out[a.kind] = [...(out[a.kind] ?? []), a.name];
  for (const names of Object.values(out)) names.sort();
  return out;
};

const EVERYTHING = {
  account: ["foundry", "openai", "speech"],
  deployment: ["f-gpt4o", "f-mini", "o-embed", "o-gpt4o", "o-mini"],
  "rai-policy": ["oai-filter", "strict"],
  connection: ["acct-search", "p-aoai"],
  project: ["bot", "lab"],
};

describe("a Cognitive Services shard with one list refused", () => {
  it("lists every kind when nothing is refused", async () => {
    const { assets, coverage } = await scanCs();
    expect(coverage).toMatchObject([{ status: "ok" }]);
    expect(byKind(assets)).toEqual(EVERYTHING);
  });

  it("keeps every other list when one account's deployments are denied, and names that kind and account", async () => {
    sim.inject({ kind: "deny", pathIncludes: "/accounts/openai/deployments" });
    const { assets, coverage } = await scanCs();
    expect(byKind(assets)).toEqual({ ...EVERYTHING, deployment: ["f-gpt4o", "f-mini"] });
    expect(coverage).toHaveLength(1);
    expect(coverage[0]).toMatchObject({ status: "error", assets: assets.length });
    expect(coverage[0]!.error).toMatch(
      /^deployment: AuthorizationFailed \(HTTP 403\): .*Microsoft\.CognitiveServices\/accounts\/deployments\/read.* \(under openai\)$/,
    );
  });

  it("names each failing kind with its own reason: RAI policies denied, Foundry projects failing", async () => {
    sim.inject({ kind: "deny", pathIncludes: "/raiPolicies" });
    sim.inject({
      kind: "error",
      pathIncludes: "/accounts/foundry/projects",
      status: 400,
      code: "BadRequest",
      message: "projects are unavailable",
    });
    const { assets, coverage } = await scanCs();
    const { "rai-policy": _rai, project: _projects, ...rest } = EVERYTHING;
    // The project's connections cannot be listed without the projects; the account's own are kept.
    expect(byKind(assets)).toEqual({ ...rest, connection: ["acct-search"] });
    const parts = coverage[0]!.error!.split("; ");
    expect(coverage[0]!.status).toBe("error");
    expect(parts).toEqual([
      expect.stringMatching(/^project: BadRequest \(HTTP 400\): projects are unavailable \(under foundry\)$/),
      expect.stringMatching(
        /^rai-policy: AuthorizationFailed \(HTTP 403\): .*accounts\/raiPolicies\/read.* \(under foundry, openai\)$/,
      ),
      expect.stringMatching(/^connection: project connections not listed: .* \(under foundry projects\)$/),
    ]);
  });

  it("never reads a refused kind as deleted: a declared deployment there is unverified, not missing", async () => {
    sim.inject({ kind: "deny", pathIncludes: "/accounts/openai/deployments" });
    const { assets, coverage } = await scanCs();
    const openai = assets.find((a) => a.kind === "account" && a.name === "openai")!;
    const entry = {
      id: `${openai.id}/deployments/o-gpt4o`,
      minCount: 1,
      source: { file: "chat.yaml", line: 1 },
    };
    const inventory: Inventory = { systems: [{ id: "chat", assets: [entry] }] };
    const report = reconcile(inventory, { schemaVersion: 1, scannedAt: "x", assets, coverage });
    expect(report.items.find((i) => i.systemId === "chat")).toMatchObject({
      status: "unverified",
      reason: expect.stringMatching(/cognitiveservices error: deployment: AuthorizationFailed/),
    });
  });
});
