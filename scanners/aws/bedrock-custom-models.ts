// Bedrock custom (fine-tuned / distilled) models. Attributes: baseModelArn, customizationType,
// kmsKeyArn (null when AWS-owned key), status, jobName.
import {
  type CustomModelSummary,
  GetCustomModelCommand,
  type GetCustomModelResponse,
  ListCustomModelsCommand,
} from "@aws-sdk/client-bedrock";
import { bedrockTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";

export const bedrockCustomModels = defineScanner<CustomModelSummary, GetCustomModelResponse>({
  service: "bedrock",
  kind: "custom-model",
  actions: ["bedrock:ListCustomModels", "bedrock:GetCustomModel", "bedrock:ListTagsForResource"],
  async list(c, next) {
    const r = await c.clients
      .bedrock()
      .send(new ListCustomModelsCommand({ nextToken: next, maxResults: 100 }));
    return { items: r.modelSummaries ?? [], next: r.nextToken };
  },
  describe: (c, item) =>
    unlessGone(c.clients.bedrock().send(new GetCustomModelCommand({ modelIdentifier: item.modelArn }))),
  tags: (c, d) => bedrockTags(c, d.modelArn!),
  toAsset(d) {
    return {
      id: d.modelArn!,
      name: d.modelName!,
      createdAt: d.creationTime,
      attributes: {
        baseModelArn: orNull(d.baseModelArn),
        customizationType: orNull(d.customizationType),
        kmsKeyArn: orNull(d.modelKmsKeyArn),
        status: orNull(d.modelStatus),
        jobName: orNull(d.jobName),
      },
    };
  },
});
