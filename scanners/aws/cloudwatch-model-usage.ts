// Foundation models in use, from Bedrock's own invocation metrics in CloudWatch (namespace AWS/Bedrock,
// dimension ModelId): on-demand use creates no resource, so no other scanner can see it. One asset per
// account + region + model that saw at least one invocation in the window (config `usage.window`).
//
// Calls per shard: ListMetrics (Invocations by ModelId; paged, 500 a page) and GetMetricData for three
// daily sums per model id, 500 queries a call (so one call for up to 166 model ids), paged by NextToken.
// ListMetrics only lists metrics with data in the last two weeks, so a window longer than 14 days still
// finds only models invoked in the last 14 days (their totals then cover the whole window).
//
// Service: the shard is (account, region, "cloudwatch"): its own rate limit and IAM actions, and a
// refused or failing CloudWatch fails only the usage coverage, never the Bedrock resources'.
// Id: arn:PARTITION:cloudwatch:REGION:ACCOUNT:model-usage/MODEL (not a real CloudWatch ARN; one per model).
// Attributes: model (foundation model id, or the ARN of the account's own model), modelProvider
// (Anthropic, Meta, …; null for ARNs), invocations, inputTokens, outputTokens (sums over the window),
// firstSeen, lastSeen (UTC start of the first / last day with invocations), windowDays,
// inferenceProfiles (profile ids or ARNs the model was invoked through, sorted), modelIds (every
// ModelId dimension value that resolved to this model, sorted), namespace ("AWS/Bedrock").
import {
  GetMetricDataCommand,
  ListMetricsCommand,
  type Metric,
  type MetricDataQuery,
  type MetricDataResult,
} from "@aws-sdk/client-cloudwatch";
import { modelProvider, resolveModelId } from "../usage/bedrock-models.ts";
import { dayOf, usageWindow } from "../usage/window.ts";
import { type AwsScanContext, defineScanner } from "./declaration.ts";

export const BEDROCK_NAMESPACE = "AWS/Bedrock";
/** GetMetricData accepts at most 500 queries per call. */
const QUERIES_PER_CALL = 500;
const STATS = [
  ["inv", "Invocations"],
  ["in", "InputTokenCount"],
  ["out", "OutputTokenCount"],
] as const;

export interface ModelUsage {
  model: string;
  modelIds: string[];
  inferenceProfiles: string[];
  invocations: number;
  inputTokens: number;
  outputTokens: number;
  firstSeen: string | null;
  lastSeen: string | null;
  windowDays: number;
}

export { usageWindow };

export const cloudwatchModelUsage = defineScanner<string, ModelUsage>({
  service: "cloudwatch",
  kind: "model-usage",
  actions: ["cloudwatch:ListMetrics", "cloudwatch:GetMetricData"],
  attributes: {
    model: {
      type: "string",
      doc: "foundation model id (inference profiles resolved), or the ARN of the account's own model",
    },
    modelProvider: {
      type: "string|null",
      doc: "the model's vendor (Anthropic, Meta, Amazon, …); null for ARNs",
    },
    invocations: { type: "number", doc: "invocations in the window (sum of the daily Invocations metric)" },
    inputTokens: { type: "number", doc: "input tokens in the window (InputTokenCount)" },
    outputTokens: { type: "number", doc: "output tokens in the window (OutputTokenCount)" },
    firstSeen: { type: "string|null", doc: "UTC start of the first day in the window with invocations" },
    lastSeen: { type: "string|null", doc: "UTC start of the last day in the window with invocations" },
    windowDays: { type: "number", doc: "days of metrics read (config usage.window)" },
    inferenceProfiles: {
      type: "array",
      doc: "inference profile ids or ARNs the model was invoked through, sorted",
    },
    modelIds: { type: "array", doc: "every ModelId dimension value that resolved to this model, sorted" },
    namespace: { type: "string", doc: 'CloudWatch namespace the metrics came from ("AWS/Bedrock")' },
  },
  async list(c, next) {
    const r = await c.clients.cloudwatch().send(
      new ListMetricsCommand({
        Namespace: BEDROCK_NAMESPACE,
        MetricName: "Invocations",
        Dimensions: [{ Name: "ModelId" }],
        NextToken: next,
      }),
    );
    if (!r.Metrics) throw new Error("ListMetrics answered without a Metrics member");
    return { items: r.Metrics.flatMap(modelIdOf), next: r.NextToken };
  },
  async collect(c, items) {
    const ids = [...new Set(items)].sort();
    const sums = await dailySums(c, ids);
    return aggregate(ids, sums, c.settings.usageWindowDays);
  },
  toAsset(u, c) {
    return {
      id: `arn:${c.partition}:cloudwatch:${c.region}:${c.account}:model-usage/${u.model}`,
      name: u.model,
      attributes: {
        model: u.model,
        modelProvider: modelProvider(u.model),
        invocations: u.invocations,
        inputTokens: u.inputTokens,
        outputTokens: u.outputTokens,
        firstSeen: u.firstSeen,
        lastSeen: u.lastSeen,
        windowDays: u.windowDays,
        inferenceProfiles: u.inferenceProfiles,
        modelIds: u.modelIds,
        namespace: BEDROCK_NAMESPACE,
      },
    };
  },
});

