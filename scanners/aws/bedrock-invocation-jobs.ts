// Bedrock batch inference (model invocation) jobs of the job window. Attributes: status, modelId,
// roleArn, outputKmsKeyId (null when none), vpc ({subnets, securityGroups} or null), submitTime,
// endTime. The client request token and the service's message are not copied.
import { ListModelInvocationJobsCommand, type ModelInvocationJobSummary } from "@aws-sdk/client-bedrock";
import { bedrockTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";
import { windowStart } from "./jobs-window.ts";

export const bedrockInvocationJobs = defineScanner<ModelInvocationJobSummary>({
  service: "bedrock",
  kind: "batch-inference-job",
  attributes: {
    status: { type: "string|null", doc: "Submitted, InProgress, Completed, Failed\u2026" },
    modelId: { type: "string|null", doc: "the model invoked in batch" },
    roleArn: { type: "string|null", doc: "the job's role" },
    outputKmsKeyId: { type: "string|null", doc: "customer KMS key of the output; null when none" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when not in a VPC" },
    submitTime: { type: "string|null", doc: "ISO time submitted" },
    endTime: { type: "string|null", doc: "ISO time ended; null while running" },
  },
  actions: ["bedrock:ListModelInvocationJobs", "bedrock:ListTagsForResource"],
  items: "invocationJobSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients.bedrock().send(
      new ListModelInvocationJobsCommand({
        submitTimeAfter: windowStart(c.now),
        nextToken: next,
        maxResults: 1000,
      }),
    );
    return r;
  },
  tags: (c, d) => bedrockTags(c, d.jobArn!),
  toAsset(j) {
    return {
      id: j.jobArn!,
      name: j.jobName!,
      createdAt: j.submitTime,
      attributes: {
        status: orNull(j.status),
        modelId: orNull(j.modelId),
        roleArn: orNull(j.roleArn),
        outputKmsKeyId: orNull(j.outputDataConfig?.s3OutputDataConfig?.s3EncryptionKeyId),
        vpc: j.vpcConfig
          ? { subnets: j.vpcConfig.subnetIds ?? [], securityGroups: j.vpcConfig.securityGroupIds ?? [] }
          : null,
        submitTime: j.submitTime?.toISOString() ?? null,
        endTime: j.endTime?.toISOString() ?? null,
      },
    };
  },
});
