// The public data contracts of aimscan (DESIGN.md "Contracts"). Types are inferred from these
// schemas so that a shape is written once; JSON Schema for `aimscan schema` comes from here too.
import { z } from "zod";

export const Provider = z.enum(["aws", "azure", "gcp"]);
export type Provider = z.infer<typeof Provider>;

const Tags = z.record(z.string(), z.string());

export const Asset = z.object({
  id: z.string().min(1).describe("cloud-native id: AWS ARN, Azure resource id, GCP resource name"),
  provider: Provider,
  service: z.string().min(1),
  kind: z.string().min(1),
  account: z.string().min(1).describe("AWS account id / Azure subscription id / GCP project id"),
  region: z.string().min(1).describe('AWS region / Azure location / GCP location ("global" if none)'),
  name: z.string(),
  createdAt: z.string().nullable().optional(),
  tags: Tags.default({}),
  attributes: z.record(z.string(), z.unknown()).default({}),
  detail: z
    .literal("unavailable")
    .optional()
    .describe("listed, but its read answered not found: kept as observed, attributes unknown"),
});
export type Asset = z.infer<typeof Asset>;

export const CoverageStatus = z.enum(["ok", "error", "skipped"]);
export const Coverage = z.object({
  provider: Provider,
  account: z.string(),
  region: z
    .string()
    .describe(
      'a region, or "global": the global scope of IAM/API keys, every location of an Azure subscription',
    ),
  service: z.string(),
  status: CoverageStatus,
  error: z.string().optional(),
  assets: z.number().int().nonnegative().optional().describe("assets the shard returned"),
  durationMs: z.number().nonnegative().optional(),
  kinds: z
    .array(z.string())
    .optional()
    .describe("the kinds this shard lists (absent: every kind of the service)"),
  warnings: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("items the shard listed but could not read; the scope is then unverified, never missing"),
  warning: z.string().optional().describe("the first warnings, one line"),
});
export type Coverage = z.infer<typeof Coverage>;

export const Snapshot = z.object({
  schemaVersion: z.literal(1),
  scannedAt: z.string(),
  assets: z.array(Asset),
  coverage: z.array(Coverage),
});
export type Snapshot = z.infer<typeof Snapshot>;

// ---- declared inventory -------------------------------------------------------------------

export const Selector = z.strictObject({
  provider: Provider.optional(),
  service: z.string().optional(),
  kind: z.string().optional(),
  account: z.string().optional(),
  region: z.string().optional(),
  name: z.string().optional().describe("glob: * ? […]"),
  id: z.string().optional().describe("glob: * ? […]"),
  tags: Tags.optional().describe("subset: every tag listed must be present with this value"),
  attributes: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional()
    .describe(
      "subset: a string is a glob (* ? […]) on a string attribute or on any item of a list; others equal",
    ),
});
export type Selector = z.infer<typeof Selector>;

export const Expect = z.strictObject({
  name: z.string().optional(),
  region: z.string().optional(),
  tags: z.record(z.string(), z.string().nullable()).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type Expect = z.infer<typeof Expect>;

export const InventoryEntry = z.strictObject({
  id: z.string().min(1).optional(),
  match: Selector.optional(),
  expect: Expect.optional(),
  minCount: z.number().int().nonnegative().optional().describe("default 1"),
});
export type InventoryEntry = z.infer<typeof InventoryEntry>;

export const RiskLevel = z.enum(["low", "medium", "high"]);

export const System = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  owner: z.string().optional(),
  riskLevel: z
    .enum([...RiskLevel.options, "TODO"])
    .optional()
    .describe('"TODO" (left by aimscan init) passes validate, not validate --strict'),
  purpose: z.string().optional(),
  impactAssessment: z.string().optional(),
  tags: Tags.optional(),
  assets: z.array(InventoryEntry).default([]),
});
export type System = z.infer<typeof System>;

export const InventoryFile = z.strictObject({
  version: z.literal(1),
  systems: z.array(System).default([]),
});
export type InventoryFile = z.infer<typeof InventoryFile>;

