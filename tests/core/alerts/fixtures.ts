// Drift items and policy results as the store hands them to alerts (with delta), plus SDK clients
// pointed at the loopback AWS simulator.
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SNSClient } from "@aws-sdk/client-sns";
import type { DriftItem, DriftReport, PolicyResult } from "../../../core/model.ts";

export const ACCOUNT = "111122223333";
export const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:aimscan-alerts`;
export const BUS = "aimscan-bus";

export function undeclared(name: string, delta: DriftItem["delta"] = "new"): DriftItem {
  return {
    status: "undeclared",
    assetId: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${name}`,
    asset: {
      provider: "aws",
      service: "sagemaker",
      kind: "endpoint",
      account: ACCOUNT,
      region: "us-east-1",
      name,
    },
    delta,
  };
}

export function item(status: DriftItem["status"], id: string, delta: DriftItem["delta"] = "new"): DriftItem {
  return { status, assetId: id, systemId: "fraud-scoring", delta };
}

export function failure(
  policyId: string,
  severity: PolicyResult["severity"],
  status: PolicyResult["status"] = "fail",
): PolicyResult {
  return {
    policyId,
    assetId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:model-invocation-logging`,
    status,
    severity,
    controls: ["ISO42001:A.6.2.8"],
    message: "logging is off",
    delta: "new",
  };
}

export function emptyReport(runId = "run-1"): DriftReport {
  return {
    runId,
    generatedAt: "2026-03-02T02:10:00Z",
    summary: { observed: 0, matched: 0, changed: 0, undeclared: 0, ambiguous: 0, missing: 0, unverified: 0 },
    items: [],
    coverage: [],
    policyResults: [],
  };
}

export const credentials = { accessKeyId: `AKIA${ACCOUNT}EXAMPLE`, secretAccessKey: "test-secret" };

export function awsClients(endpoint: string) {
  const common = { endpoint, region: "us-east-1", credentials, maxAttempts: 1 };
  return { sns: new SNSClient(common), eventBridge: new EventBridgeClient(common) };
}
