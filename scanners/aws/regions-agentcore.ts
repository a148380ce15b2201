// Where Amazon Bedrock AgentCore's control plane (bedrock-agentcore-control.REGION.amazonaws.com) is
// offered. Source: "Supported AWS Regions for Amazon Bedrock AgentCore" (AgentCore GA, late 2025).
// Elsewhere its shard is coverage `skipped` ("not offered"), never an empty `ok`; a region missing
// here reads as unverified in reconcile, so a stale list errs on the honest side.
const AGENTCORE = new Set([
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "eu-central-1",
  "eu-west-1",
]);

export function agentCoreOffered(region: string): boolean {
  return AGENTCORE.has(region);
}
