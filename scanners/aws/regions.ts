// Where each service is offered. A service absent from a region is coverage `skipped`, never a silent
// empty result. Sources: AWS docs "Amazon Bedrock endpoints and quotas" / "Regional availability by
// endpoints" (2025). Bedrock Agent is scanned wherever Bedrock is: where its endpoint is missing the
// shard fails loudly rather than quietly dropping agents. A region missing here reads
// as skipped (unverified in reconcile), so a stale list errs on the honest side.
import type { AwsService } from "./declaration.ts";

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

/** SageMaker is offered in every commercial region; IAM is global. */
export function offered(service: AwsService, region: string): boolean {
  return service === "bedrock" ? BEDROCK.has(region) : true;
}
