// SageMaker training jobs created in the last 30 days (older ones are history, not running AI).
// Environment values are never copied. Attributes: status, instanceType, instanceCount,
// interContainerEncryption (bool), networkIsolation (bool), volumeKmsKeyId, outputKmsKeyId (null when
// none), vpc ({subnets, securityGroups} or null), roleArn, trainingImage.
import {
  DescribeTrainingJobCommand,
  type DescribeTrainingJobResponse,
  ListTrainingJobsCommand,
  type TrainingJobSummary,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { vpcOf } from "./sagemaker-models.ts";

export const TRAINING_JOB_WINDOW_DAYS = 30;

export const sagemakerTrainingJobs = defineScanner<TrainingJobSummary, DescribeTrainingJobResponse>({
  service: "sagemaker",
  kind: "training-job",
  actions: ["sagemaker:ListTrainingJobs", "sagemaker:DescribeTrainingJob"],
  async list(c, next) {
    const after = new Date(c.now.getTime() - TRAINING_JOB_WINDOW_DAYS * 86_400_000);
    const r = await c.clients
      .sagemaker()
      .send(new ListTrainingJobsCommand({ NextToken: next, MaxResults: 100, CreationTimeAfter: after }));
    return { items: r.TrainingJobSummaries ?? [], next: r.NextToken };
  },
  describe: (c, item) =>
    unlessGone(
      c.clients.sagemaker().send(new DescribeTrainingJobCommand({ TrainingJobName: item.TrainingJobName })),
    ),
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
