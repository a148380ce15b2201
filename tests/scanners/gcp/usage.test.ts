// GCP model-usage (Cloud Monitoring) and ai-credential (Secret Manager metadata) through the real
// @google-cloud/monitoring and @google-cloud/secret-manager clients (REST fallback) against the
// simulator: what is found, paging, a denied scope, permissions, and a payload never read.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GcpConfig } from "../../../core/model.ts";
import { runShards } from "../../../scanners/engine.ts";
import { closeGcpClients, executeGcpShard, planGcp } from "../../../scanners/gcp/index.ts";
import { gcpCustomRole } from "../../../scanners/iam-policy.ts";
import { scanSettings } from "../../../scanners/settings.ts";
import { type GcpSimulator, startGcpSimulator } from "../../../simulator/gcp/index.ts";
import type { GcpScenario } from "../../../simulator/gcp/scenario.ts";
import { testDeps } from "./helpers.ts";

const CANARY = "CANARY-gemini-key-AIzaSy000000";
const scenario: GcpScenario = {
  projects: [
    {
      id: "acme-ai",
      number: "555000111222",
      modelUsage: [
        {
          location: "us-central1",
          publisher: "google",
          model: "gemini-2.0-flash-001",
          invocations: 500,
          inputTokens: 40_000,
          outputTokens: 9_000,
          firstDaysAgo: 9,
          lastDaysAgo: 2,
        },
        {
          location: "us-central1",
          publisher: "anthropic",
          model: "claude-3-5-sonnet-v2",
          invocations: 30,
          inputTokens: 300,
          outputTokens: 100,
        },
        { location: "global", publisher: "google", model: "gemini-2.5-pro", invocations: 12 },
        { location: "europe-west4", publisher: "meta", model: "llama-3.3-70b", invocations: 4 },
        // Only older than the window: not in use now.
        {
          location: "us-central1",
          publisher: "google",
          model: "text-bison",
          invocations: 9,
          firstDaysAgo: 40,
          lastDaysAgo: 30,
        },
      ],
      secrets: [
        { name: "openai-api-key", value: CANARY, rotationDays: 30, createTime: "2026-02-01T00:00:00Z" },
        { name: "db-password", value: "not-ai" },
        { name: "app-key-1", labels: { vendor: "anthropic" }, value: CANARY },
        { name: "app-key-2", annotations: { purpose: "Gemini API key for the web app" }, value: CANARY },
        ...Array.from({ length: 4 }, (_, i) => ({ name: `cohere-${i}`, value: CANARY })),
      ],
    },
    { id: "acme-other", number: "555000333444" },
  ],
};

let sim: GcpSimulator;
let cfg: GcpConfig;
const deps = testDeps();
const settings = scanSettings({ usage: { window: "14d" }, aiCredentials: { vendors: {} } });

beforeAll(async () => {
  sim = await startGcpSimulator(scenario, { pageSize: 2 });
  cfg = {
    projects: ["acme-ai", "acme-other"],
    locations: ["us-central1", "europe-west4"],
    apiEndpoint: sim.apiEndpoint,
  };
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  // Whatever each test did, no secret payload was ever asked for.
  expect(sim.requests.filter((r) => /:access$|\/versions/.test(r.path))).toEqual([]);
  await closeGcpClients(deps);
  await sim.stop();
});

const scan = async (service: string) => {
  const specs = (await planGcp(cfg, deps)).filter((s) => s.service === service);
  return runShards(specs, (spec, ctx) => executeGcpShard(spec, cfg, ctx, deps, settings));
};

