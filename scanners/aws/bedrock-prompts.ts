// Bedrock prompt management prompts (ARN service "bedrock"), with their numbered versions. Prompt
// templates are never copied (they carry instructions and, too often, secrets). Attributes: promptId,
// version (the working draft, DRAFT), versions (numbered versions, ascending), defaultVariant,
// models (the model id of each variant), kmsKeyArn (null when AWS-owned).
import {
  GetPromptCommand,
  type GetPromptResponse,
  ListPromptsCommand,
  type PromptSummary,
} from "@aws-sdk/client-bedrock-agent";
import { bedrockAgentTags } from "./bedrock-tags.ts";
import { type AwsScanContext, defineScanner, orNull } from "./declaration.ts";
import { unlessAgentAbsent } from "./regions.ts";
import { unlessGone } from "./run.ts";

type Detail = { prompt: GetPromptResponse; versions: string[] };

export const bedrockPrompts = defineScanner<PromptSummary, Detail>({
  service: "bedrock",
  kind: "prompt",
  attributes: {
    promptId: { type: "string|null", doc: "the prompt's id" },
    version: { type: "string|null", doc: "DRAFT (the working draft)" },
    versions: { type: "array", doc: "numbered versions, ascending" },
    defaultVariant: { type: "string|null", doc: "name of the default variant" },
    models: { type: "array", doc: "model id of each variant" },
    kmsKeyArn: { type: "string|null", doc: "customer KMS key; null when AWS-owned" },
  },
  actions: ["bedrock:ListPrompts", "bedrock:GetPrompt", "bedrock:ListTagsForResource"],
  items: "promptSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await unlessAgentAbsent(
      c.region,
      () => c.clients.bedrockAgent().send(new ListPromptsCommand({ nextToken: next, maxResults: 1000 })),
      { $metadata: {}, promptSummaries: [] },
    );
    return r;
  },
  async describe(c, item) {
    const prompt = await unlessGone(
      c.clients.bedrockAgent().send(new GetPromptCommand({ promptIdentifier: item.id })),
    );
    return prompt ? { prompt, versions: await promptVersions(c, item.id!) } : undefined;
  },
  tags: (c, d) => bedrockAgentTags(c, d.prompt.arn!),
  toAsset({ prompt: p, versions }) {
    return {
      id: p.arn!,
      name: p.name!,
      createdAt: p.createdAt,
      attributes: {
        promptId: orNull(p.id),
        version: orNull(p.version),
        versions,
        defaultVariant: orNull(p.defaultVariant),
        models: (p.variants ?? []).map((v) => v.modelId ?? null),
        kmsKeyArn: orNull(p.customerEncryptionKeyArn),
      },
    };
  },
});

/** ListPrompts with a prompt identifier lists that prompt's versions (DRAFT included; left out here). */
async function promptVersions(c: AwsScanContext, promptId: string): Promise<string[]> {
  const versions: string[] = [];
  let next: string | undefined;
  do {
    const r = await c.clients
      .bedrockAgent()
      .send(new ListPromptsCommand({ promptIdentifier: promptId, nextToken: next, maxResults: 1000 }));
    for (const s of r.promptSummaries ?? []) if (s.version && s.version !== "DRAFT") versions.push(s.version);
    next = r.nextToken;
  } while (next);
  return versions.sort((a, b) => Number(a) - Number(b));
}
