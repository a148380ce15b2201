// A small estate that exercises every mapping: CMEK, VPC and PSC endpoints, and keys of each kind.
import type { GcpScenario } from "../../../simulator/gcp/scenario.ts";

export const ALPHA = { id: "alpha-prod", number: "111111111111" };
export const BETA = { id: "beta-dev", number: "222222222222" };
export const KEY_CANARY = "AIzaSy-NEVER-LEAVE-THE-SIMULATOR";

export const scenario: GcpScenario = {
  projects: [
    {
      ...ALPHA,
      vertex: {
        "us-central1": {
          models: [
            {
              id: "501",
              displayName: "fraud-model",
              versionId: "3",
              kmsKeyName: "projects/alpha-prod/locations/us-central1/keyRings/r/cryptoKeys/k",
              labels: { team: "risk" },
              createTime: "2025-05-06T07:08:09Z",
            },
            { id: "502", displayName: "plain-model" },
          ],
          endpoints: [
            {
              id: "701",
              displayName: "fraud-endpoint",
              labels: { team: "risk" },
              kmsKeyName: "projects/alpha-prod/locations/us-central1/keyRings/r/cryptoKeys/k",
              network: "projects/111111111111/global/networks/vpc",
              deployedModels: [
                {
                  id: "d1",
                  model: "501",
                  machineType: "n1-standard-8",
                  acceleratorType: "NVIDIA_TESLA_T4",
                  acceleratorCount: 2,
                  minReplicaCount: 1,
                  maxReplicaCount: 3,
                },
              ],
            },
            {
              id: "702",
              displayName: "psc-endpoint",
              privateServiceConnect: { projectAllowlist: ["alpha-prod"] },
            },
          ],
        },
        "europe-west4": {
          endpoints: [
            { id: "801", displayName: "eu-1" },
            { id: "802", displayName: "eu-2" },
            { id: "803", displayName: "eu-3" },
          ],
        },
      },
      apiKeys: [
        { uid: "k-open", displayName: "legacy key", keyString: KEY_CANARY },
        {
          uid: "k-gemini",
          displayName: "gemini key",
          apiTargets: [{ service: "generativelanguage.googleapis.com" }],
          serverIps: ["203.0.113.4"],
          keyString: KEY_CANARY,
        },
        {
          uid: "k-maps",
          displayName: "maps key",
          apiTargets: [{ service: "maps-backend.googleapis.com" }],
          browserReferrers: ["https://example.com/*"],
          createTime: "2024-01-02T03:04:05Z",
          keyString: KEY_CANARY,
        },
      ],
    },
    { ...BETA, vertex: { "us-central1": { endpoints: [{ id: "901", displayName: "beta-endpoint" }] } } },
  ],
};