describe("GCP model-usage from Cloud Monitoring", () => {
  it("plans one monitoring shard per project and location, plus global", async () => {
    const specs = (await planGcp(cfg, deps)).filter(
      (s) => s.service === "monitoring" && s.account === "acme-ai",
    );
    expect(specs.map((s) => s.region)).toEqual(["us-central1", "europe-west4", "global"]);
  });

  it("finds each publisher model in use per location, with calls, tokens and days", async () => {
    const before = sim.requests.length;
    const { assets, coverage } = await scan("monitoring");
    expect(coverage.every((c) => c.status === "ok")).toBe(true);
    expect(
      assets.map((a) => `${a.region} ${a.attributes.publisher}/${a.name} ${a.attributes.invocations}`).sort(),
    ).toEqual([
      "europe-west4 meta/llama-3.3-70b 4",
      "global google/gemini-2.5-pro 12",
      "us-central1 anthropic/claude-3-5-sonnet-v2 30",
      "us-central1 google/gemini-2.0-flash-001 500",
    ]);
    const flash = assets.find((a) => a.name === "gemini-2.0-flash-001")!;
    expect(flash.id).toBe(
      "//monitoring.googleapis.com/projects/acme-ai/locations/us-central1/publishers/google/models/gemini-2.0-flash-001",
    );
    expect(flash).toMatchObject({
      provider: "gcp",
      service: "monitoring",
      kind: "model-usage",
      account: "acme-ai",
    });
    const day = (ago: number) =>
      new Date(Math.floor(Date.now() / 86_400_000 - ago) * 86_400_000).toISOString();
    expect(flash.attributes).toMatchObject({
      modelProvider: "Google",
      inputTokens: 40_000,
      outputTokens: 9_000,
      firstSeen: day(9),
      lastSeen: day(2),
      windowDays: 14,
    });
    // Two timeSeries.list calls per shard (invocations, tokens), plus pages at 2 series a page.
    const calls = sim.requests.slice(before).filter((r) => r.service === "monitoring");
    const usCentral = calls.filter((r) => r.project === "acme-ai" && r.url.includes("us-central1"));
    expect(usCentral.filter((r) => !r.url.includes("pageToken")).length).toBe(2);
    expect(usCentral.length).toBe(3); // tokens: 4 series (2 models × input/output) = 2 pages
    const q = new URL(usCentral[0]!.url).searchParams;
    expect(q.get("filter")).toContain('resource.labels.location = "us-central1"');
  });

  it("records a denied project as error coverage, never as no usage", async () => {
    sim.inject({ kind: "deny", project: "acme-ai", service: "monitoring" });
    const { coverage, assets } = await scan("monitoring");
    const denied = coverage.filter((c) => c.account === "acme-ai");
    expect(denied.map((c) => c.status)).toEqual(["error", "error", "error"]);
    expect(denied[0]!.error).toMatch(/denied/i);
    expect(assets).toEqual([]);
    expect(coverage.filter((c) => c.account === "acme-other").every((c) => c.status === "ok")).toBe(true);
  });

  it("waits out a throttled quota and still answers", async () => {
    sim.inject({ kind: "throttle", project: "acme-ai", service: "monitoring", times: 2 });
    const { coverage, assets } = await scan("monitoring");
    expect(coverage.every((c) => c.status === "ok")).toBe(true);
    expect(assets).toHaveLength(4);
  });
});

describe("GCP ai-credential from Secret Manager metadata", () => {
  it("finds secrets whose name, annotations or labels point at an AI vendor, across pages", async () => {
    const { assets, coverage } = await scan("secretmanager");
    expect(coverage.map((c) => c.status)).toEqual(["ok", "ok"]);
    expect(assets.map((a) => [a.name, a.attributes.vendor, a.attributes.matchedOn])).toEqual([
      ["openai-api-key", "OpenAI", "name"],
      ["app-key-1", "Anthropic", "tags"],
      ["app-key-2", "Google AI", "description"],
      ...Array.from({ length: 4 }, (_, i) => [`cohere-${i}`, "Cohere", "name"]),
    ]);
    const key = assets[0]!;
    expect(key).toMatchObject({
      id: "projects/acme-ai/secrets/openai-api-key",
      provider: "gcp",
      service: "secretmanager",
      region: "global",
      createdAt: "2026-02-01T00:00:00.000Z",
    });
    expect(key.attributes).toMatchObject({ store: "secretmanager", rotationEnabled: true, rotationDays: 30 });
    // 8 secrets at 2 a page.
    const pages = sim.requests.filter((r) => r.service === "secretmanager" && r.project === "acme-ai");
    expect(pages.length).toBeGreaterThanOrEqual(4);
  });

  it("never reads a payload: the canary sits behind :access and appears in no asset", async () => {
    const { assets } = await scan("secretmanager");
    expect(assets.length).toBe(7);
    expect(JSON.stringify(assets)).not.toContain(CANARY);
  });

  it("records a denied Secret Manager as error coverage, never as no credentials", async () => {
    sim.inject({ kind: "deny", project: "acme-ai", service: "secretmanager" });
    const { coverage } = await scan("secretmanager");
    expect(coverage.find((c) => c.account === "acme-ai")!.status).toBe("error");
  });
});

it("lists monitoring.timeSeries.list and secretmanager.secrets.list in the custom role, never access", () => {
  const role = gcpCustomRole();
  expect(role.includedPermissions).toContain("monitoring.timeSeries.list");
  expect(role.includedPermissions).toContain("secretmanager.secrets.list");
  expect(role.includedPermissions.join(" ")).not.toMatch(/versions\.access/);
});
