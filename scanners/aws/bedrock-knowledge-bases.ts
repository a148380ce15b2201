// Bedrock Agent knowledge bases. The KnowledgeBase API carries no KMS key of its own (encryption
// is set per data source), so kmsKeyArn is always null here; it is kept so policies read one name.
import {
  GetKnowledgeBaseCommand,
  type KnowledgeBase,
  type KnowledgeBaseSummary,
  ListKnowledgeBasesCommand,
} from "@aws-sdk/client-bedrock-agent";
import { bedrockAgentTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessAgentAbsent } from "./regions.ts";
import { unlessGone } from "./run.ts";

export const bedrockKnowledgeBases = defineScanner<KnowledgeBaseSummary, KnowledgeBase>({
  service: "bedrock",
  kind: "knowledge-base",
  attributes: {
    knowledgeBaseId: { type: "string|null", doc: "the knowledge base's id" },
    status: { type: "string|null", doc: "ACTIVE, CREATING, FAILED…" },
    type: { type: "string|null", doc: "VECTOR, KENDRA or SQL" },
    embeddingModelArn: { type: "string|null", doc: "embedding model of a VECTOR knowledge base" },
    storageType: { type: "string|null", doc: "vector store (OPENSEARCH_SERVERLESS, PINECONE, RDS…)" },
    roleArn: { type: "string|null", doc: "the knowledge base's service role" },
    kmsKeyArn: { type: "string|null", doc: "always null: the API sets encryption per data source" },
  },
  actions: ["bedrock:ListKnowledgeBases", "bedrock:GetKnowledgeBase", "bedrock:ListTagsForResource"],
  items: "knowledgeBaseSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await unlessAgentAbsent(
      c.region,
      () =>
        c.clients.bedrockAgent().send(new ListKnowledgeBasesCommand({ nextToken: next, maxResults: 100 })),
      { $metadata: {}, knowledgeBaseSummaries: [] },
    );
    return r;
  },
  describe: async (c, item) =>
    (
      await unlessGone(
        c.clients.bedrockAgent().send(new GetKnowledgeBaseCommand({ knowledgeBaseId: item.knowledgeBaseId })),
      )
    )?.knowledgeBase,
  tags: (c, d) => bedrockAgentTags(c, d.knowledgeBaseArn!),
  toAsset(k) {
    const config = k.knowledgeBaseConfiguration;
    return {
      id: k.knowledgeBaseArn!,
      name: k.name!,
      createdAt: k.createdAt,
      attributes: {
        knowledgeBaseId: orNull(k.knowledgeBaseId),
        status: orNull(k.status),
        type: orNull(config?.type),
        embeddingModelArn: orNull(config?.vectorKnowledgeBaseConfiguration?.embeddingModelArn),
        storageType: orNull(k.storageConfiguration?.type),
        roleArn: orNull(k.roleArn),
        kmsKeyArn: null,
      },
    };
  },
});
