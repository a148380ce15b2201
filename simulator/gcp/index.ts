// A loopback Google REST server for the clients' `fallback: true` transport: Vertex AI v1 models
// and endpoints per project and location, API Keys v2, Cloud Resource Manager (project id ↔
// number) and an STS token endpoint so an `external_account` credential file works offline.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { discoveryEngines, vertexMore, workbenchInstances } from "./more.ts";
import { endpointJson, googleError, keyJson, modelJson, projectJson, serviceDisabled } from "./resources.ts";
import type { GcpProjectSeed, GcpScenario } from "./scenario.ts";
import { AWS_SUBJECT_TOKEN_TYPE, type AwsFederation, exchangeAwsSubjectToken } from "./sts-aws.ts";
import { handleGcpUsage, matchGcpUsage } from "./usage.ts";

export type { GcpScenario } from "./scenario.ts";

export type GcpService =
  | "aiplatform"
  | "apikeys"
  | "cloudresourcemanager"
  | "sts"
  | "monitoring"
  | "secretmanager"
  | "notebooks"
  | "discoveryengine";

export interface GcpSimulatorOptions {
  /** Largest page served, whatever pageSize the client asks for (default 50). */
  pageSize?: number;
  /** Quota per (project, service): requests per second before 429 RESOURCE_EXHAUSTED (default: none). */
  requestsPerSecond?: number;
  latencyMs?: number;
  /** Where AWS subject tokens are verified (workload identity federation with an AWS provider). */
  aws?: AwsFederation;
}

/** A fault applies to requests matching every given filter, `times` times (default: forever). */
export interface GcpFault {
  /** rewrite: answer 200 with `rewrite(the real answer)` (an error shape in a 200, a token cycle). */
  kind: "deny" | "throttle" | "error" | "malformed" | "rewrite";
  rewrite?: (json: unknown, url: URL) => unknown;
  /** Project id or number. */
  project?: string;
  location?: string;
  service?: GcpService;
  pathIncludes?: string;
  status?: number;
  /**
   * error: the gRPC status name and message of the answer (default: the HTTP status's name and a
   * generic message), e.g. FAILED_PRECONDITION "ReasoningEngine service is not available in
   * region: europe-central2." as Vertex answers for a feature a location does not offer.
   */
  grpcStatus?: string;
  message?: string;
  times?: number;
}

export interface GcpLoggedRequest {
  method: string;
  path: string;
  url: string;
  service: GcpService | "unknown";
  /** The project id, whichever form the request named it by. */
  project?: string;
  location?: string;
  status: number;
}

