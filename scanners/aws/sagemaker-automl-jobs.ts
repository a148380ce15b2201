// SageMaker Autopilot (AutoML) jobs of the job window, read with DescribeAutoMLJobV2 (it answers for
// V1 jobs too). Candidate container environments are never copied. Attributes: status,
// secondaryStatus, problemType (Tabular | TextGeneration | …), bestCandidate (name, null until one),
// volumeKmsKeyId, outputKmsKeyId (null when none), interContainerEncryption (bool), vpc
// ({subnets, securityGroups} or null), roleArn.
import {
  type AutoMLJobSummary,
  DescribeAutoMLJobV2Command,
  type DescribeAutoMLJobV2Response,
  ListAutoMLJobsCommand,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { windowStart } from "./jobs-window.ts";
import { unlessGone } from "./run.ts";
import { vpcOf } from "./sagemaker-models.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerAutoMLJobs = defineScanner<AutoMLJobSummary, DescribeAutoMLJobV2Response>({
  service: "sagemaker",
  kind: "automl-job",
  attributes: {
    status: { type: "string|null", doc: "InProgress, Completed, Failed, Stopped" },
    secondaryStatus: { type: "string|null", doc: "the detailed stage" },
    problemType: { type: "string|null", doc: "Tabular, TextGeneration, ImageClassification, \u2026" },
    bestCandidate: { type: "string|null", doc: "name of the best candidate; null until one" },
    volumeKmsKeyId: { type: "string|null", doc: "customer KMS key of the volumes; null when none" },
    outputKmsKeyId: { type: "string|null", doc: "customer KMS key of the output; null when none" },
    interContainerEncryption: { type: "boolean", doc: "traffic between containers is encrypted" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when not in a VPC" },
    roleArn: { type: "string|null", doc: "the job's role" },
  },
  actions: ["sagemaker:ListAutoMLJobs", "sagemaker:DescribeAutoMLJobV2", "sagemaker:ListTags"],
  items: "AutoMLJobSummaries",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients.sagemaker().send(
      new ListAutoMLJobsCommand({
        NextToken: next,
        MaxResults: 100,
        CreationTimeAfter: windowStart(c.now),
      }),
    );
    return r;
  },
  describe: (c, item) =>
    unlessGone(
      c.clients.sagemaker().send(new DescribeAutoMLJobV2Command({ AutoMLJobName: item.AutoMLJobName })),
    ),
  // Jobs of the window only, as training jobs: one ListTags per job.
  tags: (c, d) => sagemakerTags(c, d.AutoMLJobArn!),
  toAsset(d) {
    return {
      id: d.AutoMLJobArn!,
      name: d.AutoMLJobName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.AutoMLJobStatus),
        secondaryStatus: orNull(d.AutoMLJobSecondaryStatus),
        problemType: orNull(d.AutoMLProblemTypeConfigName),
        bestCandidate: orNull(d.BestCandidate?.CandidateName),
        volumeKmsKeyId: orNull(d.SecurityConfig?.VolumeKmsKeyId),
        outputKmsKeyId: orNull(d.OutputDataConfig?.KmsKeyId),
        interContainerEncryption: d.SecurityConfig?.EnableInterContainerTrafficEncryption ?? false,
        vpc: vpcOf(d.SecurityConfig?.VpcConfig),
        roleArn: orNull(d.RoleArn),
      },
    };
  },
});
