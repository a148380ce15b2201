// Bedrock provisioned model throughput (reserved capacity, billed hourly).
import {
  ListProvisionedModelThroughputsCommand,
  type ProvisionedModelSummary,
} from "@aws-sdk/client-bedrock";
import { bedrockTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";

export const bedrockProvisionedThroughputs = defineScanner<ProvisionedModelSummary>({
  service: "bedrock",
  kind: "provisioned-throughput",
  attributes: {
    modelArn: { type: "string|null", doc: "the model the capacity serves" },
    foundationModelArn: { type: "string|null", doc: "the foundation model behind it" },
    modelUnits: { type: "number|null", doc: "model units purchased" },
    status: { type: "string|null", doc: "InService, Creating, Updating, Failed" },
    commitmentDuration: { type: "string|null", doc: "OneMonth or SixMonths; null = no commitment" },
    commitmentExpiresAt: { type: "string|null", doc: "ISO time the commitment ends; null when none" },
  },
  // The summary carries no tags: ListTagsForResource is the only source.
  actions: ["bedrock:ListProvisionedModelThroughputs", "bedrock:ListTagsForResource"],
  items: "provisionedModelSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients
      .bedrock()
      .send(new ListProvisionedModelThroughputsCommand({ nextToken: next, maxResults: 100 }));
    return r;
  },
  tags: (c, p) => bedrockTags(c, p.provisionedModelArn!),
  toAsset(p) {
    return {
      id: p.provisionedModelArn!,
      name: p.provisionedModelName!,
      createdAt: p.creationTime,
      attributes: {
        modelArn: orNull(p.modelArn),
        foundationModelArn: orNull(p.foundationModelArn),
        modelUnits: orNull(p.modelUnits),
        status: orNull(p.status),
        commitmentDuration: orNull(p.commitmentDuration),
        commitmentExpiresAt: p.commitmentExpirationTime?.toISOString() ?? null,
      },
    };
  },
});
