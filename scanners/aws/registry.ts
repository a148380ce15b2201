// Every AWS scanner, in one explicit list (no filesystem walking: Lambda bundles have no tree).
import { bedrockAgents } from "./bedrock-agents.ts";
import { bedrockCustomModels } from "./bedrock-custom-models.ts";
import { bedrockGuardrails } from "./bedrock-guardrails.ts";
import { bedrockImportedModels } from "./bedrock-imported-models.ts";
import { bedrockInvocationLogging } from "./bedrock-invocation-logging.ts";
import { bedrockKnowledgeBases } from "./bedrock-knowledge-bases.ts";
import { bedrockProvisionedThroughputs } from "./bedrock-provisioned-throughputs.ts";
import { cloudwatchModelUsage } from "./cloudwatch-model-usage.ts";
import type { AwsScanner } from "./declaration.ts";
import { iamBedrockApiKeys } from "./iam-bedrock-api-keys.ts";
import { sagemakerDomains } from "./sagemaker-domains.ts";
import { sagemakerEndpointConfigs } from "./sagemaker-endpoint-configs.ts";
import { sagemakerEndpoints } from "./sagemaker-endpoints.ts";
import { sagemakerInferenceComponents } from "./sagemaker-inference-components.ts";
import { sagemakerModelPackageGroups } from "./sagemaker-model-package-groups.ts";
import { sagemakerModels } from "./sagemaker-models.ts";
import { sagemakerNotebooks } from "./sagemaker-notebooks.ts";
import { sagemakerTrainingJobs } from "./sagemaker-training-jobs.ts";
import { secretsManagerAiCredentials } from "./secretsmanager-ai-credentials.ts";
import { ssmAiCredentials } from "./ssm-ai-credentials.ts";

export const AWS_SCANNERS: readonly AwsScanner[] = [
  sagemakerEndpoints,
  sagemakerEndpointConfigs,
  sagemakerModels,
  sagemakerNotebooks,
  sagemakerTrainingJobs,
  sagemakerDomains,
  sagemakerModelPackageGroups,
  sagemakerInferenceComponents,
  bedrockCustomModels,
  bedrockImportedModels,
  bedrockProvisionedThroughputs,
  bedrockInvocationLogging,
  bedrockGuardrails,
  bedrockAgents,
  bedrockKnowledgeBases,
  iamBedrockApiKeys,
  cloudwatchModelUsage,
  secretsManagerAiCredentials,
  ssmAiCredentials,
];