export interface GcpSimulator {
  /** `http://127.0.0.1:PORT`: `gcp.apiEndpoint` in config. */
  apiEndpoint: string;
  /** Where an external_account credential exchanges its subject token. */
  tokenUrl: string;
  /** The access token the STS endpoint hands out (any bearer token is accepted). */
  accessToken: string;
  requests: GcpLoggedRequest[];
  /** AWS principals whose subject tokens STS exchanged, with the pool provider they named. */
  federated: { arn: string; account: string; audience: string }[];
  inject(fault: GcpFault): void;
  /** 403 PERMISSION_DENIED for a project, or for one location of it. */
  deny(project: string, location?: string): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

export const IDENTITY_PROJECT = { id: "aimscan-identity", number: "0" } as const;

const VERTEX =
  /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/(endpoints|models|tuningJobs|reasoningEngines|featureOnlineStores|indexEndpoints)$/;
const NOTEBOOKS = /^\/v2\/projects\/([^/]+)\/locations\/([^/]+)\/instances$/;
const DISCOVERY = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/collections\/([^/]+)\/engines$/;
const KEYS = /^\/v2\/projects\/([^/]+)\/locations\/([^/]+)\/keys(?:\/([^/:]+)(\/keyString|:getKeyString)?)?$/;
const PROJECT = /^\/(v1|v3)\/projects\/([^/:]+)$/;

export async function startGcpSimulator(
  scenario: GcpScenario,
  opts: GcpSimulatorOptions = {},
): Promise<GcpSimulator> {
  const maxPage = opts.pageSize ?? 50;
  const accessToken = "gcp-simulator-access-token";
  const faults: (GcpFault & { left: number })[] = [];
  const buckets = new Map<string, Bucket>();
  const requests: GcpLoggedRequest[] = [];
  const federated: GcpSimulator["federated"] = [];
  const byIdOrNumber = new Map<string, GcpProjectSeed>();
  // The workload identity pool's project, which external_account credentials look up by number.
  const identity: GcpProjectSeed = { id: IDENTITY_PROJECT.id, number: IDENTITY_PROJECT.number };
  for (const p of [identity, ...scenario.projects]) {
    byIdOrNumber.set(p.id, p);
    byIdOrNumber.set(p.number, p);
  }
  let base = "";

  const handle = (req: IncomingMessage, body: string): Reply => {
    const url = new URL(req.url ?? "/", base);
    const path = decodeURIComponent(url.pathname);
    const vertex = VERTEX.exec(path);
    const keys = KEYS.exec(path);
    const crm = PROJECT.exec(path);
    const usage = matchGcpUsage(path);
    const notebooks = NOTEBOOKS.exec(path);
    const discovery = DISCOVERY.exec(path);
    const service: GcpLoggedRequest["service"] = usage
      ? usage.service
      : vertex
        ? "aiplatform"
        : keys
          ? "apikeys"
          : notebooks
            ? "notebooks"
            : discovery
              ? "discoveryengine"
              : crm
                ? "cloudresourcemanager"
                : path === "/token"
                  ? "sts"
                  : "unknown";
    const named = vertex?.[1] ?? keys?.[1] ?? notebooks?.[1] ?? discovery?.[1] ?? crm?.[2] ?? usage?.project;
    const project = named ? byIdOrNumber.get(named) : undefined;
    const location = vertex?.[2] ?? keys?.[2] ?? notebooks?.[2] ?? discovery?.[2];
    const entry: GcpLoggedRequest = { method: req.method ?? "GET", path, url: url.href, service, status: 0 };
    if (named) entry.project = project?.id ?? named;
    if (location) entry.location = location;
    requests.push(entry);
    let rewrite: GcpFault["rewrite"];
    const reply = (status: number, json: unknown): Reply => {
      entry.status = status;
      return { status, json: status === 200 && rewrite ? rewrite(json, url) : json };
    };

    if (service === "sts") {
      if (req.method !== "POST" || !new URLSearchParams(body).get("subject_token")) {
        return reply(400, { error: "invalid_request", error_description: "subject_token is required" });
      }
      return reply(200, {
        access_token: accessToken,
        issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
        token_type: "Bearer",
        expires_in: 3600,
      });
    }
    if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
      return reply(401, googleError(401, "Request is missing required authentication credential."));
    }
    const fault = takeFault(faults, entry);
    if (fault?.kind === "rewrite") rewrite = fault.rewrite;
    if (fault?.kind === "deny") {
      return reply(403, googleError(403, `Permission denied on resource project ${named ?? ""}.`));
    }
    if (fault?.kind === "throttle") return reply(429, quotaExceeded(service));
    if (fault?.kind === "error") {
      const status = fault.status ?? 503;
      const body = googleError(
        status,
        fault.message ?? (status === 503 ? "The service is currently unavailable." : "Internal error."),
      );
      if (fault.grpcStatus) body.error.status = fault.grpcStatus;
      return reply(status, body);
    }
    if (opts.requestsPerSecond) {
      const key = `${entry.project}/${service}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = new Bucket(opts.requestsPerSecond);
        buckets.set(key, bucket);
      }
      if (!bucket.take()) return reply(429, quotaExceeded(service));
    }
    if (fault?.kind === "malformed") return reply(200, MALFORMED);

    if (keys?.[4]) {
      // Recorded in the log (tests assert it never arrives); never answered with the secret.
      return reply(403, googleError(403, "aimscan must never read key strings."));
    }
    if (req.method !== "GET") return reply(405, googleError(400, `${req.method} not supported`));
    if (!named || !project) {
      return reply(
        named ? 403 : 404,
        googleError(named ? 403 : 404, `Project ${named ?? "?"} not found or denied.`),
      );
    }

    const page = (field: string, items: unknown[]) => {
      const offset = Number(url.searchParams.get("pageToken") || "0");
      const size = Math.min(Number(url.searchParams.get("pageSize") || maxPage) || maxPage, maxPage);
      const json: Record<string, unknown> = { [field]: items.slice(offset, offset + size) };
      if (offset + size < items.length) json.nextPageToken = String(offset + size);
      return reply(200, json);
    };

    if (crm) return reply(200, projectJson(project, crm[1] as "v1" | "v3"));
    if (usage) {
      if (project.disabledApis?.includes(usage.service))
        return reply(403, serviceDisabled(project, usage.service));
      return handleGcpUsage(usage, project, url, maxPage, reply) as Reply;
    }
    const api = vertex ? "aiplatform" : notebooks ? "notebooks" : discovery ? "discoveryengine" : "apikeys";
    if (project.disabledApis?.includes(api)) return reply(403, serviceDisabled(project, api));
    if (keys) {
      if (keys[3]) {
        const key = project.apiKeys?.find((k) => k.uid === keys[3]);
        return key ? reply(200, keyJson(project, key)) : reply(404, googleError(404, "Key not found."));
      }
      return page(
        "keys",
        location === "global" ? (project.apiKeys ?? []).map((k) => keyJson(project, k)) : [],
      );
    }
    if (notebooks) return page("instances", workbenchInstances(project, notebooks[2]!));
    if (discovery) return page("engines", discoveryEngines(project, discovery[2]!, discovery[3]!));
    const more = vertex ? vertexMore(project, vertex[2]!, vertex[3]!) : undefined;
    if (vertex && more) return page(vertex[3]!, more);
    if (vertex) {
      const here = project.vertex?.[vertex[2]!] ?? {};
      const endpoints = here.endpoints ?? [];
      return vertex[3] === "endpoints"
        ? page(
            "endpoints",
            endpoints.map((e) => endpointJson(project, vertex[2]!, e)),
          )
        : page(
            "models",
            (here.models ?? []).map((m) => modelJson(project, vertex[2]!, m, endpoints)),
          );
    }
    return reply(404, googleError(404, `No route for ${path}`));
  };

  const awsExchange = async (form: URLSearchParams): Promise<Reply> => {
    const entry: GcpLoggedRequest = {
      method: "POST",
      path: "/token",
      url: `${base}/token`,
      service: "sts",
      status: 0,
    };
    requests.push(entry);
    const result = opts.aws
      ? await exchangeAwsSubjectToken(form, opts.aws).catch((e: Error) => ({
          ok: false as const,
          description: e.message,
        }))
      : { ok: false as const, description: "No AWS provider in this workload identity pool." };
    entry.status = result.ok ? 200 : 400;
    if (!result.ok)
      return { status: 400, json: { error: "invalid_grant", error_description: result.description } };
    federated.push({ arn: result.arn, account: result.account, audience: form.get("audience") ?? "" });
    return {
      status: 200,
      json: {
        access_token: accessToken,
        issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
        token_type: "Bearer",
        expires_in: 3600,
      },
    };
  };

  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const form = new URLSearchParams(body);
      if (req.url === "/token" && form.get("subject_token_type") === AWS_SUBJECT_TOKEN_TYPE) {
        void awsExchange(form).then(({ status, json }) =>
          res
            .writeHead(status, { "content-type": "application/json; charset=UTF-8" })
            .end(JSON.stringify(json)),
        );
        return;
      }
      const { status, json } = handle(req, body);
      const text = json === MALFORMED ? '{"endpoints": [{"name": "projects/' : JSON.stringify(json);
      const send = () =>
        res.writeHead(status, { "content-type": "application/json; charset=UTF-8" }).end(text);
      if (opts.latencyMs) setTimeout(send, opts.latencyMs);
      else send();
    });
  });
  // Faults name a project by id or number; the log names it by id, so store the id.
  const inject = (fault: GcpFault) => {
    const project = fault.project ? (byIdOrNumber.get(fault.project)?.id ?? fault.project) : undefined;
    faults.push({ ...fault, ...(project ? { project } : {}), left: fault.times ?? Number.POSITIVE_INFINITY });
  };
  // As a cloud front end does: keep idle sockets longer than the SDKs reuse them (no ECONNRESET race).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiEndpoint: base,
    tokenUrl: `${base}/token`,
    accessToken,
    requests,
    federated,
    inject,
    deny: (project, location) => inject({ kind: "deny", project, ...(location ? { location } : {}) }),
    clearFaults: () => {
      faults.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Reply {
  status: number;
  json: unknown;
}

const MALFORMED = Symbol("malformed");

function quotaExceeded(service: string) {
  return googleError(
    429,
    `Quota exceeded for quota metric 'Read requests' of service '${service}.googleapis.com'.`,
  );
}

function takeFault(faults: (GcpFault & { left: number })[], r: GcpLoggedRequest) {
  const fault = faults.find(
    (f) =>
      f.left > 0 &&
      (!f.project || f.project === r.project) &&
      (!f.location || f.location === r.location) &&
      (!f.service || f.service === r.service) &&
      (!f.pathIncludes || r.path.includes(f.pathIncludes)),
  );
  if (fault) fault.left--;
  return fault;
}

/** A token bucket that rejects instead of waiting. */
class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly rate: number) {
    this.tokens = Math.max(1, rate);
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
