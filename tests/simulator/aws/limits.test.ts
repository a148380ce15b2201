// Page-size bounds as AWS enforces them: a MaxResults beyond the operation's documented range is a
// ValidationException, so a scanner asking for too much fails here as it would against AWS.
import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import { BedrockClient, ListCustomModelsCommand } from "@aws-sdk/client-bedrock";
import { BedrockAgentClient, ListAgentsCommand } from "@aws-sdk/client-bedrock-agent";
import { IAMClient, ListServiceSpecificCredentialsCommand } from "@aws-sdk/client-iam";
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { ListDomainsCommand, ListEndpointsCommand, SageMakerClient } from "@aws-sdk/client-sagemaker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsSimulator, startAwsSimulator } from "../../../simulator/aws/index.ts";

let sim: AwsSimulator;
beforeAll(async () => {
  sim = await startAwsSimulator({ accounts: { "111111111111": { regions: { "us-east-1": {} } } } });
});
afterAll(() => sim.stop());

const opts = () => ({
  region: "us-east-1",
  endpoint: sim.endpoint,
  credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "s" },
  maxAttempts: 1,
});
const invalid = { name: "ValidationException" };

describe("list page-size bounds", () => {
  it("SageMaker lists accept 1–100", async () => {
    const sm = new SageMakerClient(opts());
    await expect(sm.send(new ListEndpointsCommand({ MaxResults: 100 }))).resolves.toBeDefined();
    await expect(sm.send(new ListEndpointsCommand({ MaxResults: 101 }))).rejects.toMatchObject(invalid);
    await expect(sm.send(new ListDomainsCommand({ MaxResults: 0 }))).rejects.toMatchObject(invalid);
  });

  it("Bedrock and Bedrock Agent lists accept 1–1000", async () => {
    await expect(
      new BedrockClient(opts()).send(new ListCustomModelsCommand({ maxResults: 1000 })),
    ).resolves.toBeDefined();
    await expect(
      new BedrockClient(opts()).send(new ListCustomModelsCommand({ maxResults: 1001 })),
    ).rejects.toMatchObject(invalid);
    await expect(
      new BedrockAgentClient(opts()).send(new ListAgentsCommand({ maxResults: 1001 })),
    ).rejects.toMatchObject(invalid);
  });

  it("Organizations ListAccounts accepts up to 20 and Account ListRegions up to 50", async () => {
    await expect(
      new OrganizationsClient(opts()).send(new ListAccountsCommand({ MaxResults: 21 })),
    ).rejects.toMatchObject(invalid);
    await expect(
      new AccountClient(opts()).send(new ListRegionsCommand({ MaxResults: 51 })),
    ).rejects.toMatchObject(invalid);
  });

  it("IAM MaxItems accepts up to 1000, and AllUsers excludes UserName", async () => {
    const iam = new IAMClient(opts());
    await expect(
      iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, MaxItems: 1001 })),
    ).rejects.toMatchObject({ name: "ValidationError" });
    await expect(
      iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, UserName: "alice" })),
    ).rejects.toMatchObject({ name: "ValidationError" });
  });
});