/** Where a declaration came from, so every report line can point back at the YAML. */
export const SourceRef = z.object({ file: z.string(), line: z.number().int() });
export type SourceRef = z.infer<typeof SourceRef>;

export const Inventory = z.object({
  systems: z.array(
    System.extend({
      source: SourceRef.optional(),
      assets: z.array(InventoryEntry.extend({ source: SourceRef.optional() })),
    }),
  ),
});
export type Inventory = z.infer<typeof Inventory>;
export type LoadedSystem = Inventory["systems"][number];
export type LoadedEntry = LoadedSystem["assets"][number];

// ---- policies -----------------------------------------------------------------------------

export const Severity = z.enum(["low", "medium", "high", "critical"]);
export type Severity = z.infer<typeof Severity>;

export const Policy = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "policy ids are lower-case words joined by '-'"),
  title: z.string().min(1),
  description: z.string().optional(),
  severity: Severity,
  controls: z.array(z.string()).default([]),
  resource: Selector.extend({ declared: z.boolean().optional() }).default({}),
  when: z.string().min(1).optional().describe("CEL; the policy applies only where this is true"),
  assert: z.string().min(1).describe("CEL; true means pass"),
  remediation: z.string().optional(),
});
export type Policy = z.infer<typeof Policy>;

export const Waiver = z.strictObject({
  policy: z.string().min(1).describe("policy id (glob)"),
  asset: z.string().min(1).describe("asset id (glob)"),
  reason: z.string().min(1),
  approvedBy: z.string().min(1),
  expires: z.string().regex(/^\d{4}-\d{2}-\d{2}/, "expires must be an ISO date (YYYY-MM-DD)"),
});
export type Waiver = z.infer<typeof Waiver>;

export const PolicyFile = z.strictObject({
  version: z.literal(1),
  policies: z.array(Policy).default([]),
  waivers: z.array(Waiver).default([]),
});
export type PolicyFile = z.infer<typeof PolicyFile>;

// ---- drift report -------------------------------------------------------------------------

export const DriftStatus = z.enum(["matched", "changed", "undeclared", "ambiguous", "missing", "unverified"]);
export type DriftStatus = z.infer<typeof DriftStatus>;
export const Delta = z.enum(["new", "ongoing", "resolved"]);
export type Delta = z.infer<typeof Delta>;

export const Diff = z.object({ path: z.string(), expected: z.unknown(), actual: z.unknown() });
export type Diff = z.infer<typeof Diff>;

export const DriftItem = z.object({
  status: DriftStatus,
  assetId: z.string().optional(),
  systemId: z.string().optional(),
  systems: z.array(z.string()).optional().describe("ambiguous: every claiming system"),
  source: SourceRef.optional(),
  diffs: z.array(Diff).optional(),
  delta: Delta.optional(),
  asset: z
    .object({
      provider: Provider,
      service: z.string(),
      kind: z.string(),
      account: z.string(),
      region: z.string(),
      name: z.string(),
    })
    .optional()
    .describe("the observed asset's scope and name, for display"),
  found: z.number().int().optional().describe("missing/unverified: assets the entry claimed"),
  minCount: z.number().int().optional(),
  reason: z
    .string()
    .optional()
    .describe("unverified: which scope was not scanned ok; missing model-usage: idle (no invocations)"),
});
export type DriftItem = z.infer<typeof DriftItem>;

export const PolicyStatus = z.enum(["pass", "fail", "error", "waived"]);
export type PolicyStatus = z.infer<typeof PolicyStatus>;

export const PolicyResult = z.object({
  policyId: z.string(),
  assetId: z.string(),
  status: PolicyStatus,
  severity: Severity,
  controls: z.array(z.string()),
  title: z.string().optional(),
  message: z.string().optional(),
  waiver: Waiver.pick({ reason: true, approvedBy: true, expires: true }).optional(),
  delta: Delta.optional(),
  reason: z
    .string()
    .optional()
    .describe("carried: why the asset was not rescanned; resolved: why the result ended"),
  // Context added for readers at output time (never stored: the store keeps results lean).
  remediation: z.string().optional().describe("what to do, from the policy"),
  systemId: z.string().optional().describe('the declaring system, or "undeclared"'),
  owner: z.string().optional().describe('the system owner, or "undeclared"'),
  riskLevel: z.string().optional().describe('the system risk level, or "undeclared"'),
});
export type PolicyResult = z.infer<typeof PolicyResult>;

