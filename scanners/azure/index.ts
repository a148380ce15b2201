// Azure discovery: one shard per (subscription, service) with region "global" (ARM lists a
// subscription's resources across every location at once; assets carry their real location).
import type { AzureConfig } from "../../core/model.ts";
import type { ShardContext, ShardOutcome, ShardSpec } from "../engine.ts";
import { DEFAULT_SETTINGS, type ScanSettings } from "../settings.ts";
import { type AzureDeps, subscriptionClient } from "./clients.ts";
import { cognitiveServicesAccount } from "./cognitiveservices-account.ts";
import { cognitiveServicesDeployment } from "./cognitiveservices-deployment.ts";
import { foundryConnection, foundryProject, foundryRaiPolicy } from "./cognitiveservices-foundry.ts";
import { executeCognitiveServicesShard } from "./cognitiveservices-shard.ts";
import { executeInsightsShard, insightsModelUsage } from "./insights-model-usage.ts";
import { executeKeyVaultShard, keyVaultAiCredential } from "./keyvault-ai-credentials.ts";
import {
  machineLearningOnlineDeployment,
  machineLearningOnlineEndpoint,
  machineLearningRegistry,
  machineLearningServerlessEndpoint,
} from "./machinelearning-endpoints.ts";
import { executeAzureMlShard } from "./machinelearning-shard.ts";
import { machineLearningWorkspace } from "./machinelearning-workspace.ts";

export type { AzureDeps } from "./clients.ts";

/** Every declaration the Azure scanners use, for `aimscan iam-policy --provider azure`. */
export const azureDeclarations = [
  cognitiveServicesAccount,
  cognitiveServicesDeployment,
  foundryProject,
  foundryRaiPolicy,
  foundryConnection,
  machineLearningWorkspace,
  machineLearningOnlineEndpoint,
  machineLearningOnlineDeployment,
  machineLearningServerlessEndpoint,
  machineLearningRegistry,
  insightsModelUsage,
  keyVaultAiCredential,
] as const;

/** The kinds each shard service answers for (its coverage lists them even when none exist). */
const KINDS: Record<string, string[]> = Object.fromEntries(
  ["cognitiveservices", "machinelearningservices"].map((service) => [
    service,
    azureDeclarations.filter((d) => d.service === service).map((d) => d.kind),
  ]),
);

/** Listing subscriptions ("subscriptions: all") needs this beyond the declarations. */
export const AZURE_PLAN_ACTIONS = ["Microsoft.Resources/subscriptions/read"] as const;

export const AZURE_SERVICES = [
  "cognitiveservices",
  "insights", // model-usage from Azure Monitor metrics
  "keyvault", // ai-credential from Key Vault secret metadata
  "machinelearningservices", // Azure ML workspaces, hubs, projects, endpoints, registries
] as const;

/** Shards whose logic lives in its own file: service → executor. */
const EXECUTORS: Record<
  string,
  (s: ShardSpec, c: AzureConfig, x: ShardContext, d: AzureDeps, t: ScanSettings) => Promise<ShardOutcome>
> = {
  insights: executeInsightsShard,
  keyvault: executeKeyVaultShard,
  machinelearningservices: async (spec, cfg, ctx, deps) => ({
    assets: await executeAzureMlShard(spec, cfg, ctx, deps),
    kinds: KINDS.machinelearningservices!,
  }),
};

// Subscriptions in these states answer nothing useful (Disabled is read-only, Deleted is gone).
const INACTIVE = new Set(["Disabled", "Deleted"]);

export async function planAzure(cfg: AzureConfig, deps: AzureDeps = {}): Promise<ShardSpec[]> {
  let subscriptions: string[];
  if (cfg.subscriptions === "all") {
    const client = await subscriptionClient(cfg, deps);
    subscriptions = [];
    for await (const s of client.subscriptions.list()) {
      if (s.subscriptionId && !INACTIVE.has(s.state ?? "")) subscriptions.push(s.subscriptionId);
    }
  } else {
    subscriptions = cfg.subscriptions;
  }
  // Azure ids are case-insensitive; core/ids.ts folds the subscription to lower case, so do we.
  const unique = [...new Set(subscriptions.map((s) => s.toLowerCase()))].sort();
  return unique.flatMap((account) =>
    AZURE_SERVICES.map((service) => ({ provider: "azure" as const, account, region: "global", service })),
  );
}

export async function executeAzureShard(
  spec: ShardSpec,
  cfg: AzureConfig,
  ctx: ShardContext,
  deps: AzureDeps = {},
  settings: ScanSettings = DEFAULT_SETTINGS,
): Promise<ShardOutcome> {
  const execute = EXECUTORS[spec.service];
  if (execute) return execute(spec, cfg, ctx, deps, settings);
  if (spec.service !== "cognitiveservices") throw new Error(`unknown Azure service ${spec.service}`);
  return executeCognitiveServicesShard(spec, cfg, ctx, deps, KINDS[spec.service]!);
}
