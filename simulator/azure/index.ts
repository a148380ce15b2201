// A loopback Azure Resource Manager for Cognitive Services, over HTTPS with a certificate made at
// start-up, so the real @azure/arm-* clients run their production pipeline (bearer auth, retries,
// absolute nextLink paging) against it. Faults are injected per subscription or path.
import type { IncomingMessage } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { accountId, accountJson, armError, deploymentJson, subscriptionJson } from "./arm.ts";
import { ENTRA_PATH, type EntraExchange, type EntraOptions, handleEntra } from "./entra.ts";
import { handleFoundry, handleMl } from "./ml.ts";
import type { AzureAccountSeed, AzureScenario, AzureSubscriptionSeed } from "./scenario.ts";
import { makeSelfSignedCert } from "./tls.ts";
import { handleUsage } from "./usage.ts";

export type { AzureScenario } from "./scenario.ts";

export interface AzureSimulatorOptions {
  /** Items per page of every list (default 20), so paging happens at modest sizes. */
  pageSize?: number;
  /** ARM throttles per subscription: requests per second allowed per subscription (default: none). */
  requestsPerSecond?: number;
  /** Added before every reply. */
  latencyMs?: number;
  /** App registrations with federated credentials, for Entra's token endpoint on this host. */
  entra?: EntraOptions;
}

/** A fault applies to requests that match all given filters, `times` times (default: forever). */
export interface AzureFault {
  /** rewrite: answer 200 with `rewrite(the real answer)` (a list without `value`, an error shape, a nextLink cycle). */
  kind: "deny" | "throttle" | "error" | "malformed" | "rewrite";
  rewrite?: (body: unknown, url: URL) => unknown;
  subscription?: string;
  pathIncludes?: string;
  status?: number;
  /** error: the ARM error code and message (default InternalServerError). */
  code?: string;
  message?: string;
  times?: number;
  retryAfterMs?: number;
}

export interface AzureLoggedRequest {
  method: string;
  path: string;
  url: string;
  subscription?: string;
  status: number;
}

export interface AzureSimulator {
  /** `https://127.0.0.1:PORT`: pass as the client `endpoint` (or `azure.endpoint` in config). */
  endpoint: string;
  /** PEM certificate to trust: `tlsOptions: { ca }` or NODE_EXTRA_CA_CERTS. */
  ca: string;
  requests: AzureLoggedRequest[];
  /** Federated assertions Entra's token endpoint accepted. */
  entraExchanges: EntraExchange[];
  inject(fault: AzureFault): void;
  /** 403 AuthorizationFailed for everything under this subscription. */
  deny(subscription: string): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

const ACCOUNTS =
  /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?\/providers\/microsoft\.cognitiveservices\/accounts$/;
const ACCOUNT =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.cognitiveservices\/accounts\/([^/]+)(\/deployments|\/listkeys)?$/;

export async function startAzureSimulator(
  scenario: AzureScenario,
  opts: AzureSimulatorOptions = {},
): Promise<AzureSimulator> {
  const { key, cert } = await makeSelfSignedCert();
  const pageSize = opts.pageSize ?? 20;
  const tenantId = scenario.tenantId ?? "00000000-0000-4000-9000-000000000001";
  const subs = new Map(scenario.subscriptions.map((s) => [s.id.toLowerCase(), s]));
  const faults: (AzureFault & { left: number })[] = [];
  const buckets = new Map<string, Bucket>();
  const requests: AzureLoggedRequest[] = [];
  let endpoint = "";

  const handle = (req: IncomingMessage): Reply => {
    const url = new URL(req.url ?? "/", endpoint);
    const path = decodeURIComponent(url.pathname).replace(/\/+$/, "").toLowerCase();
    const subscription = /^\/subscriptions\/([^/]+)/.exec(path)?.[1];
    const entry: AzureLoggedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      url: url.href,
      status: 0,
    };
    if (subscription) entry.subscription = subscription;
    requests.push(entry);
    let rewrite: AzureFault["rewrite"];
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => {
      entry.status = status;
      return { status, body: status === 200 && rewrite ? rewrite(body, url) : body, headers };
    };

    if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
      return reply(401, armError("AuthenticationFailed", "Authentication failed: no bearer token."));
    }
    const fault = takeFault(faults, subscription, url.pathname);
    if (fault?.kind === "rewrite") rewrite = fault.rewrite;
    if (fault?.kind === "deny") return reply(403, denied(url.pathname, subscription));
    if (fault?.kind === "throttle") return reply(429, tooMany(), retryAfter(fault.retryAfterMs ?? 100));
    if (fault?.kind === "error") {
      return reply(
        fault.status ?? 500,
        armError(fault.code ?? "InternalServerError", fault.message ?? "Encountered internal server error."),
      );
    }
    if (opts.requestsPerSecond) {
      const bucketKey = subscription ?? "tenant";
      let bucket = buckets.get(bucketKey);
      if (!bucket) {
        bucket = new Bucket(opts.requestsPerSecond);
        buckets.set(bucketKey, bucket);
      }
      const waitMs = bucket.take();
      if (waitMs > 0) return reply(429, tooMany(), retryAfter(waitMs));
    }
    if (fault?.kind === "malformed") return reply(200, MALFORMED);

