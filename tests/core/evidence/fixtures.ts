// A small but varied run: every drift status, models with and without a declaring system, an API key,
// a failed shard, policy results under several ISO/IEC 42001 controls, and hostile cloud strings.

import type { EvidenceInput, EvidenceRun } from "../../../core/evidence/index.ts";
import type { Asset, DriftReport, Inventory } from "../../../core/model.ts";

export const XSS_NAME = "<img src=x onerror=alert(1)>";
export const FORMULA_NAME = '=HYPERLINK("http://evil.example","click")';

const acct = "111122223333";
const arn = (service: string, rest: string, region = "us-east-1") =>
  `arn:aws:${service}:${region}:${acct}:${rest}`;

export function sampleAssets(): Asset[] {
  const a = (over: Partial<Asset> & Pick<Asset, "id" | "service" | "kind" | "name">): Asset => ({
    provider: "aws",
    account: acct,
    region: "us-east-1",
    createdAt: "2026-01-02T03:04:05Z",
    tags: {},
    attributes: {},
    ...over,
  });
  return [
    a({
      id: arn("sagemaker", "endpoint/fraud-scorer"),
      service: "sagemaker",
      kind: "endpoint",
      name: "fraud-scorer",
      tags: { team: "risk" },
      attributes: { instanceType: "ml.m5.large", kmsKeyId: null },
    }),
    a({
      id: arn("sagemaker", "model/fraud-model"),
      service: "sagemaker",
      kind: "model",
      name: "fraud-model",
      attributes: { networkIsolation: false, images: ["123.dkr.ecr/img:1"] },
    }),
    a({
      id: arn("bedrock", "custom-model/fraud-tuned"),
      service: "bedrock",
      kind: "custom-model",
      name: "fraud-tuned",
      attributes: { baseModelArn: "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan" },
    }),
    a({
      id: arn("sagemaker", `endpoint/${XSS_NAME}`),
      service: "sagemaker",
      kind: "endpoint",
      name: XSS_NAME,
      tags: { owner: FORMULA_NAME },
    }),
    a({
      id: arn("sagemaker", "notebook-instance/lab"),
      service: "sagemaker",
      kind: "notebook",
      name: "lab",
      attributes: { rootAccess: "Enabled" },
    }),
    a({
      id: arn("bedrock", "model-invocation-logging"),
      service: "bedrock",
      kind: "invocation-logging",
      name: "model-invocation-logging",
      attributes: { enabled: false },
    }),
    a({
      id: `arn:aws:iam::${acct}:user/dev/service-specific-credential/ACCA1`,
      service: "iam",
      kind: "api-key",
      region: "global",
      name: "ACCA1",
      attributes: { status: "Active", userName: "dev", expiresAt: "2026-06-01T00:00:00Z" },
    }),
    {
      id: "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai/deployments/gpt",
      provider: "azure",
      service: "cognitiveservices",
      kind: "deployment",
      account: "0000",
      region: "eastus",
      name: "gpt",
      tags: {},
      attributes: { model: "gpt-4o", endpoint: "https://oai.openai.azure.com/" },
    },
  ];
}

export function sampleInventory(): Inventory {
  return {
    systems: [
      {
        id: "fraud-scoring",
        name: "Fraud scoring",
        owner: "risk-platform@example.com",
        riskLevel: "high",
        purpose: "Score card transactions for fraud",
        source: { file: "inventory/fraud.yaml", line: 2 },
        assets: [
          {
            id: arn("sagemaker", "endpoint/fraud-scorer"),
            source: { file: "inventory/fraud.yaml", line: 9 },
          },
        ],
      },
    ],
  };
}

