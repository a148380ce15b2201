// Third-party AI credentials kept in Secrets Manager, found by metadata only: ListSecrets returns
// names, descriptions, tags and dates, never a value; aimscan never calls GetSecretValue (its IAM
// policy does not even allow it). A secret is an asset when its name, description or tags point at
// an AI vendor (scanners/usage/vendors.ts; config `aiCredentials.vendors` adds vendors).
// Id: the secret's ARN. Attributes (shared with ssm-ai-credentials): vendor, matchedOn (name |
// description | tags), store ("secretsmanager"), description, createdAt, lastChangedAt,
// lastAccessedAt (Secrets Manager keeps the day), rotationEnabled, rotationDays, lastRotatedAt,
// nextRotationAt, kmsKeyId (null = the AWS managed key), owningService, type and tier (null here; scanners/usage/credential-attributes.ts).
import { ListSecretsCommand, type SecretListEntry } from "@aws-sdk/client-secrets-manager";
import { AWS_CREDENTIAL_ATTRIBUTES } from "../usage/credential-attributes.ts";
import { credentialVendor, type VendorMatch } from "../usage/vendors.ts";
import { defineScanner, orNull, tagList } from "./declaration.ts";

type Found = SecretListEntry & { match: VendorMatch };

const iso = (d: Date | undefined) => d?.toISOString() ?? null;

export const secretsManagerAiCredentials = defineScanner<Found>({
  service: "secretsmanager",
  kind: "ai-credential",
  actions: ["secretsmanager:ListSecrets"],
  attributes: AWS_CREDENTIAL_ATTRIBUTES,
  async list(c, next) {
    const r = await c.clients
      .secretsManager()
      .send(new ListSecretsCommand({ MaxResults: 100, NextToken: next, IncludePlannedDeletion: false }));
    if (!r.SecretList) throw new Error("ListSecrets answered without a SecretList member");
    const items = r.SecretList.flatMap((s) => {
      const match = credentialVendor(c.settings.vendors, {
        name: s.Name ?? "",
        description: s.Description,
        tags: tagList(s.Tags),
      });
      return match ? [{ ...s, match }] : [];
    });
    return { items, next: r.NextToken };
  },
  toAsset(s) {
    if (!s.ARN || !s.Name) throw new Error("ListSecrets returned a secret without ARN or Name");
    return {
      id: s.ARN,
      name: s.Name,
      createdAt: s.CreatedDate ?? null,
      tags: tagList(s.Tags),
      attributes: {
        vendor: s.match.vendor,
        matchedOn: s.match.matchedOn,
        store: "secretsmanager",
        description: orNull(s.Description),
        createdAt: iso(s.CreatedDate),
        lastChangedAt: iso(s.LastChangedDate),
        lastAccessedAt: iso(s.LastAccessedDate),
        rotationEnabled: s.RotationEnabled ?? false,
        rotationDays: orNull(s.RotationRules?.AutomaticallyAfterDays),
        lastRotatedAt: iso(s.LastRotatedDate),
        nextRotationAt: iso(s.NextRotationDate),
        kmsKeyId: orNull(s.KmsKeyId),
        owningService: orNull(s.OwningService),
        type: null,
        tier: null,
      },
    };
  },
});
