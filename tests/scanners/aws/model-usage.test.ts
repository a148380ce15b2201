// Foundation models in use, from Bedrock's CloudWatch metrics, through the real CloudWatch client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Asset, Snapshot } from "../../../core/model.ts";
import { usageWindow } from "../../../scanners/aws/cloudwatch-model-usage.ts";
import { scan } from "../../../scanners/index.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import type { AwsScenario } from "../../../simulator/scenario.ts";
import { awsConfig, awsDeps, CALLER } from "./fixture.ts";

const HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
const DAY = 86_400_000;
const dayStart = (daysAgo: number) =>
  new Date(Math.floor((Date.now() - daysAgo * DAY) / DAY) * DAY).toISOString();

const estate = (): AwsScenario => ({
  callerAccount: CALLER,
  accounts: {
    [CALLER]: {
      regions: {
        "us-east-1": {
          bedrockUsage: [
            {
              modelId: HAIKU,
              invocations: 100,
              inputTokens: 1000,
              outputTokens: 500,
              firstDaysAgo: 5,
              lastDaysAgo: 1,
            },
            { modelId: `us.${HAIKU}`, invocations: 50, inputTokens: 200, outputTokens: 100 },
            { modelId: "amazon.titan-embed-text-v2:0", invocations: 7, inputTokens: 70, firstDaysAgo: 3 },
            // Last invoked 16 days ago: CloudWatch no longer lists it, and it is outside the window.
            { modelId: "meta.llama3-70b-instruct-v1:0", invocations: 9, firstDaysAgo: 20, lastDaysAgo: 16 },
          ],
        },
        "eu-west-1": {
          bedrockUsage: [
            {
              modelId: "eu.mistral.pixtral-large-2502-v1:0",
              invocations: 3,
              firstDaysAgo: 10,
              lastDaysAgo: 9,
            },
          ],
        },
      },
    },
  },
});

let sim: AwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator(estate());
});
afterAll(() => sim.stop());

const usageScan = (window?: string | number): Promise<Snapshot> =>
  scan(
    {
      ...awsConfig({ accounts: [CALLER], services: ["cloudwatch"] }),
      ...(window ? { usage: { window } } : {}),
    },
    { deps: { aws: awsDeps(sim) } },
  );
const usage = (s: Snapshot) => s.assets.filter((a) => a.kind === "model-usage");
const byModel = (s: Snapshot, model: string): Asset => usage(s).find((a) => a.attributes.model === model)!;

