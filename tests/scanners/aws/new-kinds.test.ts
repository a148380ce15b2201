// Every newer AI kind through its real SDK client against the simulator: 2-item pages, one attribute
// policies read, a denied shard that reads `error` (never empty), its IAM action in the generated
// policy, and a canary in its most secret-looking field that never reaches the snapshot.
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Snapshot } from "../../../core/model.ts";
import { conforms } from "../../../scanners/attributes.ts";
import { AWS_SCANNERS } from "../../../scanners/aws/registry.ts";
import { awsIamActions } from "../../../scanners/iam-policy.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import type { AwsScenario } from "../../../simulator/scenario.ts";
import { awsConfig, awsDeps, CALLER, countKinds } from "./fixture.ts";
import { CANARY_NEW, type KindRow, NEW_KINDS, newKindsRegion } from "./new-kinds.ts";

const estate = (n: number, rows?: readonly KindRow[]): AwsScenario => ({
  callerAccount: CALLER,
  accounts: {
    [CALLER]: {
      regions: { "us-east-1": newKindsRegion("use1", n, rows), "eu-west-1": newKindsRegion("euw1", n, rows) },
    },
  },
});
const firstName = (row: KindRow) =>
  row.kind === "model-package" ? "fraud-models/1" : row.name ? row.name("use1", 1) : `use1-${row.kind}-1`;

// The kinds aimscan scanned before the newer ones (their tests: scanners.test.ts, model-usage,
// ai-credentials). Any other declaration must have a row in NEW_KINDS, so none goes untested.
const FIRST_KINDS = [
  "bedrock/agent",
  "bedrock/custom-model",
  "bedrock/guardrail",
  "bedrock/imported-model",
  "bedrock/invocation-logging",
  "bedrock/knowledge-base",
  "bedrock/provisioned-throughput",
  "cloudwatch/model-usage",
  "iam/api-key",
  "sagemaker/domain",
  "sagemaker/endpoint",
  "sagemaker/endpoint-config",
  "sagemaker/inference-component",
  "sagemaker/model",
  "sagemaker/model-package-group",
  "sagemaker/notebook",
  "sagemaker/training-job",
  "secretsmanager/ai-credential",
  "ssm/ai-credential",
];

it("has a row for every AWS declaration beyond the first kinds", () => {
  const rows = new Set(NEW_KINDS.map((r) => `${r.service}/${r.kind}`));
  const untested = AWS_SCANNERS.map((s) => `${s.service}/${s.kind}`).filter(
    (k) => !rows.has(k) && !FIRST_KINDS.includes(k),
  );
  expect(untested).toEqual([]);
  expect(NEW_KINDS.length).toBe(AWS_SCANNERS.length - FIRST_KINDS.length);
});

