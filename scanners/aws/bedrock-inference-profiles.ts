// Bedrock application inference profiles (type APPLICATION: the ones an account creates to split cost
// and access per team; AWS-defined SYSTEM_DEFINED cross-region profiles are not assets of the
// account). Attributes: inferenceProfileId, status, type, models (the model ARNs it routes to, in
// order). The free-text description is not copied.
import { type InferenceProfileSummary, ListInferenceProfilesCommand } from "@aws-sdk/client-bedrock";
import { bedrockTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";

export const bedrockInferenceProfiles = defineScanner<InferenceProfileSummary>({
  service: "bedrock",
  kind: "inference-profile",
  attributes: {
    inferenceProfileId: { type: "string|null", doc: "the profile's id" },
    status: { type: "string|null", doc: "ACTIVE" },
    type: { type: "string|null", doc: "APPLICATION (account-created)" },
    models: { type: "array", doc: "ARNs of the models the profile routes to" },
  },
  actions: ["bedrock:ListInferenceProfiles", "bedrock:ListTagsForResource"],
  items: "inferenceProfileSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients
      .bedrock()
      .send(
        new ListInferenceProfilesCommand({ typeEquals: "APPLICATION", nextToken: next, maxResults: 1000 }),
      );
    return r;
  },
  tags: (c, d) => bedrockTags(c, d.inferenceProfileArn!),
  toAsset(p) {
    return {
      id: p.inferenceProfileArn!,
      name: p.inferenceProfileName!,
      createdAt: p.createdAt,
      attributes: {
        inferenceProfileId: orNull(p.inferenceProfileId),
        status: orNull(p.status),
        type: orNull(p.type),
        models: (p.models ?? []).map((m) => m.modelArn ?? null),
      },
    };
  },
});
