// Azure AI use that creates no resource, as ARM answers it: Azure Monitor metrics of Cognitive
// Services accounts (Microsoft.Insights/metrics, api-version 2018-01-01: daily totals per
// ModelDeploymentName, no paging, `top` series per metric, default 10) and Key Vault through the
// management plane (vaults, and secrets listed without values, paged by nextLink). The data plane's
// secret value endpoint (GET /secrets/NAME) is served too, so a test can prove it is never called.
import type { AzureAccountSeed, AzureSubscriptionSeed } from "./scenario.ts";

/** A deployment's traffic, spread evenly over whole UTC days (days ago counted from the request). */
export interface AzureUsageSeed {
  requests: number;
  promptTokens?: number;
  generatedTokens?: number;
  /** Active days: from `firstDaysAgo` (default = lastDaysAgo) to `lastDaysAgo` (default 0, today). */
  firstDaysAgo?: number;
  lastDaysAgo?: number;
}

export interface AzureSecretSeed {
  name: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled?: boolean;
  /** ISO-8601; default 2026-01-01T00:00:00Z. */
  createdAt?: string;
  updatedAt?: string;
  expiresAt?: string;
  /** The secret itself: only the data plane returns it (a canary for tests). */
  value?: string;
}

export interface AzureVaultSeed {
  name: string;
  resourceGroup: string;
  location: string;
  tags?: Record<string, string>;
  secrets?: AzureSecretSeed[];
}

export interface UsageRequest {
  path: string;
  url: URL;
  sub: AzureSubscriptionSeed | undefined;
  /** Every subscription: the data plane is reached by vault host, not by subscription. */
  subscriptions: AzureSubscriptionSeed[];
  page: (items: unknown[]) => unknown;
  reply: (status: number, body: unknown) => unknown;
}

const DAY_MS = 86_400_000;
const METRICS: Record<string, { field: "requests" | "promptTokens" | "generatedTokens"; display: string }> = {
  azureopenairequests: { field: "requests", display: "Azure OpenAI Requests" },
  processedprompttokens: { field: "promptTokens", display: "Processed Prompt Tokens" },
  generatedtokens: { field: "generatedTokens", display: "Generated Completion Tokens" },
};
const METERED = new Set(["openai", "aiservices"]);
const DEFAULT_DATE = "2026-01-01T00:00:00Z";

/** Answers the paths this file knows; anything else is the caller's (undefined). */
export function handleUsage(r: UsageRequest): unknown | undefined {
  const data = /^\/secrets\/([^/]+)(?:\/[^/]+)?$/.exec(r.path);
  if (data) return secretValue(r, data[1]!);
  if (!r.sub) return undefined;
  const sub = r.sub;
  const s = sub.id.toLowerCase();
  if (r.path === `/subscriptions/${s}/providers/microsoft.keyvault/vaults`) {
    return r.page((sub.keyVaults ?? []).map((v) => vaultJson(sub.id, v)));
  }
  const kv = new RegExp(
    `^/subscriptions/${s}/resourcegroups/([^/]+)/providers/microsoft\\.keyvault/vaults/([^/]+)/secrets(?:/([^/]+))?$`,
  ).exec(r.path);
  if (kv) {
    const vault = (sub.keyVaults ?? []).find(
      (v) => v.resourceGroup.toLowerCase() === kv[1] && v.name.toLowerCase() === kv[2],
    );
    if (!vault) return r.reply(404, notFound(r.url.pathname));
    const secrets = (vault.secrets ?? []).map((x) => secretJson(sub.id, vault, x));
    if (!kv[3]) return r.page(secrets);
    const one = secrets.find((x) => x.name.toLowerCase() === kv[3]);
    return one ? r.reply(200, one) : r.reply(404, notFound(r.url.pathname));
  }
  const metrics = new RegExp(
    `^/subscriptions/${s}/resourcegroups/([^/]+)/providers/microsoft\\.cognitiveservices/accounts/([^/]+)/providers/microsoft\\.insights/metrics$`,
  ).exec(r.path);
  if (metrics) {
    const account = sub.accounts.find(
      (a) => a.resourceGroup.toLowerCase() === metrics[1] && a.name.toLowerCase() === metrics[2],
    );
    if (!account) return r.reply(404, notFound(r.url.pathname));
    return metricsAnswer(r, sub, account);
  }
  return undefined;
}

