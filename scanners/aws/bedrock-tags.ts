// Tags of one Bedrock resource (bedrock:ListTagsForResource; Bedrock Agent answers a map, Bedrock a list).
import { ListTagsForResourceCommand } from "@aws-sdk/client-bedrock";
import { ListTagsForResourceCommand as ListAgentTagsCommand } from "@aws-sdk/client-bedrock-agent";
import type { AwsScanContext } from "./declaration.ts";

export async function bedrockTags(c: AwsScanContext, arn: string): Promise<Record<string, string>> {
  const r = await c.clients.bedrock().send(new ListTagsForResourceCommand({ resourceARN: arn }));
  return Object.fromEntries((r.tags ?? []).map((t) => [t.key ?? "", t.value ?? ""]));
}

export async function bedrockAgentTags(c: AwsScanContext, arn: string): Promise<Record<string, string>> {
  const r = await c.clients.bedrockAgent().send(new ListAgentTagsCommand({ resourceArn: arn }));
  return { ...(r.tags ?? {}) };
}
