import { describe, expect, it } from "vitest";
import { idKey, parseId } from "../../core/ids.ts";

describe("parseId", () => {
  it("parses ARNs of every partition, with resource paths holding / and :", () => {
    expect(parseId("arn:aws-us-gov:sagemaker:us-gov-west-1:123456789012:endpoint/a/b:c")).toEqual({
      provider: "aws",
      account: "123456789012",
      region: "us-gov-west-1",
      service: "sagemaker",
      resource: "endpoint/a/b:c",
    });
    expect(parseId("arn:aws-cn:bedrock:cn-north-1:1:custom-model/x")?.region).toBe("cn-north-1");
    expect(parseId("arn:aws-iso-b:bedrock:us-isob-east-1:1:agent/x")?.service).toBe("bedrock");
  });

  it("gives IAM ARNs the global region", () => {
    expect(parseId("arn:aws:iam::111122223333:user/alice/service-specific-credential/ACCA1")).toMatchObject({
      region: "global",
      service: "iam",
      account: "111122223333",
    });
  });

  it("rejects a malformed ARN", () => {
    expect(parseId("arn:aws:sagemaker")).toBeUndefined();
    expect(parseId("arn:nope:sagemaker:us-east-1:1:endpoint/x")).toBeUndefined();
  });

  it("parses Azure ids case-insensitively and leaves the region unknown", () => {
    const scope = parseId(
      "/SUBSCRIPTIONS/AbC/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a/deployments/gpt",
    );
    expect(scope).toMatchObject({ provider: "azure", account: "abc", service: "cognitiveservices" });
    expect(scope?.region).toBeUndefined();
  });

  it("parses GCP resource names and full resource names", () => {
    expect(parseId("projects/p1/locations/europe-west4/endpoints/42")).toMatchObject({
      provider: "gcp",
      account: "p1",
      region: "europe-west4",
      service: "vertexai",
    });
    expect(parseId("projects/p1/locations/global/keys/k1")?.service).toBe("apikeys");
    expect(parseId("//aiplatform.googleapis.com/projects/p1/locations/us-central1/models/7")?.service).toBe(
      "vertexai",
    );
  });

  it("folds Azure ids for comparison and leaves other ARNs exact", () => {
    expect(idKey("/subscriptions/A/x")).toBe("/subscriptions/a/x");
    expect(idKey("arn:aws:bedrock:us-east-1:1:custom-model/A")).toBe(
      "arn:aws:bedrock:us-east-1:1:custom-model/A",
    );
  });
});

describe("idKey for SageMaker", () => {
  it("compares SageMaker ARNs case-insensitively, as SageMaker lower-cases names in ARNs", () => {
    expect(idKey("arn:aws:sagemaker:us-east-1:1:endpoint/Fraud-Scorer")).toBe(
      idKey("arn:aws:sagemaker:us-east-1:1:endpoint/fraud-scorer"),
    );
    expect(idKey("arn:aws:bedrock:us-east-1:1:custom-model/Fraud")).not.toBe(
      idKey("arn:aws:bedrock:us-east-1:1:custom-model/fraud"),
    );
  });
});
