// Bedrock provisioned model throughput (reserved capacity, billed hourly). Attributes: modelArn,
// foundationModelArn, modelUnits, status, commitmentDuration (null = no commitment),
// commitmentExpiresAt.
import {
  ListProvisionedModelThroughputsCommand,
  type ProvisionedModelSummary,
} from "@aws-sdk/client-bedrock";
import { defineScanner, orNull } from "./declaration.ts";

export const bedrockProvisionedThroughputs = defineScanner<ProvisionedModelSummary>({
  service: "bedrock",
  kind: "provisioned-throughput",
  actions: ["bedrock:ListProvisionedModelThroughputs"],
  async list(c, next) {
    const r = await c.clients
      .bedrock()
      .send(new ListProvisionedModelThroughputsCommand({ nextToken: next, maxResults: 100 }));
    return { items: r.provisionedModelSummaries ?? [], next: r.nextToken };
  },
  toAsset(p) {
    return {
      id: p.provisionedModelArn!,
      name: p.provisionedModelName!,
      createdAt: p.creationTime,
      attributes: {
        modelArn: orNull(p.modelArn),
        foundationModelArn: orNull(p.foundationModelArn),
        modelUnits: orNull(p.modelUnits),
        status: orNull(p.status),
        commitmentDuration: orNull(p.commitmentDuration),
        commitmentExpiresAt: p.commitmentExpirationTime?.toISOString() ?? null,
      },
    };
  },
});
