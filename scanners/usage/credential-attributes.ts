// The attributes every `ai-credential` declaration documents the same way (`aimscan kinds` shows
// them per service): which vendor the metadata names and where. Each store adds its own dates and
// protections; the two AWS stores share theirs, so a policy reads one shape for both.
import type { AttributeDocs } from "../attributes.ts";

export const VENDOR_ATTRIBUTE = {
  type: "string",
  doc: "AI vendor the metadata points at (OpenAI, Anthropic, …; config aiCredentials.vendors adds more)",
} as const;

/** Secrets Manager and SSM Parameter Store: one set of attributes, null where a store keeps none. */
export const AWS_CREDENTIAL_ATTRIBUTES = {
  vendor: VENDOR_ATTRIBUTE,
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
    doc: "SSM: String, StringList or SecureString (a String holds the key in plain text); null in Secrets Manager",
  },
  tier: {
    type: "string|null",
    doc: "SSM: Standard, Advanced or Intelligent-Tiering; null in Secrets Manager",
  },
} as const satisfies AttributeDocs;
