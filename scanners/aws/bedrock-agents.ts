// Bedrock Agent agents (ARN service "bedrock", so they belong to the bedrock shard).
import {
  type Agent,
  type AgentSummary,
  GetAgentCommand,
  ListAgentsCommand,
} from "@aws-sdk/client-bedrock-agent";
import { bedrockAgentTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessAgentAbsent } from "./regions.ts";
import { unlessGone } from "./run.ts";

export const bedrockAgents = defineScanner<AgentSummary, Agent>({
  service: "bedrock",
  kind: "agent",
  attributes: {
    agentId: { type: "string|null", doc: "the agent's id (the last segment of its ARN)" },
    status: { type: "string|null", doc: "agentStatus: PREPARED, NOT_PREPARED, CREATING, FAILED…" },
    foundationModel: { type: "string|null", doc: "the model the agent invokes (model id or ARN)" },
    guardrailId: { type: "string|null", doc: "the guardrail applied to the agent; null when none" },
    guardrailVersion: { type: "string|null", doc: "the guardrail version applied (DRAFT or a number)" },
    kmsKeyArn: { type: "string|null", doc: "customer encryption key of the agent; null when AWS-owned" },
    roleArn: { type: "string|null", doc: "the agent's service role" },
    idleSessionTtlSeconds: { type: "number|null", doc: "seconds an idle session is kept" },
  },
  actions: ["bedrock:ListAgents", "bedrock:GetAgent", "bedrock:ListTagsForResource"],
  items: "agentSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await unlessAgentAbsent(
      c.region,
      () => c.clients.bedrockAgent().send(new ListAgentsCommand({ nextToken: next, maxResults: 100 })),
      { $metadata: {}, agentSummaries: [] },
    );
    return r;
  },
  describe: async (c, item) =>
    (await unlessGone(c.clients.bedrockAgent().send(new GetAgentCommand({ agentId: item.agentId }))))?.agent,
  tags: (c, d) => bedrockAgentTags(c, d.agentArn!),
  toAsset(a) {
    return {
      id: a.agentArn!,
      name: a.agentName!,
      createdAt: a.createdAt,
      attributes: {
        agentId: orNull(a.agentId),
        status: orNull(a.agentStatus),
        foundationModel: orNull(a.foundationModel),
        guardrailId: orNull(a.guardrailConfiguration?.guardrailIdentifier),
        guardrailVersion: orNull(a.guardrailConfiguration?.guardrailVersion),
        kmsKeyArn: orNull(a.customerEncryptionKeyArn),
        roleArn: orNull(a.agentResourceRoleArn),
        idleSessionTtlSeconds: orNull(a.idleSessionTTLInSeconds),
      },
    };
  },
});
