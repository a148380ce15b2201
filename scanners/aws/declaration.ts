// What an AWS scanner declaration is: which call lists the kind (one page at a time), an optional
// per-item read, how the result becomes an Asset, and the IAM actions all of that needs. Paging,
// concurrency, throttling and retries live once, in run.ts and clients.ts.
import type { BedrockClient } from "@aws-sdk/client-bedrock";
import type { BedrockAgentClient } from "@aws-sdk/client-bedrock-agent";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { z } from "zod";
import type { Asset } from "../../core/model.ts";
import type { AttributeDocs } from "../attributes.ts";

/** Shard services; each equals the service field of the ARNs its assets carry. */
export type AwsService = "sagemaker" | "bedrock" | "iam";
export const AWS_SERVICES: readonly AwsService[] = ["sagemaker", "bedrock", "iam"];

export interface AwsClients {
  sagemaker(): SageMakerClient;
  bedrock(): BedrockClient;
  bedrockAgent(): BedrockAgentClient;
  iam(): IAMClient;
}

export interface AwsScanContext {
  account: string;
  /** The shard's region; "global" for IAM. */
  region: string;
  clients: AwsClients;
  now: Date;
}

/** The parts of an Asset a declaration decides; the rest comes from the shard. */
export interface AssetFields {
  id: string;
  name: string;
  createdAt?: Date | string | null | undefined;
  tags?: Record<string, string>;
  attributes: Record<string, unknown>;
}

/** What the engine reads from one list answer: the page's items and the next page token. */
export type NextToken<Answer> = keyof Answer | ((answer: Answer) => string | undefined);

export interface AwsScanner<Item = any, Detail = Item, Answer = any> {
  service: AwsService;
  kind: string;
  /** Every attribute toAsset emits: name → { type, doc } (scanners/attributes.ts). */
  attributes: AttributeDocs;
  /** Every IAM action the calls below make (iam-policy is generated from these). */
  actions: readonly string[];
  /** One page of the list call, exactly as the SDK answered it: never default its members. */
  list(c: AwsScanContext, next: string | undefined): Promise<Answer>;
  /**
   * The answer member holding the page's items. The engine reads it: an answer without it (an
   * error in disguise, a truncated body) fails the shard instead of reading as "no items".
   */
  items: keyof Answer & string;
  /** The answer member holding the next page token (or how to read it, e.g. IAM's IsTruncated). */
  next?: NextToken<Answer>;
  /** A per-item read (Describe/Get); undefined means "not found" (listed, then gone). */
  describe?(c: AwsScanContext, item: Item): Promise<Detail | undefined>;
  /** The fields toAsset relies on; an item failing them is one bad item (a shard warning). */
  schema?: z.ZodType;
  /**
   * What a listed item says by itself (at least its id): an item whose describe answered
   * "not found" is kept as observed with `detail: "unavailable"` instead of read as deleted.
   */
  summary?(item: Item, c: AwsScanContext): AssetFields;
  tags?(c: AwsScanContext, detail: Detail): Promise<Record<string, string>>;
  toAsset(detail: Detail, c: AwsScanContext): AssetFields;
}

export function defineScanner<Item, Detail = Item, Answer = any>(
  s: AwsScanner<Item, Detail, Answer>,
): AwsScanner<Item, Detail, Answer> {
  return s;
}

export function toAsset(s: Pick<AwsScanner, "service" | "kind">, c: AwsScanContext, f: AssetFields): Asset {
  const created = f.createdAt instanceof Date ? f.createdAt.toISOString() : (f.createdAt ?? null);
  return {
    id: f.id,
    provider: "aws",
    service: s.service,
    kind: s.kind,
    account: c.account,
    region: c.region,
    name: f.name,
    createdAt: created,
    tags: f.tags ?? {},
    attributes: f.attributes,
  };
}

/** `undefined` becomes `null` so that "not set" is explicit in snapshots and policies. */
export const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export const tagList = (tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
