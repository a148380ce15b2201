// Third-party AI credentials kept in SSM Parameter Store, found by metadata only: DescribeParameters
// returns names, types, descriptions and dates, never a value; aimscan never calls GetParameter(s).
// A parameter is an asset when its name, description or tags point at an AI vendor. DescribeParameters
// carries no tags, so a parameter its name and description do not match has its tags read with
// ListTagsForResource (one call each, four at a time, at most TAG_READS_PER_SHARD per shard: beyond
// that, the rest are a shard warning, so the scope is unverified rather than "no credential there").
// A tag read that fails (denied, throttled past the retries) fails the shard; the parameters matched
// by name or description are kept. Tags of those are not read: their asset's tags stay empty.
// Id: arn:PARTITION:ssm:REGION:ACCOUNT:parameter/NAME (a leading "/" of NAME is not doubled, as AWS writes it).
// Attributes as secretsmanager-ai-credentials, with store "ssm", type (String | StringList |
// SecureString: a String holds the key in plain text), tier; createdAt and lastAccessedAt are null
// (not recorded by SSM), lastChangedAt is LastModifiedDate, rotationEnabled false (no rotation).
import {
  DescribeParametersCommand,
  type DescribeParametersCommandOutput,
  ListTagsForResourceCommand,
  type ParameterMetadata,
} from "@aws-sdk/client-ssm";
import { AWS_CREDENTIAL_ATTRIBUTES } from "../usage/credential-attributes.ts";
import { credentialVendor, type VendorMatch } from "../usage/vendors.ts";
import { type AwsScanContext, defineScanner, orNull, ReadInPart, tagList } from "./declaration.ts";

/** Tag reads per shard: one call per parameter, so a store of 10,000 others stays a polite scan. */
export const TAG_READS_PER_SHARD = 1_000;
/** Tag reads in flight per shard; the rate limiter does the real pacing. */
const TAG_CONCURRENCY = 4;

type Found = ParameterMetadata & { match: VendorMatch; tags?: Record<string, string> };

export const ssmAiCredentials = defineScanner<ParameterMetadata, Found, DescribeParametersCommandOutput>({
  service: "ssm",
  kind: "ai-credential",
  actions: ["ssm:DescribeParameters", "ssm:ListTagsForResource"],
  attributes: AWS_CREDENTIAL_ATTRIBUTES,
  list: (c, next) => c.clients.ssm().send(new DescribeParametersCommand({ MaxResults: 50, NextToken: next })),
  items: "Parameters",
  next: "NextToken",
  async collect(c, params, warn) {
    const found: Found[] = [];
    const untold: ParameterMetadata[] = [];
    for (const p of params) {
      const match = credentialVendor(c.settings.vendors, { name: p.Name ?? "", description: p.Description });
      if (match) found.push({ ...p, match });
      else if (p.Name) untold.push(p);
    }
    const toRead = untold.slice(0, TAG_READS_PER_SHARD);
    if (untold.length > toRead.length) {
      warn(
        `tags of ${untold.length - toRead.length} parameters not read (more than ${TAG_READS_PER_SHARD} parameters whose name and description name no AI vendor)`,
      );
    }
    try {
      await eachLimit(toRead, TAG_CONCURRENCY, async (p) => {
        const tags = await parameterTags(c, p.Name!);
        const match =
          tags && credentialVendor(c.settings.vendors, { name: p.Name!, description: p.Description, tags });
        if (match) found.push({ ...p, match, tags });
      });
    } catch (e) {
      throw new ReadInPart(e, found, "parameters matched by name or description kept; tags not read");
    }
    return found;
  },
  toAsset(p, c) {
    if (!p.Name) throw new Error("DescribeParameters returned a parameter without a Name");
    const type = orNull(p.Type);
    return {
      id: `arn:${c.partition}:ssm:${c.region}:${c.account}:parameter/${p.Name.replace(/^\//, "")}`,
      name: p.Name,
      ...(p.tags ? { tags: p.tags } : {}),
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

/** A parameter's tags; undefined when it was deleted since it was listed (not a credential any more). */
async function parameterTags(c: AwsScanContext, name: string): Promise<Record<string, string> | undefined> {
  try {
    const r = await c.clients
      .ssm()
      .send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: name }));
    if (!r.TagList) throw new Error("ListTagsForResource answered without a TagList member");
    return tagList(r.TagList);
  } catch (e) {
    if ((e as Error).name === "InvalidResourceId") return undefined;
    throw e;
  }
}

/**
 * Runs `fn` over items, `limit` at a time; after the first failure no further item starts, and the
 * reads in flight finish before it is rethrown (so what was found is settled, not still growing).
 */
async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let cursor = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && cursor < items.length) {
      const item = items[cursor++]!;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
