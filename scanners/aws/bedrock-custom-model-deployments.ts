// Bedrock custom model deployments (on-demand inference for a custom model, no provisioned
// throughput). Attributes: status, modelArn (the custom model deployed), lastUpdatedAt. The failure
// message is not copied (free text from the service).
import {
  type CustomModelDeploymentSummary,
  ListCustomModelDeploymentsCommand,
} from "@aws-sdk/client-bedrock";
import { bedrockTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";

export const bedrockCustomModelDeployments = defineScanner<CustomModelDeploymentSummary>({
  service: "bedrock",
  kind: "custom-model-deployment",
  attributes: {
    status: { type: "string|null", doc: "Creating, Active, Failed" },
    modelArn: { type: "string|null", doc: "the custom model deployed" },
    lastUpdatedAt: { type: "string|null", doc: "ISO time of the last update" },
  },
  actions: ["bedrock:ListCustomModelDeployments", "bedrock:ListTagsForResource"],
  items: "modelDeploymentSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients
      .bedrock()
      .send(new ListCustomModelDeploymentsCommand({ nextToken: next, maxResults: 1000 }));
    return r;
  },
  tags: (c, d) => bedrockTags(c, d.customModelDeploymentArn!),
  toAsset(d) {
    return {
      id: d.customModelDeploymentArn!,
      name: d.customModelDeploymentName!,
      createdAt: d.createdAt,
      attributes: {
        status: orNull(d.status),
        modelArn: orNull(d.modelArn),
        lastUpdatedAt: d.lastUpdatedAt?.toISOString() ?? null,
      },
    };
  },
});
