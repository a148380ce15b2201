// SageMaker's newer AI kinds (AWS JSON 1.1, as the botocore model declares them): model cards,
// HyperPod clusters, pipelines, Studio spaces, processing / transform / tuning / AutoML / compilation
// jobs, monitoring schedules and model packages. PascalCase, epoch-second timestamps, NextToken
// paging, ResourceNotFound for a missing item; jobs honour CreationTimeAfter.

import type { SageMakerMoreScenario } from "./scenario-more.ts";
import type { Call, Handler, SimState } from "./state.ts";
import { DEFAULT_CREATED, idFor, regionOf, sagemakerArn } from "./state.ts";
import { AwsError, checkMax, epoch, page } from "./wire.ts";

type Kind = keyof SageMakerMoreScenario;
type ItemOf<K extends Kind> = NonNullable<SageMakerMoreScenario[K]>[number];

interface KindDef<K extends Kind> {
  arn(call: Call, item: ItemOf<K>): string;
  list: [operation: string, key: string, summary: (item: ItemOf<K>, call: Call) => object];
  describe?: [
    operation: string,
    find: (item: ItemOf<K>, input: Record<string, unknown>, call: Call) => boolean,
    detail: (item: ItemOf<K>, call: Call) => object,
  ];
  /** Jobs: default creation yesterday, CreationTimeAfter filters. */
  job?: boolean;
}

const created = (i: { createdAt?: string }) => epoch(i.createdAt ?? DEFAULT_CREATED);
const jobCreated = (i: { createdAt?: string }) =>
  i.createdAt ? epoch(i.createdAt) : Math.floor(Date.now() / 1000) - 86_400;
const vpc = (v?: { subnets: string[]; securityGroups?: string[] }) =>
  v ? { Subnets: v.subnets, SecurityGroupIds: v.securityGroups ?? [] } : undefined;
const named = (field: string) => (i: { name: string }, input: Record<string, unknown>) =>
  i.name === input[field];
const role = (call: Call, name: string) => `arn:aws:iam::${call.account}:role/${name}`;

