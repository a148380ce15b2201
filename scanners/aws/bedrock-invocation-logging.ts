// Bedrock model invocation logging: one asset per account and region, `enabled: false` when off.
// Attributes: enabled (bool), s3Bucket, s3KeyPrefix, cloudWatchLogGroup (null when unset),
// textDataDelivery, imageDataDelivery, embeddingDataDelivery, videoDataDelivery (bools).
import { GetModelInvocationLoggingConfigurationCommand, type LoggingConfig } from "@aws-sdk/client-bedrock";
import { defineScanner, orNull } from "./declaration.ts";

export const bedrockInvocationLogging = defineScanner<{ config: LoggingConfig | undefined }>({
  service: "bedrock",
  kind: "invocation-logging",
  actions: ["bedrock:GetModelInvocationLoggingConfiguration"],
  async list(c) {
    const r = await c.clients.bedrock().send(new GetModelInvocationLoggingConfigurationCommand({}));
    return { items: [{ config: r.loggingConfig }] };
  },
  toAsset({ config }, c) {
    const s3 = config?.s3Config?.bucketName;
    const logs = config?.cloudWatchConfig?.logGroupName;
    return {
      id: `arn:aws:bedrock:${c.region}:${c.account}:model-invocation-logging`,
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
