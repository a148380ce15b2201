// SageMaker notebook instances.
import {
  DescribeNotebookInstanceCommand,
  type DescribeNotebookInstanceOutput,
  ListNotebookInstancesCommand,
  type NotebookInstanceSummary,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerNotebooks = defineScanner<NotebookInstanceSummary, DescribeNotebookInstanceOutput>({
  service: "sagemaker",
  kind: "notebook",
  attributes: {
    status: { type: "string|null", doc: "InService, Stopped, Pending…" },
    instanceType: { type: "string|null", doc: "e.g. ml.t3.medium" },
    rootAccess: { type: "string|null", doc: "Enabled or Disabled" },
    directInternetAccess: { type: "string|null", doc: "Enabled or Disabled" },
    kmsKeyId: { type: "string|null", doc: "customer KMS key of the volume; null when none" },
    subnetId: { type: "string|null", doc: "subnet of the instance; null when none" },
    securityGroups: { type: "array", doc: "security group ids" },
    roleArn: { type: "string|null", doc: "the instance's role" },
    volumeSizeGB: { type: "number|null", doc: "storage volume size in GB" },
    platformIdentifier: { type: "string|null", doc: "e.g. notebook-al2-v2" },
    minimumImdsVersion: {
      type: "string|null",
      doc: 'minimum instance metadata service version ("1" or "2")',
    },
  },
  actions: ["sagemaker:ListNotebookInstances", "sagemaker:DescribeNotebookInstance", "sagemaker:ListTags"],
  items: "NotebookInstances",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListNotebookInstancesCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(
      c.clients
        .sagemaker()
        .send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: item.NotebookInstanceName })),
    ),
  tags: (c, d) => sagemakerTags(c, d.NotebookInstanceArn!),
  toAsset(d) {
    return {
      id: d.NotebookInstanceArn!,
      name: d.NotebookInstanceName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.NotebookInstanceStatus),
        instanceType: orNull(d.InstanceType),
        rootAccess: orNull(d.RootAccess),
        directInternetAccess: orNull(d.DirectInternetAccess),
        kmsKeyId: orNull(d.KmsKeyId),
        subnetId: orNull(d.SubnetId),
        securityGroups: d.SecurityGroups ?? [],
        roleArn: orNull(d.RoleArn),
        volumeSizeGB: orNull(d.VolumeSizeInGB),
        platformIdentifier: orNull(d.PlatformIdentifier),
        minimumImdsVersion: orNull(
          d.InstanceMetadataServiceConfiguration?.MinimumInstanceMetadataServiceVersion,
        ),
      },
    };
  },
});
