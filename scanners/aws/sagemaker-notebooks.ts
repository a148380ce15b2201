// SageMaker notebook instances. Attributes: status, instanceType, rootAccess ("Enabled"|"Disabled"),
// directInternetAccess ("Enabled"|"Disabled"), kmsKeyId (null when none), subnetId (null when none),
// securityGroups, roleArn, volumeSizeGB, platformIdentifier, minimumImdsVersion.
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
  actions: ["sagemaker:ListNotebookInstances", "sagemaker:DescribeNotebookInstance", "sagemaker:ListTags"],
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListNotebookInstancesCommand({ NextToken: next, MaxResults: 100 }));
    return { items: r.NotebookInstances ?? [], next: r.NextToken };
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
