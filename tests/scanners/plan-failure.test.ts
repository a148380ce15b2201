// A cloud whose planning fails is failed coverage, not an empty cloud, and does not stop the others.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse } from "yaml";
import { loadInventory } from "../../core/inventory.ts";
import { Config } from "../../core/model.ts";
import { reconcile } from "../../core/reconcile.ts";
import { scan } from "../../scanners/index.ts";
import { type Estate, startEstate } from "../../simulator/estate.ts";
import type { Scenario } from "../../simulator/scenario.ts";

const ROOT = join(import.meta.dirname, "../..");
let estate: Estate;

beforeAll(async () => {
  const demo = parse(readFileSync(join(ROOT, "simulator/scenarios/demo.yaml"), "utf8")) as {
    estate: Scenario;
  };
  estate = await startEstate({ aws: demo.estate.aws!, azure: demo.estate.azure! });
});
afterAll(async () => {
  await estate.stop();
});

it("turns a failed AWS Organizations listing into one failed shard while Azure is scanned", async () => {
  estate.aws!.controls.deny({ service: "organizations" });
  const config = Config.parse({
    ...estate.cloudConfig(),
    aws: { ...estate.cloudConfig().aws, accounts: undefined, organization: true },
  });
  const snapshot = await scan(config, { deps: estate.scanDeps() });
  const aws = snapshot.coverage.filter((c) => c.provider === "aws");
  expect(aws).toEqual([
    expect.objectContaining({
      account: "*",
      status: "error",
      error: expect.stringMatching(
        /could not plan the aws scan: ListAccounts: AccessDenied.* — grant organizations:ListAccounts to /,
      ),
    }),
  ]);
  expect(snapshot.assets.some((a) => a.provider === "azure")).toBe(true);
  expect(snapshot.assets.some((a) => a.provider === "aws")).toBe(false);
  // Nothing declared in AWS reads as missing.
  const report = reconcile(loadInventory(join(ROOT, "examples/demo/inventory")), snapshot);
  const awsEntries = report.items.filter((i) => i.status === "missing" || i.status === "unverified");
  expect(awsEntries.filter((i) => i.status === "missing")).toEqual([]);
  expect(awsEntries.length).toBeGreaterThan(3);
});
