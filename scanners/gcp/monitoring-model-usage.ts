// Foundation models in use on Vertex AI (Gemini, and partner models such as Claude or Llama served
// as a service), from Cloud Monitoring: calling a publisher model creates no resource, but Vertex
// records each call in aiplatform.googleapis.com/publisher/online_serving/model_invocation_count and
// its tokens in …/token_count (label `type`: input | output), on the monitored resource
// aiplatform.googleapis.com/PublisherModel (labels location, publisher, model_user_id).
//
// Calls per shard: two timeSeries.list calls (invocations, tokens), aggregated server-side to daily
// sums per publisher + model (ALIGN_SUM over 86400 s, REDUCE_SUM grouped by those labels), paged by
// nextPageToken. Shard: (project, location, "monitoring") for each configured location plus
// "global" (Gemini's global endpoint), so a refused Monitoring scope fails only usage coverage.
// Id: //monitoring.googleapis.com/projects/P/locations/L/publishers/PUB/models/MODEL.
import type { protos } from "@google-cloud/monitoring";
import type { Asset, GcpConfig } from "../../core/model.ts";
import type { ShardContext, ShardOutcome, ShardSpec } from "../engine.ts";
import type { ScanSettings } from "../settings.ts";
import { dayOf, usageWindow } from "../usage/window.ts";
import { type GcpDeps, metricClient } from "./clients.ts";
import { type GcpDeclaration, timestamp } from "./declaration.ts";
import { pagedList } from "./paged.ts";

type ListRequest = protos.google.monitoring.v3.IListTimeSeriesRequest;
type TimeSeries = protos.google.monitoring.v3.ITimeSeries;

export const INVOCATIONS = "aiplatform.googleapis.com/publisher/online_serving/model_invocation_count";
export const TOKENS = "aiplatform.googleapis.com/publisher/online_serving/token_count";
const RESOURCE = "aiplatform.googleapis.com/PublisherModel";
const GROUP = ["resource.labels.publisher", "resource.labels.model_user_id"];
const PAGE_SIZE = 1000;

const PUBLISHERS: Record<string, string> = {
  google: "Google",
  anthropic: "Anthropic",
  meta: "Meta",
  mistralai: "Mistral AI",
  ai21: "AI21 Labs",
  deepseek: "DeepSeek",
  qwen: "Qwen",
  openai: "OpenAI",
};

export interface GcpModelUsage {
  project: string;
  location: string;
  publisher: string;
  model: string;
  invocations: number;
  inputTokens: number;
  outputTokens: number;
  firstSeen: string | null;
  lastSeen: string | null;
  windowDays: number;
}

export const monitoringModelUsage: GcpDeclaration<GcpModelUsage> = {
  service: "monitoring",
  kind: "model-usage",
  attributes: {
    model: { type: "string", doc: "the publisher model's id as called (e.g. gemini-2.0-flash-001)" },
    publisher: { type: "string", doc: "Vertex AI publisher id (google, anthropic, meta, …)" },
    modelProvider: { type: "string", doc: "the model's vendor (Google, Anthropic, Meta, …)" },
    invocations: { type: "number", doc: "calls in the window (model_invocation_count, summed)" },
    inputTokens: { type: "number", doc: "input tokens in the window (token_count, type input)" },
    outputTokens: { type: "number", doc: "output tokens in the window (token_count, type output)" },
    firstSeen: { type: "string|null", doc: "UTC start of the first day in the window with calls" },
    lastSeen: { type: "string|null", doc: "UTC start of the last day in the window with calls" },
    windowDays: { type: "number", doc: "days of metrics read (config usage.window)" },
    metricType: { type: "string", doc: "the Cloud Monitoring metric the calls were counted from" },
  },
  permissions: ["monitoring.timeSeries.list"],
  toAsset(u): Asset {
    return {
      id: `//monitoring.googleapis.com/projects/${u.project}/locations/${u.location}/publishers/${u.publisher}/models/${u.model}`,
      provider: "gcp",
      service: "monitoring",
      kind: "model-usage",
      account: u.project,
      region: u.location,
      name: u.model,
      createdAt: null,
      tags: {},
      attributes: {
        model: u.model,
        publisher: u.publisher,
        modelProvider: PUBLISHERS[u.publisher] ?? u.publisher,
        invocations: u.invocations,
        inputTokens: u.inputTokens,
        outputTokens: u.outputTokens,
        firstSeen: u.firstSeen,
        lastSeen: u.lastSeen,
        windowDays: u.windowDays,
        metricType: INVOCATIONS,
      },
    };
  },
};

