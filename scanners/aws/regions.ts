// Where each service is offered. A service absent from a region is coverage `skipped`, never a silent
// empty result. Sources: AWS docs "Amazon Bedrock endpoints and quotas" / "Regional availability by
// endpoints" (2025). A region missing here reads as skipped (unverified in reconcile), so a stale
// list errs on the honest side.
//
// Bedrock Agent (agents and knowledge bases, host bedrock-agent.REGION.amazonaws.com) runs in fewer
// regions than Bedrock: in us-west-1, say, its host does not exist and every call ends in DNS
// ENOTFOUND (Prowler met this as "Could not connect to the endpoint URL"). Source: "Supported Regions
// for Amazon Bedrock Agents" (2025).
import type { AwsService } from "./declaration.ts";
import { agentCoreOffered } from "./regions-agentcore.ts";

const BEDROCK = new Set([
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "ca-central-1",
  "ca-west-1",
  "sa-east-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "me-central-1",
  "me-south-1",
  "il-central-1",
]);

const BEDROCK_AGENT = new Set([
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "us-gov-west-1",
  "ca-central-1",
  "sa-east-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
]);

/** Whether Bedrock Agent's endpoint is documented to exist in `region`. */
export function bedrockAgentOffered(region: string): boolean {
  return BEDROCK_AGENT.has(region);
}

/**
 * Runs a Bedrock Agent list call. Outside the documented regions, a DNS answer that the host does
 * not exist (ENOTFOUND) means the service is not there, so nothing of its kinds can exist: an empty
 * list. Anywhere else, and for every other error, the call fails the shard as usual. Calling rather
 * than skipping outright means a region AWS adds later is scanned before this list learns of it.
 */
export async function unlessAgentAbsent<T>(region: string, call: () => Promise<T>, absent: T): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (!bedrockAgentOffered(region) && (e as { code?: unknown }).code === "ENOTFOUND") return absent;
    throw e;
  }
}

/** SageMaker is offered in every commercial region; IAM is global. */
export function offered(service: AwsService, region: string): boolean {
  if (service === "bedrock-agentcore") return agentCoreOffered(region);
  return service === "bedrock" ? BEDROCK.has(region) : true;
}
