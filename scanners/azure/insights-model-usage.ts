// Foundation models in use in Azure, from Azure Monitor's own metrics of each Azure OpenAI / AI
// Services account: AzureOpenAIRequests, ProcessedPromptTokens and GeneratedTokens, split by the
// ModelDeploymentName dimension. Calling a deployment creates no resource, and a deployment that
// exists says nothing about whether it is used; the metrics say both. One asset per subscription +
// region + model that saw at least one request in the window (config `usage.window`).
//
// Calls per shard: the accounts list, each OpenAI/AIServices account's deployments (to resolve a
// deployment name to its model and version), and ONE metrics call per account with all three
// metrics (interval P1D, aggregation Total, $filter ModelDeploymentName eq '*'). Metrics answers are
// not paged: `top` caps the series per metric, so an answer that fills it is refused, never cut.
//
// Service: the shard is (subscription, "insights"), Microsoft.Insights being the metrics' namespace
// (and the service core/ids.ts reads from the asset id): a refused metrics scope fails only the
// usage coverage, never the Cognitive Services resources'.
// Id: /subscriptions/S/providers/Microsoft.Insights/model-usage/REGION/MODEL (not a real ARM id;
// one per subscription + region + model).
import type { Account, Deployment } from "@azure/arm-cognitiveservices";
import type { Metric } from "@azure/arm-monitor";
import type { Asset, AzureConfig } from "../../core/model.ts";
import type { ShardContext, ShardOutcome, ShardSpec } from "../engine.ts";
import type { ScanSettings } from "../settings.ts";
import { dayOf, usageWindow } from "../usage/window.ts";
import { type AzureDeps, cognitiveServicesClient, monitorClient } from "./clients.ts";
import type { AzureDeclaration } from "./declaration.ts";
import { mapLimit } from "./map-limit.ts";

/** Account kinds that publish the Azure OpenAI metrics (others answer "metric not found"). */
const METERED_KINDS = new Set(["openai", "aiservices"]);
const METRICS = ["AzureOpenAIRequests", "ProcessedPromptTokens", "GeneratedTokens"] as const;
const DIMENSION = "ModelDeploymentName";
/** Series per metric a metrics call may return; an answer with this many is distrusted (no paging). */
export const METRICS_TOP = 1000;
const CONCURRENCY = 8;

export interface AzureModelUsage {
  subscription: string;
  region: string;
  model: string;
  modelProvider: string | null;
  modelVersions: string[];
  deployments: string[];
  accounts: string[];
  invocations: number;
  inputTokens: number;
  outputTokens: number;
  firstSeen: string | null;
  lastSeen: string | null;
  windowDays: number;
}

export const insightsModelUsage: AzureDeclaration<AzureModelUsage> = {
  service: "insights",
  kind: "model-usage",
  attributes: {
    model: {
      type: "string",
      doc: "model name of the deployment (e.g. gpt-4o); the deployment's name if it no longer exists",
    },
    modelProvider: {
      type: "string|null",
      doc: "the deployment's model format (OpenAI, Meta, Mistral AI, …); null if unresolved",
    },
    modelVersions: { type: "array", doc: "model versions of the deployments that served it, sorted" },
    deployments: { type: "array", doc: "ACCOUNT/DEPLOYMENT names that served it in the window, sorted" },
    accounts: { type: "array", doc: "resource ids of the accounts that served it, sorted" },
    invocations: { type: "number", doc: "requests in the window (sum of daily AzureOpenAIRequests)" },
    inputTokens: { type: "number", doc: "prompt tokens in the window (ProcessedPromptTokens)" },
    outputTokens: { type: "number", doc: "generated tokens in the window (GeneratedTokens)" },
    firstSeen: { type: "string|null", doc: "UTC start of the first day in the window with requests" },
    lastSeen: { type: "string|null", doc: "UTC start of the last day in the window with requests" },
    windowDays: { type: "number", doc: "days of metrics read (config usage.window)" },
    namespace: {
      type: "string",
      doc: 'metric namespace the numbers came from ("Microsoft.CognitiveServices/accounts")',
    },
  },
  actions: [
    "Microsoft.CognitiveServices/accounts/read",
    "Microsoft.CognitiveServices/accounts/deployments/read",
    "Microsoft.Insights/metrics/read",
  ],
  toAsset(u): Asset {
    return {
      id: `/subscriptions/${u.subscription}/providers/Microsoft.Insights/model-usage/${u.region}/${u.model}`,
      provider: "azure",
      service: "insights",
      kind: "model-usage",
      account: u.subscription,
      region: u.region,
      name: u.model,
      createdAt: null,
      tags: {},
      attributes: {
        model: u.model,
        modelProvider: u.modelProvider,
        modelVersions: u.modelVersions,
        deployments: u.deployments,
        accounts: u.accounts,
        invocations: u.invocations,
        inputTokens: u.inputTokens,
        outputTokens: u.outputTokens,
        firstSeen: u.firstSeen,
        lastSeen: u.lastSeen,
        windowDays: u.windowDays,
        namespace: "Microsoft.CognitiveServices/accounts",
      },
    };
  },
};