export async function executeMonitoringShard(
  spec: ShardSpec,
  cfg: GcpConfig,
  ctx: ShardContext,
  deps: GcpDeps,
  settings: ScanSettings,
): Promise<ShardOutcome> {
  const client = await metricClient(cfg, deps);
  const { start, end } = usageWindow(deps.now?.() ?? new Date(), settings.usageWindowDays);
  const projects = [spec.account, ...(spec.params?.projectNumber ? [spec.params.projectNumber] : [])];
  const list = (metric: string, extraGroup: string[]) =>
    pagedList(
      ctx,
      deps,
      projects,
      `list ${metric.split("/").pop()} time series of ${spec.account} in ${spec.region}`,
      (req: ListRequest) => client.listTimeSeries(req, { autoPaginate: false, retry: null }),
      {
        name: `projects/${spec.account}`,
        filter: `metric.type = "${metric}" AND resource.type = "${RESOURCE}" AND resource.labels.location = "${spec.region}"`,
        interval: { startTime: seconds(start), endTime: seconds(end) },
        aggregation: {
          alignmentPeriod: { seconds: 86_400 },
          perSeriesAligner: "ALIGN_SUM",
          crossSeriesReducer: "REDUCE_SUM",
          groupByFields: [...GROUP, ...extraGroup],
        },
        view: "FULL",
        pageSize: PAGE_SIZE,
      } as ListRequest,
    );
  const [invocations, tokens] = await Promise.all([
    list(INVOCATIONS, []),
    list(TOKENS, ["metric.labels.type"]),
  ]);

  const byModel = new Map<string, GcpModelUsage & { days: number[] }>();
  const entry = (ts: TimeSeries) => {
    const labels = ts.resource?.labels ?? {};
    const publisher = labels.publisher;
    const model = labels.model_user_id;
    if (!publisher || !model)
      throw new Error(`${spec.account}: a time series without publisher/model_user_id`);
    const key = `${publisher}/${model}`;
    let u = byModel.get(key);
    if (!u) {
      u = {
        project: spec.account,
        location: spec.region,
        publisher,
        model,
        invocations: 0,
        inputTokens: 0,
        outputTokens: 0,
        firstSeen: null,
        lastSeen: null,
        windowDays: settings.usageWindowDays,
        days: [],
      };
      byModel.set(key, u);
    }
    return u;
  };
  for (const ts of invocations) {
    const u = entry(ts);
    for (const p of ts.points ?? []) {
      const v = pointValue(p.value);
      const at = timestamp(p.interval?.startTime ?? p.interval?.endTime);
      if (v > 0 && at) u.days.push(Date.parse(at));
      u.invocations += v;
    }
  }
  for (const ts of tokens) {
    const key = `${ts.resource?.labels?.publisher}/${ts.resource?.labels?.model_user_id}`;
    const u = byModel.get(key);
    if (!u) continue; // tokens without a counted call in the window add no model
    const sum = (ts.points ?? []).reduce((s, p) => s + pointValue(p.value), 0);
    const type = ts.metric?.labels?.type;
    if (type === "input") u.inputTokens += sum;
    else if (type === "output") u.outputTokens += sum;
  }
  const assets = [...byModel.values()]
    .filter((u) => u.invocations > 0)
    .map(({ days, ...u }) =>
      monitoringModelUsage.toAsset(
        { ...u, firstSeen: dayOf(Math.min(...days)), lastSeen: dayOf(Math.max(...days)) },
        { project: spec.account, location: spec.region },
      ),
    )
    .sort((a, b) => a.id.localeCompare(b.id));
  return { assets, kinds: [monitoringModelUsage.kind] };
}

const seconds = (d: Date) => ({ seconds: Math.floor(d.getTime() / 1000) });

/** A point's number: INT64 arrives as a string (or Long), DOUBLE as a number. */
function pointValue(v: protos.google.monitoring.v3.ITypedValue | null | undefined): number {
  const raw = v?.int64Value ?? v?.doubleValue ?? 0;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`a time series point that is not a number: ${String(raw)}`);
  return n;
}