    if (req.method === "POST" && path.endsWith("/listkeys")) {
      // Recorded in the log (tests assert it never arrives); never answered with anything secret.
      return reply(403, armError("AuthorizationFailed", "aimscan must never read account keys."));
    }
    if (req.method !== "GET") return reply(405, armError("MethodNotAllowed", `${req.method} not supported`));

    const page = (items: unknown[]) => {
      const skip = Number(url.searchParams.get("$skipToken") ?? "0");
      const body: { value: unknown[]; nextLink?: string } = { value: items.slice(skip, skip + pageSize) };
      if (skip + pageSize < items.length) {
        const next = new URL(url.href);
        next.searchParams.set("$skipToken", String(skip + pageSize));
        body.nextLink = next.href;
      }
      return reply(200, body);
    };

    if (path === "/subscriptions") {
      return page(scenario.subscriptions.map((s) => subscriptionJson(s, tenantId)));
    }
    const sub = subscription ? subs.get(subscription) : undefined;
    const usage = handleUsage({ path, url, sub, subscriptions: scenario.subscriptions, page, reply });
    if (usage) return usage as Reply;
    if (!sub) {
      return reply(
        404,
        armError("SubscriptionNotFound", `The subscription '${subscription}' could not be found.`),
      );
    }
    if (path === `/subscriptions/${subscription}`) return reply(200, subscriptionJson(sub, tenantId));
    const unregistered = (sub.unregisteredProviders ?? []).find((n) =>
      path.includes(`/providers/${n.toLowerCase()}/`),
    );
    if (unregistered) return reply(409, notRegistered(unregistered));
    const more = handleMl(path, sub, page) ?? foundry(path, sub, page);
    if (more) return more as Reply;
    const list = ACCOUNTS.exec(path);
    if (list) {
      const rg = list[2];
      const accounts = sub.accounts.filter((a) => !rg || a.resourceGroup.toLowerCase() === rg);
      return page(accounts.map((a) => accountJson(sub.id, a)));
    }
    const one = ACCOUNT.exec(path);
    const account = one ? findAccount(sub, one[2]!, one[3]!) : undefined;
    if (!one || !account)
      return reply(404, armError("ResourceNotFound", `The resource '${url.pathname}' was not found.`));
    if (one[4] === "/deployments") {
      return page((account.deployments ?? []).map((d) => deploymentJson(sub.id, account, d)));
    }
    return reply(200, accountJson(sub.id, account));
  };

  const entraExchanges: EntraExchange[] = [];
  const server = createServer({ key, cert }, (req, res) => {
    // The authority host: Entra's endpoints read a form body, ARM's never do.
    if (ENTRA_PATH.test(new URL(req.url ?? "/", endpoint).pathname))
      return handleEntra(req, res, endpoint, opts.entra, entraExchanges);
    req.resume();
    req.on("end", () => {
      const { status, body, headers } = handle(req);
      const text = body === MALFORMED ? '{"value": [{"id": "/subscriptions/' : JSON.stringify(body);
      const send = () =>
        res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(text);
      if (opts.latencyMs) setTimeout(send, opts.latencyMs);
      else send();
    });
  });
  // Track sockets ourselves: closeAllConnections leaves TLS sockets open and close() then waits.
  const sockets = new Set<Duplex>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // As a cloud front end does: keep idle sockets longer than the SDKs reuse them (no ECONNRESET race).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    ca: cert,
    requests,
    entraExchanges,
    inject: (fault) => faults.push({ ...fault, left: fault.times ?? Number.POSITIVE_INFINITY }),
    deny: (subscription) => faults.push({ kind: "deny", subscription, left: Number.POSITIVE_INFINITY }),
    clearFaults: () => {
      faults.length = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

interface Reply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const MALFORMED = Symbol("malformed");

function takeFault(
  faults: (AzureFault & { left: number })[],
  subscription: string | undefined,
  path: string,
) {
  const fault = faults.find(
    (f) =>
      f.left > 0 &&
      (!f.subscription || f.subscription.toLowerCase() === subscription) &&
      (!f.pathIncludes || path.toLowerCase().includes(f.pathIncludes.toLowerCase())),
  );
  if (fault) fault.left--;
  return fault;
}

/** Foundry children (projects, connections, RAI policies) of an account path. */
function foundry(
  path: string,
  sub: AzureSubscriptionSeed,
  page: (items: unknown[]) => Reply,
): Reply | undefined {
  const m =
    /^(\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)\/providers\/microsoft\.cognitiveservices\/accounts\/([^/]+))(\/.+)$/.exec(
      path,
    );
  const account = m ? findAccount(sub, m[2]!, m[3]!) : undefined;
  if (!m || !account) return undefined;
  return handleFoundry(accountId(sub.id, account), account, m[4]!, page) as Reply | undefined;
}

