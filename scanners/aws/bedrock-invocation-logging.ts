// Bedrock model invocation logging: one asset per account and region, `enabled: false` when off.
import { GetModelInvocationLoggingConfigurationCommand, type LoggingConfig } from "@aws-sdk/client-bedrock";
import { defineScanner, orNull } from "./declaration.ts";

export const bedrockInvocationLogging = defineScanner<{ config: LoggingConfig | undefined }>({
  service: "bedrock",
  kind: "invocation-logging",
  attributes: {
    enabled: { type: "boolean", doc: "invocations are logged to S3 or CloudWatch Logs" },
    s3Bucket: { type: "string|null", doc: "bucket receiving the logs; null when unset" },
    s3KeyPrefix: { type: "string|null", doc: "key prefix in that bucket; null when unset" },
    cloudWatchLogGroup: { type: "string|null", doc: "log group receiving the logs; null when unset" },
    textDataDelivery: { type: "boolean", doc: "text prompts and completions are logged" },
    imageDataDelivery: { type: "boolean", doc: "image data is logged" },
    embeddingDataDelivery: { type: "boolean", doc: "embedding data is logged" },
    videoDataDelivery: { type: "boolean", doc: "video data is logged" },
  },
  actions: ["bedrock:GetModelInvocationLoggingConfiguration"],
  // A Get, not a list: one item per shard. An absent loggingConfig is the real "logging off" answer
  // (an error in disguise is refused by the client, answers.ts).
  items: "items",
  async list(c) {
    const r = await c.clients.bedrock().send(new GetModelInvocationLoggingConfigurationCommand({}));
    return { items: [{ config: r.loggingConfig }] };
  },
  toAsset({ config }, c) {
    const s3 = config?.s3Config?.bucketName;
    const logs = config?.cloudWatchConfig?.logGroupName;
    return {
      id: `arn:${c.partition}:bedrock:${c.region}:${c.account}:model-invocation-logging`,
      name: "model-invocation-logging",
      attributes: {
        enabled: Boolean(s3 || logs),
        s3Bucket: orNull(s3),
        s3KeyPrefix: orNull(config?.s3Config?.keyPrefix),
        cloudWatchLogGroup: orNull(logs),
        textDataDelivery: config?.textDataDeliveryEnabled ?? false,
        imageDataDelivery: config?.imageDataDeliveryEnabled ?? false,
        embeddingDataDelivery: config?.embeddingDataDeliveryEnabled ?? false,
        videoDataDelivery: config?.videoDataDeliveryEnabled ?? false,
      },
    };
  },
});
