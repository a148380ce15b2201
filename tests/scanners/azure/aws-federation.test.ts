// Azure from Lambda without a stored secret: `azure.federation` signs in as an app registration
// whose federated identity credential trusts the AWS account's outbound-federation issuer. The
// function's AWS credentials (as Lambda sets them) call the AWS simulator's STS
// GetWebIdentityToken; @azure/identity's ClientAssertionCredential presents that JWT to the
// simulated Entra token endpoint, which verifies it with the issuer's key and its claims against
// the federated credential, as Entra does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AzureConfig } from "../../../core/model.ts";
import { executeAzureShard, planAzure } from "../../../scanners/azure/index.ts";
import { runShards } from "../../../scanners/engine.ts";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";
import { webIdentityIssuer, webIdentityPublicKey } from "../../../simulator/aws/web-identity.ts";
import type { FederatedCredential } from "../../../simulator/azure/entra.ts";
import { type AzureSimulator, startAzureSimulator } from "../../../simulator/azure/index.ts";
import { generateAzureScenario } from "../../../simulator/azure/scenario.ts";

const LAMBDA_ACCOUNT = "999988887777";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "3f2a1b0c-1111-4222-8333-944455556666";
const SECRET = "aws-secret-never-sent-to-azure";
let aws: AwsSimulator;
const saved = { ...process.env };

beforeAll(async () => {
  aws = await startAwsSimulator({ accounts: { [LAMBDA_ACCOUNT]: { regions: {} } } });
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: `AKIA${LAMBDA_ACCOUNT}SCAN`,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_REGION: "eu-west-1",
    AWS_ENDPOINT_URL_STS: aws.endpoint,
  });
});
afterAll(async () => {
  process.env = saved;
  await aws.stop();
});

const trusting = (subject: string): FederatedCredential => ({
  tenantId: TENANT,
  clientId: CLIENT,
  issuer: webIdentityIssuer(LAMBDA_ACCOUNT),
  subject,
  audience: "api://AzureADTokenExchange",
  key: webIdentityPublicKey(),
});

async function scan(azure: AzureSimulator) {
  const cfg: AzureConfig = {
    subscriptions: "all",
    endpoint: azure.endpoint,
    federation: {
      tenantId: TENANT,
      clientId: CLIENT,
      audience: "api://AzureADTokenExchange",
      authorityHost: azure.endpoint,
    },
  };
  // No credential in deps: the scanners build the federated one from config.
  const deps = { tlsOptions: { ca: azure.ca }, retryOptions: { maxRetries: 0 } };
  const specs = await planAzure(cfg, deps).catch((e: Error) => e);
  if (specs instanceof Error) return { planError: specs };
  return runShards(specs, (spec, ctx) => executeAzureShard(spec, cfg, ctx, deps));
}

const scenario = () =>
  generateAzureScenario({ subscriptions: 1, accountsPerSubscription: 2, deploymentsPerAccount: 1 });

describe("azure.federation with an AWS issuer", () => {
  it("scans with a token Entra issued for the AWS principal's web identity token", async () => {
    const azure = await startAzureSimulator(scenario(), {
      entra: { federatedCredentials: [trusting(`arn:aws:iam::${LAMBDA_ACCOUNT}:user/aimscan`)] },
    });
    try {
      const result = await scan(azure);
      expect("planError" in result ? result.planError.message : "").toBe("");
      const { coverage, assets } = result as Awaited<ReturnType<typeof runShards>>;
      // cognitiveservices, insights (model-usage), keyvault and machinelearningservices: each signed in
      // through the federation.
      expect(coverage.map((c) => c.status)).toEqual(["ok", "ok", "ok", "ok"]);
      expect(assets).toHaveLength(4);
      expect(azure.entraExchanges).toContainEqual({
        tenantId: TENANT,
        clientId: CLIENT,
        subject: `arn:aws:iam::${LAMBDA_ACCOUNT}:user/aimscan`,
      });
      const minted = aws.requests.filter((r) => r.operation === "GetWebIdentityToken");
      expect(minted.length).toBeGreaterThan(0);
      expect(minted.every((r) => r.accessKeyId === `AKIA${LAMBDA_ACCOUNT}SCAN` && r.status === 200)).toBe(
        true,
      );
    } finally {
      await azure.stop();
    }
  });

  it("fails the scan, naming Entra's refusal, when no federated credential trusts the principal", async () => {
    const azure = await startAzureSimulator(scenario(), {
      entra: { federatedCredentials: [trusting(`arn:aws:iam::${LAMBDA_ACCOUNT}:role/someone-else`)] },
    });
    try {
      const result = await scan(azure);
      // Subscriptions "all" is listed at plan time: the refusal surfaces there, never as no assets.
      const message =
        "planError" in result
          ? result.planError.message
          : result.coverage.map((c) => `${c.status}: ${c.error}`).join("\n");
      expect(message).toMatch(/AADSTS700213/);
      expect(azure.entraExchanges).toEqual([]);
    } finally {
      await azure.stop();
    }
  });
});
