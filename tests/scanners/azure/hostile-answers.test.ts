// Azure answers that are HTTP 200 but cannot be trusted fail their shard instead of reading as "no
// assets" (issue 13): the generated pagers read `value || []`, so the check sits in every ARM
// client's pipeline (scanners/azure/answers.ts). Real @azure/arm-cognitiveservices client against
// the ARM simulator.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AzureConfig } from "../../../core/model.ts";
import { isCollection } from "../../../scanners/azure/answers.ts";
import { executeAzureShard, planAzure } from "../../../scanners/azure/index.ts";
import { runShards } from "../../../scanners/engine.ts";
import { type AzureSimulator, startAzureSimulator } from "../../../simulator/azure/index.ts";
import { depsFor } from "./helpers.ts";

const SUB = "11111111-1111-4111-8111-111111111111";
let sim: AzureSimulator;
let cfg: AzureConfig;

beforeAll(async () => {
  sim = await startAzureSimulator(
    {
      subscriptions: [
        {
          id: SUB,
          accounts: [
            {
              name: "openai-prod",
              resourceGroup: "rg",
              kind: "OpenAI",
              location: "eastus",
              deployments: [{ name: "gpt4o", modelName: "gpt-4o" }],
            },
            { name: "b", resourceGroup: "rg", kind: "AIServices", location: "eastus" },
            { name: "c", resourceGroup: "rg", kind: "OpenAI", location: "eastus" },
          ],
        },
      ],
    },
    { pageSize: 2 },
  );
  cfg = { subscriptions: [SUB], endpoint: sim.endpoint };
});
afterEach(() => sim.clearFaults());
afterAll(() => sim.stop());

const scan = async () => {
  const specs = await planAzure(cfg, depsFor(sim));
  return runShards(specs, (spec, ctx) => executeAzureShard(spec, cfg, ctx, depsFor(sim)));
};
const ACCOUNTS = "/providers/Microsoft.CognitiveServices/accounts";

describe("untrusted Azure answers", () => {
  it("lists every account and deployment when the answers are sound", async () => {
    const { coverage, assets } = await scan();
    expect(coverage[0]).toMatchObject({ status: "ok" });
    expect(assets).toHaveLength(4);
  });

  it("fails the shard when the account list answers 200 without a value array", async () => {
    sim.inject({ kind: "rewrite", pathIncludes: ACCOUNTS, rewrite: () => ({}) });
    const { coverage, assets } = await scan();
    expect(coverage[0]).toMatchObject({ status: "error" });
    expect(coverage[0]!.error).toMatch(/GET \/subscriptions\/.*\/accounts with HTTP 200 but no value list/);
    expect(assets).toEqual([]);
  });

  it("fails the shard when a deployment list (a second-level list) has no value array", async () => {
    sim.inject({ kind: "rewrite", pathIncludes: "/deployments", rewrite: () => ({ nextLink: null }) });
    const { coverage } = await scan();
    expect(coverage[0]).toMatchObject({ status: "error" });
    expect(coverage[0]!.error).toMatch(/deployments with HTTP 200 but no value list/);
  });

  it("fails the shard when ARM answers 200 with an error shape", async () => {
    sim.inject({
      kind: "rewrite",
      pathIncludes: ACCOUNTS,
      rewrite: () => ({ error: { code: "AuthorizationFailed", message: "no access" } }),
    });
    const { coverage } = await scan();
    expect(coverage[0]).toMatchObject({ status: "error" });
    expect(coverage[0]!.error).toMatch(/HTTP 200 and an error shape AuthorizationFailed: no access/);
  });

  it("fails the shard when nextLink cycles between pages (A, B, A…)", async () => {
    // Per list (path): the shard's lists run concurrently, so one list's first page must not
    // stand in for another's (a one-page list would end the cycle, and the test flaked under load).
    const first = new Map<string, string | undefined>();
    sim.inject({
      kind: "rewrite",
      pathIncludes: ACCOUNTS,
      rewrite: (body, url) => {
        const page = body as { value: unknown[]; nextLink?: string };
        // Page 2 points back at page 1's own nextLink: the pager would loop for ever.
        if (!url.searchParams.has("$skipToken")) {
          first.set(url.pathname, page.nextLink);
          return page;
        }
        return { ...page, nextLink: first.get(url.pathname) };
      },
    });
    const { coverage } = await scan();
    expect(coverage[0]).toMatchObject({ status: "error" });
    expect(coverage[0]!.error).toMatch(/repeated a nextLink .* \(a cycle\)/);
  });

  it("tells a collection path from an item path by ARM's type/name pairs", () => {
    expect(isCollection("/subscriptions")).toBe(true);
    expect(isCollection(`/subscriptions/${SUB}`)).toBe(false);
    expect(isCollection(`/subscriptions/${SUB}${ACCOUNTS}`)).toBe(true);
    expect(isCollection(`/subscriptions/${SUB}/resourceGroups/rg${ACCOUNTS}/a`)).toBe(false);
    expect(isCollection(`/subscriptions/${SUB}/resourceGroups/rg${ACCOUNTS}/a/deployments`)).toBe(true);
  });
});
