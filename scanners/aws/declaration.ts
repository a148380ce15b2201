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

export interface Page<T> {
  items: T[];
  next?: string | undefined;
}

/** The parts of an Asset a declaration decides; the rest comes from the shard. */
export interface AssetFields {
  id: string;
  name: string;
  createdAt?: Date | string | null | undefined;
  tags?: Record<string, string>;
  attributes: Record<string, unknown>;
}

export interface AwsScanner<Item = any, Detail = Item> {
  service: AwsService;
  kind: string;
  /** Every attribute toAsset emits: name → { type, doc } (scanners/attributes.ts). */
  attributes: AttributeDocs;
  /** Every IAM action the calls below make (iam-policy is generated from these). */
  actions: readonly string[];
  list(c: AwsScanContext, next: string | undefined): Promise<Page<Item>>;
  /** A per-item read (Describe/Get); undefined drops an item that vanished meanwhile. */
  describe?(c: AwsScanContext, item: Item): Promise<Detail | undefined>;
  /** Instead of `describe`: one batched read over every listed item (e.g. GetMetricData). */
  collect?(c: AwsScanContext, items: Item[]): Promise<Detail[]>;
  tags?(c: AwsScanContext, detail: Detail): Promise<Record<string, string>>;
  toAsset(detail: Detail, c: AwsScanContext): AssetFields;
}

export function defineScanner<Item, Detail = Item>(s: AwsScanner<Item, Detail>): AwsScanner<Item, Detail> {
  return s;
}

export function toAsset(s: AwsScanner, c: AwsScanContext, f: AssetFields): Asset {
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