function metricsAnswer(r: UsageRequest, sub: AzureSubscriptionSeed, account: AzureAccountSeed) {
  const q = r.url.searchParams;
  if (!q.get("api-version")) return r.reply(400, armError("MissingApiVersionParameter", "api-version"));
  const names = (q.get("metricnames") ?? "").split(",").filter(Boolean);
  for (const name of names) {
    if (!METRICS[name.toLowerCase()] || !METERED.has(account.kind.toLowerCase()))
      return r.reply(
        400,
        armError(
          "BadRequest",
          `Failed to find metric configuration for provider: Microsoft.CognitiveServices, resource Type: accounts, metric: ${name}, Valid metrics: `,
        ),
      );
  }
  const [from, to] = (q.get("timespan") ?? "").split("/").map((t) => Date.parse(t));
  if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to) || from >= to)
    return r.reply(400, armError("BadRequest", `Invalid timespan ${q.get("timespan")}`));
  if ((q.get("interval") ?? "P1D").toUpperCase() !== "P1D")
    return r.reply(400, armError("BadRequest", "this simulator serves interval P1D only"));
  if ((q.get("aggregation") ?? "Total").toLowerCase() !== "total")
    return r.reply(400, armError("BadRequest", "this simulator serves aggregation Total only"));
  const filter = q.get("$filter");
  const split = filter !== null && /^\s*modeldeploymentname\s+eq\s+'\*'\s*$/i.test(filter);
  if (filter !== null && !split)
    return r.reply(
      400,
      armError("BadRequest", `this simulator serves $filter ModelDeploymentName eq '*' only`),
    );
  const top = Number(q.get("top") ?? "10");
  const now = Date.now();
  const days: number[] = [];
  for (let t = Math.floor(from / DAY_MS) * DAY_MS; t < to; t += DAY_MS) days.push(t);
  const used = (account.deployments ?? []).filter((d) => d.usage);
  const id = `/subscriptions/${sub.id}/resourceGroups/${account.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${account.name}`;
  const value = names.map((name) => {
    const m = METRICS[name.toLowerCase()]!;
    const perDay = (u: AzureUsageSeed, day: number) => dailyValue(u, m.field, day, now);
    const timeseries = split
      ? used
          .map((d) => ({
            metadatavalues: [
              {
                name: { value: "modeldeploymentname", localizedValue: "ModelDeploymentName" },
                value: d.name,
              },
            ],
            data: days.map((day) => ({
              timeStamp: new Date(day).toISOString(),
              total: perDay(d.usage!, day),
            })),
          }))
          // Azure lists only the dimension values that have data in the timespan.
          .filter((ts) => ts.data.some((p) => p.total > 0))
          .slice(0, top)
      : [
          {
            data: days.map((day) => ({
              timeStamp: new Date(day).toISOString(),
              total: used.reduce((acc, d) => acc + perDay(d.usage!, day), 0),
            })),
          },
        ];
    return {
      id: `${id}/providers/Microsoft.Insights/metrics/${name}`,
      type: "Microsoft.Insights/metrics",
      name: { value: name, localizedValue: m.display },
      displayDescription: `${m.display} over the interval`,
      unit: "Count",
      timeseries,
      errorCode: "Success",
    };
  });
  return r.reply(200, {
    cost: days.length * names.length,
    timespan: q.get("timespan"),
    interval: "P1D",
    value,
    namespace: "Microsoft.CognitiveServices/accounts",
    resourceregion: account.location,
  });
}

function dailyValue(
  u: AzureUsageSeed,
  field: "requests" | "promptTokens" | "generatedTokens",
  day: number,
  now: number,
) {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const last = u.lastDaysAgo ?? 0;
  const first = u.firstDaysAgo ?? last;
  const ago = Math.round((today - day) / DAY_MS);
  if (ago < last || ago > first) return 0;
  const active = first - last + 1;
  const total = u[field] ?? 0;
  // Whole numbers per day that add up to the total: the remainder goes to the earliest days.
  const index = first - ago;
  return Math.floor(total / active) + (index < total % active ? 1 : 0);
}

function vaultJson(subscription: string, v: AzureVaultSeed) {
  return {
    id: `/subscriptions/${subscription}/resourceGroups/${v.resourceGroup}/providers/Microsoft.KeyVault/vaults/${v.name}`,
    name: v.name,
    type: "Microsoft.KeyVault/vaults",
    location: v.location,
    tags: v.tags ?? {},
    properties: {
      tenantId: "00000000-0000-4000-9000-000000000001",
      sku: { family: "A", name: "standard" },
      vaultUri: `https://${v.name}.vault.azure.net/`,
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      provisioningState: "Succeeded",
    },
  };
}

const unix = (iso: string | undefined, fallback: string) => Math.floor(Date.parse(iso ?? fallback) / 1000);

/** ARM's secret resource: metadata only; the management plane never returns `properties.value`. */
function secretJson(subscription: string, v: AzureVaultSeed, x: AzureSecretSeed) {
  const created = x.createdAt ?? DEFAULT_DATE;
  return {
    id: `${vaultJson(subscription, v).id}/secrets/${x.name}`,
    name: x.name,
    type: "Microsoft.KeyVault/vaults/secrets",
    location: v.location,
    ...(x.tags ? { tags: x.tags } : {}),
    properties: {
      ...(x.contentType ? { contentType: x.contentType } : {}),
      attributes: {
        enabled: x.enabled ?? true,
        created: unix(created, DEFAULT_DATE),
        updated: unix(x.updatedAt ?? created, DEFAULT_DATE),
        ...(x.expiresAt ? { exp: unix(x.expiresAt, DEFAULT_DATE) } : {}),
      },
      secretUri: `https://${v.name}.vault.azure.net/secrets/${x.name}`,
      secretUriWithVersion: `https://${v.name}.vault.azure.net/secrets/${x.name}/0123456789abcdef`,
    },
  };
}

/**
 * The data plane (https://VAULT.vault.azure.net/secrets/NAME, one host here): the value, from any vault
 * holding NAME, so a scanner that asked would leak the canary and its test would fail.
 */
function secretValue(r: UsageRequest, name: string) {
  for (const sub of r.subscriptions) {
    for (const v of sub.keyVaults ?? []) {
      const x = (v.secrets ?? []).find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (x)
        return r.reply(200, {
          value: x.value ?? "",
          id: `https://${v.name}.vault.azure.net/secrets/${x.name}/0123456789abcdef`,
          attributes: { enabled: x.enabled ?? true, created: unix(x.createdAt, DEFAULT_DATE) },
        });
    }
  }
  return r.reply(404, {
    error: { code: "SecretNotFound", message: `A secret with (name/id) ${name} was not found.` },
  });
}

function notFound(path: string) {
  return armError("ResourceNotFound", `The resource '${path}' was not found.`);
}

function armError(code: string, message: string) {
  return { error: { code, message } };
}
