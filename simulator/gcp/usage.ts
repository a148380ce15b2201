// Google AI use that creates no resource, as the REST APIs answer it: Cloud Monitoring v3
// projects.timeSeries.list (Vertex AI publisher-model metrics, with the filter, interval and
// aggregation it is asked for: daily ALIGN_SUM, REDUCE_SUM grouped by labels, nextPageToken paging)
// and Secret Manager v1 projects.secrets.list (metadata only, paged). The value endpoint
// (versions/*:access) is served too, so a test can prove it is never called.
import { googleError } from "./resources.ts";
import type { GcpProjectSeed } from "./scenario.ts";

/** A publisher model's calls in one location, spread evenly over whole UTC days. */
export interface GcpModelUsageSeed {
  location: string;
  publisher: string;
  model: string;
  invocations: number;
  inputTokens?: number;
  outputTokens?: number;
  /** Active days: from `firstDaysAgo` (default = lastDaysAgo) to `lastDaysAgo` (default 0, today). */
  firstDaysAgo?: number;
  lastDaysAgo?: number;
}

export interface GcpSecretSeed {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** ISO-8601; default 2026-01-01T00:00:00Z. */
  createTime?: string;
  expireTime?: string;
  rotationDays?: number;
  nextRotationTime?: string;
  kmsKeyName?: string;
  /** The payload: only AccessSecretVersion returns it (a canary for tests). */
  value?: string;
}

const DAY_MS = 86_400_000;
const INVOCATIONS = "aiplatform.googleapis.com/publisher/online_serving/model_invocation_count";
const TOKENS = "aiplatform.googleapis.com/publisher/online_serving/token_count";
const RESOURCE = "aiplatform.googleapis.com/PublisherModel";

const MONITORING = /^\/v3\/projects\/([^/]+)\/timeSeries$/;
const SECRETS = /^\/v1\/projects\/([^/]+)\/secrets(?:\/([^/:]+)(?:\/versions\/([^/:]+)(:access)?)?)?$/;

export function matchGcpUsage(
  path: string,
): { service: "monitoring" | "secretmanager"; project: string; m: RegExpExecArray } | undefined {
  const mon = MONITORING.exec(path);
  if (mon) return { service: "monitoring", project: mon[1]!, m: mon };
  const sec = SECRETS.exec(path);
  if (sec) return { service: "secretmanager", project: sec[1]!, m: sec };
  return undefined;
}

export type GcpUsageReply = (status: number, json: unknown) => unknown;

export function handleGcpUsage(
  match: NonNullable<ReturnType<typeof matchGcpUsage>>,
  project: GcpProjectSeed,
  url: URL,
  maxPage: number,
  reply: GcpUsageReply,
): unknown {
  const q = url.searchParams;
  const page = (field: string, items: unknown[]) => {
    const offset = Number(q.get("pageToken") || "0");
    const size = Math.min(Number(q.get("pageSize") || maxPage) || maxPage, maxPage);
    const json: Record<string, unknown> = { [field]: items.slice(offset, offset + size) };
    if (offset + size < items.length) json.nextPageToken = String(offset + size);
    return reply(200, json);
  };
  if (match.service === "secretmanager") {
    const [, , name, , access] = match.m;
    const secrets = project.secrets ?? [];
    if (!name)
      return page(
        "secrets",
        secrets.map((s) => secretJson(project, s)),
      );
    const seed = secrets.find((s) => s.name === name);
    if (!seed)
      return reply(404, googleError(404, `Secret [projects/${project.number}/secrets/${name}] not found.`));
    if (access) {
      return reply(200, {
        name: `projects/${project.number}/secrets/${name}/versions/1`,
        payload: { data: Buffer.from(seed.value ?? "").toString("base64") },
      });
    }
    return reply(200, secretJson(project, seed));
  }
  return timeSeries(project, q, page, reply);
}

function secretJson(project: GcpProjectSeed, s: GcpSecretSeed) {
  return {
    name: `projects/${project.number}/secrets/${s.name}`,
    replication: s.kmsKeyName
      ? { automatic: { customerManagedEncryption: { kmsKeyName: s.kmsKeyName } } }
      : { automatic: {} },
    createTime: s.createTime ?? "2026-01-01T00:00:00Z",
    ...(s.labels ? { labels: s.labels } : {}),
    ...(s.annotations ? { annotations: s.annotations } : {}),
    ...(s.expireTime ? { expireTime: s.expireTime } : {}),
    ...(s.rotationDays
      ? {
          rotation: {
            rotationPeriod: `${s.rotationDays * 86_400}s`,
            nextRotationTime: s.nextRotationTime ?? "2027-01-01T00:00:00Z",
          },
          topics: [{ name: `projects/${project.id}/topics/secret-rotation` }],
        }
      : {}),
    etag: `"${s.name}-etag"`,
  };
}