export const DriftSummary = z.object({
  observed: z.number().int(),
  matched: z.number().int(),
  changed: z.number().int(),
  undeclared: z.number().int(),
  ambiguous: z.number().int(),
  missing: z.number().int(),
  unverified: z.number().int(),
});
export type DriftSummary = z.infer<typeof DriftSummary>;

/** Policy results counted by status, in total and per policy (JSON output; see `--results`). */
export const PolicySummary = z.object({
  listed: z.enum(["non-pass", "all"]).describe("which results policyResults lists"),
  pass: z.number().int(),
  fail: z.number().int(),
  error: z.number().int(),
  waived: z.number().int(),
  policies: z.array(
    z.object({
      policyId: z.string(),
      severity: Severity,
      pass: z.number().int(),
      fail: z.number().int(),
      error: z.number().int(),
      waived: z.number().int(),
    }),
  ),
});
export type PolicySummary = z.infer<typeof PolicySummary>;

export const DriftReport = z.object({
  runId: z.string(),
  generatedAt: z.string(),
  summary: DriftSummary,
  items: z.array(DriftItem),
  coverage: z.array(Coverage),
  policyResults: z.array(PolicyResult).default([]).describe("this run's results: observed or carried assets"),
  resolvedPolicyResults: z
    .array(PolicyResult)
    .optional()
    .describe(
      "last run's failures whose asset was not observed in this run (scope scanned ok): resolved, not counted",
    ),
  policySummary: PolicySummary.optional().describe(
    "JSON output: every result counted; policyResults then lists only the non-pass ones unless --results all",
  ),
  notices: z.array(z.string()).optional().describe("e.g. expired waivers"),
});
export type DriftReport = z.infer<typeof DriftReport>;

// ---- configuration ------------------------------------------------------------------------

// One night at a time: how long a night's lease on the store lasts without renewal (renewed every
// third of it), i.e. how soon a night killed -9 stops blocking the next one. Default 120 s.
const LeaseSeconds = z.number().int().min(3).max(86_400).optional();

export const StoreConfig = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("embedded"),
    path: z.string().default(".aimscan/db"),
    leaseSeconds: LeaseSeconds,
  }),
  z.strictObject({
    type: z.literal("dynamodb"),
    table: z.string().min(1),
    region: z.string().optional(),
    endpoint: z.string().optional(),
    leaseSeconds: LeaseSeconds,
  }),
  z.strictObject({ type: z.literal("memory") }),
]);
export type StoreConfig = z.infer<typeof StoreConfig>;

export const AwsConfig = z.strictObject({
  regions: z
    .union([z.array(z.string().min(1)).min(1), z.literal("enabled")], {
      error: 'must be a list of regions or "enabled"',
    })
    .default("enabled"),
  accounts: z.array(z.string().regex(/^\d{12}$/, "AWS account ids are 12 digits")).optional(),
  organization: z.boolean().default(false),
  roleName: z.string().default("AimscanReadOnly"),
  externalId: z.string().optional(),
  services: z.array(z.string()).optional().describe("limit to these services (default: all)"),
  endpoint: z.string().optional().describe("send every AWS call here (the simulator)"),
});
export type AwsConfig = z.infer<typeof AwsConfig>;

export const AzureConfig = z.strictObject({
  subscriptions: z
    .union([z.literal("all"), z.array(z.string().min(1)).min(1)], {
      error: 'must be "all" or a list of subscription ids',
    })
    .default("all"),
  endpoint: z.string().optional(),
  federation: z
    .strictObject({
      tenantId: z.string().regex(/^[0-9a-f-]{36}$/i, "a tenant id (GUID)"),
      clientId: z.string().regex(/^[0-9a-f-]{36}$/i, "an application (client) id (GUID)"),
      audience: z.string().default("api://AzureADTokenExchange"),
      authorityHost: z.string().optional().describe("default: https://login.microsoftonline.com"),
    })
    .optional()
    .describe(
      "sign in as this app registration with a JWT from AWS STS GetWebIdentityToken (its federated credential trusts the AWS account's issuer): no stored secret; default: DefaultAzureCredential",
    ),
});
export type AzureConfig = z.infer<typeof AzureConfig>;

