// SageMaker endpoints, with what their endpoint config says (variants, instances, KMS, data capture).
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  type DescribeEndpointConfigOutput,
  type DescribeEndpointOutput,
  type EndpointSummary,
  ListEndpointsCommand,
} from "@aws-sdk/client-sagemaker";
import { z } from "zod";
import { defineScanner, orNull } from "./declaration.ts";
import { unlessGone } from "./run.ts";
import { sagemakerTags } from "./sagemaker-tags.ts";

type Detail = { endpoint: DescribeEndpointOutput; config: DescribeEndpointConfigOutput | undefined };

export const sagemakerEndpoints = defineScanner<EndpointSummary, Detail>({
  service: "sagemaker",
  kind: "endpoint",
  attributes: {
    status: { type: "string|null", doc: "EndpointStatus: InService, Creating, Failed…" },
    endpointConfigName: { type: "string|null", doc: "the endpoint config it runs" },
    instanceType: { type: "string|null", doc: "instance type of the first variant; null when serverless" },
    instanceCount: { type: "number", doc: "sum of the variants' instance counts (live when reported)" },
    variants: { type: "array", doc: "[{name, model, instanceType, instanceCount, serverless}]" },
    kmsKeyId: { type: "string|null", doc: "customer KMS key of the config; null when none" },
    dataCaptureEnabled: { type: "boolean", doc: "requests and responses are captured" },
    networkIsolation: { type: "boolean", doc: "containers run without network access" },
  },
  actions: [
    "sagemaker:ListEndpoints",
    "sagemaker:DescribeEndpoint",
    "sagemaker:DescribeEndpointConfig",
    "sagemaker:ListTags",
  ],
  items: "Endpoints",
  next: "NextToken",
  async list(c, next) {
    const r = await c.clients
      .sagemaker()
      .send(new ListEndpointsCommand({ NextToken: next, MaxResults: 100 }));
    return r;
  },
  async describe(c, item) {
    const sm = c.clients.sagemaker();
    const endpoint = await unlessGone(
      sm.send(new DescribeEndpointCommand({ EndpointName: item.EndpointName })),
    );
    if (!endpoint) return undefined;
    // The config may have been deleted after the endpoint was created; the endpoint still runs.
    const config = endpoint.EndpointConfigName
      ? await unlessGone(
          sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName })),
        )
      : undefined;
    return { endpoint, config };
  },
  schema: z.object({ endpoint: z.object({ EndpointArn: z.string().min(1), EndpointName: z.string() }) }),
  summary: (item) => ({
    id: item.EndpointArn!,
    name: item.EndpointName ?? "",
    createdAt: item.CreationTime,
    attributes: { status: orNull(item.EndpointStatus) },
  }),
  tags: (c, d) => sagemakerTags(c, d.endpoint.EndpointArn!),
  toAsset({ endpoint, config }) {
    const variants = variantsOf(config, endpoint);
    return {
      id: endpoint.EndpointArn!,
      name: endpoint.EndpointName!,
      createdAt: endpoint.CreationTime,
      attributes: {
        status: orNull(endpoint.EndpointStatus),
        endpointConfigName: orNull(endpoint.EndpointConfigName),
        instanceType: variants[0]?.instanceType ?? null,
        instanceCount: variants.reduce((n, v) => n + (v.instanceCount ?? 0), 0),
        variants,
        kmsKeyId: orNull(config?.KmsKeyId),
        dataCaptureEnabled: Boolean(
          endpoint.DataCaptureConfig?.EnableCapture ?? config?.DataCaptureConfig?.EnableCapture,
        ),
        networkIsolation: config?.EnableNetworkIsolation ?? false,
      },
    };
  },
});

/** Variants as configured, with the live instance counts when the endpoint reports them. */
export function variantsOf(
  config: DescribeEndpointConfigOutput | undefined,
  endpoint?: DescribeEndpointOutput,
) {
  const live = new Map((endpoint?.ProductionVariants ?? []).map((v) => [v.VariantName, v]));
  return (config?.ProductionVariants ?? []).map((v) => ({
    name: v.VariantName ?? null,
    model: v.ModelName ?? null,
    instanceType: v.InstanceType ?? null,
    instanceCount: live.get(v.VariantName!)?.CurrentInstanceCount ?? v.InitialInstanceCount ?? null,
    serverless: v.ServerlessConfig
      ? { memorySizeMB: v.ServerlessConfig.MemorySizeInMB, maxConcurrency: v.ServerlessConfig.MaxConcurrency }
      : null,
  }));
}
