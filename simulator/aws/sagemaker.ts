// SageMaker (AWS JSON 1.1): the list and describe calls the scanners make, in the real shapes
// (PascalCase, epoch-second timestamps, NextToken paging).
import type { SageMakerScenario } from "../scenario.ts";
import type { SageMakerMoreScenario } from "./scenario-more.ts";
import { type Call, DEFAULT_CREATED, type Handler, regionOf, type SimState, sagemakerArn } from "./state.ts";
import { AwsError, checkMax, epoch, page } from "./wire.ts";

type Kind = Exclude<keyof SageMakerScenario, keyof SageMakerMoreScenario>;
const ARN_TYPE: Record<Kind, string> = {
  endpoints: "endpoint",
  endpointConfigs: "endpoint-config",
  models: "model",
  notebooks: "notebook-instance",
  trainingJobs: "training-job",
  domains: "domain",
  modelPackageGroups: "model-package-group",
  inferenceComponents: "inference-component",
};

function items<K extends Kind>(call: Call, state: SimState, kind: K): NonNullable<SageMakerScenario[K]> {
  return (regionOf(state, call).sagemaker?.[kind] ?? []) as NonNullable<SageMakerScenario[K]>;
}

function find<K extends Kind>(call: Call, state: SimState, kind: K, name: unknown) {
  const found = (items(call, state, kind) as { name: string }[]).find((i) => i.name === name);
  if (!found)
    throw new AwsError("ValidationException", `Could not find ${ARN_TYPE[kind]} "${String(name)}".`);
  return found as NonNullable<SageMakerScenario[K]>[number];
}

const created = (i: { createdAt?: string }) => epoch(i.createdAt ?? DEFAULT_CREATED);
// Training jobs default to yesterday so a "last 30 days" filter keeps them.
const trainingCreated = (i: { createdAt?: string }) =>
  i.createdAt ? epoch(i.createdAt) : Math.floor(Date.now() / 1000) - 86_400;

function list<K extends Kind>(
  kind: K,
  key: string,
  summary: (item: NonNullable<SageMakerScenario[K]>[number], call: Call) => object,
  filter?: (item: NonNullable<SageMakerScenario[K]>[number], call: Call) => boolean,
): Handler {
  return (call, state) => {
    const all = items(call, state, kind) as NonNullable<SageMakerScenario[K]>[number][];
    checkMax(call.input.MaxResults, 100, "maxResults");
    const kept = filter ? all.filter((i) => filter(i, call)) : all;
    const p = page(kept, call.input.NextToken, call.input.MaxResults, state.pageSize);
    return { [key]: p.items.map((i) => summary(i, call)), NextToken: p.next };
  };
}

const domainId = (d: { id?: string; name: string }) =>
  d.id ?? `d-${d.name.toLowerCase().replace(/[^a-z0-9]/g, "")}`;

const vpc = (v?: { subnets: string[]; securityGroups?: string[] }) =>
  v ? { Subnets: v.subnets, SecurityGroupIds: v.securityGroups ?? [] } : undefined;

