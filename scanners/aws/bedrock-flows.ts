// Bedrock flows (ARN service "bedrock"), with their versions and aliases. The flow definition (nodes,
// inline prompts, code) is never copied. Attributes: flowId, status, versions (numbered, ascending),
// aliases [{name, versions}] (the flow versions each alias routes to), kmsKeyArn (null when
// AWS-owned), roleArn.
import {
  type FlowSummary,
  GetFlowCommand,
  type GetFlowResponse,
  ListFlowAliasesCommand,
  ListFlowsCommand,
  ListFlowVersionsCommand,
} from "@aws-sdk/client-bedrock-agent";
import { bedrockAgentTags } from "./bedrock-tags.ts";
import { type AwsScanContext, defineScanner, orNull } from "./declaration.ts";
import { unlessAgentAbsent } from "./regions.ts";
import { unlessGone } from "./run.ts";

type Alias = { name: string | null; versions: (string | null)[] };
type Detail = { flow: GetFlowResponse; versions: string[]; aliases: Alias[] };

export const bedrockFlows = defineScanner<FlowSummary, Detail>({
  service: "bedrock",
  kind: "flow",
  attributes: {
    flowId: { type: "string|null", doc: "the flow's id" },
    status: { type: "string|null", doc: "Prepared, NotPrepared, Preparing, Failed" },
    versions: { type: "array", doc: "numbered versions, ascending" },
    aliases: { type: "array", doc: "[{name, versions}]: the flow versions each alias routes to" },
    kmsKeyArn: { type: "string|null", doc: "customer KMS key; null when AWS-owned" },
    roleArn: { type: "string|null", doc: "the flow's execution role" },
  },
  actions: [
    "bedrock:ListFlows",
    "bedrock:GetFlow",
    "bedrock:ListFlowVersions",
    "bedrock:ListFlowAliases",
    "bedrock:ListTagsForResource",
  ],
  items: "flowSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await unlessAgentAbsent(
      c.region,
      () => c.clients.bedrockAgent().send(new ListFlowsCommand({ nextToken: next, maxResults: 1000 })),
      { $metadata: {}, flowSummaries: [] },
    );
    return r;
  },
  async describe(c, item) {
    const flow = await unlessGone(
      c.clients.bedrockAgent().send(new GetFlowCommand({ flowIdentifier: item.id })),
    );
    if (!flow) return undefined;
    return { flow, versions: await flowVersions(c, item.id!), aliases: await flowAliases(c, item.id!) };
  },
  tags: (c, d) => bedrockAgentTags(c, d.flow.arn!),
  toAsset({ flow: f, versions, aliases }) {
    return {
      id: f.arn!,
      name: f.name!,
      createdAt: f.createdAt,
      attributes: {
        flowId: orNull(f.id),
        status: orNull(f.status),
        versions,
        aliases,
        kmsKeyArn: orNull(f.customerEncryptionKeyArn),
        roleArn: orNull(f.executionRoleArn),
      },
    };
  },
});

async function flowVersions(c: AwsScanContext, flowId: string): Promise<string[]> {
  const versions: string[] = [];
  let next: string | undefined;
  do {
    const r = await c.clients
      .bedrockAgent()
      .send(new ListFlowVersionsCommand({ flowIdentifier: flowId, nextToken: next, maxResults: 1000 }));
    for (const v of r.flowVersionSummaries ?? [])
      if (v.version && v.version !== "DRAFT") versions.push(v.version);
    next = r.nextToken;
  } while (next);
  return versions.sort((a, b) => Number(a) - Number(b));
}

async function flowAliases(c: AwsScanContext, flowId: string): Promise<Alias[]> {
  const aliases: Alias[] = [];
  let next: string | undefined;
  do {
    const r = await c.clients
      .bedrockAgent()
      .send(new ListFlowAliasesCommand({ flowIdentifier: flowId, nextToken: next, maxResults: 1000 }));
    for (const a of r.flowAliasSummaries ?? []) {
      aliases.push({
        name: orNull(a.name),
        versions: (a.routingConfiguration ?? []).map((x) => orNull(x.flowVersion)),
      });
    }
    next = r.nextToken;
  } while (next);
  return aliases.sort((a, b) => String(a.name).localeCompare(String(b.name)));
}
