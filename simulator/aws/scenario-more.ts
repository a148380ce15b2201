// Scenario shapes of the newer AI kinds (Bedrock inference profiles, prompts, flows, jobs, marketplace
// endpoints; SageMaker model cards, HyperPod, pipelines, spaces, jobs, model packages; AgentCore).
// `secret` and `environment` are where the real APIs carry secret-looking values; scanners must
// never copy them (tests plant canaries there).
type Tags = Record<string, string>;
interface Common {
  name: string;
  /** ISO-8601; default 2026-01-01T00:00:00Z (jobs: 1 day before now). */
  createdAt?: string;
  tags?: Tags;
  status?: string;
}
interface Vpc {
  subnets: string[];
  securityGroups?: string[];
}
type Env = Record<string, string>;

export interface SageMakerMoreScenario {
  modelCards?: (Common & {
    riskRating?: string;
    /** The SageMaker model the card documents (model_overview.model_id). */
    model?: string;
    kmsKeyId?: string;
    version?: number;
    /** Free text in the card's content (business details). */
    secret?: string;
  })[];
  clusters?: (Common & {
    instanceGroups?: { name: string; instanceType: string; count?: number; onCreate?: string }[];
    eksClusterArn?: string;
    vpc?: Vpc;
    nodeRecovery?: "Automatic" | "None";
  })[];
  pipelines?: (Common & { roleArn?: string; steps?: number; lastExecutionTime?: string; secret?: string })[];
  spaces?: (Common & {
    domainId: string;
    appType?: string;
    sharingType?: "Private" | "Shared";
    owner?: string;
    instanceType?: string;
    /** The space's URL (presigned-looking). */
    secret?: string;
  })[];
  processingJobs?: (Common & {
    image?: string;
    instanceType?: string;
    volumeKmsKeyId?: string;
    outputKmsKeyId?: string;
    networkIsolation?: boolean;
    interContainerEncryption?: boolean;
    vpc?: Vpc;
    environment?: Env;
  })[];
  transformJobs?: (Common & {
    model: string;
    instanceType?: string;
    volumeKmsKeyId?: string;
    outputKmsKeyId?: string;
    environment?: Env;
  })[];
  tuningJobs?: (Common & {
    strategy?: string;
    maxTrainingJobs?: number;
    instanceType?: string;
    networkIsolation?: boolean;
    bestTrainingJob?: string;
    /** Static hyperparameters. */
    hyperParameters?: Env;
  })[];
  autoMLJobs?: (Common & {
    problemType?: string;
    volumeKmsKeyId?: string;
    outputKmsKeyId?: string;
    bestCandidate?: string;
    /** The best candidate's container environment. */
    environment?: Env;
  })[];
  compilationJobs?: (Common & {
    targetDevice?: string;
    framework?: string;
    outputKmsKeyId?: string;
    /** Compiler options (free-form JSON). */
    secret?: string;
  })[];
  monitoringSchedules?: (Common & {
    endpoint: string;
    type?: "DataQuality" | "ModelQuality" | "ModelBias" | "ModelExplainability";
    schedule?: string;
    lastExecutionStatus?: string;
    environment?: Env;
  })[];
  /** Versions in the registry: `name` is the model package group, `version` the version number. */
  modelPackages?: (Common & {
    version: number;
    approvalStatus?: "Approved" | "Rejected" | "PendingManualApproval";
    stage?: string;
    /** The free-text description. */
    secret?: string;
  })[];
}

export interface BedrockMoreScenario {
  inferenceProfiles?: (Common & {
    id?: string;
    /** Model ARNs the profile routes to. */
    models: string[];
    /** SYSTEM_DEFINED profiles are AWS's own, listed only without the APPLICATION filter. */
    type?: "APPLICATION" | "SYSTEM_DEFINED";
    secret?: string;
  })[];
  customModelDeployments?: (Common & { modelArn: string; secret?: string })[];
  marketplaceEndpoints?: (Common & {
    modelSourceIdentifier: string;
    instanceType?: string;
    instanceCount?: number;
    kmsKeyId?: string;
    vpc?: Vpc;
    secret?: string;
  })[];
  evaluationJobs?: (Common & {
    jobType?: "Human" | "Automated";
    models?: string[];
    taskTypes?: string[];
    kmsKeyId?: string;
    secret?: string;
  })[];
  invocationJobs?: (Common & { modelId: string; outputKmsKeyId?: string; vpc?: Vpc; secret?: string })[];
  customizationJobs?: (Common & {
    baseModelArn?: string;
    customizationType?: string;
    outputModelKmsKeyArn?: string;
    customModel?: string;
    hyperParameters?: Env;
  })[];
  prompts?: (Common & {
    id?: string;
    versions?: number;
    modelId?: string;
    kmsKeyArn?: string;
    /** The prompt template text. */
    secret?: string;
  })[];
  flows?: (Common & {
    id?: string;
    versions?: number;
    aliases?: { name: string; version: string }[];
    kmsKeyArn?: string;
    roleArn?: string;
    /** Inline code / prompt in the flow definition. */
    secret?: string;
  })[];
}

export interface AgentCoreScenario {
  runtimes?: (Common & {
    id?: string;
    version?: string;
    networkMode?: "PUBLIC" | "VPC";
    vpc?: Vpc;
    roleArn?: string;
    containerUri?: string;
    protocol?: "HTTP" | "MCP" | "A2A";
    jwtDiscoveryUrl?: string;
    environment?: Env;
    endpoints?: { name: string; liveVersion?: string; status?: string }[];
  })[];
}
