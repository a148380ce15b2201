// CloudWatch (signing name "monitoring"), as SDK v3 speaks it: AWS JSON 1.0 in query-compatible mode
// (x-amz-target GraniteServiceVersion20100801.<Op>, epoch-second timestamps, error codes in the
// x-amzn-query-error header). Serves the AWS/Bedrock invocation metrics seeded by `bedrockUsage`:
// ListMetrics lists only metrics with data in the last two weeks, as CloudWatch does; GetMetricData
// sums datapoints per period, refuses more than 500 queries, and pages by datapoints (PartialData).

import { type Call, type Handler, regionOf, type SimState } from "./state.ts";
import type { BedrockUsageScenario } from "./usage-scenario.ts";
import { AwsError, page } from "./wire.ts";

const DAY_MS = 86_400_000;
const LIST_METRICS_RECENT_MS = 14 * DAY_MS;
const MAX_DATAPOINTS = 100_800;

interface Series {
  namespace: string;
  metric: string;
  dimensions: { Name: string; Value: string }[];
  points: { time: number; value: number }[];
}

export const cloudwatchHandlers: Record<string, Handler> = {
  ListMetrics: (call, state) => {
    const now = Date.now();
    const wantDims = (call.input.Dimensions as { Name: string; Value?: string }[] | undefined) ?? [];
    const metrics = seriesOf(call, state)
      .filter((s) => s.points.some((p) => p.time >= now - LIST_METRICS_RECENT_MS))
      .filter((s) => call.input.Namespace === undefined || s.namespace === call.input.Namespace)
      .filter((s) => call.input.MetricName === undefined || s.metric === call.input.MetricName)
      .filter((s) =>
        wantDims.every((w) =>
          s.dimensions.some((d) => d.Name === w.Name && (w.Value === undefined || d.Value === w.Value)),
        ),
      )
      .map((s) => ({ Namespace: s.namespace, MetricName: s.metric, Dimensions: s.dimensions }));
    const p = page(metrics, call.input.NextToken, undefined, Math.min(500, state.pageSize));
    return { Metrics: p.items, ...(p.next ? { NextToken: p.next } : {}) };
  },
  GetMetricData: (call, state) => {
    const queries = (call.input.MetricDataQueries as Query[] | undefined) ?? [];
    if (queries.length === 0 || queries.length > 500)
      throw new AwsError(
        "InvalidParameterValue",
        "The collection MetricDataQueries must not be empty and must not have a size greater than 500.",
      );
    const ids = new Set<string>();
    for (const q of queries) {
      if (!/^[a-z][a-zA-Z0-9_]*$/.test(q.Id ?? ""))
        throw new AwsError("InvalidParameterValue", `invalid query id ${q.Id}`);
      if (ids.has(q.Id)) throw new AwsError("InvalidParameterValue", `duplicate query id ${q.Id}`);
      ids.add(q.Id);
      if (!q.MetricStat) throw new AwsError("InvalidParameterValue", "only MetricStat queries are simulated");
    }
    const start = Number(call.input.StartTime) * 1000;
    const end = Number(call.input.EndTime) * 1000;
    if (!(start < end)) throw new AwsError("InvalidParameterValue", "StartTime must be before EndTime");
    const ascending = call.input.ScanBy === "TimestampAscending";
    const all = seriesOf(call, state);
    const results = queries.map((q) => ({
      Id: q.Id,
      Label: q.MetricStat!.Metric.MetricName,
      points: sums(q, all, start, end, ascending),
    }));
    const max = Math.min(
      Number(call.input.MaxDatapoints) || MAX_DATAPOINTS,
      state.datapointsPerPage ?? MAX_DATAPOINTS,
    );
    return pageResults(results, call.input.NextToken, max);
  },
};

interface Query {
  Id: string;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: string }[] };
    Period: number;
    Stat: string;
  };
}

/** Sum of the matching series' datapoints per period, periods aligned to StartTime. */
function sums(q: Query, all: Series[], start: number, end: number, ascending: boolean): [number, number][] {
  const { Metric, Period, Stat } = q.MetricStat!;
  if (Stat !== "Sum") throw new AwsError("InvalidParameterValue", "only the Sum statistic is simulated");
  const dims = Metric.Dimensions ?? [];
  const series = all.find(
    (s) =>
      s.namespace === Metric.Namespace &&
      s.metric === Metric.MetricName &&
      s.dimensions.length === dims.length &&
      dims.every((d) => s.dimensions.some((x) => x.Name === d.Name && x.Value === d.Value)),
  );
  const buckets = new Map<number, number>();
  for (const p of series?.points ?? []) {
    if (p.time < start || p.time >= end) continue;
    const b = start + Math.floor((p.time - start) / (Period * 1000)) * Period * 1000;
    buckets.set(b, (buckets.get(b) ?? 0) + p.value);
  }
  return [...buckets].sort((a, b) => (ascending ? a[0] - b[0] : b[0] - a[0]));
}

/**
 * At most `max` datapoints a page; a query cut short reads PartialData and goes on next page.
 * Queries without datapoints answer on the first page.
 */
function pageResults(
  results: { Id: string; Label: string; points: [number, number][] }[],
  token: unknown,
  max: number,
) {
  const offset = typeof token === "string" && token.startsWith("d") ? Number(token.slice(1)) || 0 : 0;
  const out: unknown[] = [];
  let at = 0;
  for (const r of results) {
    const from = Math.max(offset, at);
    const to = Math.min(offset + max, at + r.points.length);
    if (from < to || (r.points.length === 0 && offset === 0)) {
      const slice = r.points.slice(from - at, Math.max(from, to) - at);
      out.push({
        Id: r.Id,
        Label: r.Label,
        Timestamps: slice.map(([t]) => t / 1000),
        Values: slice.map(([, v]) => v),
        StatusCode: to < at + r.points.length ? "PartialData" : "Complete",
      });
    }
    at += r.points.length;
  }
  const next = offset + max;
  return { MetricDataResults: out, Messages: [], ...(next < at ? { NextToken: `d${next}` } : {}) };
}

function seriesOf(call: Call, state: SimState): Series[] {
  const now = Date.now();
  return (regionOf(state, call).bedrockUsage ?? []).flatMap((u) => bedrockSeries(u, now));
}

/** Invocations (and token counts where given) spread evenly over the active days, rest on the last. */
function bedrockSeries(u: BedrockUsageScenario, now: number): Series[] {
  const last = u.lastDaysAgo ?? 0;
  const first = Math.max(u.firstDaysAgo ?? last, last);
  const days = first - last + 1;
  const dimensions = [
    { Name: "ModelId", Value: u.modelId },
    ...Object.entries(u.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
  ];
  const spread = (total: number) =>
    Array.from({ length: days }, (_, i) => {
      const daysAgo = first - i;
      const dayStart = Math.floor((now - daysAgo * DAY_MS) / DAY_MS) * DAY_MS;
      const share = Math.floor(total / days) + (i === days - 1 ? total % days : 0);
      return { time: Math.min(dayStart + DAY_MS / 2, now - 1000), value: share };
    });
  const out: Series[] = [
    { namespace: "AWS/Bedrock", metric: "Invocations", dimensions, points: spread(u.invocations) },
  ];
  if (u.inputTokens !== undefined)
    out.push({
      namespace: "AWS/Bedrock",
      metric: "InputTokenCount",
      dimensions,
      points: spread(u.inputTokens),
    });
  if (u.outputTokens !== undefined)
    out.push({
      namespace: "AWS/Bedrock",
      metric: "OutputTokenCount",
      dimensions,
      points: spread(u.outputTokens),
    });
  return out;
}
