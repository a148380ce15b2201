// SageMaker batch transform jobs of the job window. Environment values are never copied, only their
// names. Attributes: status, modelName, instanceType, instanceCount, volumeKmsKeyId, outputKmsKeyId
// (null when none), dataCaptureEnabled (bool), environmentKeys.
import {
  DescribeTransformJobCommand,
  type DescribeTransformJobResponse,
  ListTransformJobsCommand,
  type TransformJobSummary,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { windowStart } from "./jobs-window.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerTransformJobs = defineScanner<TransformJobSummary, DescribeTransformJobResponse>({
  service: "sagemaker",
  kind: "transform-job",
  attributes: {
    status: { type: "string|null", doc: "InProgress, Completed, Failed, Stopped" },
    modelName: { type: "string|null", doc: "the model run in batch" },
    instanceType: { type: "string|null", doc: "e.g. ml.m5.large" },
    instanceCount: { type: "number|null", doc: "transform instances" },
    volumeKmsKeyId: { type: "string|null", doc: "customer KMS key of the volumes; null when none" },
    outputKmsKeyId: { type: "string|null", doc: "customer KMS key of the output; null when none" },
    dataCaptureEnabled: { type: "boolean", doc: "batch data capture is on" },
    environmentKeys: { type: "array", doc: "names of the environment variables (values are never read)" },
  },
  actions: ["sagemaker:ListTransformJobs", "sagemaker:DescribeTransformJob", "sagemaker:ListTags"],
  items: "TransformJobSummaries",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients.sagemaker().send(
      new ListTransformJobsCommand({
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
        .send(new DescribeTransformJobCommand({ TransformJobName: item.TransformJobName })),
    ),
  // Jobs of the window only, as training jobs: one ListTags per job.
  tags: (c, d) => sagemakerTags(c, d.TransformJobArn!),
  toAsset(d) {
    return {
      id: d.TransformJobArn!,
      name: d.TransformJobName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.TransformJobStatus),
        modelName: orNull(d.ModelName),
        instanceType: orNull(d.TransformResources?.InstanceType),
        instanceCount: orNull(d.TransformResources?.InstanceCount),
        volumeKmsKeyId: orNull(d.TransformResources?.VolumeKmsKeyId),
        outputKmsKeyId: orNull(d.TransformOutput?.KmsKeyId),
        dataCaptureEnabled: d.DataCaptureConfig !== undefined,
        environmentKeys: Object.keys(d.Environment ?? {}).sort(),
      },
    };
  },
});