/** Only the per-model series: a metric with more dimensions than ModelId would count calls twice. */
function modelIdOf(m: Metric): string[] {
  const dims = m.Dimensions ?? [];
  return dims.length === 1 && dims[0]!.Name === "ModelId" && dims[0]!.Value ? [dims[0]!.Value] : [];
}

type Series = Map<string, { time: number; value: number }[]>;

/** Daily sums of each stat for each model id: query `${stat}${index}`, 500 queries per call. */
async function dailySums(c: AwsScanContext, ids: string[]): Promise<Series> {
  const { start, end } = usageWindow(c.now, c.settings.usageWindowDays);
  const queries: MetricDataQuery[] = ids.flatMap((id, i) =>
    STATS.map(([key, metric]) => ({
      Id: `${key}${i}`,
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: BEDROCK_NAMESPACE,
          MetricName: metric,
          Dimensions: [{ Name: "ModelId", Value: id }],
        },
        Period: 86_400,
        Stat: "Sum",
      },
    })),
  );
  const series: Series = new Map();
  for (let at = 0; at < queries.length; at += QUERIES_PER_CALL) {
    const batch = queries.slice(at, at + QUERIES_PER_CALL);
    let next: string | undefined;
    do {
      const r = await c.clients.cloudwatch().send(
        new GetMetricDataCommand({
          MetricDataQueries: batch,
          StartTime: start,
          EndTime: end,
          ScanBy: "TimestampAscending",
          NextToken: next,
        }),
      );
      if (!r.MetricDataResults) throw new Error("GetMetricData answered without MetricDataResults");
      for (const result of r.MetricDataResults) addResult(series, result, batch);
      if (r.NextToken !== undefined && r.NextToken === next)
        throw new Error("GetMetricData: repeated page token");
      next = r.NextToken || undefined;
    } while (next);
  }
  return series;
}

function addResult(series: Series, r: MetricDataResult, asked: MetricDataQuery[]): void {
  if (!r.Id || !asked.some((q) => q.Id === r.Id))
    throw new Error(`GetMetricData answered an unasked query ${r.Id}`);
  // PartialData means "more on the next page"; anything else but Complete is an answer to distrust.
  if (r.StatusCode !== "Complete" && r.StatusCode !== "PartialData")
    throw new Error(
      `GetMetricData ${r.Id}: ${r.StatusCode}${r.Messages?.[0]?.Value ? ` (${r.Messages[0].Value})` : ""}`,
    );
  const times = r.Timestamps ?? [];
  const values = r.Values ?? [];
  if (times.length !== values.length)
    throw new Error(`GetMetricData ${r.Id}: timestamps and values differ in length`);
  const list = series.get(r.Id) ?? [];
  times.forEach((t, i) => {
    list.push({ time: t.getTime(), value: values[i]! });
  });
  series.set(r.Id, list);
}

/** Model ids that resolve to one model (us.anthropic.X and anthropic.X) become one usage record. */
function aggregate(ids: string[], series: Series, windowDays: number): ModelUsage[] {
  const byModel = new Map<string, ModelUsage & { first: number; last: number }>();
  ids.forEach((id, i) => {
    const points = (key: string) => series.get(`${key}${i}`) ?? [];
    const sum = (key: string) => points(key).reduce((s, p) => s + p.value, 0);
    const invoked = points("inv")
      .filter((p) => p.value > 0)
      .map((p) => p.time);
    if (invoked.length === 0) return;
    const { model, inferenceProfile } = resolveModelId(id);
    const u = byModel.get(model) ?? {
      model,
      modelIds: [],
      inferenceProfiles: [],
      invocations: 0,
      inputTokens: 0,
      outputTokens: 0,
      firstSeen: null,
      lastSeen: null,
      windowDays,
      first: Number.POSITIVE_INFINITY,
      last: Number.NEGATIVE_INFINITY,
    };
    u.modelIds.push(id);
    if (inferenceProfile) u.inferenceProfiles.push(inferenceProfile);
    u.invocations += sum("inv");
    u.inputTokens += sum("in");
    u.outputTokens += sum("out");
    u.first = Math.min(u.first, ...invoked);
    u.last = Math.max(u.last, ...invoked);
    byModel.set(model, u);
  });
  return [...byModel.values()].map(({ first, last, ...u }) => ({
    ...u,
    modelIds: u.modelIds.sort(),
    inferenceProfiles: u.inferenceProfiles.sort(),
    firstSeen: dayOf(first),
    lastSeen: dayOf(last),
  }));
}
