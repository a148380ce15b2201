// SageMaker endpoint configs.
import {
  DescribeEndpointConfigCommand,
  type DescribeEndpointConfigOutput,
  type EndpointConfigSummary,
  ListEndpointConfigsCommand,
} from "@aws-sdk/client-sagemaker";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { variantsOf } from "./sagemaker-endpoints.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

export const sagemakerEndpointConfigs = defineScanner<EndpointConfigSummary, DescribeEndpointConfigOutput>({
  service: "sagemaker",
  kind: "endpoint-config",
  attributes: {
    instanceType: { type: "string|null", doc: "instance type of the first variant; null when serverless" },
    instanceCount: { type: "number", doc: "sum of the variants' initial instance counts" },
    variants: { type: "array", doc: "[{name, model, instanceType, instanceCount, serverless}]" },
    kmsKeyId: { type: "string|null", doc: "customer KMS key of the storage volumes; null when none" },
    dataCaptureEnabled: { type: "boolean", doc: "requests and responses are captured" },
    networkIsolation: { type: "boolean", doc: "containers run without network access" },
    models: { type: "array", doc: "names of the models the variants serve" },
  },
  actions: ["sagemaker:ListEndpointConfigs", "sagemaker:DescribeEndpointConfig", "sagemaker:ListTags"],
  items: "EndpointConfigs",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListEndpointConfigsCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  describe: (c, item) =>
    unlessGone(
      c.clients
        .sagemaker()
        .send(new DescribeEndpointConfigCommand({ EndpointConfigName: item.EndpointConfigName })),
    ),
  tags: (c, d) => sagemakerTags(c, d.EndpointConfigArn!),
  toAsset(d) {
    const variants = variantsOf(d);
    return {
      id: d.EndpointConfigArn!,
      name: d.EndpointConfigName!,
      createdAt: d.CreationTime,
      attributes: {
        instanceType: variants[0]?.instanceType ?? null,
        instanceCount: variants.reduce((n, v) => n + (v.instanceCount ?? 0), 0),
        variants,
        kmsKeyId: orNull(d.KmsKeyId),
        dataCaptureEnabled: Boolean(d.DataCaptureConfig?.EnableCapture),
        networkIsolation: d.EnableNetworkIsolation ?? false,
        models: variants.map((v) => v.model),
      },
    };
  },
});
