// SageMaker pipelines (ML workflows that train and register models). The pipeline definition (steps,
// parameters, environment) is never copied. Attributes: status, roleArn, lastRunTime,
// lastExecutionTime, stepCount (steps in the definition, null when unreadable), maxParallelSteps.
import {
  DescribePipelineCommand,
  type DescribePipelineResponse,
  ListPipelinesCommand,
  type PipelineSummary,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

type Detail = { summary: PipelineSummary; pipeline: DescribePipelineResponse };

export const sagemakerPipelines = defineScanner<PipelineSummary, Detail>({
  service: "sagemaker",
  kind: "pipeline",
  attributes: {
    status: { type: "string|null", doc: "Active or Deleting" },
    roleArn: { type: "string|null", doc: "the pipeline's role" },
    lastRunTime: { type: "string|null", doc: "ISO time of the last run; null when never" },
    lastExecutionTime: { type: "string|null", doc: "ISO time of the last execution; null when never" },
    stepCount: { type: "number|null", doc: "steps in the definition; null when unreadable" },
    maxParallelSteps: { type: "number|null", doc: "parallelism limit; null when unset" },
  },
  actions: ["sagemaker:ListPipelines", "sagemaker:DescribePipeline", "sagemaker:ListTags"],
  items: "PipelineSummaries",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListPipelinesCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  async describe(c, summary) {
    const pipeline = await unlessGone(
      c.clients.sagemaker().send(new DescribePipelineCommand({ PipelineName: summary.PipelineName })),
    );
    return pipeline ? { summary, pipeline } : undefined;
  },
  tags: (c, d) => sagemakerTags(c, d.pipeline.PipelineArn!),
  toAsset({ summary: s, pipeline: p }) {
    return {
      id: p.PipelineArn!,
      name: p.PipelineName!,
      createdAt: p.CreationTime,
      attributes: {
        status: orNull(p.PipelineStatus),
        roleArn: orNull(p.RoleArn),
        lastRunTime: p.LastRunTime?.toISOString() ?? null,
        lastExecutionTime: s.LastExecutionTime?.toISOString() ?? null,
        stepCount: stepCount(p.PipelineDefinition),
        maxParallelSteps: orNull(p.ParallelismConfiguration?.MaxParallelExecutionSteps),
      },
    };
  },
});

function stepCount(definition: string | undefined): number | null {
  try {
    const steps = (JSON.parse(definition ?? "") as { Steps?: unknown }).Steps;
    return Array.isArray(steps) ? steps.length : null;
  } catch {
    return null;
  }
}
