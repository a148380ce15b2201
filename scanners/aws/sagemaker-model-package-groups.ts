// SageMaker model registry groups.
import { ListModelPackageGroupsCommand, type ModelPackageGroupSummary } from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerModelPackageGroups = defineScanner<ModelPackageGroupSummary>({
  service: "sagemaker",
  kind: "model-package-group",
  attributes: {
    status: { type: "string|null", doc: "Completed, Pending, Failed…" },
    description: { type: "string|null", doc: "the group's description" },
  },
  // The summary carries no tags: ListTags is the only source.
  actions: ["sagemaker:ListModelPackageGroups", "sagemaker:ListTags"],
  items: "ModelPackageGroupSummaryList",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListModelPackageGroupsCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  tags: (c, g) => sagemakerTags(c, g.ModelPackageGroupArn!),
  toAsset(g) {
    return {
      id: g.ModelPackageGroupArn!,
      name: g.ModelPackageGroupName!,
      createdAt: g.CreationTime,
      attributes: {
        status: orNull(g.ModelPackageGroupStatus),
        description: orNull(g.ModelPackageGroupDescription),
      },
    };
  },
});
