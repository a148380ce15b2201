// Third-party AI credentials kept in SSM Parameter Store, found by metadata only: DescribeParameters
// returns names, types, descriptions and dates, never a value; aimscan never calls GetParameter(s).
// A parameter is an asset when its name or description points at an AI vendor. Tags would need one
// ListTagsForResource call per parameter and are not read.
// Id: arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME (a leading "/" of NAME is not doubled, as AWS writes it).
// Attributes as secretsmanager-ai-credentials, with store "ssm", type (String | StringList |
// SecureString: a String holds the key in plain text), tier; createdAt and lastAccessedAt are null
// (not recorded by SSM), lastChangedAt is LastModifiedDate, rotationEnabled false (no rotation).
import { DescribeParametersCommand, type ParameterMetadata } from "@aws-sdk/client-ssm";
import { credentialVendor, type VendorMatch } from "../usage/vendors.ts";
import { defineScanner, orNull } from "./declaration.ts";

type Found = ParameterMetadata & { match: VendorMatch };

export const ssmAiCredentials = defineScanner<Found>({
  service: "ssm",
  kind: "ai-credential",
  actions: ["ssm:DescribeParameters"],
  attributes: {
    vendor: {
      type: "string",
      doc: "AI vendor the metadata points at (OpenAI, Anthropic, …; config aiCredentials.vendors adds more)",
    },
    matchedOn: { type: "string", doc: "which metadata named the vendor: name, description or tags" },
    store: { type: "string", doc: "where the credential is kept: secretsmanager or ssm" },
    description: { type: "string|null", doc: "the secret's or parameter's description" },
    createdAt: { type: "string|null", doc: "when it was created; null where the store does not say (SSM)" },
    lastChangedAt: { type: "string|null", doc: "when its value or metadata last changed" },
    lastAccessedAt: {
      type: "string|null",
      doc: "day it was last read (Secrets Manager); null if never or unknown",
    },
    rotationEnabled: {
      type: "boolean",
      doc: "automatic rotation is on (always false in SSM, which cannot rotate)",
    },
    rotationDays: { type: "number|null", doc: "rotation interval in days; null without a schedule" },
    lastRotatedAt: { type: "string|null", doc: "last rotation; null if never rotated" },
    nextRotationAt: { type: "string|null", doc: "next scheduled rotation; null without a schedule" },
    kmsKeyId: {
      type: "string|null",
      doc: "KMS key protecting the value; null = the AWS managed key (or plain String)",
    },
    owningService: { type: "string|null", doc: "AWS service that manages the secret, if any" },
    type: {
      type: "string|null",
      doc: "String, StringList or SecureString (a String holds the key in plain text)",
    },
    tier: { type: "string|null", doc: "Standard, Advanced or Intelligent-Tiering" },
  },
  async list(c, next) {
    const r = await c.clients.ssm().send(new DescribeParametersCommand({ MaxResults: 50, NextToken: next }));
    if (!r.Parameters) throw new Error("DescribeParameters answered without a Parameters member");
    const items = r.Parameters.flatMap((p) => {
      const match = credentialVendor(c.settings.vendors, { name: p.Name ?? "", description: p.Description });
      return match ? [{ ...p, match }] : [];
    });
    return { items, next: r.NextToken };
  },
  toAsset(p, c) {
    if (!p.Name) throw new Error("DescribeParameters returned a parameter without a Name");
    const type = orNull(p.Type);
    return {
      id: `arn:${c.partition}:ssm:${c.region}:${c.account}:parameter/${p.Name.replace(/^\//, "")}`,
      name: p.Name,
      attributes: {
        vendor: p.match.vendor,
        matchedOn: p.match.matchedOn,
        store: "ssm",
        description: orNull(p.Description),
        createdAt: null,
        lastChangedAt: p.LastModifiedDate?.toISOString() ?? null,
        lastAccessedAt: null,
        rotationEnabled: false,
        rotationDays: null,
        lastRotatedAt: null,
        nextRotationAt: null,
        kmsKeyId: type === "SecureString" ? orNull(p.KeyId) : null,
        owningService: null,
        type,
        tier: orNull(p.Tier),
      },
    };
  },
});
