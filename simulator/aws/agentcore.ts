// Amazon Bedrock AgentCore control plane (REST-JSON, signing name "bedrock-agentcore"): agent
// runtimes, their endpoints and tags, as the SDK's HTTP bindings declare them. List calls are POSTs
// with maxResults/nextToken in the body.

import { type Route, route } from "./bedrock.ts";
import type { AgentCoreScenario } from "./scenario-more.ts";
import {
  type Call,
  DEFAULT_CREATED,
  type Handler,
  idFor,
  notFound,
  regionOf,
  type SimState,
} from "./state.ts";
import { checkMax, page } from "./wire.ts";

type Runtime = NonNullable<AgentCoreScenario["runtimes"]>[number];

export const agentCoreRoutes: Route[] = [
  route("POST /runtimes/", "ListAgentRuntimes"),
  route("GET /runtimes/{agentRuntimeId}/", "GetAgentRuntime"),
  route("POST /runtimes/{agentRuntimeId}/runtime-endpoints/", "ListAgentRuntimeEndpoints"),
  route("GET /tags/{resourceArn}", "ListTagsForResource"),
];

const runtimeId = (r: Runtime) => r.id ?? `${r.name}-${idFor(r.name)}`;
const arnOf = (c: Call, r: Runtime) =>
  `arn:aws:bedrock-agentcore:${c.region}:${c.account}:runtime/${runtimeId(r)}`;
const iso = (r: { createdAt?: string }) => r.createdAt ?? DEFAULT_CREATED;
const runtimes = (call: Call, state: SimState): Runtime[] => regionOf(state, call).agentcore?.runtimes ?? [];

function find(call: Call, state: SimState, id: string | undefined): Runtime {
  const r = runtimes(call, state).find((x) => runtimeId(x) === id);
  if (!r) throw notFound(`agent runtime ${id}`);
  return r;
}

function paged<T>(call: Call, state: SimState, rows: T[]) {
  checkMax(call.input.maxResults, 100, "maxResults");
  return page(rows, call.input.nextToken, Number(call.input.maxResults) || undefined, state.pageSize);
}

export const agentCoreHandlers: Record<string, Handler> = {
  ListAgentRuntimes: (call, state) => {
    const p = paged(call, state, runtimes(call, state));
    return {
      agentRuntimes: p.items.map((r) => ({
        agentRuntimeArn: arnOf(call, r),
        agentRuntimeId: runtimeId(r),
        agentRuntimeVersion: r.version ?? "1",
        agentRuntimeName: r.name,
        description: "",
        lastUpdatedAt: iso(r),
        status: r.status ?? "READY",
      })),
      nextToken: p.next,
    };
  },
  GetAgentRuntime: (call, state) => {
    const r = find(call, state, call.path.agentRuntimeId);
    return {
      agentRuntimeArn: arnOf(call, r),
      agentRuntimeName: r.name,
      agentRuntimeId: runtimeId(r),
      agentRuntimeVersion: r.version ?? "1",
      createdAt: iso(r),
      lastUpdatedAt: iso(r),
      roleArn: r.roleArn ?? `arn:aws:iam::${call.account}:role/AgentCoreRuntime`,
      networkConfiguration: {
        networkMode: r.networkMode ?? "PUBLIC",
        networkModeConfig: r.vpc
          ? { subnets: r.vpc.subnets, securityGroups: r.vpc.securityGroups ?? [] }
          : undefined,
      },
      status: r.status ?? "READY",
      lifecycleConfiguration: { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 },
      agentRuntimeArtifact: {
        containerConfiguration: {
          containerUri: r.containerUri ?? `${call.account}.dkr.ecr.${call.region}.amazonaws.com/agent:latest`,
        },
      },
      protocolConfiguration: { serverProtocol: r.protocol ?? "HTTP" },
      environmentVariables: r.environment,
      authorizerConfiguration: r.jwtDiscoveryUrl
        ? { customJWTAuthorizer: { discoveryUrl: r.jwtDiscoveryUrl, allowedAudience: ["agents"] } }
        : undefined,
      workloadIdentityDetails: {
        workloadIdentityArn: `arn:aws:bedrock-agentcore:${call.region}:${call.account}:workload-identity-directory/default/workload-identity/${runtimeId(r)}`,
      },
    };
  },
  ListAgentRuntimeEndpoints: (call, state) => {
    const r = find(call, state, call.path.agentRuntimeId);
    const rows = [{ name: "DEFAULT", liveVersion: r.version ?? "1" }, ...(r.endpoints ?? [])];
    const p = paged(call, state, rows);
    return {
      runtimeEndpoints: p.items.map((e) => ({
        name: e.name,
        liveVersion: e.liveVersion,
        agentRuntimeEndpointArn: `${arnOf(call, r)}/runtime-endpoint/${e.name}`,
        agentRuntimeArn: arnOf(call, r),
        status: ("status" in e && e.status) || "READY",
        id: idFor(`${runtimeId(r)}/${e.name}`),
        createdAt: iso(r),
        lastUpdatedAt: iso(r),
      })),
      nextToken: p.next,
    };
  },
  ListTagsForResource: (call, state) => {
    const arn = String(call.path.resourceArn ?? "");
    const r = runtimes(call, state).find((x) => arnOf(call, x) === arn);
    return { tags: r?.tags ?? {} };
  },
};