export function sampleReport(runId = "run-2"): DriftReport {
  const [endpoint, model, custom, xss, notebook, logging, key, gpt] = sampleAssets();
  const scope = (x: Asset) => ({
    provider: x.provider,
    service: x.service,
    kind: x.kind,
    account: x.account,
    region: x.region,
    name: x.name,
  });
  return {
    runId,
    generatedAt: "2026-03-02T02:10:00Z",
    summary: { observed: 8, matched: 2, changed: 1, undeclared: 4, ambiguous: 0, missing: 1, unverified: 1 },
    items: [
      {
        status: "matched",
        assetId: endpoint!.id,
        systemId: "fraud-scoring",
        asset: scope(endpoint!),
        delta: "ongoing",
      },
      {
        status: "matched",
        assetId: custom!.id,
        systemId: "fraud-scoring",
        asset: scope(custom!),
        delta: "ongoing",
      },
      {
        status: "changed",
        assetId: model!.id,
        systemId: "fraud-scoring",
        asset: scope(model!),
        delta: "new",
        diffs: [{ path: "attributes.networkIsolation", expected: true, actual: false }],
      },
      { status: "undeclared", assetId: xss!.id, asset: scope(xss!), delta: "new" },
      { status: "undeclared", assetId: notebook!.id, asset: scope(notebook!), delta: "ongoing" },
      { status: "undeclared", assetId: key!.id, asset: scope(key!), delta: "new" },
      { status: "undeclared", assetId: gpt!.id, asset: scope(gpt!), delta: "new" },
      {
        status: "missing",
        systemId: "fraud-scoring",
        source: { file: "inventory/fraud.yaml", line: 12 },
        found: 0,
        minCount: 1,
        delta: "new",
      },
      {
        status: "unverified",
        systemId: "fraud-scoring",
        source: { file: "inventory/fraud.yaml", line: 15 },
        reason: "gcp/p1/us-central1/vertexai: error",
        delta: "ongoing",
      },
      { status: "undeclared", assetId: arn("sagemaker", "endpoint/old-shadow"), delta: "resolved" },
    ],
    coverage: [
      { provider: "aws", account: acct, region: "us-east-1", service: "sagemaker", status: "ok" },
      { provider: "aws", account: acct, region: "us-east-1", service: "bedrock", status: "ok" },
      {
        provider: "gcp",
        account: "p1",
        region: "us-central1",
        service: "vertexai",
        status: "error",
        error: `AccessDenied ${XSS_NAME}`,
      },
    ],
    policyResults: [
      {
        policyId: "aws-bedrock-invocation-logging-enabled",
        assetId: logging!.id,
        status: "fail",
        severity: "high",
        controls: ["ISO42001:A.6.2.8"],
        title: "Bedrock model invocation logging is enabled",
        message: `logging off for ${XSS_NAME}`,
        delta: "new",
      },
      {
        policyId: "aws-sagemaker-notebook-root-access-disabled",
        assetId: notebook!.id,
        status: "waived",
        severity: "medium",
        controls: ["ISO42001:A.6.2.5", "ISO42001:A.4.5"],
        waiver: { reason: "lab", approvedBy: "ciso@example.com", expires: "2026-12-31" },
      },
      {
        policyId: "aws-sagemaker-endpoint-kms",
        assetId: endpoint!.id,
        status: "pass",
        severity: "medium",
        controls: ["ISO42001:A.6.2.5"],
      },
    ],
    notices: ["waiver for lab expires soon"],
  };
}

export function sampleInput(dir: string, runId = "run-2", over: Partial<EvidenceInput> = {}): EvidenceInput {
  const runs: EvidenceRun[] = [
    {
      runId,
      status: "completed",
      startedAt: "2026-03-02T02:00:00Z",
      summary: sampleReport().summary,
      policySummary: { fail: 1 },
    },
    {
      runId: "run-1",
      status: "completed",
      startedAt: "2026-03-01T02:00:00Z",
      summary: {
        observed: 6,
        matched: 2,
        changed: 0,
        undeclared: 2,
        ambiguous: 0,
        missing: 0,
        unverified: 1,
      },
      policySummary: { fail: 0 },
    },
  ];
  return {
    dir,
    runId,
    startedAt: "2026-03-02T02:00:00Z",
    finishedAt: "2026-03-02T02:10:00Z",
    report: sampleReport(runId),
    assets: sampleAssets(),
    inventory: sampleInventory(),
    runs,
    toolVersion: "0.1.0",
    configHash: "c".repeat(64),
    ...over,
  };
}
