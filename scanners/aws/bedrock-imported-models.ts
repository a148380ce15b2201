// Bedrock imported (custom-weights) models.
import {
  GetImportedModelCommand,
  type GetImportedModelResponse,
  type ImportedModelSummary,
  ListImportedModelsCommand,
} from "@aws-sdk/client-bedrock";
import { bedrockTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";

export const bedrockImportedModels = defineScanner<ImportedModelSummary, GetImportedModelResponse>({
  service: "bedrock",
  kind: "imported-model",
  attributes: {
    architecture: { type: "string|null", doc: "model architecture (e.g. llama3, mistral)" },
    kmsKeyArn: { type: "string|null", doc: "customer KMS key of the model; null when none" },
    instructSupported: { type: "boolean", doc: "the model supports instruct (chat) prompts" },
  },
  actions: ["bedrock:ListImportedModels", "bedrock:GetImportedModel", "bedrock:ListTagsForResource"],
  items: "modelSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients
      .bedrock()
      .send(new ListImportedModelsCommand({ nextToken: next, maxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(c.clients.bedrock().send(new GetImportedModelCommand({ modelIdentifier: item.modelArn }))),
  tags: (c, d) => bedrockTags(c, d.modelArn!),
  toAsset(d) {
    return {
      id: d.modelArn!,
      name: d.modelName!,
      createdAt: d.creationTime,
      attributes: {
        architecture: orNull(d.modelArchitecture),
        kmsKeyArn: orNull(d.modelKmsKeyArn),
        instructSupported: d.instructSupported ?? false,
      },
    };
  },
});