const DEFS: { [K in Kind]: KindDef<K> } = {
  modelCards: {
    arn: (c, i) => sagemakerArn(c, "model-card", i.name),
    list: [
      "ListModelCards",
      "ModelCardSummaries",
      (i, c) => ({
        ModelCardName: i.name,
        ModelCardArn: sagemakerArn(c, "model-card", i.name),
        ModelCardStatus: i.status ?? "Draft",
        CreationTime: created(i),
        LastModifiedTime: created(i),
      }),
    ],
    describe: [
      "DescribeModelCard",
      named("ModelCardName"),
      (i, c) => ({
        ModelCardArn: sagemakerArn(c, "model-card", i.name),
        ModelCardName: i.name,
        ModelCardVersion: i.version ?? 1,
        // The card's content, as SageMaker stores it: a JSON document in the model card schema.
        Content: JSON.stringify({
          model_overview: i.model ? { model_id: i.model, model_name: i.model } : undefined,
          intended_uses: i.riskRating ? { risk_rating: i.riskRating, intended_uses: "scoring" } : undefined,
          business_details: i.secret ? { business_problem: i.secret } : undefined,
        }),
        ModelCardStatus: i.status ?? "Draft",
        SecurityConfig: i.kmsKeyId ? { KmsKeyId: i.kmsKeyId } : undefined,
        CreationTime: created(i),
        CreatedBy: {},
        ModelCardProcessingStatus: "ContentDeleted" === i.status ? "ContentDeleted" : undefined,
      }),
    ],
  },
  clusters: {
    arn: (c, i) => sagemakerArn(c, "cluster", idFor(i.name).toLowerCase()),
    list: [
      "ListClusters",
      "ClusterSummaries",
      (i, c) => ({
        ClusterArn: sagemakerArn(c, "cluster", idFor(i.name).toLowerCase()),
        ClusterName: i.name,
        CreationTime: created(i),
        ClusterStatus: i.status ?? "InService",
      }),
    ],
    describe: [
      "DescribeCluster",
      (i, input, c) =>
        i.name === input.ClusterName ||
        sagemakerArn(c, "cluster", idFor(i.name).toLowerCase()) === input.ClusterName,
      (i, c) => ({
        ClusterArn: sagemakerArn(c, "cluster", idFor(i.name).toLowerCase()),
        ClusterName: i.name,
        ClusterStatus: i.status ?? "InService",
        CreationTime: created(i),
        InstanceGroups: (
          i.instanceGroups ?? [{ name: "workers", instanceType: "ml.p5.48xlarge", count: 2 }]
        ).map((g) => ({
          InstanceGroupName: g.name,
          InstanceType: g.instanceType,
          CurrentCount: g.count ?? 1,
          TargetCount: g.count ?? 1,
          LifeCycleConfig: {
            SourceS3Uri: "s3://hyperpod-lifecycle/",
            OnCreate: g.onCreate ?? "on_create.sh",
          },
          ExecutionRole: role(c, "HyperPodExecution"),
          ThreadsPerCore: 1,
        })),
        VpcConfig: vpc(i.vpc),
        Orchestrator: i.eksClusterArn ? { Eks: { ClusterArn: i.eksClusterArn } } : undefined,
        NodeRecovery: i.nodeRecovery ?? "Automatic",
      }),
    ],
  },
  pipelines: {
    arn: (c, i) => sagemakerArn(c, "pipeline", i.name),
    list: [
      "ListPipelines",
      "PipelineSummaries",
      (i, c) => ({
        PipelineArn: sagemakerArn(c, "pipeline", i.name),
        PipelineName: i.name,
        PipelineDisplayName: i.name,
        RoleArn: i.roleArn ?? role(c, "SageMakerPipeline"),
        CreationTime: created(i),
        LastModifiedTime: created(i),
        LastExecutionTime: i.lastExecutionTime ? epoch(i.lastExecutionTime) : undefined,
      }),
    ],
    describe: [
      "DescribePipeline",
      named("PipelineName"),
      (i, c) => ({
        PipelineArn: sagemakerArn(c, "pipeline", i.name),
        PipelineName: i.name,
        PipelineDisplayName: i.name,
        PipelineDefinition: JSON.stringify({
          Version: "2020-12-01",
          Parameters: i.secret ? [{ Name: "ApiToken", Type: "String", DefaultValue: i.secret }] : [],
          Steps: Array.from({ length: i.steps ?? 2 }, (_, n) => ({
            Name: `step-${n + 1}`,
            Type: "Training",
          })),
        }),
        RoleArn: i.roleArn ?? role(c, "SageMakerPipeline"),
        PipelineStatus: i.status ?? "Active",
        CreationTime: created(i),
        LastModifiedTime: created(i),
        LastRunTime: i.lastExecutionTime ? epoch(i.lastExecutionTime) : undefined,
        ParallelismConfiguration: { MaxParallelExecutionSteps: 50 },
      }),
    ],
  },
  spaces: {
    arn: (c, i) => `arn:aws:sagemaker:${c.region}:${c.account}:space/${i.domainId}/${i.name}`,
    list: [
      "ListSpaces",
      "Spaces",
      (i) => ({
        DomainId: i.domainId,
        SpaceName: i.name,
        Status: i.status ?? "InService",
        CreationTime: created(i),
        LastModifiedTime: created(i),
        SpaceSettingsSummary: { AppType: i.appType ?? "JupyterLab" },
        SpaceSharingSettingsSummary: { SharingType: i.sharingType ?? "Private" },
        OwnershipSettingsSummary: i.owner ? { OwnerUserProfileName: i.owner } : undefined,
        SpaceDisplayName: i.name,
      }),
    ],
    describe: [
      "DescribeSpace",
      (i, input) => i.name === input.SpaceName && i.domainId === input.DomainId,
      (i, c) => ({
        DomainId: i.domainId,
        SpaceArn: `arn:aws:sagemaker:${c.region}:${c.account}:space/${i.domainId}/${i.name}`,
        SpaceName: i.name,
        Status: i.status ?? "InService",
        CreationTime: created(i),
        LastModifiedTime: created(i),
        SpaceSettings: {
          AppType: i.appType ?? "JupyterLab",
          JupyterLabAppSettings: { DefaultResourceSpec: { InstanceType: i.instanceType ?? "ml.t3.medium" } },
        },
        OwnershipSettings: i.owner ? { OwnerUserProfileName: i.owner } : undefined,
        SpaceSharingSettings: { SharingType: i.sharingType ?? "Private" },
        Url: `https://${i.domainId}.studio.${c.region}.sagemaker.aws/jupyterlab/default?token=${i.secret ?? "x"}`,
      }),
    ],
  },
  processingJobs: {
    job: true,
    arn: (c, i) => sagemakerArn(c, "processing-job", i.name),
    list: [
      "ListProcessingJobs",
      "ProcessingJobSummaries",
      (i, c) => ({
        ProcessingJobName: i.name,
        ProcessingJobArn: sagemakerArn(c, "processing-job", i.name),
        CreationTime: jobCreated(i),
        ProcessingJobStatus: i.status ?? "Completed",
      }),
    ],
    describe: [
      "DescribeProcessingJob",
      named("ProcessingJobName"),
      (i, c) => ({
        ProcessingJobName: i.name,
        ProcessingJobArn: sagemakerArn(c, "processing-job", i.name),
        ProcessingJobStatus: i.status ?? "Completed",
        CreationTime: jobCreated(i),
        ProcessingResources: {
          ClusterConfig: {
            InstanceCount: 1,
            InstanceType: i.instanceType ?? "ml.m5.xlarge",
            VolumeSizeInGB: 30,
            VolumeKmsKeyId: i.volumeKmsKeyId,
          },
        },
        AppSpecification: {
          ImageUri: i.image ?? "123456789012.dkr.ecr.us-east-1.amazonaws.com/processing:1",
        },
        ProcessingOutputConfig: { Outputs: [], KmsKeyId: i.outputKmsKeyId },
        Environment: i.environment,
        NetworkConfig: {
          EnableNetworkIsolation: i.networkIsolation ?? false,
          EnableInterContainerTrafficEncryption: i.interContainerEncryption ?? false,
          VpcConfig: vpc(i.vpc),
        },
        RoleArn: role(c, "SageMakerProcessing"),
      }),
    ],
  },
  transformJobs: {
    job: true,
    arn: (c, i) => sagemakerArn(c, "transform-job", i.name),
    list: [
      "ListTransformJobs",
      "TransformJobSummaries",
      (i, c) => ({
        TransformJobName: i.name,
        TransformJobArn: sagemakerArn(c, "transform-job", i.name),
        CreationTime: jobCreated(i),
        TransformJobStatus: i.status ?? "Completed",
      }),
    ],
    describe: [
      "DescribeTransformJob",
      named("TransformJobName"),
      (i, c) => ({
        TransformJobName: i.name,
        TransformJobArn: sagemakerArn(c, "transform-job", i.name),
        TransformJobStatus: i.status ?? "Completed",
        ModelName: i.model,
        Environment: i.environment,
        TransformInput: { DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://batch-in/" } } },
        TransformOutput: { S3OutputPath: "s3://batch-out/", KmsKeyId: i.outputKmsKeyId },
        TransformResources: {
          InstanceType: i.instanceType ?? "ml.m5.large",
          InstanceCount: 1,
          VolumeKmsKeyId: i.volumeKmsKeyId,
        },
        CreationTime: jobCreated(i),
      }),
    ],
  },
  tuningJobs: {
    job: true,
    arn: (c, i) => sagemakerArn(c, "hyper-parameter-tuning-job", i.name),
    list: [
      "ListHyperParameterTuningJobs",
      "HyperParameterTuningJobSummaries",
      (i, c) => ({
        HyperParameterTuningJobName: i.name,
        HyperParameterTuningJobArn: sagemakerArn(c, "hyper-parameter-tuning-job", i.name),
        HyperParameterTuningJobStatus: i.status ?? "Completed",
        Strategy: i.strategy ?? "Bayesian",
        CreationTime: jobCreated(i),
        TrainingJobStatusCounters: { Completed: 1 },
        ObjectiveStatusCounters: { Succeeded: 1 },
      }),
    ],
    describe: [
      "DescribeHyperParameterTuningJob",
      named("HyperParameterTuningJobName"),
      (i, c) => ({
        HyperParameterTuningJobName: i.name,
        HyperParameterTuningJobArn: sagemakerArn(c, "hyper-parameter-tuning-job", i.name),
        HyperParameterTuningJobConfig: {
          Strategy: i.strategy ?? "Bayesian",
          ResourceLimits: { MaxNumberOfTrainingJobs: i.maxTrainingJobs ?? 10, MaxParallelTrainingJobs: 2 },
        },
        TrainingJobDefinition: {
          StaticHyperParameters: i.hyperParameters,
          AlgorithmSpecification: { TrainingImage: "training:latest", TrainingInputMode: "File" },
          RoleArn: role(c, "SageMakerTraining"),
          OutputDataConfig: { S3OutputPath: "s3://tuning-output/" },
          ResourceConfig: {
            InstanceType: i.instanceType ?? "ml.m5.xlarge",
            InstanceCount: 1,
            VolumeSizeInGB: 30,
          },
          StoppingCondition: { MaxRuntimeInSeconds: 3600 },
          EnableNetworkIsolation: i.networkIsolation ?? false,
        },
        HyperParameterTuningJobStatus: i.status ?? "Completed",
        CreationTime: jobCreated(i),
        TrainingJobStatusCounters: { Completed: 1 },
        ObjectiveStatusCounters: { Succeeded: 1 },
        BestTrainingJob: i.bestTrainingJob
          ? {
              TrainingJobName: i.bestTrainingJob,
              TrainingJobArn: sagemakerArn(c, "training-job", i.bestTrainingJob),
              CreationTime: jobCreated(i),
              TrainingJobStatus: "Completed",
              TunedHyperParameters: {},
            }
          : undefined,
      }),
    ],
  },
  autoMLJobs: {
    job: true,
    arn: (c, i) => sagemakerArn(c, "automl-job", i.name),
    list: [
      "ListAutoMLJobs",
      "AutoMLJobSummaries",
      (i, c) => ({
        AutoMLJobName: i.name,
        AutoMLJobArn: sagemakerArn(c, "automl-job", i.name),
        AutoMLJobStatus: i.status ?? "Completed",
        AutoMLJobSecondaryStatus: "Completed",
        CreationTime: jobCreated(i),
        LastModifiedTime: jobCreated(i),
      }),
    ],
    describe: [
      "DescribeAutoMLJobV2",
      named("AutoMLJobName"),
      (i, c) => ({
        AutoMLJobName: i.name,
        AutoMLJobArn: sagemakerArn(c, "automl-job", i.name),
        AutoMLJobInputDataConfig: [
          {
            ChannelType: "training",
            DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: "s3://automl-in/" } },
          },
        ],
        OutputDataConfig: { S3OutputPath: "s3://automl-out/", KmsKeyId: i.outputKmsKeyId },
        RoleArn: role(c, "SageMakerAutoML"),
        AutoMLProblemTypeConfigName: i.problemType ?? "Tabular",
        CreationTime: jobCreated(i),
        LastModifiedTime: jobCreated(i),
        AutoMLJobStatus: i.status ?? "Completed",
        AutoMLJobSecondaryStatus: "Completed",
        BestCandidate: i.bestCandidate
          ? {
              CandidateName: i.bestCandidate,
              ObjectiveStatus: "Succeeded",
              CandidateSteps: [],
              CandidateStatus: "Completed",
              CreationTime: jobCreated(i),
              LastModifiedTime: jobCreated(i),
              InferenceContainers: [
                {
                  Image: "automl-inference:1",
                  ModelDataUrl: "s3://automl-out/model.tar.gz",
                  Environment: i.environment,
                },
              ],
            }
          : undefined,
        SecurityConfig: { VolumeKmsKeyId: i.volumeKmsKeyId, EnableInterContainerTrafficEncryption: false },
      }),
    ],
  },
  compilationJobs: {
    job: true,
    arn: (c, i) => sagemakerArn(c, "compilation-job", i.name),
    list: [
      "ListCompilationJobs",
      "CompilationJobSummaries",
      (i, c) => ({
        CompilationJobName: i.name,
        CompilationJobArn: sagemakerArn(c, "compilation-job", i.name),
        CreationTime: jobCreated(i),
        CompilationTargetDevice: i.targetDevice ?? "ml_inf2",
        CompilationJobStatus: i.status ?? "COMPLETED",
      }),
    ],
    describe: [
      "DescribeCompilationJob",
      named("CompilationJobName"),
      (i, c) => ({
        CompilationJobName: i.name,
        CompilationJobArn: sagemakerArn(c, "compilation-job", i.name),
        CompilationJobStatus: i.status ?? "COMPLETED",
        StoppingCondition: { MaxRuntimeInSeconds: 900 },
        CreationTime: jobCreated(i),
        LastModifiedTime: jobCreated(i),
        FailureReason: "",
        ModelArtifacts: { S3ModelArtifacts: "s3://neo-out/model.tar.gz" },
        RoleArn: role(c, "SageMakerNeo"),
        InputConfig: {
          S3Uri: "s3://neo-in/model.tar.gz",
          Framework: i.framework ?? "PYTORCH",
          DataInputConfig: '{"input0":[1,3,224,224]}',
        },
        OutputConfig: {
          S3OutputLocation: "s3://neo-out/",
          TargetDevice: i.targetDevice ?? "ml_inf2",
          KmsKeyId: i.outputKmsKeyId,
          CompilerOptions: i.secret,
        },
      }),
    ],
  },
  monitoringSchedules: {
    arn: (c, i) => sagemakerArn(c, "monitoring-schedule", i.name),
    list: [
      "ListMonitoringSchedules",
      "MonitoringScheduleSummaries",
      (i, c) => ({
        MonitoringScheduleName: i.name,
        MonitoringScheduleArn: sagemakerArn(c, "monitoring-schedule", i.name),
        CreationTime: created(i),
        LastModifiedTime: created(i),
        MonitoringScheduleStatus: i.status ?? "Scheduled",
        EndpointName: i.endpoint,
        MonitoringType: i.type ?? "DataQuality",
      }),
    ],
    describe: [
      "DescribeMonitoringSchedule",
      named("MonitoringScheduleName"),
      (i, c) => ({
        MonitoringScheduleArn: sagemakerArn(c, "monitoring-schedule", i.name),
        MonitoringScheduleName: i.name,
        MonitoringScheduleStatus: i.status ?? "Scheduled",
        MonitoringType: i.type ?? "DataQuality",
        CreationTime: created(i),
        LastModifiedTime: created(i),
        MonitoringScheduleConfig: {
          ScheduleConfig: { ScheduleExpression: i.schedule ?? "cron(0 * ? * * *)" },
          MonitoringJobDefinition: {
            MonitoringInputs: [
              { EndpointInput: { EndpointName: i.endpoint, LocalPath: "/opt/ml/processing/input" } },
            ],
            MonitoringOutputConfig: { MonitoringOutputs: [] },
            MonitoringResources: {
              ClusterConfig: { InstanceCount: 1, InstanceType: "ml.m5.large", VolumeSizeInGB: 20 },
            },
            MonitoringAppSpecification: { ImageUri: "model-monitor-analyzer:1" },
            Environment: i.environment,
            RoleArn: role(c, "SageMakerMonitor"),
          },
          MonitoringType: i.type ?? "DataQuality",
        },
        EndpointName: i.endpoint,
        LastMonitoringExecutionSummary: i.lastExecutionStatus
          ? {
              MonitoringScheduleName: i.name,
              ScheduledTime: created(i),
              CreationTime: created(i),
              LastModifiedTime: created(i),
              MonitoringExecutionStatus: i.lastExecutionStatus,
            }
          : undefined,
      }),
    ],
  },
  modelPackages: {
    arn: (c, i) => sagemakerArn(c, "model-package", `${i.name}/${i.version}`),
    list: [
      "ListModelPackages",
      "ModelPackageSummaryList",
      (i, c) => ({
        ModelPackageName: i.name,
        ModelPackageGroupName: i.name,
        ModelPackageVersion: i.version,
        ModelPackageArn: sagemakerArn(c, "model-package", `${i.name}/${i.version}`),
        ModelPackageDescription: i.secret,
        CreationTime: created(i),
        ModelPackageStatus: i.status ?? "Completed",
        ModelApprovalStatus: i.approvalStatus ?? "PendingManualApproval",
        ModelLifeCycle: i.stage ? { Stage: i.stage, StageStatus: "Approved" } : undefined,
      }),
    ],
  },
};