export const sagemakerHandlers: Record<string, Handler> = {
  ListEndpoints: list("endpoints", "Endpoints", (e, call) => ({
    EndpointName: e.name,
    EndpointArn: sagemakerArn(call, "endpoint", e.name),
    CreationTime: created(e),
    LastModifiedTime: created(e),
    EndpointStatus: e.status ?? "InService",
  })),
  DescribeEndpoint: (call, state) => {
    const e = find(call, state, "endpoints", call.input.EndpointName);
    const config = items(call, state, "endpointConfigs").find((c) => c.name === e.config);
    return {
      EndpointName: e.name,
      EndpointArn: sagemakerArn(call, "endpoint", e.name),
      EndpointConfigName: e.config,
      EndpointStatus: e.status ?? "InService",
      CreationTime: created(e),
      LastModifiedTime: created(e),
      ProductionVariants: (config?.variants ?? []).map((v, n) => ({
        VariantName: v.name ?? `variant-${n + 1}`,
        CurrentInstanceCount: v.instanceCount ?? 1,
        DesiredInstanceCount: v.instanceCount ?? 1,
        CurrentWeight: 1,
      })),
      DataCaptureConfig:
        config?.dataCapture !== undefined ? { EnableCapture: config.dataCapture } : undefined,
    };
  },
  ListEndpointConfigs: list("endpointConfigs", "EndpointConfigs", (c, call) => ({
    EndpointConfigName: c.name,
    EndpointConfigArn: sagemakerArn(call, "endpoint-config", c.name),
    CreationTime: created(c),
  })),
  DescribeEndpointConfig: (call, state) => {
    const c = find(call, state, "endpointConfigs", call.input.EndpointConfigName);
    return {
      EndpointConfigName: c.name,
      EndpointConfigArn: sagemakerArn(call, "endpoint-config", c.name),
      CreationTime: created(c),
      KmsKeyId: c.kmsKeyId,
      ProductionVariants: c.variants.map((v, n) => ({
        VariantName: v.name ?? `variant-${n + 1}`,
        ModelName: v.model,
        InstanceType: v.serverless ? undefined : (v.instanceType ?? "ml.m5.large"),
        InitialInstanceCount: v.serverless ? undefined : (v.instanceCount ?? 1),
        ServerlessConfig: v.serverless
          ? { MemorySizeInMB: v.serverless.memorySizeMB, MaxConcurrency: v.serverless.maxConcurrency }
          : undefined,
      })),
      DataCaptureConfig:
        c.dataCapture !== undefined
          ? {
              EnableCapture: c.dataCapture,
              InitialSamplingPercentage: 100,
              DestinationS3Uri: "s3://capture/",
              CaptureOptions: [{ CaptureMode: "Input" }],
            }
          : undefined,
    };
  },
  ListModels: list("models", "Models", (m, call) => ({
    ModelName: m.name,
    ModelArn: sagemakerArn(call, "model", m.name),
    CreationTime: created(m),
  })),
  DescribeModel: (call, state) => {
    const m = find(call, state, "models", call.input.ModelName);
    // The real API returns container environments verbatim, secrets included.
    const containers = (m.images ?? ["123456789012.dkr.ecr.us-east-1.amazonaws.com/model:latest"]).map(
      (image) => ({
        Image: image,
        Environment: m.environment,
        ModelDataUrl: `s3://models/${m.name}/model.tar.gz`,
      }),
    );
    return {
      ModelName: m.name,
      ModelArn: sagemakerArn(call, "model", m.name),
      CreationTime: created(m),
      ExecutionRoleArn: m.executionRoleArn ?? `arn:aws:iam::${call.account}:role/SageMakerExecution`,
      EnableNetworkIsolation: m.networkIsolation ?? false,
      VpcConfig: vpc(m.vpc),
      ...(containers.length === 1 ? { PrimaryContainer: containers[0] } : { Containers: containers }),
    };
  },
  ListNotebookInstances: list("notebooks", "NotebookInstances", (n, call) => ({
    NotebookInstanceName: n.name,
    NotebookInstanceArn: sagemakerArn(call, "notebook-instance", n.name),
    NotebookInstanceStatus: n.status ?? "InService",
    InstanceType: n.instanceType ?? "ml.t3.medium",
    CreationTime: created(n),
    LastModifiedTime: created(n),
  })),
  DescribeNotebookInstance: (call, state) => {
    const n = find(call, state, "notebooks", call.input.NotebookInstanceName);
    return {
      NotebookInstanceName: n.name,
      NotebookInstanceArn: sagemakerArn(call, "notebook-instance", n.name),
      NotebookInstanceStatus: n.status ?? "InService",
      InstanceType: n.instanceType ?? "ml.t3.medium",
      CreationTime: created(n),
      LastModifiedTime: created(n),
      RootAccess: n.rootAccess ?? "Enabled",
      DirectInternetAccess: n.directInternetAccess ?? "Enabled",
      KmsKeyId: n.kmsKeyId,
      SubnetId: n.subnetId,
      SecurityGroups: n.securityGroups,
      RoleArn: `arn:aws:iam::${call.account}:role/SageMakerNotebook`,
      VolumeSizeInGB: 5,
    };
  },
  ListTrainingJobs: list(
    "trainingJobs",
    "TrainingJobSummaries",
    (t, call) => ({
      TrainingJobName: t.name,
      TrainingJobArn: sagemakerArn(call, "training-job", t.name),
      CreationTime: trainingCreated(t),
      TrainingJobStatus: t.status ?? "Completed",
    }),
    (t, call) =>
      typeof call.input.CreationTimeAfter !== "number" || trainingCreated(t) > call.input.CreationTimeAfter,
  ),
  DescribeTrainingJob: (call, state) => {
    const t = find(call, state, "trainingJobs", call.input.TrainingJobName);
    return {
      TrainingJobName: t.name,
      TrainingJobArn: sagemakerArn(call, "training-job", t.name),
      TrainingJobStatus: t.status ?? "Completed",
      SecondaryStatus: "Completed",
      CreationTime: trainingCreated(t),
      AlgorithmSpecification: { TrainingImage: "training:latest", TrainingInputMode: "File" },
      RoleArn: `arn:aws:iam::${call.account}:role/SageMakerTraining`,
      OutputDataConfig: { S3OutputPath: "s3://training-output/", KmsKeyId: t.outputKmsKeyId },
      ResourceConfig: {
        InstanceType: t.instanceType ?? "ml.m5.xlarge",
        InstanceCount: 1,
        VolumeSizeInGB: 30,
        VolumeKmsKeyId: t.volumeKmsKeyId,
      },
      StoppingCondition: { MaxRuntimeInSeconds: 86_400 },
      VpcConfig: vpc(t.vpc),
      EnableNetworkIsolation: t.networkIsolation ?? false,
      EnableInterContainerTrafficEncryption: t.interContainerEncryption ?? false,
      Environment: t.environment,
    };
  },
  ListDomains: list("domains", "Domains", (d, call) => ({
    DomainId: domainId(d),
    DomainName: d.name,
    DomainArn: sagemakerArn(call, "domain", domainId(d)),
    Status: d.status ?? "InService",
    CreationTime: created(d),
    LastModifiedTime: created(d),
  })),
  DescribeDomain: (call, state) => {
    const d = items(call, state, "domains").find((x) => domainId(x) === call.input.DomainId);
    if (!d) throw new AwsError("ResourceNotFound", `Domain ${String(call.input.DomainId)} not found`);
    return {
      DomainId: domainId(d),
      DomainName: d.name,
      DomainArn: sagemakerArn(call, "domain", domainId(d)),
      Status: d.status ?? "InService",
      CreationTime: created(d),
      AuthMode: d.authMode ?? "IAM",
      AppNetworkAccessType: d.appNetworkAccessType ?? "PublicInternetOnly",
      KmsKeyId: d.kmsKeyId,
      VpcId: d.vpcId,
      SubnetIds: d.subnetIds,
    };
  },
  ListModelPackageGroups: list("modelPackageGroups", "ModelPackageGroupSummaryList", (g, call) => ({
    ModelPackageGroupName: g.name,
    ModelPackageGroupArn: sagemakerArn(call, "model-package-group", g.name),
    ModelPackageGroupDescription: g.description,
    CreationTime: created(g),
    ModelPackageGroupStatus: g.status ?? "Completed",
  })),
  ListInferenceComponents: list("inferenceComponents", "InferenceComponents", (c, call) => ({
    InferenceComponentName: c.name,
    InferenceComponentArn: sagemakerArn(call, "inference-component", c.name),
    EndpointName: c.endpoint,
    EndpointArn: sagemakerArn(call, "endpoint", c.endpoint),
    VariantName: c.variant ?? "variant-1",
    InferenceComponentStatus: c.status ?? "InService",
    CreationTime: created(c),
    LastModifiedTime: created(c),
  })),
  ListTags: (call, state) => {
    const arn = String(call.input.ResourceArn ?? "");
    const region = regionOf(state, call).sagemaker ?? {};
    for (const [kind, type] of Object.entries(ARN_TYPE)) {
      for (const item of (region[kind as Kind] ?? []) as { name: string; tags?: Record<string, string> }[]) {
        // Domains are named by id in their ARNs, everything else by name.
        const key = kind === "domains" ? domainId(item) : item.name;
        if (sagemakerArn(call, type, key) === arn) {
          return { Tags: Object.entries(item.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) };
        }
      }
    }
    return { Tags: [] };
  },
};
