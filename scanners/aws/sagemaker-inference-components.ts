// SageMaker inference components (models placed on a shared endpoint).
import { type InferenceComponentSummary, ListInferenceComponentsCommand } from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerInferenceComponents = defineScanner<InferenceComponentSummary>({
  service: "sagemaker",
  kind: "inference-component",
  attributes: {
    status: { type: "string|null", doc: "InService, Creating, Failed…" },
    endpointName: { type: "string|null", doc: "the endpoint hosting the component" },
    endpointArn: { type: "string|null", doc: "that endpoint's ARN" },
    variantName: { type: "string|null", doc: "the production variant it runs on" },
  },
  // The summary carries no tags: ListTags is the only source.
  actions: ["sagemaker:ListInferenceComponents", "sagemaker:ListTags"],
  items: "InferenceComponents",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListInferenceComponentsCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  tags: (c, i) => sagemakerTags(c, i.InferenceComponentArn!),
  toAsset(i) {
    return {
      id: i.InferenceComponentArn!,
      name: i.InferenceComponentName!,
      createdAt: i.CreationTime,
      attributes: {
        status: orNull(i.InferenceComponentStatus),
        endpointName: orNull(i.EndpointName),
        endpointArn: orNull(i.EndpointArn),
        variantName: orNull(i.VariantName),
      },
    };
  },
});
