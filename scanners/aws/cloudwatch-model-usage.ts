// Foundation models in use, from Bedrock's own invocation metrics in CloudWatch (namespace AWS/Bedrock,
// dimension ModelId): on-demand use creates no resource, so no other scanner can see it. One asset per
// account + region + model that saw at least one invocation in the window (config `usage.window`).
//
// Calls per shard: ListMetrics (Invocations by ModelId; paged, 500 a page) and GetMetricData for three
// daily sums per model id, 500 queries a call (so one call for up to 166 model ids), paged by NextToken.
// The series read is the ModelId-only one Bedrock publishes; a model id listed only with further
// dimensions (an emulator's or a custom publisher's breakdown) is read from its narrowest breakdown.
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
  type Dimension,
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

export const cloudwatchModelUsage = defineScanner<UsageSeries, ModelUsage>({
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
    return { items: r.Metrics.flatMap(seriesOf), next: r.NextToken };
  },
  async collect(c, items) {
    const chosen = perModelSeries(items);
    const sums = await dailySums(c, chosen);
    return aggregate(chosen, sums, c.settings.usageWindowDays);
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

/** One listed Invocations series: its ModelId and any further dimensions, sorted by name. */
export interface UsageSeries {
  modelId: string;
  extra: Dimension[];
}

function seriesOf(m: Metric): UsageSeries[] {
  const dims = m.Dimensions ?? [];
  const model = dims.find((d) => d.Name === "ModelId")?.Value;
  if (!model) return [];
  const extra = dims
    .filter((d) => d.Name !== "ModelId")
    .map((d) => ({ Name: d.Name ?? "", Value: d.Value ?? "" }))
    .sort((a, b) => compare(a.Name, b.Name));
  return [{ modelId: model, extra }];
}

/**
 * The series to sum for each model id, so that each call is counted once. Bedrock publishes one
 * series per ModelId; when it is there, only it is read (a breakdown beside it, ModelId + another
 * dimension, would count the same calls twice). A model id seen only in breakdowns is still in use:
 * then every series of its narrowest breakdown (fewest dimension names, then by name) is read, as
 * those partition its calls. Sorted by model id, for stable query ids.
 */
export function perModelSeries(items: readonly UsageSeries[]): UsageSeries[] {
  const byModel = new Map<string, Map<string, UsageSeries>>();
  for (const s of items) {
    const seen = byModel.get(s.modelId) ?? new Map<string, UsageSeries>();
    seen.set(JSON.stringify(s.extra), s);
    byModel.set(s.modelId, seen);
  }
  const names = (s: UsageSeries) => s.extra.map((d) => d.Name);
  return [...byModel.keys()].sort(compare).flatMap((model) => {
    const series = [...byModel.get(model)!.entries()].sort(([x], [y]) => compare(x, y)).map(([, s]) => s);
    const [narrowest] = series
      .map(names)
      .sort((x, y) => x.length - y.length || compare(x.join(","), y.join(",")));
    return series.filter((s) => names(s).join(",") === narrowest!.join(","));
  });
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

type Series = Map<string, { time: number; value: number }[]>;

/** Daily sums of each stat for each series: query `${stat}${index}`, 500 queries per call. */
async function dailySums(c: AwsScanContext, chosen: UsageSeries[]): Promise<Series> {
  const { start, end } = usageWindow(c.now, c.settings.usageWindowDays);
  const queries: MetricDataQuery[] = chosen.flatMap((s, i) =>
    STATS.map(([key, metric]) => ({
      Id: `${key}${i}`,
      ReturnData: true,
      MetricStat: {
        Metric: {
          Namespace: BEDROCK_NAMESPACE,
          MetricName: metric,
          Dimensions: [{ Name: "ModelId", Value: s.modelId }, ...s.extra],
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
function aggregate(chosen: UsageSeries[], series: Series, windowDays: number): ModelUsage[] {
  const byModel = new Map<string, ModelUsage & { first: number; last: number }>();
  chosen.forEach(({ modelId: id }, i) => {
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
    if (!u.modelIds.includes(id)) u.modelIds.push(id);
    if (inferenceProfile && !u.inferenceProfiles.includes(inferenceProfile))
      u.inferenceProfiles.push(inferenceProfile);
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
