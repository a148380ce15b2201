// Bedrock model evaluation jobs of the job window (evidence that a model was evaluated, ISO/IEC 42001
// A.6.2.4). Attributes: status, jobType (Human | Automated), taskTypes, models (model identifiers
// evaluated), ragSources (knowledge bases evaluated), evaluatorModels, kmsKeyId (null when AWS-owned),
// roleArn, outputS3Uri. The job description (free text) is not copied.
import {
  type EvaluationSummary,
  GetEvaluationJobCommand,
  type GetEvaluationJobResponse,
  ListEvaluationJobsCommand,
} from "@aws-sdk/client-bedrock";
import { bedrockTags } from "./bedrock-tags.ts";
import { defineScanner, orNull } from "./declaration.ts";
import { windowStart } from "./jobs-window.ts";
import { unlessGone } from "./run.ts";

type Detail = { summary: EvaluationSummary; job: GetEvaluationJobResponse };

export const bedrockEvaluationJobs = defineScanner<EvaluationSummary, Detail>({
  service: "bedrock",
  kind: "evaluation-job",
  attributes: {
    status: { type: "string|null", doc: "InProgress, Completed, Failed, Stopped\u2026" },
    jobType: { type: "string|null", doc: "Human or Automated" },
    taskTypes: { type: "array", doc: "evaluation task types (Summarization, Classification, \u2026)" },
    models: { type: "array", doc: "identifiers of the models evaluated" },
    ragSources: { type: "array", doc: "knowledge bases evaluated" },
    evaluatorModels: { type: "array", doc: "judge models of an LLM-as-a-judge evaluation" },
    kmsKeyId: { type: "string|null", doc: "customer KMS key; null when AWS-owned" },
    roleArn: { type: "string|null", doc: "the job's role" },
    outputS3Uri: { type: "string|null", doc: "where results are written" },
  },
  actions: ["bedrock:ListEvaluationJobs", "bedrock:GetEvaluationJob", "bedrock:ListTagsForResource"],
  items: "jobSummaries",
  next: "nextToken",
  async list(c, next) {
    const r = await c.clients.bedrock().send(
      new ListEvaluationJobsCommand({
        creationTimeAfter: windowStart(c.now),
        nextToken: next,
        maxResults: 1000,
      }),
    );
    return r;
  },
  async describe(c, summary) {
    const job = await unlessGone(
      c.clients.bedrock().send(new GetEvaluationJobCommand({ jobIdentifier: summary.jobArn })),
    );
    return job ? { summary, job } : undefined;
  },
  tags: (c, d) => bedrockTags(c, d.job.jobArn ?? d.summary.jobArn!),
  toAsset({ summary: s, job: j }) {
    return {
      id: j.jobArn ?? s.jobArn!,
      name: j.jobName ?? s.jobName!,
      createdAt: j.creationTime ?? s.creationTime,
      attributes: {
        status: orNull(j.status ?? s.status),
        jobType: orNull(j.jobType ?? s.jobType),
        taskTypes: s.evaluationTaskTypes ?? [],
        models: s.modelIdentifiers ?? [],
        ragSources: s.ragIdentifiers ?? [],
        evaluatorModels: s.evaluatorModelIdentifiers ?? [],
        kmsKeyId: orNull(j.customerEncryptionKeyId),
        roleArn: orNull(j.roleArn),
        outputS3Uri: orNull(j.outputDataConfig?.s3Uri),
      },
    };
  },
});
