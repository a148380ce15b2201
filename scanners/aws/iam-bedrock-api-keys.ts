// Bedrock API keys: IAM users' service-specific credentials for bedrock.amazonaws.com, listed for every
// user at once (AllUsers). Metadata only; the list call never returns the secret and neither do we.
// Id: arn:PARTITION:iam::ACCOUNT:user/USERNAME/service-specific-credential/CREDENTIAL_ID.
import {
  ListServiceSpecificCredentialsCommand,
  type ListServiceSpecificCredentialsCommandOutput,
  type ServiceSpecificCredentialMetadata,
} from "@aws-sdk/client-iam";
import { z } from "zod";
import { defineScanner, orNull } from "./declaration.ts";

export const BEDROCK_SERVICE_NAME = "bedrock.amazonaws.com";

export const iamBedrockApiKeys = defineScanner<
  ServiceSpecificCredentialMetadata,
  ServiceSpecificCredentialMetadata,
  ListServiceSpecificCredentialsCommandOutput
>({
  service: "iam",
  kind: "api-key",
  attributes: {
    status: { type: "string|null", doc: "Active, Inactive or Expired" },
    createdAt: { type: "string|null", doc: "ISO time the key was created" },
    expiresAt: { type: "string|null", doc: "ISO time the key expires; null = never expires" },
    userName: { type: "string|null", doc: "the IAM user owning the key" },
    serviceCredentialAlias: {
      type: "string|null",
      doc: 'the key\'s public part, e.g. "alice+1-at-111122223333" (what IAM returns for Bedrock keys)',
    },
    serviceUserName: { type: "string|null", doc: "null for Bedrock keys" },
    serviceName: { type: "string|null", doc: "bedrock.amazonaws.com" },
  },
  actions: ["iam:ListServiceSpecificCredentials"],
  items: "ServiceSpecificCredentials",
  next: (r) => (r.IsTruncated ? r.Marker : undefined),
  async list(c, next) {
    return c.clients.iam().send(
      new ListServiceSpecificCredentialsCommand({
        ServiceName: BEDROCK_SERVICE_NAME,
        AllUsers: true,
        Marker: next,
        MaxItems: 100,
      }),
    );
  },
  schema: z.object({ UserName: z.string().min(1), ServiceSpecificCredentialId: z.string().min(1) }),
  toAsset(k, c) {
    const created = k.CreateDate?.toISOString() ?? null;
    return {
      id: `arn:${c.partition}:iam::${c.account}:user/${k.UserName}/service-specific-credential/${k.ServiceSpecificCredentialId}`,
      name: k.ServiceSpecificCredentialId!,
      createdAt: created,
      attributes: {
        status: orNull(k.Status),
        createdAt: created,
        expiresAt: k.ExpirationDate?.toISOString() ?? null,
        userName: orNull(k.UserName),
        serviceCredentialAlias: orNull(k.ServiceCredentialAlias),
        serviceUserName: orNull(k.ServiceUserName),
        serviceName: orNull(k.ServiceName),
      },
    };
  },
});