export const GcpConfig = z.strictObject({
  projects: z.array(z.string().min(1)).min(1),
  locations: z.array(z.string().min(1)).default(["us-central1"]),
  apiEndpoint: z.string().optional(),
  credentialsFile: z
    .string()
    .optional()
    .describe(
      "a Google credential file (e.g. external_account: workload identity federation from AWS), relative to the config; default: application default credentials",
    ),
});
export type GcpConfig = z.infer<typeof GcpConfig>;

export const AlertsConfig = z.strictObject({
  sns: z.string().optional(),
  eventbridge: z.string().optional(),
  slackWebhookUrl: z.string().url().optional(),
  securityhub: z
    .union([
      z.literal(true),
      z.strictObject({
        region: z.string().optional().describe("default: the SDK's (AWS_REGION)"),
        account: z
          .string()
          .regex(/^\d{12}$/, "a 12-digit AWS account id")
          .optional()
          .describe("default: the caller's account (STS GetCallerIdentity)"),
      }),
    ])
    .optional()
    .describe("import new and resolved findings into AWS Security Hub (BatchImportFindings)"),
  reportUrl: z.string().optional().describe("link placed in alerts"),
});
export type AlertsConfig = z.infer<typeof AlertsConfig>;

export const UsageConfig = z.strictObject({
  window: z
    .union([
      z.number().int().min(1).max(455),
      z.string().regex(/^[1-9]\d{0,2}d$/, 'a number of days, e.g. "14d"'),
    ])
    .default("14d")
    .describe('model-usage window: days of invocation metrics read each night ("14d" or 14; at most 455)'),
});
export type UsageConfig = z.infer<typeof UsageConfig>;

export const AiCredentialsConfig = z.strictObject({
  vendors: z
    .record(z.string().min(1), z.array(z.string().min(2)).min(1))
    .default({})
    .describe(
      "extra AI vendors: vendor name → words that, in a secret's name, description or tags, point at it",
    ),
});
export type AiCredentialsConfig = z.infer<typeof AiCredentialsConfig>;

export const Config = z.strictObject({
  inventory: z.string().default("./inventory"),
  policies: z.array(z.string()).default(["builtin"]),
  store: StoreConfig.default({ type: "embedded", path: ".aimscan/db" }),
  aws: AwsConfig.optional(),
  azure: AzureConfig.optional(),
  gcp: GcpConfig.optional(),
  alerts: AlertsConfig.default({}),
  usage: UsageConfig.default({ window: "14d" }),
  aiCredentials: AiCredentialsConfig.default({ vendors: {} }),
  scan: z
    .strictObject({
      concurrency: z
        .number()
        .int()
        .positive()
        .optional()
        .describe("a cap on shards scanned at once (default: derived from the accounts and services)"),
      requestsPerSecond: z
        .number()
        .positive()
        .optional()
        .describe(
          "a cap on requests per second per account and service, and where pacing starts (default: the cloud's documented quota, then learned from its throttling)",
        ),
      shardTimeoutSeconds: z.number().positive().default(300),
    })
    .default({ shardTimeoutSeconds: 300 }),
  retentionDays: z.number().int().positive().default(400),
  evidence: z
    .strictObject({ dir: z.string().default("./aimscan-out"), bucket: z.string().optional() })
    .default({ dir: "./aimscan-out" }),
});
export type Config = z.infer<typeof Config>;

/** The schemas `aimscan schema <name>` can print. */
export const schemas = {
  snapshot: Snapshot,
  inventory: InventoryFile,
  report: DriftReport,
  config: Config,
  policy: PolicyFile,
  asset: Asset,
  coverage: Coverage,
} as const;
export type SchemaName = keyof typeof schemas;
