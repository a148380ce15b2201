// Bedrock model customization (fine-tuning, continued pre-training, distillation) jobs of the job
// window. Hyperparameters are never copied. Attributes: status, baseModelArn, customizationType,
// customModelArn (the model it produced, null until done), outputModelKmsKeyArn (null when
// AWS-owned), roleArn, vpc ({subnets, securityGroups} or null).
import {
  GetModelCustomizationJobCommand,
  type GetModelCustomizationJobResponse,
  ListModelCustomizationJobsCommand,
  type ModelCustomizationJobSummary,
} from "@aws-sdk/client-bedrock";
import { bedrockTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";
import { windowStart } from "./jobs-window.ts";
import { unlessGone } from "./run.ts";

export const bedrockCustomizationJobs = defineScanner<
  ModelCustomizationJobSummary,
  GetModelCustomizationJobResponse
>({
  service: "bedrock",
  kind: "customization-job",
  attributes: {
    status: { type: "string|null", doc: "InProgress, Completed, Failed, Stopped" },
    baseModelArn: { type: "string|null", doc: "the model customised" },
    customizationType: { type: "string|null", doc: "FINE_TUNING, CONTINUED_PRE_TRAINING, DISTILLATION" },
    customModelArn: { type: "string|null", doc: "the custom model produced; null until done" },
    outputModelKmsKeyArn: {
      type: "string|null",
      doc: "customer KMS key of the produced model; null when AWS-owned",
    },
    roleArn: { type: "string|null", doc: "the job's role" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when not in a VPC" },
  },
  actions: [
    "bedrock:ListModelCustomizationJobs",
    "bedrock:GetModelCustomizationJob",
    "bedrock:ListTagsForResource",
  ],
  items: "modelCustomizationJobSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients.bedrock().send(
      new ListModelCustomizationJobsCommand({
        creationTimeAfter: windowStart(c.now),
        nextToken: next,
        maxResults: 1000,
      }),
    );
    return r;
  },
  describe: (c, item) =>
    unlessGone(c.clients.bedrock().send(new GetModelCustomizationJobCommand({ jobIdentifier: item.jobArn }))),
  tags: (c, d) => bedrockTags(c, d.jobArn!),
  toAsset(j) {
    return {
      id: j.jobArn!,
      name: j.jobName!,
      createdAt: j.creationTime,
      attributes: {
        status: orNull(j.status),
        baseModelArn: orNull(j.baseModelArn),
        customizationType: orNull(j.customizationType),
        customModelArn: orNull(j.outputModelArn),
        outputModelKmsKeyArn: orNull(j.outputModelKmsKeyArn),
        roleArn: orNull(j.roleArn),
        vpc: j.vpcConfig
          ? { subnets: j.vpcConfig.subnetIds ?? [], securityGroups: j.vpcConfig.securityGroupIds ?? [] }
          : null,
      },
    };
  },
});
