// Scenario shapes for AI use that creates no resource: Bedrock invocation metrics (CloudWatch) and
// secrets / parameters whose names point at an AI vendor (Secrets Manager, SSM Parameter Store).

/** One model id's traffic in a region, spread evenly over whole UTC days. */
export interface BedrockUsageScenario {
  /** The ModelId dimension as CloudWatch records it: model id, inference profile id or ARN. */
  modelId: string;
  /** Totals over the active days. */
  invocations: number;
  inputTokens?: number;
  outputTokens?: number;
  /**
   * Further dimensions of the series beside ModelId (a breakdown, as an emulator or a custom
   * publisher may write; Bedrock itself publishes ModelId alone). Default none.
   */
  dimensions?: Record<string, string>;
  /** Active days: from `firstDaysAgo` (default = lastDaysAgo) to `lastDaysAgo` (default 0, today). */
  firstDaysAgo?: number;
  lastDaysAgo?: number;
}

export interface SecretScenario {
  name: string;
  description?: string;
  tags?: Record<string, string>;
  /** ISO-8601; default 2026-01-01T00:00:00Z. */
  createdAt?: string;
  lastChangedAt?: string;
  lastAccessedAt?: string;
  rotationEnabled?: boolean;
  rotationDays?: number;
  lastRotatedAt?: string;
  kmsKeyId?: string;
  /** The secret itself: list calls never return it (a canary for tests). */
  value?: string;
}

export interface ParameterScenario {
  name: string;
  type?: "String" | "StringList" | "SecureString";
  description?: string;
  lastModifiedAt?: string;
  tier?: "Standard" | "Advanced" | "Intelligent-Tiering";
  keyId?: string;
  /** Served by ListTagsForResource only: DescribeParameters carries no tags, as in SSM. */
  tags?: Record<string, string>;
  /** The value: DescribeParameters never returns it (a canary for tests). */
  value?: string;
}
