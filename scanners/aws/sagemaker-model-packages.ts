// SageMaker model packages: the versions in the model registry (versioned packages of a model package
// group) and unversioned marketplace-style packages, each with its approval status. The free-text
// description is not copied. Attributes: group (null for unversioned), version, status,
// approvalStatus (Approved | Rejected | PendingManualApproval, null when unversioned), stage (the
// model life cycle stage, null when none).
import { ListModelPackagesCommand, type ModelPackageSummary } from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerModelPackages = defineScanner<ModelPackageSummary>({
  service: "sagemaker",
  kind: "model-package",
  attributes: {
    group: { type: "string|null", doc: "model package group; null when unversioned" },
    version: { type: "number|null", doc: "version in the group" },
    status: { type: "string|null", doc: "Pending, InProgress, Completed, Failed" },
    approvalStatus: { type: "string|null", doc: "Approved, Rejected, PendingManualApproval" },
    stage: { type: "string|null", doc: "model life cycle stage; null when none" },
  },
  actions: ["sagemaker:ListModelPackages", "sagemaker:ListTags"],
  items: "ModelPackageSummaryList",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListModelPackagesCommand({ ModelPackageType: "Both", NextToken: next, MaxResults: 100 }));
    return r;
  },
  tags: (c, d) => sagemakerTags(c, d.ModelPackageArn!),
  toAsset(p) {
    const group = orNull(p.ModelPackageGroupName);
    return {
      id: p.ModelPackageArn!,
      // A versioned package is named after its group; the version tells them apart.
      name:
        group && p.ModelPackageVersion !== undefined
          ? `${group}/${p.ModelPackageVersion}`
          : p.ModelPackageName!,
      createdAt: p.CreationTime,
      attributes: {
        group,
        version: orNull(p.ModelPackageVersion),
        status: orNull(p.ModelPackageStatus),
        approvalStatus: orNull(p.ModelApprovalStatus),
        stage: orNull(p.ModelLifeCycle?.Stage),
      },
    };
  },
});