function findAccount(sub: AzureSubscriptionSeed, rg: string, name: string): AzureAccountSeed | undefined {
  return sub.accounts.find((a) => a.resourceGroup.toLowerCase() === rg && a.name.toLowerCase() === name);
}

function denied(path: string, subscription: string | undefined) {
  return armError(
    "AuthorizationFailed",
    `The client 'aimscan' does not have authorization to perform action '${readAction(path)}' over scope '/subscriptions/${subscription ?? ""}' (${path}).`,
  );
}

/** The read action ARM names for a path: namespace + every resource type in it (…/accounts/deployments/read). */
function readAction(path: string): string {
  const m = /\/providers\/([^/]+)\/(.+)$/i.exec(path);
  if (!m) return "Microsoft.Resources/subscriptions/read";
  const types = m[2]!.split("/").filter((_, i) => i % 2 === 0);
  return `${m[1]}/${types.join("/")}/read`;
}

function notRegistered(namespace: string) {
  return armError(
    "MissingSubscriptionRegistration",
    `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`,
  );
}

function tooMany() {
  return armError("TooManyRequests", "The request is being throttled.");
}

// ARM sends whole seconds in Retry-After; the SDK prefers the millisecond header when present.
function retryAfter(ms: number): Record<string, string> {
  return {
    "retry-after": String(Math.max(1, Math.ceil(ms / 1000))),
    "retry-after-ms": String(Math.ceil(ms)),
  };
}

/** A token bucket that rejects instead of waiting: returns 0 when a token was taken, else the wait. */
class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly rate: number) {
    this.tokens = Math.max(1, rate);
  }
  take(): number {
    const now = Date.now();
    this.tokens = Math.min(Math.max(1, this.rate), this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return ((1 - this.tokens) / this.rate) * 1000;
  }
}
