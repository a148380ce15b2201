// SageMaker Neo compilation jobs of the job window. Compiler options (free-form JSON) are not copied.
// Attributes: status, targetDevice (null when a target platform is given), targetPlatform ({os,
// arch, accelerator} or null), framework, outputKmsKeyId (null when none), vpc ({subnets,
// securityGroups} or null), roleArn.
import {
  type CompilationJobSummary,
  DescribeCompilationJobCommand,
  type DescribeCompilationJobResponse,
  ListCompilationJobsCommand,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { windowStart } from "./jobs-window.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerCompilationJobs = defineScanner<CompilationJobSummary, DescribeCompilationJobResponse>({
  service: "sagemaker",
  kind: "compilation-job",
  attributes: {
    status: { type: "string|null", doc: "INPROGRESS, COMPLETED, FAILED, \u2026" },
    targetDevice: { type: "string|null", doc: "e.g. ml_inf2; null when a platform is given" },
    targetPlatform: { type: "object|null", doc: "{os, arch, accelerator}; null when a device is given" },
    framework: { type: "string|null", doc: "PYTORCH, TENSORFLOW, \u2026" },
    outputKmsKeyId: { type: "string|null", doc: "customer KMS key of the output; null when none" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when not in a VPC" },
    roleArn: { type: "string|null", doc: "the job's role" },
  },
  actions: ["sagemaker:ListCompilationJobs", "sagemaker:DescribeCompilationJob", "sagemaker:ListTags"],
  items: "CompilationJobSummaries",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients.sagemaker().send(
      new ListCompilationJobsCommand({
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
        .send(new DescribeCompilationJobCommand({ CompilationJobName: item.CompilationJobName })),
    ),
  // Jobs of the window only, as training jobs: one ListTags per job.
  tags: (c, d) => sagemakerTags(c, d.CompilationJobArn!),
  toAsset(d) {
    const platform = d.OutputConfig?.TargetPlatform;
    return {
      id: d.CompilationJobArn!,
      name: d.CompilationJobName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.CompilationJobStatus),
        targetDevice: orNull(d.OutputConfig?.TargetDevice),
        targetPlatform: platform
          ? {
              os: orNull(platform.Os),
              arch: orNull(platform.Arch),
              accelerator: orNull(platform.Accelerator),
            }
          : null,
        framework: orNull(d.InputConfig?.Framework),
        outputKmsKeyId: orNull(d.OutputConfig?.KmsKeyId),
        vpc: d.VpcConfig
          ? { subnets: d.VpcConfig.Subnets ?? [], securityGroups: d.VpcConfig.SecurityGroupIds ?? [] }
          : null,
        roleArn: orNull(d.RoleArn),
      },
    };
  },
});
