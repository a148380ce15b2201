// Bedrock custom (fine-tuned / distilled) models.
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
  attributes: {
    baseModelArn: { type: "string|null", doc: "the foundation model the custom model was trained from" },
    customizationType: { type: "string|null", doc: "FINE_TUNING, CONTINUED_PRE_TRAINING, DISTILLATION…" },
    kmsKeyArn: { type: "string|null", doc: "customer KMS key of the model; null when AWS-owned" },
    status: { type: "string|null", doc: "modelStatus: Active, Creating, Failed" },
    jobName: { type: "string|null", doc: "the customization job that produced the model" },
  },
  actions: ["bedrock:ListCustomModels", "bedrock:GetCustomModel", "bedrock:ListTagsForResource"],
  items: "modelSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients
      .bedrock()
      .send(new ListCustomModelsCommand({ nextToken: next, maxResults: 100 }));
    return r;
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