describe("cloudwatch model-usage", () => {
  it("finds each model invoked in the window, inference profiles resolved to the model they route to", async () => {
    const s = await usageScan();
    expect(s.coverage.every((c) => c.status === "ok" && c.service === "cloudwatch")).toBe(true);
    expect(
      usage(s)
        .map((a) => `${a.region} ${a.name}`)
        .sort(),
    ).toEqual([
      "eu-west-1 mistral.pixtral-large-2502-v1:0",
      "us-east-1 amazon.titan-embed-text-v2:0",
      `us-east-1 ${HAIKU}`,
    ]);
    const haiku = byModel(s, HAIKU);
    expect(haiku).toMatchObject({
      id: `arn:aws:cloudwatch:us-east-1:${CALLER}:model-usage/${HAIKU}`,
      provider: "aws",
      service: "cloudwatch",
      account: CALLER,
      region: "us-east-1",
    });
    expect(haiku.attributes).toEqual({
      model: HAIKU,
      modelProvider: "Anthropic",
      invocations: 150,
      inputTokens: 1200,
      outputTokens: 600,
      firstSeen: dayStart(5),
      lastSeen: dayStart(0),
      windowDays: 14,
      inferenceProfiles: [`us.${HAIKU}`],
      modelIds: [HAIKU, `us.${HAIKU}`],
      namespace: "AWS/Bedrock",
    });
    expect(byModel(s, "amazon.titan-embed-text-v2:0").attributes).toMatchObject({
      modelProvider: "Amazon",
      invocations: 7,
      inputTokens: 70,
      outputTokens: 0,
    });
    expect(byModel(s, "mistral.pixtral-large-2502-v1:0").attributes.modelProvider).toBe("Mistral AI");
  });

  it("reads usage in one ListMetrics and one batched GetMetricData per shard", async () => {
    sim.requests.length = 0;
    await usageScan();
    const calls = (region: string) =>
      sim.requests.filter((r) => r.service === "monitoring" && r.region === region).map((r) => r.operation);
    expect(calls("us-east-1")).toEqual(["ListMetrics", "GetMetricData"]);
    const get = sim.requests.find((r) => r.operation === "GetMetricData" && r.region === "us-east-1")!;
    // Three model ids listed, three daily sums each, over whole UTC days ending today.
    expect((get.input.MetricDataQueries as unknown[]).length).toBe(9);
    const { start, end } = usageWindow(new Date(), 14);
    expect(get.input).toMatchObject({ StartTime: start.getTime() / 1000, EndTime: end.getTime() / 1000 });
  });

  it("narrows to config usage.window: a model last used before the window is not in use", async () => {
    const s = await usageScan("3d");
    expect(
      usage(s)
        .map((a) => a.name)
        .sort(),
    ).toEqual(["amazon.titan-embed-text-v2:0", HAIKU]);
    // Only the days inside the window count: days 2..0 of haiku (20+20+20) and the profile's 50.
    expect(byModel(s, HAIKU).attributes).toMatchObject({
      invocations: 90,
      firstSeen: dayStart(2),
      windowDays: 3,
    });
  });

  it("pages ListMetrics and GetMetricData (PartialData across pages) to the same totals", async () => {
    const whole = await usageScan();
    sim.controls.pageSize = 1;
    sim.controls.datapointsPerPage = 2;
    sim.requests.length = 0;
    try {
      const paged = await usageScan();
      expect(usage(paged).map((a) => a.attributes)).toEqual(usage(whole).map((a) => a.attributes));
      const ops = sim.requests.filter((r) => r.region === "us-east-1" && r.service === "monitoring");
      expect(ops.filter((r) => r.operation === "ListMetrics").length).toBe(3);
      expect(ops.filter((r) => r.operation === "GetMetricData").length).toBeGreaterThan(5);
    } finally {
      sim.controls.pageSize = 50;
      sim.controls.datapointsPerPage = 100_800;
    }
  });

  it("splits more than 500 queries over several GetMetricData calls", async () => {
    const many = estate();
    many.accounts[CALLER]!.regions["us-east-1"]!.bedrockUsage = Array.from({ length: 170 }, (_, i) => ({
      modelId: `acme.model-${i}`,
      invocations: i + 1,
    }));
    sim.seed(many);
    sim.controls.pageSize = 500;
    sim.requests.length = 0;
    try {
      const s = await usageScan();
      const us = usage(s).filter((a) => a.region === "us-east-1");
      expect(us).toHaveLength(170);
      expect(us.reduce((n, a) => n + (a.attributes.invocations as number), 0)).toBe((170 * 171) / 2);
      const gets = sim.requests.filter((r) => r.operation === "GetMetricData" && r.region === "us-east-1");
      expect(gets.map((r) => (r.input.MetricDataQueries as unknown[]).length)).toEqual([500, 10]);
    } finally {
      sim.seed(estate());
      sim.controls.pageSize = 50;
    }
  });

  it("counts a model's calls once beside a breakdown, and finds a model listed only in breakdowns", async () => {
    const mixed = estate();
    const nova = "amazon.nova-pro-v1:0";
    const appProfile = `arn:aws:bedrock:us-east-1:${CALLER}:application-inference-profile/team-a`;
    mixed.accounts[CALLER]!.regions["us-east-1"]!.bedrockUsage = [
      { modelId: HAIKU, invocations: 10, inputTokens: 100 },
      // The same calls again, split by a further dimension: not to be counted a second time.
      { modelId: HAIKU, invocations: 10, inputTokens: 100, dimensions: { Operation: "Converse" } },
      // Only breakdowns for nova: a two-way split (read) and a finer one of the same calls (not read).
      { modelId: nova, invocations: 3, outputTokens: 30, dimensions: { Operation: "Converse" } },
      { modelId: nova, invocations: 4, outputTokens: 40, dimensions: { Operation: "InvokeModel" } },
      { modelId: nova, invocations: 7, dimensions: { Operation: "Converse", Team: "a" } },
      { modelId: appProfile, invocations: 2 },
    ];
    sim.seed(mixed);
    sim.requests.length = 0;
    try {
      const s = await usageScan();
      const us = usage(s).filter((a) => a.region === "us-east-1");
      expect(us.map((a) => a.name).sort()).toEqual([nova, HAIKU, appProfile].sort());
      expect(byModel(s, HAIKU).attributes).toMatchObject({ invocations: 10, inputTokens: 100 });
      expect(byModel(s, nova).attributes).toMatchObject({
        invocations: 7,
        outputTokens: 70,
        modelProvider: "Amazon",
        modelIds: [nova],
      });
      expect(byModel(s, appProfile).attributes).toMatchObject({
        invocations: 2,
        modelProvider: null,
        inferenceProfiles: [appProfile],
      });
      const ops = sim.requests.filter((r) => r.region === "us-east-1" && r.service === "monitoring");
      expect(ops.map((r) => r.operation)).toEqual(["ListMetrics", "GetMetricData"]);
    } finally {
      sim.seed(estate());
    }
  });

  it("fails the usage shard, and only it, when CloudWatch refuses", async () => {
    sim.controls.deny({ service: "monitoring", region: "eu-west-1" });
    try {
      const s = await scan(awsConfig({ accounts: [CALLER], services: ["cloudwatch", "bedrock"] }), {
        deps: { aws: awsDeps(sim) },
      });
      const bad = s.coverage.filter((c) => c.status !== "ok");
      expect(bad).toEqual([
        expect.objectContaining({ region: "eu-west-1", service: "cloudwatch", status: "error" }),
      ]);
      expect(bad[0]!.error).toMatch(/model-usage: ListMetrics: AccessDenied/);
    } finally {
      sim.controls.clear();
    }
  });
});
