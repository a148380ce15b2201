// Every Azure and GCP scanner declaration, one row each (a declaration added later gets its row
// without touching this file): through the real SDK clients against the simulators with 2-item
// pages, the kind is found; denying the list its permission names fails its shard as `error`
// (never ok and empty) and keeps the shard's assets out; its permissions are in the generated
// role; and the canaries planted in the estate's secret-looking fields appear nowhere.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Config, type Snapshot } from "../../core/model.ts";
import { azureDeclarations } from "../../scanners/azure/index.ts";
import { gcpDeclarations } from "../../scanners/gcp/index.ts";
import { azureRoleDefinition, gcpCustomRole } from "../../scanners/iam-policy.ts";
import { scan } from "../../scanners/index.ts";
import { type Estate, startEstate } from "../../simulator/estate.ts";
import type { Scenario } from "../../simulator/scenario.ts";

const ROOT = join(import.meta.dirname, "../..");
const CANARY = /CANARY/;

/** The demo estate's Azure and GCP parts, plus one of each kind the demo does not carry. */
function estateOfEveryKind(): Scenario {
  const demo = parse(readFileSync(join(ROOT, "simulator/scenarios/demo.yaml"), "utf8")) as {
    estate: Scenario;
  };
  const { azure, gcp } = structuredClone(demo.estate);
  const sub = azure!.subscriptions[0]!;
  sub.ml!.registries = [
    { name: "shared-models", resourceGroup: "rg-risk", location: "westeurope", secret: "CANARY-registry" },
  ];
  sub.keyVaults = [
    {
      name: "kv-apps",
      resourceGroup: "rg-cx",
      location: "eastus",
      secrets: [{ name: "openai-api-key", value: "CANARY-keyvault-value" }],
    },
  ];
  sub.accounts[0]!.deployments![0]!.usage = { requests: 40, promptTokens: 900, generatedTokens: 300 };
  const project = gcp!.projects[0]!;
  Object.assign(project.vertex!["us-central1"]!, {
    featureOnlineStores: [{ id: "fs-serving", storage: "optimized" }],
    indexEndpoints: [{ id: "ie-rag", publicEndpoint: true, deployedIndexes: [{ id: "d1", index: "idx1" }] }],
  });
  project.secrets = [{ name: "anthropic-api-key", value: "CANARY-secret-payload" }];
  project.modelUsage = [
    { location: "us-central1", publisher: "google", model: "gemini-2.0-flash-001", invocations: 12 },
  ];
  return { azure, gcp };
}

/** The collection segment a list's permission names: accounts/projects/connections/read → /connections. */
function listSegment(grant: string): string {
  const parts = grant.includes("/") ? grant.split("/").slice(0, -1) : grant.split(".").slice(1, -1);
  return `/${parts.at(-1)!}`;
}

interface Row {
  provider: "azure" | "gcp";
  service: string;
  kind: string;
  grants: readonly string[];
}
const ROWS: Row[] = [
  ...azureDeclarations.map((d) => ({
    provider: "azure" as const,
    service: d.service,
    kind: d.kind,
    grants: d.actions,
  })),
  ...gcpDeclarations.map((d) => ({
    provider: "gcp" as const,
    service: d.service,
    kind: d.kind,
    grants: d.permissions,
  })),
];

let estate: Estate;
let baseline: Snapshot;

async function scanOnly(provider: "azure" | "gcp"): Promise<Snapshot> {
  const clouds = estate.cloudConfig();
  const config = Config.parse({ [provider]: clouds[provider], scan: { requestsPerSecond: 500 } });
  return scan(config, { deps: estate.scanDeps() });
}

const requests = (provider: "azure" | "gcp") =>
  (provider === "azure" ? estate.azure!.requests : estate.gcp!.requests).map((r) => r.path);

beforeAll(async () => {
  estate = await startEstate(estateOfEveryKind(), { azure: { pageSize: 2 }, gcp: { pageSize: 2 } });
  const [azure, gcp] = [await scanOnly("azure"), await scanOnly("gcp")];
  baseline = {
    ...azure,
    assets: [...azure.assets, ...gcp.assets],
    coverage: [...azure.coverage, ...gcp.coverage],
  };
}, 180_000);
afterAll(async () => {
  await estate.stop();
});

describe("every Azure and GCP declaration", () => {
  it("reads every shard of the estate", () => {
    expect(baseline.coverage.filter((c) => c.status !== "ok")).toEqual([]);
  });

  it.each(ROWS)("finds $provider/$service/$kind through its list", (row) => {
    expect(
      baseline.assets.some((a) => a.provider === row.provider && a.kind === row.kind),
      row.kind,
    ).toBe(true);
    const segment = listSegment(row.grants.at(-1)!);
    expect(
      requests(row.provider).some((p) => p.includes(segment)),
      segment,
    ).toBe(true);
  });

  it.each(ROWS)("has every $provider/$kind permission in the generated role", (row) => {
    const granted =
      row.provider === "azure" ? azureRoleDefinition().Actions : gcpCustomRole().includedPermissions;
    for (const g of row.grants) expect(granted, g).toContain(g);
  });

  it.each(ROWS)(
    "fails the $provider/$service shard as error when the $kind list is denied",
    async (row) => {
      const segment = listSegment(row.grants.at(-1)!);
      const sim = row.provider === "azure" ? estate.azure! : estate.gcp!;
      sim.inject({ kind: "deny", pathIncludes: segment });
      try {
        const snapshot = await scanOnly(row.provider);
        const shards = snapshot.coverage.filter((c) => c.service === row.service);
        expect(shards.length, row.service).toBeGreaterThan(0);
        expect(shards.map((c) => `${c.region}:${c.status}`)).toEqual(shards.map((c) => `${c.region}:error`));
        // None of the denied kind's assets; a shard of several kinds keeps those listed to the end
        // where it settles each kind on its own (GCP's vertexai, settle-kinds.ts).
        expect(
          snapshot.assets.filter(
            (a) => a.provider === row.provider && a.service === row.service && a.kind === row.kind,
          ),
        ).toEqual([]);
      } finally {
        sim.clearFaults();
      }
    },
    60_000,
  );

  it("never copies a planted canary into the snapshot", () => {
    const served = JSON.stringify([estate.azure!.requests.length, estate.gcp!.requests.length]);
    expect(served).not.toBe("[0,0]");
    expect(JSON.stringify(baseline)).not.toMatch(CANARY);
  });
});
