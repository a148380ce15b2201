// The whole simulated estate: the AWS, Azure and GCP simulators started from one scenario, the
// config sections that point aimscan at them, and the scanner dependencies that satisfy each
// cloud's credential chain offline. Used by `aimscan demo`, the resilience suite and benches.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccessToken, TokenCredential } from "@azure/identity";
import type { Config } from "../core/model.ts";
import type { ScanDeps } from "../scanners/index.ts";
import { type AwsSimulator, type AwsSimulatorOptions, startAwsSimulator } from "./aws/index.ts";
import { type AzureSimulator, type AzureSimulatorOptions, startAzureSimulator } from "./azure/index.ts";
import { useGcpSimulatorCredentials } from "./gcp/credentials.ts";
import { type GcpSimulator, type GcpSimulatorOptions, startGcpSimulator } from "./gcp/index.ts";
import type { Scenario } from "./scenario.ts";

export interface EstateOptions {
  aws?: AwsSimulatorOptions;
  azure?: AzureSimulatorOptions;
  gcp?: GcpSimulatorOptions;
}

export interface Estate {
  aws?: AwsSimulator;
  azure?: AzureSimulator;
  gcp?: GcpSimulator;
  /** Config sections (aws/azure/gcp) that scan exactly this estate. */
  cloudConfig(): Pick<Config, "aws" | "azure" | "gcp">;
  /** Scanner dependencies for this estate (credentials, TLS trust). */
  scanDeps(): ScanDeps;
  /** Replaces the estate's contents (e.g. night 2), keeping faults and request logs of AWS. */
  reseed(next: Scenario): Promise<void>;
  stop(): Promise<void>;
}

/** Fake AWS credentials: the simulator maps AKIA<12 digits> to that account. */
export function simulatedAwsCredentials(account: string) {
  return { accessKeyId: `AKIA${account}SIMU`, secretAccessKey: "simulated-secret-not-a-real-key" };
}

/** A bearer token for the Azure simulator, which checks presence, not value. */
export const simulatedAzureCredential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({
    token: "simulated-azure-token",
    expiresOnTimestamp: Date.now() + 3600_000,
  }),
};

/** Points Google application default credentials at the simulator (an external_account file). */
function useSimulatedGoogleAdc(gcp: GcpSimulator): void {
  useGcpSimulatorCredentials(gcp, mkdtempSync(join(tmpdir(), "aimscan-gcp-")));
}

export async function startEstate(scenario: Scenario, options: EstateOptions = {}): Promise<Estate> {
  const aws = scenario.aws ? await startAwsSimulator(scenario.aws, options.aws) : undefined;
  let azure = scenario.azure ? await startAzureSimulator(scenario.azure, options.azure) : undefined;
  // Google's STS verifies an AWS subject token by sending it to AWS: here, to the AWS simulator.
  const gcpOptions = (): GcpSimulatorOptions => ({
    ...options.gcp,
    ...(aws ? { aws: { awsEndpoint: aws.endpoint } } : {}),
  });
  let gcp = scenario.gcp ? await startGcpSimulator(scenario.gcp, gcpOptions()) : undefined;
  if (gcp) useSimulatedGoogleAdc(gcp);
  let current = scenario;

  return {
    get aws() {
      return aws;
    },
    get azure() {
      return azure;
    },
    get gcp() {
      return gcp;
    },
    cloudConfig() {
      const out: Pick<Config, "aws" | "azure" | "gcp"> = {};
      if (aws && current.aws) {
        const regions = [
          ...new Set(Object.values(current.aws.accounts).flatMap((a) => Object.keys(a.regions))),
        ].sort();
        out.aws = {
          regions,
          accounts: Object.keys(current.aws.accounts),
          organization: false,
          roleName: "AimscanReadOnly",
          endpoint: aws.endpoint,
        };
      }
      if (azure) out.azure = { subscriptions: "all", endpoint: azure.endpoint };
      if (gcp && current.gcp) {
        const locations = [
          ...new Set(current.gcp.projects.flatMap((p) => Object.keys(p.vertex ?? {}))),
        ].sort();
        out.gcp = {
          projects: current.gcp.projects.map((p) => p.id),
          locations: locations.length > 0 ? locations : ["us-central1"],
          apiEndpoint: gcp.apiEndpoint,
        };
      }
      return out;
    },
    scanDeps() {
      const deps: ScanDeps = {};
      if (aws && current.aws) {
        const caller = current.aws.callerAccount ?? Object.keys(current.aws.accounts)[0]!;
        deps.aws = { credentials: simulatedAwsCredentials(caller) };
      }
      if (azure) deps.azure = { credential: simulatedAzureCredential, tlsOptions: { ca: azure.ca } };
      return deps;
    },
    async reseed(next) {
      current = next;
      if (aws && next.aws) aws.seed(next.aws);
      // Azure and GCP simulators hold their estate from start-up: start them anew.
      if (azure && next.azure) {
        await azure.stop();
        azure = await startAzureSimulator(next.azure, options.azure);
      }
      if (gcp && next.gcp) {
        await gcp.stop();
        gcp = await startGcpSimulator(next.gcp, gcpOptions());
        useSimulatedGoogleAdc(gcp);
      }
    },
    async stop() {
      await Promise.all([aws?.stop(), azure?.stop(), gcp?.stop()]);
    },
  };
}
