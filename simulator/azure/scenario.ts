// The simulated Azure estate: subscriptions holding Cognitive Services accounts (Azure OpenAI,
// AI Services, …) and their model deployments. Plain data so scenario files can carry it.
import type { AzureFoundrySeed, AzureMlSeed } from "./ml.ts";
import type { AzureUsageSeed, AzureVaultSeed } from "./usage.ts";

export interface AzureDeploymentSeed {
  name: string;
  modelFormat?: string;
  modelName: string;
  modelVersion?: string;
  skuName?: string;
  capacity?: number;
  raiPolicyName?: string;
  versionUpgradeOption?: "OnceNewDefaultVersionAvailable" | "OnceCurrentVersionExpired" | "NoAutoUpgrade";
  tags?: Record<string, string>;
  createdAt?: string;
  /** Requests and tokens Azure Monitor reports for this deployment. */
  usage?: AzureUsageSeed;
}

export interface AzureAccountSeed extends AzureFoundrySeed {
  name: string;
  resourceGroup: string;
  kind: string;
  location: string;
  sku?: string;
  tags?: Record<string, string>;
  disableLocalAuth?: boolean;
  publicNetworkAccess?: "Enabled" | "Disabled";
  networkDefaultAction?: "Allow" | "Deny";
  /** Customer-managed key: the vault holding it. Absent: Microsoft-managed keys. */
  keyVaultUri?: string;
  privateEndpoints?: number;
  createdAt?: string;
  deployments?: AzureDeploymentSeed[];
}

export interface AzureSubscriptionSeed {
  id: string;
  displayName?: string;
  state?: "Enabled" | "Disabled" | "Warned" | "PastDue" | "Deleted";
  accounts: AzureAccountSeed[];
  /** Azure Machine Learning / AI Foundry hubs and projects of this subscription. */
  ml?: AzureMlSeed;
  /** Key Vaults and their secrets (metadata through ARM; the value only through the data plane). */
  keyVaults?: AzureVaultSeed[];
  /** Resource providers never registered here (e.g. Microsoft.MachineLearningServices): ARM answers 409. */
  unregisteredProviders?: string[];
}

export interface AzureScenario {
  tenantId?: string;
  subscriptions: AzureSubscriptionSeed[];
}

/** A deterministic subscription id (GUID-shaped) for generated estates. */
export function subscriptionId(n: number): string {
  const hex = n.toString(16).padStart(12, "0");
  return `00000000-0000-4000-8000-${hex}`;
}

const KINDS = ["OpenAI", "AIServices", "CognitiveServices", "OpenAI", "FormRecognizer"] as const;
const MODELS = [
  { modelName: "gpt-4o", modelVersion: "2024-11-20" },
  { modelName: "gpt-4o-mini", modelVersion: "2024-07-18" },
  { modelName: "text-embedding-3-large", modelVersion: "1" },
] as const;

/** A generated estate of `subscriptions × accounts × deployments` with varied settings. */
export function generateAzureScenario(shape: {
  subscriptions: number;
  accountsPerSubscription: number;
  deploymentsPerAccount: number;
}): AzureScenario {
  const subscriptions: AzureSubscriptionSeed[] = [];
  for (let s = 1; s <= shape.subscriptions; s++) {
    const accounts: AzureAccountSeed[] = [];
    for (let a = 0; a < shape.accountsPerSubscription; a++) {
      const deployments: AzureDeploymentSeed[] = [];
      for (let d = 0; d < shape.deploymentsPerAccount; d++) {
        const model = MODELS[d % MODELS.length]!;
        deployments.push({
          name: `dep-${d}`,
          ...model,
          skuName: d % 2 === 0 ? "Standard" : "GlobalStandard",
          capacity: 10 * (d + 1),
          raiPolicyName: "Microsoft.DefaultV2",
        });
      }
      accounts.push({
        name: `ai-${s}-${a}`,
        resourceGroup: `rg-${a % 5}`,
        kind: KINDS[a % KINDS.length]!,
        location: a % 3 === 0 ? "swedencentral" : "eastus",
        sku: "S0",
        disableLocalAuth: a % 2 === 0,
        publicNetworkAccess: a % 4 === 0 ? "Disabled" : "Enabled",
        networkDefaultAction: a % 4 === 0 ? "Deny" : "Allow",
        ...(a % 7 === 0 ? { keyVaultUri: `https://kv-${s}.vault.azure.net/` } : {}),
        privateEndpoints: a % 4 === 0 ? 1 : 0,
        tags: { team: `team-${a % 3}` },
        deployments,
      });
    }
    subscriptions.push({ id: subscriptionId(s), displayName: `Subscription ${s}`, accounts });
  }
  return { subscriptions };
}
