// SageMaker training jobs created in the last 30 days (older ones are history, not running AI).
// Environment values are never copied.
import {
  DescribeTrainingJobCommand,
  type DescribeTrainingJobResponse,
  ListTrainingJobsCommand,
  type TrainingJobSummary,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { vpcOf } from "./sagemaker-models.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const TRAINING_JOB_WINDOW_DAYS = 30;

export const sagemakerTrainingJobs = defineScanner<TrainingJobSummary, DescribeTrainingJobResponse>({
  service: "sagemaker",
  kind: "training-job",
  attributes: {
    status: { type: "string|null", doc: "InProgress, Completed, Failed, Stopped…" },
    instanceType: { type: "string|null", doc: "e.g. ml.p4d.24xlarge" },
    instanceCount: { type: "number|null", doc: "number of training instances" },
    interContainerEncryption: { type: "boolean", doc: "traffic between training containers is encrypted" },
    networkIsolation: { type: "boolean", doc: "containers run without network access" },
    volumeKmsKeyId: { type: "string|null", doc: "customer KMS key of the training volumes; null when none" },
    outputKmsKeyId: { type: "string|null", doc: "customer KMS key of the output; null when none" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when not in a VPC" },
    roleArn: { type: "string|null", doc: "the job's role" },
    trainingImage: { type: "string|null", doc: "the training container image" },
  },
  // DescribeTrainingJob carries no tags: ListTags is the only source.
  actions: ["sagemaker:ListTrainingJobs", "sagemaker:DescribeTrainingJob", "sagemaker:ListTags"],
  items: "TrainingJobSummaries",
  next: "NextToken",
  async list(c, next) {
    const after = new Date(c.now.getTime() - TRAINING_JOB_WINDOW_DAYS * 86_400_000);
    const r = await c.clients
      .sagemaker()
      .send(new ListTrainingJobsCommand({ NextToken: next, MaxResults: 100, CreationTimeAfter: after }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(
      c.clients.sagemaker().send(new DescribeTrainingJobCommand({ TrainingJobName: item.TrainingJobName })),
    ),
  tags: (c, d) => sagemakerTags(c, d.TrainingJobArn!),
  toAsset(d) {
    return {
      id: d.TrainingJobArn!,
      name: d.TrainingJobName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.TrainingJobStatus),
        instanceType: orNull(d.ResourceConfig?.InstanceType),
        instanceCount: orNull(d.ResourceConfig?.InstanceCount),
        interContainerEncryption: d.EnableInterContainerTrafficEncryption ?? false,
        networkIsolation: d.EnableNetworkIsolation ?? false,
        volumeKmsKeyId: orNull(d.ResourceConfig?.VolumeKmsKeyId),
        outputKmsKeyId: orNull(d.OutputDataConfig?.KmsKeyId),
        vpc: vpcOf(d.VpcConfig),
        roleArn: orNull(d.RoleArn),
        trainingImage: orNull(d.AlgorithmSpecification?.TrainingImage),
      },
    };
  },
});
