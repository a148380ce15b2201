// One loopback HTTP server that answers the real AWS SDK v3 clients for every service aimscan uses.
// The account comes from the SigV4 access key (AssumeRole hands out keys that map to the target
// account), the region and service from the credential scope, so multi-account, multi-region scans
// are real. Seeded from a scenario; faults are programmable per test through `controls`.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { AwsScenario } from "../scenario.ts";
import { agentCoreHandlers, agentCoreRoutes } from "./agentcore.ts";
import { bedrockHandlers, bedrockRoutes, type Route } from "./bedrock.ts";
import { bedrockMoreRoutes, withMoreBedrock } from "./bedrock-more.ts";
import { cloudwatchHandlers } from "./cloudwatch.ts";
import { Controls } from "./faults.ts";
import { iamHandlers, stsHandlers } from "./iam.ts";
import { eventsHandlers, snsHandlers } from "./notify.ts";
import { accountHandlers, accountRoutes, organizationsHandlers } from "./org.ts";
import { optInDisabled } from "./regions.ts";
import { sagemakerHandlers } from "./sagemaker.ts";
import { withMoreSageMaker } from "./sagemaker-more.ts";
import { secretsManagerHandlers } from "./secretsmanager.ts";
import { securityHubHandlers, securityHubRoutes } from "./securityhub.ts";
import { ssmHandlers } from "./ssm.ts";
import {
  accountOf,
  type Call,
  enabledRegionsOf,
  type Handler,
  type Published,
  type SimState,
} from "./state.ts";
import { getWebIdentityToken } from "./web-identity.ts";
import { AwsError, type Protocol, parseSigv4, sendBody, sendError, sendMalformed } from "./wire.ts";

export type { FaultMatch } from "./faults.ts";
export type { Published } from "./state.ts";

export interface RequestLog {
  service: string;
  operation: string;
  account: string;
  region: string;
  accessKeyId: string;
  /** HTTP status answered. */
  status: number;
  /** The error code answered (ThrottlingException, AccessDenied…), when one was. */
  error?: string;
  /** Raw request input (form fields or JSON body); for asserting what was asked. */
  input: Record<string, unknown>;
  /** When it arrived (epoch ms). */
  time: number;
}

export interface AwsSimulatorOptions {
  /** Items per page for list calls (default 50). */
  pageSize?: number;
  /** Requests per second allowed per account+service (default: unlimited). */
  rateLimit?: number;
}

export interface AwsSimulator {
  endpoint: string;
  requests: RequestLog[];
  published: Published[];
  controls: Controls;
  /** The live estate: mutate it, or replace it with `seed`, between scans. */
  scenario: AwsScenario;
  seed(scenario: AwsScenario): void;
  /** The account the base credentials map to. */
  callerAccount(): string;
  stop(): Promise<void>;
}

interface ServiceDef {
  protocol: Protocol;
  handlers: Record<string, Handler>;
  routes?: Route[];
}

const SERVICES: Record<string, ServiceDef> = {
  sagemaker: { protocol: "json", handlers: withMoreSageMaker(sagemakerHandlers) },
  organizations: { protocol: "json", handlers: organizationsHandlers },
  events: { protocol: "json", handlers: eventsHandlers },
  bedrock: {
    protocol: "rest",
    handlers: withMoreBedrock(bedrockHandlers),
    routes: [...bedrockRoutes, ...bedrockMoreRoutes],
  },
  "bedrock-agentcore": { protocol: "rest", handlers: agentCoreHandlers, routes: agentCoreRoutes },
  account: { protocol: "rest", handlers: accountHandlers, routes: accountRoutes },
  iam: { protocol: "query", handlers: iamHandlers },
  sts: { protocol: "query", handlers: { ...stsHandlers, GetWebIdentityToken: getWebIdentityToken } },
  sns: { protocol: "query", handlers: snsHandlers },
  monitoring: { protocol: "json10", handlers: cloudwatchHandlers },
  secretsmanager: { protocol: "json", handlers: secretsManagerHandlers },
  ssm: { protocol: "json", handlers: ssmHandlers },
  securityhub: { protocol: "rest", handlers: securityHubHandlers, routes: securityHubRoutes },
};