/** Daily totals of one deployment, keyed by metric name. */
type DeploymentSeries = { account: Account; deployment: string; points: Map<string, Map<number, number>> };

export async function executeInsightsShard(
  spec: ShardSpec,
  cfg: AzureConfig,
  ctx: ShardContext,
  deps: AzureDeps,
  settings: ScanSettings,
): Promise<ShardOutcome> {
  const cs = await cognitiveServicesClient(spec.account, cfg, deps, ctx);
  const monitor = await monitorClient(spec.account, cfg, deps, ctx);
  const options = { abortSignal: ctx.signal };
  const { start, end } = usageWindow(deps.now?.() ?? new Date(), settings.usageWindowDays);

  const accounts: Account[] = [];
  for await (const page of cs.accounts.list(options).byPage()) {
    for (const a of page) if (METERED_KINDS.has((a.kind ?? "").toLowerCase())) accounts.push(a);
  }
  const perAccount = await mapLimit(accounts, CONCURRENCY, async (account) => {
    if (!account.id || !account.name || !account.location)
      throw new Error(`Cognitive Services account without id/name/location in ${spec.account}`);
    const rg = /\/resourceGroups\/([^/]+)\//i.exec(account.id)?.[1];
    if (!rg) throw new Error(`unexpected account id ${account.id}`);
    const deployments = new Map<string, Deployment>();
    for await (const page of cs.deployments.list(rg, account.name, options).byPage()) {
      for (const d of page) if (d.name) deployments.set(d.name.toLowerCase(), d);
    }
    const r = await monitor.metrics.list(account.id.replace(/^\//, ""), {
      ...options,
      timespan: `${start.toISOString()}/${end.toISOString()}`,
      interval: "P1D",
      metricnames: METRICS.join(","),
      aggregation: "Total",
      filter: `${DIMENSION} eq '*'`,
      top: METRICS_TOP,
    });
    if (!Array.isArray(r.value)) throw new Error(`metrics of ${account.id} answered without a value list`);
    return { account, deployments, series: seriesOf(account, r.value) };
  });

  const usage = aggregate(spec.account, perAccount, settings.usageWindowDays);
  return { assets: usage.map((u) => insightsModelUsage.toAsset(u, spec.account)), kinds: ["model-usage"] };
}

