// A second estate, shaped unlike the demo's: an AWS Organization of four accounts (one SUSPENDED,
// regions "enabled" with an opt-in region, Bedrock absent from one region, Bedrock Agent absent from
// another), Azure with two subscriptions (one Disabled) and accounts of several AI kinds, GCP with two
// projects. Every list is long enough to take several pages at the page sizes the test serves.
import type { AzureScenario } from "../../simulator/azure/scenario.ts";
import type { GcpScenario } from "../../simulator/gcp/scenario.ts";
import type { AwsRegionScenario, AwsScenario } from "../../simulator/scenario.ts";

export const MGMT = "500000000001";
export const DATA = "500000000002";
export const APAC = "500000000003";
export const SUSPENDED = "500000000004";

const n = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** `count` of a handful of kinds, including Bedrock Agent ones only where `agents` is set. */
function region(prefix: string, count: number, opts: { bedrock?: boolean; agents?: boolean } = {}) {
  const r: AwsRegionScenario = {
    sagemaker: {
      endpoints: n(count).map((i) => ({ name: `${prefix}-ep-${i}`, config: `${prefix}-cfg-${i}` })),
      endpointConfigs: n(count).map((i) => ({
        name: `${prefix}-cfg-${i}`,
        variants: [{ model: `${prefix}-m-${i}` }],
      })),
      models: n(count).map((i) => ({ name: `${prefix}-m-${i}`, environment: { SECRET: "never-copied" } })),
      notebooks: n(count).map((i) => ({ name: `${prefix}-nb-${i}` })),
    },
  };
  if (opts.bedrock !== false) {
    r.bedrock = {
      customModels: n(count).map((i) => ({ name: `${prefix}-cm-${i}` })),
      guardrails: n(count).map((i) => ({ name: `${prefix}-gr-${i}` })),
      ...(opts.agents
        ? {
            agents: n(count).map((i) => ({ name: `${prefix}-agent-${i}` })),
            knowledgeBases: n(count).map((i) => ({ name: `${prefix}-kb-${i}` })),
          }
        : {}),
    };
  }
  return r;
}

export const otherAws: AwsScenario = {
  callerAccount: MGMT,
  organization: {
    accounts: [
      { id: MGMT, name: "management" },
      { id: DATA, name: "data-science" },
      { id: APAC, name: "apac" },
      { id: SUSPENDED, name: "closed-team", status: "SUSPENDED" },
    ],
  },
  accounts: {
    [MGMT]: {
      enabledRegions: ["us-east-1"],
      iam: {
        users: [
          {
            name: "ci",
            serviceCredentials: n(5).map((i) => ({ id: `ACCACI${i}`, secret: "canary-secret" })),
          },
        ],
      },
      regions: { "us-east-1": region("mgmt-use1", 5, { agents: true }) },
    },
    [DATA]: {
      // us-west-1 has Bedrock but no Bedrock Agent; af-south-1 (opt-in, enabled) has no Bedrock.
      enabledRegions: ["us-east-1", "us-west-1", "af-south-1"],
      regions: {
        "us-east-1": region("data-use1", 5, { agents: true }),
        "us-west-1": region("data-usw1", 5),
        "af-south-1": region("data-afs1", 5, { bedrock: false }),
      },
    },
    [APAC]: {
      // ap-east-1 is opt-in and not enabled: "enabled" must not plan it.
      enabledRegions: ["ap-southeast-2"],
      regions: { "ap-southeast-2": region("apac-apse2", 5, { agents: true }) },
    },
    [SUSPENDED]: { regions: { "us-east-1": region("gone-use1", 3) } },
  },
};

export const SUB_LIVE = "7a1e0000-0000-4000-8000-00000000a001";
export const SUB_DISABLED = "7a1e0000-0000-4000-8000-00000000a002";

const KINDS = [
  "OpenAI",
  "AIServices",
  "SpeechServices",
  "FormRecognizer",
  "ComputerVision",
  "CognitiveServices",
];

export const otherAzure: AzureScenario = {
  subscriptions: [
    {
      id: SUB_LIVE,
      accounts: KINDS.map((kind, i) => ({
        name: `ai-${kind.toLowerCase()}`,
        resourceGroup: `rg-${i % 2}`,
        kind,
        location: i % 2 ? "swedencentral" : "eastus2",
        deployments:
          kind === "OpenAI" || kind === "AIServices"
            ? n(5).map((d) => ({
                name: `dep-${d}`,
                modelName: "gpt-4o",
                modelVersion: "2024-11-20",
                skuName: d % 2 ? "GlobalStandard" : "ProvisionedManaged",
                capacity: d * 10,
                versionUpgradeOption: "NoAutoUpgrade" as const,
              }))
            : [],
      })),
    },
    {
      id: SUB_DISABLED,
      state: "Disabled",
      accounts: [{ name: "frozen", resourceGroup: "rg", kind: "OpenAI", location: "eastus" }],
    },
  ],
};

export const otherGcp: GcpScenario = {
  projects: ["ml-prod", "ml-sandbox"].map((id, p) => ({
    id,
    number: String(700000000001 + p),
    vertex: Object.fromEntries(
      ["us-central1", "europe-west4"].map((location) => [
        location,
        {
          models: n(5).map((i) => ({ id: `${i}00`, displayName: `${id}-model-${i}` })),
          endpoints: n(5).map((i) => ({
            id: `${i}`,
            displayName: `${id}-endpoint-${i}`,
            deployedModels: [{ id: `d${i}`, model: `${i}00`, machineType: "g2-standard-8" }],
          })),
        },
      ]),
    ),
    apiKeys: n(5).map((i) => ({
      uid: `${id}-key-${i}`,
      ...(i % 2 ? { apiTargets: [{ service: "aiplatform.googleapis.com" }] } : {}),
      keyString: "AIza-canary-key-string",
    })),
  })),
};
