// Bedrock Marketplace model endpoints. They are SageMaker endpoints (their ARN says sagemaker), so
// they belong to the sagemaker shard, listed through Bedrock's API; where Bedrock is not offered there
// are none. The status message is not copied. Attributes: modelSourceIdentifier (the marketplace
// model), status (Bedrock's registration status), endpointStatus (SageMaker's), instanceType,
// instanceCount, kmsKeyId (null when none), vpc ({subnets, securityGroups} or null), roleArn.
import {
  GetMarketplaceModelEndpointCommand,
  ListMarketplaceModelEndpointsCommand,
  type MarketplaceModelEndpoint,
  type MarketplaceModelEndpointSummary,
} from "@aws-sdk/client-bedrock";
import { defineScanner, orNull } from "./declaration.ts";
import { offered } from "./regions.ts";
import { unlessGone } from "./run.ts";

export const bedrockMarketplaceEndpoints = defineScanner<
  MarketplaceModelEndpointSummary,
  MarketplaceModelEndpoint
>({
  service: "sagemaker",
  kind: "marketplace-endpoint",
  attributes: {
    modelSourceIdentifier: { type: "string|null", doc: "the marketplace model deployed" },
    status: { type: "string|null", doc: "Bedrock registration: REGISTERED, INCOMPATIBLE_ENDPOINT" },
    endpointStatus: { type: "string|null", doc: "SageMaker endpoint status" },
    instanceType: { type: "string|null", doc: "e.g. ml.g5.2xlarge" },
    instanceCount: { type: "number|null", doc: "initial instance count" },
    kmsKeyId: { type: "string|null", doc: "customer KMS key; null when none" },
    vpc: { type: "object|null", doc: "{subnets, securityGroups}; null when not in a VPC" },
    roleArn: { type: "string|null", doc: "the endpoint's execution role" },
  },
  actions: ["bedrock:ListMarketplaceModelEndpoints", "bedrock:GetMarketplaceModelEndpoint"],
  items: "marketplaceModelEndpoints",
  next: "nextToken",
  async list(c, next) {
    if (!offered("bedrock", c.region)) return { marketplaceModelEndpoints: [] };
    const r = await c.clients
      .bedrock()
      .send(new ListMarketplaceModelEndpointsCommand({ nextToken: next, maxResults: 1000 }));
    return r;
  },
  describe: async (c, item) =>
    (
      await unlessGone(
        c.clients.bedrock().send(new GetMarketplaceModelEndpointCommand({ endpointArn: item.endpointArn })),
      )
    )?.marketplaceModelEndpoint,
  toAsset(e) {
    const sm = e.endpointConfig?.sageMaker;
    return {
      id: e.endpointArn!,
      name: e.endpointArn!.split("/").pop()!,
      createdAt: e.createdAt,
      attributes: {
        modelSourceIdentifier: orNull(e.modelSourceIdentifier),
        status: orNull(e.status),
        endpointStatus: orNull(e.endpointStatus),
        instanceType: orNull(sm?.instanceType),
        instanceCount: orNull(sm?.initialInstanceCount),
        kmsKeyId: orNull(sm?.kmsEncryptionKey),
        vpc: sm?.vpc
          ? { subnets: sm.vpc.subnetIds ?? [], securityGroups: sm.vpc.securityGroupIds ?? [] }
          : null,
        roleArn: orNull(sm?.executionRole),
      },
    };
  },
});
