// What an AWS scanner declaration is: which call lists the kind (one page at a time), an optional
// per-item read, how the result becomes an Asset, and the IAM actions all of that needs. Paging,
// concurrency, throttling and retries live once, in run.ts and clients.ts.
import type { BedrockClient } from "@aws-sdk/client-bedrock";
import type { BedrockAgentClient } from "@aws-sdk/client-bedrock-agent";
import type { BedrockAgentCoreControlClient } from "@aws-sdk/client-bedrock-agentcore-control";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { SageMakerClient } from "@aws-sdk/client-sagemaker";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { z } from "zod";
import type { Asset } from "../../core/model.ts";
import type { AttributeDocs } from "../attributes.ts";
import type { ScanSettings } from "../settings.ts";

/** Shard services; each equals the service field of the ARNs its assets carry. */
export type AwsService =
  | "sagemaker"
  | "bedrock"
  | "iam"
  | "cloudwatch"
  | "secretsmanager"
  | "ssm"
  | "bedrock-agentcore";
export const AWS_SERVICES: readonly AwsService[] = [
  "sagemaker",
  "bedrock",
  "iam",
  "cloudwatch",
  "secretsmanager",
  "ssm",
  "bedrock-agentcore",
];

export interface AwsClients {
  sagemaker(): SageMakerClient;
  bedrock(): BedrockClient;
  bedrockAgent(): BedrockAgentClient;
  agentCore(): BedrockAgentCoreControlClient;
  iam(): IAMClient;
  cloudwatch(): CloudWatchClient;
  secretsManager(): SecretsManagerClient;
  ssm(): SSMClient;
}

export interface AwsScanContext {
  account: string;
  /** The shard's region; "global" for IAM. */
  region: string;
  /** The shard's partition (aws, aws-us-gov, aws-cn, …): the first field of ARNs aimscan builds. */
  partition: string;
  clients: AwsClients;
  now: Date;
  settings: ScanSettings;
}

/** The parts of an Asset a declaration decides; the rest comes from the shard. */
export interface AssetFields {
  id: string;
  name: string;
  createdAt?: Date | string | null | undefined;
  tags?: Record<string, string>;
  attributes: Record<string, unknown>;
}

/** What a declaration without `items`/`next` members returns from `list` (the older shape). */
export interface Page<T> {
  items: T[];
  next?: string | undefined;
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
   * Optional only for declarations written before it (their `list` returns a `Page`: `{ items,
   * next }`, which is what the engine then reads); those lose the absent-member check.
   */
  items?: keyof Answer & string;
  /**
   * The answer member holding the next page token (or how to read it, e.g. IAM's IsTruncated).
   * Without `items`, the engine reads `next` of a `Page`.
   */
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
  /**
   * Instead of `describe`: one batched read over every listed item (e.g. GetMetricData). `warn`
   * records items left unread on purpose (a shard warning: the scope is unverified, never missing);
   * throwing ReadInPart keeps the details read before a call failed (the shard still fails).
   */
  collect?(c: AwsScanContext, items: Item[], warn: (line: string) => void): Promise<Detail[]>;
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

/** Thrown by `collect` when a read failed part-way: `details` were read completely and are kept. */
export class ReadInPart<Detail = unknown> extends Error {
  override name = "ReadInPart";
  constructor(
    override readonly cause: unknown,
    readonly details: Detail[],
    /** What was kept and what not, for the coverage line. */
    readonly note: string,
  ) {
    super(note);
  }
}

/** `undefined` becomes `null` so that "not set" is explicit in snapshots and policies. */
export const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export const tagList = (tags: { Key?: string; Value?: string }[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
