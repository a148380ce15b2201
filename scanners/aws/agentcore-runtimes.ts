// Amazon Bedrock AgentCore agent runtimes (ARN service "bedrock-agentcore", its own shard), with their
// endpoints. Environment variable values are never copied, only their names. Attributes:
// agentRuntimeId, version, status, networkMode (PUBLIC | VPC), vpc ({subnets, securityGroups} or
// null), roleArn, containerUri, protocol (HTTP | MCP | A2A), authorizer (customJWT | iam),
// environmentKeys (sorted names), endpoints [{name, liveVersion, targetVersion, status}].
import {
  type AgentRuntime,
  type AgentRuntimeEndpoint,
  GetAgentRuntimeCommand,
  type GetAgentRuntimeResponse,
  ListAgentRuntimeEndpointsCommand,
  ListAgentRuntimesCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-bedrock-agentcore-control";
import { type AwsScanContext, defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";

type Detail = { runtime: GetAgentRuntimeResponse; endpoints: AgentRuntimeEndpoint[] };

export const agentCoreRuntimes = defineScanner<AgentRuntime, Detail>({
  service: "bedrock-agentcore",
  kind: "agent-runtime",
  attributes: {
    agentRuntimeId: { type: "string|null", doc: "the runtime's id" },
    version: { type: "string|null", doc: "the runtime version the ARN names" },
    status: { type: "string|null", doc: "CREATING, READY, UPDATING, \u2026" },
    networkMode: { type: "string|null", doc: "PUBLIC or VPC" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when PUBLIC" },
    roleArn: { type: "string|null", doc: "the role the agent runs as" },
    containerUri: { type: "string|null", doc: "the agent's container image; null for code artifacts" },
    protocol: { type: "string|null", doc: "HTTP, MCP or A2A" },
    authorizer: { type: "string", doc: "customJWT when inbound calls need a JWT, else iam" },
    environmentKeys: { type: "array", doc: "names of the environment variables (values are never read)" },
    endpoints: {
      type: "array",
      doc: "[{name, liveVersion, targetVersion, status}] of the runtime's endpoints",
    },
  },
  actions: [
    "bedrock-agentcore:ListAgentRuntimes",
    "bedrock-agentcore:GetAgentRuntime",
    "bedrock-agentcore:ListAgentRuntimeEndpoints",
    "bedrock-agentcore:ListTagsForResource",
  ],
  items: "agentRuntimes",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients
      .agentCore()
      .send(new ListAgentRuntimesCommand({ nextToken: next, maxResults: 100 }));
    return r;
  },
  async describe(c, item) {
    const runtime = await unlessGone(
      c.clients.agentCore().send(new GetAgentRuntimeCommand({ agentRuntimeId: item.agentRuntimeId })),
    );
    return runtime ? { runtime, endpoints: await runtimeEndpoints(c, item.agentRuntimeId!) } : undefined;
  },
  async tags(c, d) {
    const r = await c.clients
      .agentCore()
      .send(new ListTagsForResourceCommand({ resourceArn: d.runtime.agentRuntimeArn }));
    return { ...(r.tags ?? {}) };
  },
  toAsset({ runtime: r, endpoints }) {
    const vpc = r.networkConfiguration?.networkModeConfig;
    const auth = r.authorizerConfiguration;
    return {
      id: r.agentRuntimeArn!,
      name: r.agentRuntimeName!,
      createdAt: r.createdAt,
      attributes: {
        agentRuntimeId: orNull(r.agentRuntimeId),
        version: orNull(r.agentRuntimeVersion),
        status: orNull(r.status),
        networkMode: orNull(r.networkConfiguration?.networkMode),
        vpc: vpc ? { subnets: vpc.subnets ?? [], securityGroups: vpc.securityGroups ?? [] } : null,
        roleArn: orNull(r.roleArn),
        containerUri: orNull(r.agentRuntimeArtifact?.containerConfiguration?.containerUri),
        protocol: orNull(r.protocolConfiguration?.serverProtocol),
        authorizer: auth?.customJWTAuthorizer ? "customJWT" : "iam",
        environmentKeys: Object.keys(r.environmentVariables ?? {}).sort(),
        endpoints: endpoints.map((e) => ({
          name: orNull(e.name),
          liveVersion: orNull(e.liveVersion),
          targetVersion: orNull(e.targetVersion),
          status: orNull(e.status),
        })),
      },
    };
  },
});

async function runtimeEndpoints(c: AwsScanContext, agentRuntimeId: string): Promise<AgentRuntimeEndpoint[]> {
  const out: AgentRuntimeEndpoint[] = [];
  let next: string | undefined;
  do {
    const r = await c.clients
      .agentCore()
      .send(new ListAgentRuntimeEndpointsCommand({ agentRuntimeId, nextToken: next, maxResults: 100 }));
    out.push(...(r.runtimeEndpoints ?? []));
    next = r.nextToken;
  } while (next);
  return out;
}