export async function startAwsSimulator(
  scenario: AwsScenario,
  opts: AwsSimulatorOptions = {},
): Promise<AwsSimulator> {
  const controls = new Controls();
  controls.pageSize = opts.pageSize ?? controls.pageSize;
  controls.rateLimit = opts.rateLimit;
  const issued = new Map<string, string>();
  const requests: RequestLog[] = [];
  const state: SimState = {
    scenario,
    pageSize: controls.pageSize,
    published: [],
    issueKeys(account) {
      const accessKeyId = `ASIA${crypto.randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase()}`;
      issued.set(accessKeyId, account);
      return { accessKeyId, secretAccessKey: crypto.randomUUID(), sessionToken: crypto.randomUUID() };
    },
  };
  const callerAccount = () =>
    state.scenario.callerAccount ?? Object.keys(state.scenario.accounts)[0] ?? "000000000000";
  const accountFor = (key: string) => issued.get(key) ?? /^AKIA(\d{12})/.exec(key)?.[1] ?? callerAccount();

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const sig = parseSigv4(req.headers.authorization);
    const def = sig ? SERVICES[sig.service] : undefined;
    if (!sig || !def) {
      sendError(
        res,
        "json",
        new AwsError("UnrecognizedClientException", "missing or unknown SigV4 scope", 403),
      );
      return;
    }
    const call: Call = {
      service: sig.service,
      operation: "",
      input: {},
      path: {},
      account: accountFor(sig.accessKeyId),
      region: sig.region,
    };
    const entry: RequestLog = { ...call, accessKeyId: sig.accessKeyId, status: 0, time: Date.now() };
    requests.push(entry);
    res.on("finish", () => {
      entry.status = res.statusCode;
    });
    try {
      parseCall(call, def, req, raw);
      entry.operation = call.operation;
      entry.input = call.input;
      refuseDisabledRegion(call, state);
      const handler = def.handlers[call.operation];
      if (!handler) throw new AwsError("UnknownOperationException", `unknown operation ${call.operation}`);
      state.pageSize = controls.pageSize;
      state.datapointsPerPage = controls.datapointsPerPage;
      const decision = controls.decide(call, state.scenario);
      if (decision.kind === "error") throw decision.error;
      if (decision.kind === "malformed") return sendMalformed(res, def.protocol);
      if (decision.kind === "html") {
        res.writeHead(decision.status, { "content-type": "text/html; charset=utf-8" });
        return res.end(
          "<!doctype html>\n<html><head><title>502 Bad Gateway</title></head><body>proxy</body></html>",
        );
      }
      if (decision.kind === "slow") await (decision.until ?? new Promise((r) => setTimeout(r, decision.ms)));
      const output = handler(call, state);
      const body = decision.kind === "rewrite" ? decision.rewrite(structuredClone(output), call) : output;
      sendBody(res, def.protocol, call.operation, body);
    } catch (e) {
      const err = e instanceof AwsError ? e : new AwsError("InternalFailure", String(e), 500);
      entry.error = err.code;
      sendError(res, def.protocol, err);
    }
  });
  // As a cloud front end does: keep idle sockets longer than the SDKs reuse them (no ECONNRESET race).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    published: state.published,
    controls,
    get scenario() {
      return state.scenario;
    },
    set scenario(next: AwsScenario) {
      state.scenario = next;
    },
    seed(next) {
      state.scenario = next;
    },
    callerAccount,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

// IAM, Organizations and the Account API sign for their home region; every other call signed for an
// opt-in region the calling account has not enabled fails as AWS fails it: the token is "invalid".
function refuseDisabledRegion(call: Call, state: SimState): void {
  const account = accountOf(state, call.account);
  if (!account || !optInDisabled(enabledRegionsOf(account), call.region)) return;
  const code =
    call.service === "sts" || call.service === "iam" ? "InvalidClientTokenId" : "UnrecognizedClientException";
  throw new AwsError(code, "The security token included in the request is invalid.", 403);
}

function parseCall(call: Call, def: ServiceDef, req: IncomingMessage, raw: string): void {
  const url = new URL(req.url ?? "/", "http://simulator");
  if (def.protocol === "json" || def.protocol === "json10") {
    call.operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    call.input = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } else if (def.protocol === "query") {
    // AWS reads query-protocol parameters from the URL as well as the form body: a presigned or
    // forwarded GetCallerIdentity (Google's STS verifying an AWS subject token) has no body.
    call.input = { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(new URLSearchParams(raw)) };
    call.operation = String(call.input.Action ?? "");
  } else {
    const found = matchRoute(def.routes ?? [], req.method ?? "GET", url.pathname);
    if (!found)
      throw new AwsError("UnknownOperationException", `no route for ${req.method} ${url.pathname}`, 404);
    call.operation = found.operation;
    call.path = found.path;
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    call.input = { ...Object.fromEntries(url.searchParams), ...body };
  }
}

function matchRoute(routes: Route[], method: string, pathname: string) {
  for (const r of routes) {
    const m = r.method === method ? r.pattern.exec(pathname) : null;
    if (m) {
      const path = Object.fromEntries(r.params.map((p, i) => [p, decodeURIComponent(m[i + 1]!)]));
      return { operation: r.operation, path };
    }
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
