// SageMaker model registry groups. Attributes: status, description.
import { ListModelPackageGroupsCommand, type ModelPackageGroupSummary } from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";

export const sagemakerModelPackageGroups = defineScanner<ModelPackageGroupSummary>({
  service: "sagemaker",
  kind: "model-package-group",
  actions: ["sagemaker:ListModelPackageGroups"],
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListModelPackageGroupsCommand({ NextToken: next, MaxResults: 100 }));
    return { items: r.ModelPackageGroupSummaryList ?? [], next: r.NextToken };
  },
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
