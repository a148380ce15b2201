// SageMaker models. Container environments hold secrets: only variable *names* are kept, never values.
import {
  type ContainerDefinition,
  DescribeModelCommand,
  type DescribeModelOutput,
  ListModelsCommand,
  type ModelSummary,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerModels = defineScanner<ModelSummary, DescribeModelOutput>({
  service: "sagemaker",
  kind: "model",
  attributes: {
    networkIsolation: { type: "boolean", doc: "containers run without network access" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when not in a VPC" },
    images: { type: "array", doc: "container image URIs" },
    modelDataUrls: { type: "array", doc: "S3 URIs of the model artifacts" },
    environmentKeys: {
      type: "array",
      doc: "sorted names of the containers' environment variables (never values)",
    },
    executionRoleArn: { type: "string|null", doc: "the model's execution role" },
    containerCount: { type: "number", doc: "number of containers" },
  },
  actions: ["sagemaker:ListModels", "sagemaker:DescribeModel", "sagemaker:ListTags"],
  items: "Models",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients.sagemaker().send(new ListModelsCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(c.clients.sagemaker().send(new DescribeModelCommand({ ModelName: item.ModelName }))),
  tags: (c, d) => sagemakerTags(c, d.ModelArn!),
  toAsset(d) {
    const containers: ContainerDefinition[] = [
      ...(d.PrimaryContainer ? [d.PrimaryContainer] : []),
      ...(d.Containers ?? []),
    ];
    const envKeys = new Set(containers.flatMap((c) => Object.keys(c.Environment ?? {})));
    return {
      id: d.ModelArn!,
      name: d.ModelName!,
      createdAt: d.CreationTime,
      attributes: {
        networkIsolation: d.EnableNetworkIsolation ?? false,
        vpc: vpcOf(d.VpcConfig),
        images: containers.map((c) => c.Image ?? null),
        modelDataUrls: containers.map((c) => c.ModelDataUrl ?? null),
        environmentKeys: [...envKeys].sort(),
        executionRoleArn: orNull(d.ExecutionRoleArn),
        containerCount: containers.length,
      },
    };
  },
});

export const vpcOf = (v: { Subnets?: string[]; SecurityGroupIds?: string[] } | undefined) =>
  v ? { subnets: v.Subnets ?? [], securityGroups: v.SecurityGroupIds ?? [] } : null;
