// The simulated estate, as a JSON/YAML scenario file can hold it. Each cloud's simulator reads its
// own part; shapes are friendly (camelCase, ISO dates) and the simulators turn them into the real
// wire shapes (SageMaker's PascalCase and epoch seconds, IAM's XML, …).

import type { AgentCoreScenario, BedrockMoreScenario, SageMakerMoreScenario } from "./aws/scenario-more.ts";
import type { BedrockUsageScenario, ParameterScenario, SecretScenario } from "./aws/usage-scenario.ts";
import type { AzureScenario } from "./azure/scenario.ts";
import type { GcpScenario } from "./gcp/scenario.ts";

export type { AzureScenario, GcpScenario };

export interface Scenario {
  aws?: AwsScenario;
  azure?: AzureScenario;
  gcp?: GcpScenario;
}

export interface AwsScenario {
  /** The account the base (non-assumed) credentials belong to; default: the first account. */
  callerAccount?: string;
  /** AWS Organizations member list; default: every account below, ACTIVE. */
  organization?: { accounts: AwsOrgAccount[] };
  accounts: Record<string, AwsAccountScenario>;
}

export interface AwsOrgAccount {
  id: string;
  name?: string;
  email?: string;
  status?: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
}

export interface AwsAccountScenario {
  name?: string;
  /**
   * Regions the account has enabled; default: the keys of `regions`. Opt-in regions (af-south-1,
   * ap-east-1, …) left out are disabled: ListRegions says DISABLED and calls signed there are refused.
   */
  enabledRegions?: string[];
  /** AssumeRole into this account: refused, or only with this external id. */
  assumeRole?: { denied?: boolean; externalId?: string };
  /** Services (signing names: sagemaker, bedrock, iam, account…) denied in every region. */
  deniedServices?: string[];
  iam?: { users: AwsIamUser[] };
  regions: Record<string, AwsRegionScenario>;
}

export interface AwsRegionScenario {
  /** Services denied in this region only. */
  deniedServices?: string[];
  sagemaker?: SageMakerScenario;
  bedrock?: BedrockScenario;
  /** Bedrock invocation metrics in CloudWatch (AWS/Bedrock, by ModelId). */
  bedrockUsage?: BedrockUsageScenario[];
  /** Secrets Manager secrets (metadata; values are canaries never listed). */
  secrets?: SecretScenario[];
  /** SSM Parameter Store parameters. */
  parameters?: ParameterScenario[];
  agentcore?: AgentCoreScenario;
}

type Tags = Record<string, string>;
interface Common {
  name: string;
  /** ISO-8601; default 2026-01-01T00:00:00Z (training jobs: 1 day before now). */
  createdAt?: string;
  tags?: Tags;
}
interface Vpc {
  subnets: string[];
  securityGroups?: string[];
}

export interface SageMakerScenario extends SageMakerMoreScenario {
  endpoints?: (Common & { config: string; status?: string })[];
  endpointConfigs?: (Common & {
    variants: {
      name?: string;
      model: string;
      instanceType?: string;
      instanceCount?: number;
      serverless?: { memorySizeMB: number; maxConcurrency: number };
    }[];
    kmsKeyId?: string;
    dataCapture?: boolean;
  })[];
  models?: (Common & {
    /** One image per container; the first is the primary container. */
    images?: string[];
    /** Container environment: secrets live here; the scanner must never copy the values. */
    environment?: Record<string, string>;
    networkIsolation?: boolean;
    vpc?: Vpc;
    executionRoleArn?: string;
  })[];
  notebooks?: (Common & {
    instanceType?: string;
    rootAccess?: "Enabled" | "Disabled";
    directInternetAccess?: "Enabled" | "Disabled";
    kmsKeyId?: string;
    subnetId?: string;
    securityGroups?: string[];
    status?: string;
  })[];
  trainingJobs?: (Common & {
    status?: string;
    instanceType?: string;
    interContainerEncryption?: boolean;
    networkIsolation?: boolean;
    volumeKmsKeyId?: string;
    outputKmsKeyId?: string;
    vpc?: Vpc;
    environment?: Record<string, string>;
  })[];
  domains?: (Common & {
    id?: string;
    authMode?: "SSO" | "IAM";
    appNetworkAccessType?: "PublicInternetOnly" | "VpcOnly";
    kmsKeyId?: string;
    vpcId?: string;
    subnetIds?: string[];
    status?: string;
  })[];
  modelPackageGroups?: (Common & { description?: string; status?: string })[];
  inferenceComponents?: (Common & { endpoint: string; variant?: string; status?: string })[];
}

export interface BedrockScenario extends BedrockMoreScenario {
  customModels?: (Common & {
    baseModelArn?: string;
    kmsKeyArn?: string;
    customizationType?: string;
    status?: string;
    jobName?: string;
  })[];
  importedModels?: (Common & { architecture?: string; kmsKeyArn?: string })[];
  provisionedThroughputs?: (Common & {
    modelArn: string;
    modelUnits?: number;
    status?: string;
    commitment?: "OneMonth" | "SixMonths";
  })[];
  guardrails?: (Common & {
    id?: string;
    version?: string;
    status?: string;
    kmsKeyArn?: string;
    contentFilters?: { type: string; inputStrength: string; outputStrength: string }[];
    deniedTopics?: string[];
    piiEntities?: { type: string; action: string }[];
    wordFilters?: string[];
    groundingFilters?: { type: string; threshold: number }[];
  })[];
  /** Model invocation logging; absent: logging is off. */
  invocationLogging?: {
    s3Bucket?: string;
    s3KeyPrefix?: string;
    cloudWatchLogGroup?: string;
    cloudWatchRoleArn?: string;
    textDataDeliveryEnabled?: boolean;
    imageDataDeliveryEnabled?: boolean;
    embeddingDataDeliveryEnabled?: boolean;
  };
  agents?: (Common & {
    id?: string;
    status?: string;
    foundationModel?: string;
    guardrailId?: string;
    guardrailVersion?: string;
    kmsKeyArn?: string;
    roleArn?: string;
  })[];
  knowledgeBases?: (Common & {
    id?: string;
    status?: string;
    roleArn?: string;
    embeddingModelArn?: string;
    storageType?: string;
  })[];
}

export interface AwsIamUser {
  name: string;
  createdAt?: string;
  /** Bedrock API keys and other service-specific credentials of this user. */
  serviceCredentials?: {
    id: string;
    /** Default bedrock.amazonaws.com. */
    serviceName?: string;
    status?: "Active" | "Inactive" | "Expired";
    createdAt?: string;
    expiresAt?: string;
    /** The secret AWS handed out at creation; list calls never return it (a canary for tests). */
    secret?: string;
  }[];
}