describe("newer AI kinds against the simulator, 2-item pages", () => {
  let sim: AwsSimulator;
  let snapshot: Snapshot;
  beforeAll(async () => {
    sim = await startAwsSimulator(estate(5), { pageSize: 2 });
    snapshot = await scan(awsConfig({ accounts: [CALLER] }), { deps: { aws: awsDeps(sim) } });
  });
  afterAll(() => sim.stop());

  it("covers every shard ok, AgentCore included", () => {
    expect(snapshot.coverage.filter((c) => c.status !== "ok")).toEqual([]);
    expect(snapshot.coverage.map((c) => c.service)).toContain("bedrock-agentcore");
  });

  it.each(NEW_KINDS)("lists every $kind over several pages", (row) => {
    expect(countKinds(snapshot.assets)[row.kind]).toBe(10);
    const pages = sim.requests.filter(
      (r) =>
        r.operation === row.listOperation && r.service === row.signing && r.input.nextToken !== undefined,
    );
    const smPages = sim.requests.filter(
      (r) => r.operation === row.listOperation && r.input.NextToken !== undefined,
    );
    expect(pages.length + smPages.length).toBeGreaterThanOrEqual(4);
  });

  it.each(NEW_KINDS)("maps $kind to its documented attributes, in its own shard", (row) => {
    const asset = snapshot.assets.find(
      (a) => a.kind === row.kind && a.region === "us-east-1" && a.name === firstName(row),
    );
    expect(asset, row.kind).toBeDefined();
    expect(asset!.service).toBe(row.service);
    expect(asset!.id.split(":")[2]).toBe(row.service);
    expect(asset!.attributes).toMatchObject(row.first);
  });

  it.each(NEW_KINDS)(
    "writes exactly the attributes the $kind declaration documents, with their types",
    (row) => {
      const declared = AWS_SCANNERS.find((s) => s.kind === row.kind)!.attributes;
      for (const a of snapshot.assets.filter((x) => x.kind === row.kind)) {
        expect(Object.keys(a.attributes).sort()).toEqual(Object.keys(declared).sort());
        for (const [name, value] of Object.entries(a.attributes)) {
          expect(conforms(declared[name]!.type, value), `${row.kind}.${name}`).toBe(true);
        }
      }
    },
  );

  it("reads tags where the kind has them", () => {
    const profile = snapshot.assets.find((a) => a.kind === "inference-profile")!;
    const runtime = snapshot.assets.find((a) => a.kind === "agent-runtime")!;
    expect(profile.tags).toEqual({ team: "ml" });
    expect(runtime.tags).toEqual({ team: "agents" });
  });

  it("never copies the canary the simulator served for each kind", () => {
    const served = sim.requests.filter((r) => r.status === 200).map((r) => r.operation);
    for (const op of [
      "GetPrompt",
      "GetFlow",
      "GetAgentRuntime",
      "DescribeModelCard",
      "DescribeProcessingJob",
    ]) {
      expect(served).toContain(op);
    }
    expect(JSON.stringify(snapshot)).not.toContain(CANARY_NEW);
  });

  it("puts every list operation into the generated IAM policy", () => {
    const actions = new Set(awsIamActions());
    for (const r of sim.requests) {
      const prefix = r.service === "bedrock-agentcore" ? "bedrock-agentcore" : r.service;
      if (!["sagemaker", "bedrock", "bedrock-agentcore"].includes(r.service)) continue;
      expect(actions.has(`${prefix}:${r.operation}`), `${prefix}:${r.operation}`).toBe(true);
    }
  });
});

describe("a denied newer kind fails its shard", () => {
  it.each(NEW_KINDS)("records the $service shard as error when $listOperation is denied", async (row) => {
    const sim = await startAwsSimulator(estate(1, [row]));
    try {
      sim.controls.deny({ operation: row.listOperation, region: "us-east-1" });
      const snapshot = await scan(awsConfig({ accounts: [CALLER] }), { deps: { aws: awsDeps(sim) } });
      const shard = snapshot.coverage.find((c) => c.service === row.service && c.region === "us-east-1")!;
      expect(shard.status).toBe("error");
      expect(shard.error).toContain(row.kind);
      expect(snapshot.assets.filter((a) => a.kind === row.kind).map((a) => a.region)).toEqual(["eu-west-1"]);
    } finally {
      await sim.stop();
    }
  });
});

describe("throttling and regions", () => {
  it("gets every newer asset through 30% throttled answers", async () => {
    const sim = await startAwsSimulator(estate(3), { pageSize: 2 });
    try {
      sim.controls.throttleFraction({}, 0.3);
      const snapshot = await scan(awsConfig({ accounts: [CALLER] }), {
        deps: { aws: awsDeps(sim, { retryStrategy: new ConfiguredRetryStrategy(10, () => 0) }) },
      });
      expect(snapshot.coverage.every((c) => c.status === "ok")).toBe(true);
      for (const row of NEW_KINDS) expect(countKinds(snapshot.assets)[row.kind], row.kind).toBe(6);
      expect(sim.controls.throttled).toBeGreaterThan(0);
    } finally {
      await sim.stop();
    }
  });

  it("marks AgentCore not offered where it does not run, and lists nothing there", async () => {
    const sim = await startAwsSimulator({
      callerAccount: CALLER,
      accounts: { [CALLER]: { regions: { "us-west-1": newKindsRegion("usw1", 1) } } },
    });
    try {
      const snapshot = await scan(awsConfig({ accounts: [CALLER], regions: ["us-west-1"] }), {
        deps: { aws: awsDeps(sim) },
      });
      const agentcore = snapshot.coverage.find((c) => c.service === "bedrock-agentcore")!;
      expect(agentcore.status).toBe("skipped");
      expect(agentcore.error).toContain("bedrock-agentcore is not offered in us-west-1");
      expect(sim.requests.some((r) => r.service === "bedrock-agentcore")).toBe(false);
    } finally {
      await sim.stop();
    }
  });
});