function itemsOf<K extends Kind>(call: Call, state: SimState, kind: K): ItemOf<K>[] {
  return (regionOf(state, call).sagemaker?.[kind] ?? []) as ItemOf<K>[];
}

function handlersOf<K extends Kind>(kind: K, def: KindDef<K>): Record<string, Handler> {
  const [listOp, key, summary] = def.list;
  const out: Record<string, Handler> = {
    [listOp]: (call, state) => {
      checkMax(call.input.MaxResults, 100, "maxResults");
      const after = call.input.CreationTimeAfter;
      const all = itemsOf(call, state, kind).filter(
        (i) => !def.job || typeof after !== "number" || jobCreated(i) > after,
      );
      const p = page(all, call.input.NextToken, call.input.MaxResults, state.pageSize);
      return { [key]: p.items.map((i) => summary(i, call)), NextToken: p.next };
    },
  };
  if (def.describe) {
    const [op, find, detail] = def.describe;
    out[op] = (call, state) => {
      const item = itemsOf(call, state, kind).find((i) => find(i, call.input, call));
      if (!item) throw new AwsError("ResourceNotFound", `${op.replace("Describe", "")} not found`);
      return detail(item, call);
    };
  }
  return out;
}

/** Tags of the newer kinds, or undefined when the ARN is none of theirs. */
function tagsOf(call: Call, state: SimState, arn: string): Record<string, string> | undefined {
  for (const kind of Object.keys(DEFS) as Kind[]) {
    const def = DEFS[kind] as KindDef<Kind>;
    const item = itemsOf(call, state, kind).find((i) => def.arn(call, i as ItemOf<Kind>) === arn);
    if (item) return item.tags ?? {};
  }
  return undefined;
}

/** The base SageMaker handlers with the newer kinds added; ListTags answers for both. */
export function withMoreSageMaker(base: Record<string, Handler>): Record<string, Handler> {
  const more = Object.assign(
    {},
    ...(Object.keys(DEFS) as Kind[]).map((k) => handlersOf(k, DEFS[k] as KindDef<Kind>)),
  ) as Record<string, Handler>;
  const baseTags = base.ListTags!;
  return {
    ...base,
    ...more,
    ListTags: (call, state) => {
      const tags = tagsOf(call, state, String(call.input.ResourceArn ?? ""));
      if (!tags) return baseTags(call, state);
      return { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
    },
  };
}
