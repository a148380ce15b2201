// Every kind that can carry tags reports them, including those whose describe/list answer has none
// (training jobs, domains, model package groups, inference components, provisioned throughputs):
// their tags come from ListTags / ListTagsForResource, and the action is in the declaration.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../core/model.ts";
import { AWS_SCANNERS } from "../../../scanners/aws/registry.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import type { AwsRegionScenario } from "../../../simulator/scenario.ts";
import { awsConfig, awsDeps, CALLER, fullRegion } from "./fixture.ts";
import { NEW_KINDS } from "./new-kinds.ts";

/** SageMaker and Bedrock kinds without tags in AWS itself: a per-region setting. */
const UNTAGGABLE = new Set(["invocation-logging", "api-key"]);

/** fullRegion with `{kind: <kind>, n: <i>}` tags on every item of every taggable kind. */
function taggedRegion(): AwsRegionScenario {
  const region = fullRegion("t", 2);
  const tag = <T extends { name: string }>(items: T[] | undefined, kind: string) =>
    (items ?? []).map((item, i) => ({ ...item, tags: { kind, n: String(i + 1) } }));
  const sm = region.sagemaker!;
  const br = region.bedrock!;
  return {
    sagemaker: {
      endpoints: tag(sm.endpoints, "endpoint"),
      endpointConfigs: tag(sm.endpointConfigs, "endpoint-config"),
      models: tag(sm.models, "model"),
      notebooks: tag(sm.notebooks, "notebook"),
      trainingJobs: tag(sm.trainingJobs, "training-job"),
      domains: tag(sm.domains, "domain"),
      modelPackageGroups: tag(sm.modelPackageGroups, "model-package-group"),
      inferenceComponents: tag(sm.inferenceComponents, "inference-component"),
    },
    bedrock: {
      customModels: tag(br.customModels, "custom-model"),
      importedModels: tag(br.importedModels, "imported-model"),
      provisionedThroughputs: tag(br.provisionedThroughputs, "provisioned-throughput"),
      guardrails: tag(br.guardrails, "guardrail"),
      agents: tag(br.agents, "agent"),
      knowledgeBases: tag(br.knowledgeBases, "knowledge-base"),
    },
  };
}

let sim: AwsSimulator;
let snapshot: Snapshot;

beforeAll(async () => {
  sim = await startAwsSimulator({ accounts: { [CALLER]: { regions: { "us-east-1": taggedRegion() } } } });
  snapshot = await scan(awsConfig({ regions: ["us-east-1"], services: ["sagemaker", "bedrock"] }), {
    deps: { aws: awsDeps(sim) },
  });
});
afterAll(() => sim.stop());

describe("tags of every AWS kind", () => {
  // The kinds seeded with tags above; the newer kinds have their own block below.
  const seeded = new Set(
    Object.values(taggedRegion()).flatMap((svc) =>
      Object.values(svc)
        .flat()
        .map((i) => (i as { tags: { kind: string } }).tags.kind),
    ),
  );
  const taggable = AWS_SCANNERS.filter(
    (s) => (s.service === "sagemaker" || s.service === "bedrock") && !UNTAGGABLE.has(s.kind),
  )
    .map((s) => s.kind)
    .filter((k) => seeded.has(k));

  it("reads tags for every kind the older registry had", () => {
    expect(taggable.length).toBe(14);
  });

  it.each(taggable)("%s assets carry their own tags", (kind) => {
    expect(snapshot.coverage.every((c) => c.status === "ok")).toBe(true);
    const assets = snapshot.assets.filter((a) => a.kind === kind);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) {
      expect(a.tags, a.id).toEqual({ kind, n: expect.stringMatching(/^[12]$/) });
    }
    // Each item's own tags, not one item's tags copied to all.
    expect(new Set(assets.map((a) => a.tags.n)).size).toBe(2);
  });

  it.each(taggable)("%s declares the tag-reading action it calls", (kind) => {
    const s = AWS_SCANNERS.find((x) => x.kind === kind)!;
    expect(s.actions.some((a) => a === "sagemaker:ListTags" || a === "bedrock:ListTagsForResource")).toBe(
      true,
    );
  });
});

/**
 * Newer kinds whose tags are not read, and why. Bedrock Marketplace endpoints are SageMaker endpoints
 * underneath: their tags are the SageMaker endpoint's, which ListEndpoints reports as an `endpoint`.
 */
const NEW_UNTAGGED: Record<string, string> = {
  "marketplace-endpoint": "tags live on the underlying SageMaker endpoint",
};

describe("tags of the newer AWS kinds", () => {
  const rows = NEW_KINDS.filter((r) => !(r.kind in NEW_UNTAGGED));
  let tagSim: AwsSimulator;
  let tagged: Snapshot;
  beforeAll(async () => {
    const region: AwsRegionScenario = {};
    for (const row of rows) {
      const items = [1, 2].map((i) => {
        const name = row.name ? row.name("tag", i) : `tag-${row.kind}-${i}`;
        return { ...row.make(name, i), tags: { kind: row.kind, n: String(i) } };
      });
      row.place(region, items);
    }
    tagSim = await startAwsSimulator({ accounts: { [CALLER]: { regions: { "us-east-1": region } } } });
    tagged = await scan(awsConfig({ regions: ["us-east-1"] }), { deps: { aws: awsDeps(tagSim) } });
  });
  afterAll(() => tagSim.stop());

  it("leaves only the documented kinds untagged", () => {
    expect(NEW_KINDS.length - rows.length).toBe(Object.keys(NEW_UNTAGGED).length);
    expect(rows.length).toBe(19);
  });

  it.each(rows.map((r) => r.kind))("%s assets carry their own tags", (kind) => {
    expect(tagged.coverage.filter((c) => c.status !== "ok")).toEqual([]);
    const assets = tagged.assets.filter((a) => a.kind === kind);
    expect(assets.length, kind).toBe(2);
    for (const a of assets) expect(a.tags, a.id).toEqual({ kind, n: expect.stringMatching(/^[12]$/) });
    expect(new Set(assets.map((a) => a.tags.n)).size).toBe(2);
  });

  it.each(rows.map((r) => r.kind))("%s declares the tag-reading action it calls", (kind) => {
    const s = AWS_SCANNERS.find((x) => x.kind === kind)!;
    expect(
      s.actions.some((a) => /:(ListTags|ListTagsForResource)$/.test(a)),
      kind,
    ).toBe(true);
  });
});