function seriesOf(account: Account, metrics: Metric[]): Map<string, DeploymentSeries> {
  const byDeployment = new Map<string, DeploymentSeries>();
  for (const m of metrics) {
    const name = m.name?.value;
    if (!name || !METRICS.some((want) => want.toLowerCase() === name.toLowerCase()))
      throw new Error(`metrics of ${account.id} answered an unasked metric ${name}`);
    if (m.errorCode && m.errorCode !== "Success")
      throw new Error(`metric ${name} of ${account.id}: ${m.errorCode} ${m.errorMessage ?? ""}`.trim());
    if (!Array.isArray(m.timeseries)) throw new Error(`metric ${name} of ${account.id} without timeseries`);
    if (m.timeseries.length >= METRICS_TOP)
      throw new Error(
        `metric ${name} of ${account.id}: ${METRICS_TOP} series or more, the answer may be cut`,
      );
    for (const ts of m.timeseries) {
      const dim = ts.metadatavalues?.find((v) => v.name?.value?.toLowerCase() === DIMENSION.toLowerCase());
      if (!dim?.value) throw new Error(`metric ${name} of ${account.id}: a series without ${DIMENSION}`);
      const key = dim.value.toLowerCase();
      const entry = byDeployment.get(key) ?? { account, deployment: dim.value, points: new Map() };
      const points = entry.points.get(name.toLowerCase()) ?? new Map<number, number>();
      for (const p of ts.data ?? []) {
        const time = p.timeStamp instanceof Date ? p.timeStamp.getTime() : Date.parse(String(p.timeStamp));
        if (Number.isNaN(time)) throw new Error(`metric ${name} of ${account.id}: a point without a time`);
        points.set(time, (points.get(time) ?? 0) + (p.total ?? 0));
      }
      entry.points.set(name.toLowerCase(), points);
      byDeployment.set(key, entry);
    }
  }
  return byDeployment;
}

type Agg = AzureModelUsage & { first: number; last: number };

function aggregate(
  subscription: string,
  perAccount: {
    account: Account;
    deployments: Map<string, Deployment>;
    series: Map<string, DeploymentSeries>;
  }[],
  windowDays: number,
): AzureModelUsage[] {
  const byModel = new Map<string, Agg>();
  for (const { account, deployments, series } of perAccount) {
    for (const [key, s] of series) {
      const points = (metric: string) => [...(s.points.get(metric.toLowerCase()) ?? new Map()).entries()];
      const sum = (metric: string) => points(metric).reduce((acc, [, v]) => acc + v, 0);
      const invoked = points("AzureOpenAIRequests")
        .filter(([, v]) => v > 0)
        .map(([t]) => t);
      if (invoked.length === 0) continue;
      const d = deployments.get(key);
      const model = d?.properties?.model?.name ?? s.deployment;
      const region = account.location!;
      const k = `${region}\u0000${model}`;
      const u: Agg = byModel.get(k) ?? {
        subscription,
        region,
        model,
        modelProvider: d?.properties?.model?.format ?? null,
        modelVersions: [],
        deployments: [],
        accounts: [],
        invocations: 0,
        inputTokens: 0,
        outputTokens: 0,
        firstSeen: null,
        lastSeen: null,
        windowDays,
        first: Number.POSITIVE_INFINITY,
        last: Number.NEGATIVE_INFINITY,
      };
      const version = d?.properties?.model?.version;
      if (version && !u.modelVersions.includes(version)) u.modelVersions.push(version);
      u.deployments.push(`${account.name}/${s.deployment}`);
      if (!u.accounts.includes(account.id!)) u.accounts.push(account.id!);
      u.invocations += sum("AzureOpenAIRequests");
      u.inputTokens += sum("ProcessedPromptTokens");
      u.outputTokens += sum("GeneratedTokens");
      u.first = Math.min(u.first, ...invoked);
      u.last = Math.max(u.last, ...invoked);
      byModel.set(k, u);
    }
  }
  return [...byModel.values()]
    .map(({ first, last, ...u }) => ({
      ...u,
      modelVersions: u.modelVersions.sort(),
      deployments: u.deployments.sort(),
      accounts: u.accounts.sort(),
      firstSeen: dayOf(first),
      lastSeen: dayOf(last),
    }))
    .sort((a, b) => (a.region + a.model).localeCompare(b.region + b.model));
}
