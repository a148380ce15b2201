// Every AWS scanner, in one explicit list (no filesystem walking: Lambda bundles have no tree).
import { agentCoreRuntimes } from "./agentcore-runtimes.ts";
import { bedrockAgents } from "./bedrock-agents.ts";
import { bedrockCustomModelDeployments } from "./bedrock-custom-model-deployments.ts";
import { bedrockCustomModels } from "./bedrock-custom-models.ts";
import { bedrockCustomizationJobs } from "./bedrock-customization-jobs.ts";
import { bedrockEvaluationJobs } from "./bedrock-evaluation-jobs.ts";
import { bedrockFlows } from "./bedrock-flows.ts";
import { bedrockGuardrails } from "./bedrock-guardrails.ts";
import { bedrockImportedModels } from "./bedrock-imported-models.ts";
import { bedrockInferenceProfiles } from "./bedrock-inference-profiles.ts";
import { bedrockInvocationJobs } from "./bedrock-invocation-jobs.ts";
import { bedrockInvocationLogging } from "./bedrock-invocation-logging.ts";
import { bedrockKnowledgeBases } from "./bedrock-knowledge-bases.ts";
import { bedrockMarketplaceEndpoints } from "./bedrock-marketplace-endpoints.ts";
import { bedrockPrompts } from "./bedrock-prompts.ts";
import { bedrockProvisionedThroughputs } from "./bedrock-provisioned-throughputs.ts";
import { cloudwatchModelUsage } from "./cloudwatch-model-usage.ts";
import type { AwsScanner } from "./declaration.ts";
import { iamBedrockApiKeys } from "./iam-bedrock-api-keys.ts";
import { sagemakerAutoMLJobs } from "./sagemaker-automl-jobs.ts";
import { sagemakerClusters } from "./sagemaker-clusters.ts";
import { sagemakerCompilationJobs } from "./sagemaker-compilation-jobs.ts";
import { sagemakerDomains } from "./sagemaker-domains.ts";
import { sagemakerEndpointConfigs } from "./sagemaker-endpoint-configs.ts";
import { sagemakerEndpoints } from "./sagemaker-endpoints.ts";
import { sagemakerInferenceComponents } from "./sagemaker-inference-components.ts";
import { sagemakerModelCards } from "./sagemaker-model-cards.ts";
import { sagemakerModelPackageGroups } from "./sagemaker-model-package-groups.ts";
import { sagemakerModelPackages } from "./sagemaker-model-packages.ts";
import { sagemakerModels } from "./sagemaker-models.ts";
import { sagemakerMonitoringSchedules } from "./sagemaker-monitoring-schedules.ts";
import { sagemakerNotebooks } from "./sagemaker-notebooks.ts";
import { sagemakerPipelines } from "./sagemaker-pipelines.ts";
import { sagemakerProcessingJobs } from "./sagemaker-processing-jobs.ts";
import { sagemakerSpaces } from "./sagemaker-spaces.ts";
import { sagemakerTrainingJobs } from "./sagemaker-training-jobs.ts";
import { sagemakerTransformJobs } from "./sagemaker-transform-jobs.ts";
import { sagemakerTuningJobs } from "./sagemaker-tuning-jobs.ts";
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
  agentCoreRuntimes,
  bedrockInferenceProfiles,
  bedrockCustomModelDeployments,
  bedrockMarketplaceEndpoints,
  bedrockEvaluationJobs,
  bedrockInvocationJobs,
  bedrockCustomizationJobs,
  bedrockPrompts,
  bedrockFlows,
  sagemakerModelCards,
  sagemakerClusters,
  sagemakerPipelines,
  sagemakerSpaces,
  sagemakerProcessingJobs,
  sagemakerTransformJobs,
  sagemakerTuningJobs,
  sagemakerAutoMLJobs,
  sagemakerCompilationJobs,
  sagemakerMonitoringSchedules,
  sagemakerModelPackages,
];