/** Reads a query parameter by its JSON (camelCase) or proto (snake_case) name. */
function param(q: URLSearchParams, name: string): string | null {
  return q.get(name) ?? q.get(name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

function timeSeries(
  project: GcpProjectSeed,
  q: URLSearchParams,
  page: (field: string, items: unknown[]) => unknown,
  reply: GcpUsageReply,
) {
  const filter = q.get("filter") ?? "";
  const type = /metric\.type\s*=\s*"([^"]+)"/.exec(filter)?.[1];
  if (!type)
    return reply(400, googleError(400, "Field filter had an invalid value: a metric.type is required."));
  const resourceType = /resource\.type\s*=\s*"([^"]+)"/.exec(filter)?.[1];
  const location = /resource\.labels\.location\s*=\s*"([^"]+)"/.exec(filter)?.[1];
  const start = Date.parse(param(q, "interval.startTime") ?? "");
  const end = Date.parse(param(q, "interval.endTime") ?? "");
  if (Number.isNaN(end)) return reply(400, googleError(400, "Field interval.endTime had an invalid value."));
  const from = Number.isNaN(start) ? end : start;
  const period = param(q, "aggregation.alignmentPeriod");
  const aligner = param(q, "aggregation.perSeriesAligner");
  const reducer = param(q, "aggregation.crossSeriesReducer");
  const groupBy = [...q.getAll("aggregation.groupByFields"), ...q.getAll("aggregation.group_by_fields")];
  if (period && period !== "86400s")
    return reply(400, googleError(400, "this simulator aligns to 86400s only"));
  // The REST transport sends enums as numbers ($alt=json;enum-encoding=int): ALIGN_SUM 14, REDUCE_SUM 4.
  if (
    (aligner && !["ALIGN_SUM", "14"].includes(aligner)) ||
    (reducer && !["REDUCE_SUM", "4"].includes(reducer))
  )
    return reply(400, googleError(400, "this simulator serves ALIGN_SUM / REDUCE_SUM only"));
  if (reducer && !aligner)
    return reply(
      400,
      googleError(400, "The aggregation perSeriesAligner must be set with a crossSeriesReducer."),
    );

  const ints = (q.get("$alt") ?? "").includes("enum-encoding=int");
  const now = Date.now();
  const days: number[] = [];
  for (let t = Math.floor(from / DAY_MS) * DAY_MS; t < end; t += DAY_MS) days.push(t);
  // Raw series: one per (location, publisher, model[, token type]).
  type Raw = { metric: Record<string, string>; resource: Record<string, string>; values: number[] };
  const raws: Raw[] = [];
  const used = (project.modelUsage ?? []).filter(
    (u) => (!location || u.location === location) && (!resourceType || resourceType === RESOURCE),
  );
  for (const u of used) {
    const resource = {
      resource_container: project.number,
      location: u.location,
      publisher: u.publisher,
      model_user_id: u.model,
      model_version_id: "",
    };
    const daily = (total: number) => days.map((d) => dailyValue(u, total, d, now));
    if (type === INVOCATIONS)
      raws.push({ metric: { request_type: "shared" }, resource, values: daily(u.invocations) });
    if (type === TOKENS) {
      raws.push({
        metric: { type: "input", request_type: "shared" },
        resource,
        values: daily(u.inputTokens ?? 0),
      });
      raws.push({
        metric: { type: "output", request_type: "shared" },
        resource,
        values: daily(u.outputTokens ?? 0),
      });
    }
  }
  // Cross-series reduction: sum the series sharing the grouped label values; drop the other labels.
  const groups = new Map<string, Raw>();
  for (const r of raws) {
    if (!r.values.some((v) => v > 0)) continue; // no data in the interval: no series
    if (!reducer) {
      groups.set(String(groups.size), r);
      continue;
    }
    const pick = (prefix: string, labels: Record<string, string>) =>
      Object.fromEntries(
        groupBy
          .filter((g) => g.startsWith(prefix))
          .map((g) => [g.slice(prefix.length), labels[g.slice(prefix.length)] ?? ""]),
      );
    const metric = pick("metric.labels.", r.metric);
    const resource = pick("resource.labels.", r.resource);
    const key = JSON.stringify([metric, resource]);
    const g = groups.get(key);
    if (g) g.values = g.values.map((v, i) => v + r.values[i]!);
    else groups.set(key, { metric, resource, values: [...r.values] });
  }
  const series = [...groups.values()].map((g) => ({
    metric: { type, labels: g.metric },
    resource: { type: RESOURCE, labels: g.resource },
    // MetricKind GAUGE 1 / DELTA 2, ValueType INT64 2, in the encoding the client asked for.
    metricKind: ints ? (aligner ? 1 : 2) : aligner ? "GAUGE" : "DELTA",
    valueType: ints ? 2 : "INT64",
    // Newest first, as Cloud Monitoring returns points.
    points: days
      .map((d, i) => ({
        interval: { startTime: new Date(d).toISOString(), endTime: new Date(d + DAY_MS).toISOString() },
        value: { int64Value: String(g.values[i]) },
      }))
      .reverse(),
  }));
  return page("timeSeries", series);
}

function dailyValue(u: GcpModelUsageSeed, total: number, day: number, now: number): number {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const last = u.lastDaysAgo ?? 0;
  const first = u.firstDaysAgo ?? last;
  const ago = Math.round((today - day) / DAY_MS);
  if (ago < last || ago > first) return 0;
  const active = first - last + 1;
  const index = first - ago;
  return Math.floor(total / active) + (index < total % active ? 1 : 0);
}
