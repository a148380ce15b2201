// SageMaker processing jobs of the job window, Clarify bias/explainability runs included (clarify:
// true when the image is SageMaker Clarify's). Environment values are never copied, only their
// names. Attributes: status, clarify (bool), image, instanceType, instanceCount, volumeKmsKeyId,
// outputKmsKeyId (null when none), networkIsolation (bool), interContainerEncryption (bool), vpc
// ({subnets, securityGroups} or null), roleArn, environmentKeys, monitoringScheduleArn (set when a
// model monitor ran it).
import {
  DescribeProcessingJobCommand,
  type DescribeProcessingJobResponse,
  ListProcessingJobsCommand,
  type ProcessingJobSummary,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { windowStart } from "./jobs-window.ts";
import { unlessGone } from "./run.ts";
import { vpcOf } from "./sagemaker-models.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerProcessingJobs = defineScanner<ProcessingJobSummary, DescribeProcessingJobResponse>({
  service: "sagemaker",
  kind: "processing-job",
  attributes: {
    status: { type: "string|null", doc: "InProgress, Completed, Failed, Stopped" },
    clarify: { type: "boolean", doc: "the job runs SageMaker Clarify (bias / explainability)" },
    image: { type: "string|null", doc: "the processing container image" },
    instanceType: { type: "string|null", doc: "e.g. ml.m5.xlarge" },
    instanceCount: { type: "number|null", doc: "processing instances" },
    volumeKmsKeyId: { type: "string|null", doc: "customer KMS key of the volumes; null when none" },
    outputKmsKeyId: { type: "string|null", doc: "customer KMS key of the output; null when none" },
    networkIsolation: { type: "boolean", doc: "containers run without network access" },
    interContainerEncryption: { type: "boolean", doc: "traffic between containers is encrypted" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when not in a VPC" },
    roleArn: { type: "string|null", doc: "the job's role" },
    environmentKeys: { type: "array", doc: "names of the environment variables (values are never read)" },
    monitoringScheduleArn: { type: "string|null", doc: "the model monitor that ran it; null otherwise" },
  },
  actions: ["sagemaker:ListProcessingJobs", "sagemaker:DescribeProcessingJob", "sagemaker:ListTags"],
  items: "ProcessingJobSummaries",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients.sagemaker().send(
      new ListProcessingJobsCommand({
        NextToken: next,
        MaxResults: 100,
        CreationTimeAfter: windowStart(c.now),
      }),
    );
    return r;
  },
  describe: (c, item) =>
    unlessGone(
      c.clients
        .sagemaker()
        .send(new DescribeProcessingJobCommand({ ProcessingJobName: item.ProcessingJobName })),
    ),
  // Jobs of the window only, as training jobs: one ListTags per job.
  tags: (c, d) => sagemakerTags(c, d.ProcessingJobArn!),
  toAsset(d) {
    const cluster = d.ProcessingResources?.ClusterConfig;
    const image = d.AppSpecification?.ImageUri;
    return {
      id: d.ProcessingJobArn!,
      name: d.ProcessingJobName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.ProcessingJobStatus),
        clarify: /sagemaker-clarify-processing/.test(image ?? ""),
        image: orNull(image),
        instanceType: orNull(cluster?.InstanceType),
        instanceCount: orNull(cluster?.InstanceCount),
        volumeKmsKeyId: orNull(cluster?.VolumeKmsKeyId),
        outputKmsKeyId: orNull(d.ProcessingOutputConfig?.KmsKeyId),
        networkIsolation: d.NetworkConfig?.EnableNetworkIsolation ?? false,
        interContainerEncryption: d.NetworkConfig?.EnableInterContainerTrafficEncryption ?? false,
        vpc: vpcOf(d.NetworkConfig?.VpcConfig),
        roleArn: orNull(d.RoleArn),
        environmentKeys: Object.keys(d.Environment ?? {}).sort(),
        monitoringScheduleArn: orNull(d.MonitoringScheduleArn),
      },
    };
  },
});
