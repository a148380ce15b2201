// SageMaker hyperparameter tuning jobs of the job window. Static hyperparameters are never copied.
// Attributes: status, strategy (Bayesian | Random | Hyperband | Grid), maxTrainingJobs, instanceType,
// networkIsolation (bool), interContainerEncryption (bool), vpc ({subnets, securityGroups} or null),
// bestTrainingJob (name, null until one finished), roleArn.
import {
  DescribeHyperParameterTuningJobCommand,
  type DescribeHyperParameterTuningJobResponse,
  type HyperParameterTuningJobSummary,
  ListHyperParameterTuningJobsCommand,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { windowStart } from "./jobs-window.ts";
import { unlessGone } from "./run.ts";
import { vpcOf } from "./sagemaker-models.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerTuningJobs = defineScanner<
  HyperParameterTuningJobSummary,
  DescribeHyperParameterTuningJobResponse
>({
  service: "sagemaker",
  kind: "tuning-job",
  attributes: {
    status: { type: "string|null", doc: "InProgress, Completed, Failed, Stopped" },
    strategy: { type: "string|null", doc: "Bayesian, Random, Hyperband, Grid" },
    maxTrainingJobs: { type: "number|null", doc: "training jobs allowed" },
    instanceType: { type: "string|null", doc: "training instance type" },
    networkIsolation: { type: "boolean", doc: "training containers run without network access" },
    interContainerEncryption: { type: "boolean", doc: "traffic between containers is encrypted" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when not in a VPC" },
    bestTrainingJob: { type: "string|null", doc: "name of the best training job; null until one" },
    roleArn: { type: "string|null", doc: "the training role" },
  },
  actions: [
    "sagemaker:ListHyperParameterTuningJobs",
    "sagemaker:DescribeHyperParameterTuningJob",
    "sagemaker:ListTags",
  ],
  items: "HyperParameterTuningJobSummaries",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients.sagemaker().send(
      new ListHyperParameterTuningJobsCommand({
        NextToken: next,
        MaxResults: 100,
        CreationTimeAfter: windowStart(c.now),
      }),
    );
    return r;
  },
  describe: (c, item) =>
    unlessGone(
      c.clients.sagemaker().send(
        new DescribeHyperParameterTuningJobCommand({
          HyperParameterTuningJobName: item.HyperParameterTuningJobName,
        }),
      ),
    ),
  // Jobs of the window only, as training jobs: one ListTags per job.
  tags: (c, d) => sagemakerTags(c, d.HyperParameterTuningJobArn!),
  toAsset(d) {
    const def = d.TrainingJobDefinition ?? d.TrainingJobDefinitions?.[0];
    return {
      id: d.HyperParameterTuningJobArn!,
      name: d.HyperParameterTuningJobName!,
      createdAt: d.CreationTime,
      attributes: {
        status: orNull(d.HyperParameterTuningJobStatus),
        strategy: orNull(d.HyperParameterTuningJobConfig?.Strategy),
        maxTrainingJobs: orNull(d.HyperParameterTuningJobConfig?.ResourceLimits?.MaxNumberOfTrainingJobs),
        instanceType: orNull(def?.ResourceConfig?.InstanceType),
        networkIsolation: def?.EnableNetworkIsolation ?? false,
        interContainerEncryption: def?.EnableInterContainerTrafficEncryption ?? false,
        vpc: vpcOf(def?.VpcConfig),
        bestTrainingJob: orNull(d.BestTrainingJob?.TrainingJobName),
        roleArn: orNull(def?.RoleArn),
      },
    };
  },
});
