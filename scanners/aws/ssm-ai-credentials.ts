// Third-party AI credentials kept in SSM Parameter Store, found by metadata only: DescribeParameters
// returns names, types, descriptions and dates, never a value; aimscan never calls GetParameter(s).
// A parameter is an asset when its name or description points at an AI vendor. Tags would need one
// ListTagsForResource call per parameter and are not read.
// Id: arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME (a leading "/" of NAME is not doubled, as AWS writes it).
// Attributes as secretsmanager-ai-credentials, with store "ssm", type (String | StringList |
// SecureString: a String holds the key in plain text), tier; createdAt and lastAccessedAt are null
// (not recorded by SSM), lastChangedAt is LastModifiedDate, rotationEnabled false (no rotation).
import { DescribeParametersCommand, type ParameterMetadata } from "@aws-sdk/client-ssm";
import { AWS_CREDENTIAL_ATTRIBUTES } from "../usage/credential-attributes.ts";
import { credentialVendor, type VendorMatch } from "../usage/vendors.ts";
import { defineScanner, orNull } from "./declaration.ts";

type Found = ParameterMetadata & { match: VendorMatch };

export const ssmAiCredentials = defineScanner<Found>({
  service: "ssm",
  kind: "ai-credential",
  actions: ["ssm:DescribeParameters"],
  attributes: AWS_CREDENTIAL_ATTRIBUTES,
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
